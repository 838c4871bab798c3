/**
 * @module How well a sentence answers a question, shared by retrieval (chunks ranked by their best
 * sentence) and the answerer (sentences chosen from the sources):
 * - each term counts its rarity in the corpus, lowered for words that are not nouns and raised for
 *   the asked-for thing; it earns the weight of the wording found (its own word fully, a related
 *   wording its lexicon weight) in the sentence, less in the heading or the text before it;
 * - words that name the asked-about thing are satisfied by naming it anywhere around the sentence;
 *   a sentence naming only a rival of it ("Bishan High-tech Zone" for "Chongqing High-tech Zone")
 *   counts much less;
 * - question words standing together as in the question, and a figure stated right by the
 *   asked-for noun, add to it; a sentence not stating the kind of fact asked for counts less.
 * Runtime-neutral.
 */

import { toNameKey } from "../lexicon/entities.ts";
import type { Lexicon } from "../lexicon/lexicon.ts";
import type { CorpusEntity } from "../lexicon/profile.ts";
import { isStopWord } from "../lexicon/words.ts";
import type { PreparedQuery, QueryTerm } from "../question/query.ts";
import { namesPlan, namesType, type QuestionType, typeFit } from "../question/type.ts";
import { escapeRegExp } from "../text.ts";
import type { AnalyzedChunk, AnalyzedSentence } from "./analysis.ts";
import { findAnchors } from "./anchors.ts";
import { findYears, getSourceYear } from "./dates.ts";
import { containsPhrase, findPositions } from "./match.ts";

/** Where a term was found for a sentence. */
export type Place = "sentence" | "heading" | "context" | "none";

/** How much finding a wording counts by where it is. */
const PLACE_CREDIT: Record<Place, number> = { sentence: 1, heading: 0.75, context: 0.5, none: 0 };
/** A word that is not a noun says more about how a question asks than what it is about. */
const NON_NOUN_WEIGHT = 0.6;
/** The asked-for thing decides. */
const FOCUS_WEIGHT = 1.5;
/** A figure stated in the question is checked, not required. */
const FIGURE_WEIGHT = 0.5;
/**
 * A sentence about plans or targets ("will be introduced", "is expected to reach") states what
 * was hoped for, not what is: it counts less unless the question asks about plans.
 */
const PROJECTION =
  /\b(?:will|shall)\s+(?:be\s+)?\w+|\b(?:is|are) expected to\b|\b(?:planned|plans? to|aims? to|targets?|strive to|goal)\b/i;
const PROJECTION_WEIGHT = 0.75;
const ASKS_ABOUT_PLANS =
  /\b(?:will|plan|plans|planned|planning|target|targets|goal|goals|aim|aims|expect|expected|future|by 20\d\d)\b|计划|目标|预计|将/i;

/** What a sentence is, whatever the question: checked once per analysed sentence. */
interface SentenceTraits {
  projection: boolean;
  /** How well it states each kind of fact, as far as asked about so far. */
  fits: Map<QuestionType, number>;
  /** The plan's year it continues, once asked (`null`: none; see {@link plannedYear}). */
  planned?: string | null;
  /** It enumerates things (see {@link enumerates}), once asked. */
  list?: boolean;
}

/** Most words of an enumerated thing ("2 state-level enterprise technology centers"). */
const MAX_ITEM_WORDS = 6;
/** Fewest things in a row that make an enumeration (the first may close a longer clause). */
const MIN_LIST_ITEMS = 3;

/**
 * Whether a sentence enumerates things: three or more short phrases in a row, joined by commas and
 * "and", each starting lowercase or with a figure ("… of intelligent equipment, information
 * technology, life and health industrial clusters", "71 municipal innovation platforms, 2
 * state-level …"), not clauses or a run of names ("Land and Housing Administration Branch, …").
 */
function enumerates(sentence: AnalyzedSentence): boolean {
  const traits = traitsOf(sentence);
  if (traits.list === undefined) {
    const items = sentence.text
      .split(/,\s*|\s+and\s+|;\s*/)
      .map((item) => item.trim())
      .filter(Boolean);
    // Things are short phrases; clauses ("investment … was 13.29 billion yuan") are no items.
    let run = 0;
    let longest = 0;
    for (const item of items) {
      const thing = /^[\p{Ll}\d]/u.test(item) && item.split(/\s+/).length <= MAX_ITEM_WORDS;
      run = thing ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    traits.list = longest >= MIN_LIST_ITEMS;
  }
  return traits.list;
}

/**
 * The future year a sentence stating none continues: the nearest earlier sentence of its
 * paragraph that states a year states only years after its source's ("By 2022, the planned
 * output will be …. The … system is basically mature, with R&D investment accounting for 5.5%.").
 */
export function plannedYear(sentence: AnalyzedSentence, chunk: AnalyzedChunk): string | undefined {
  // Asked of every sentence on every question: found once per analysed sentence.
  const traits = traitsOf(sentence);
  if (traits.planned === undefined) traits.planned = findPlannedYear(sentence, chunk) ?? null;
  return traits.planned ?? undefined;
}

function findPlannedYear(sentence: AnalyzedSentence, chunk: AnalyzedChunk): string | undefined {
  const sourceYear = getSourceYear(chunk.chunk.date);
  if (!sourceYear || findYears(sentence.text).length > 0) return undefined;
  for (let index = sentence.index - 1; index >= 0; index--) {
    const before = chunk.sentences[index];
    if (!before || before.paragraph !== sentence.paragraph) break;
    const years = findYears(before.text);
    if (years.length === 0) continue;
    return years.every((year) => year > sourceYear) ? years.sort().at(-1) : undefined;
  }
  return undefined;
}

/** Whether a sentence states a plan or a target, or continues one ("By 2022, … will …"). */
function isPlanned(sentence: AnalyzedSentence, chunk: AnalyzedChunk): boolean {
  return traitsOf(sentence).projection || plannedYear(sentence, chunk) !== undefined;
}

/** Analysed sentences live as long as their index version, and their traits with them. */
const sentenceTraits = new WeakMap<AnalyzedSentence, SentenceTraits>();

function traitsOf(sentence: AnalyzedSentence): SentenceTraits {
  let traits = sentenceTraits.get(sentence);
  if (!traits) {
    traits = { projection: PROJECTION.test(sentence.text), fits: new Map() };
    sentenceTraits.set(sentence, traits);
  }
  return traits;
}

/** {@link typeFit} of a sentence; a name question's depends on the question's own words. */
function fitOf(
  sentence: AnalyzedSentence,
  type: QuestionType,
  askedWords: ReadonlySet<string>,
): number {
  if (type === "name") return typeFit(sentence.text, type, askedWords);
  const { fits } = traitsOf(sentence);
  let fit = fits.get(type);
  if (fit === undefined) {
    fit = typeFit(sentence.text, type, askedWords);
    fits.set(type, fit);
  }
  return fit;
}

/** How naming the asked-about thing (or a rival of it) changes a sentence's match. */
export const ENTITY_WEIGHTS = {
  named: 1.3,
  context: 1.15,
  rival: 0.4,
  absent: 0.7,
} as const;
export type EntityPlace = keyof typeof ENTITY_WEIGHTS | "none";

/** Everything scoring needs about the question, worked out once per question. */
export interface ScoringContext {
  query: PreparedQuery;
  lexicon: Lexicon;
  /** Per term: how much it decides. */
  weights: number[];
  /** Named things asked about, and their rivals (by name). */
  wanted: ReadonlySet<string>;
  rivals: ReadonlySet<string>;
  /** The question's own words, lowercase (a name the answer states must be another). */
  askedWords: ReadonlySet<string>;
  /** The question asks about plans or targets, so sentences about them are not discounted. */
  asksAboutPlans: boolean;
  /** Per term: it names a named thing that is no place ("R&D"), which a sentence must say. */
  topics: readonly boolean[];
  /** Per term: it only asks for a plan ("target"), which a planned sentence states. */
  plans: readonly boolean[];
  /**
   * Per term: it only names the kind of fact asked for ("how much *funding*"), which a sentence
   * stating that kind of fact says in its own way.
   */
  typeNouns: readonly boolean[];
  /**
   * It asks what things of a kind there are ("What are the main industries of X?", "Which sectors
   * …?"): a sentence enumerating things answers it better than one naming a single thing.
   */
  asksList: boolean;
  /** Sentences already scored for this question: retrieval's re-rank and the answer share them. */
  scored: WeakMap<AnalyzedSentence, ScoredSentence>;
}

/** A sentence scored against the question. */
export interface ScoredSentence {
  sentence: AnalyzedSentence;
  chunk: AnalyzedChunk;
  score: number;
  /** Per term: the credit earned (0–1) and where. */
  credits: number[];
  places: Place[];
  /** How well it states the kind of fact asked for (0–1). */
  fit: number;
  /** The best figure it states about the asked-for thing (0–1). */
  anchor: number;
  entity: EntityPlace;
}

/** Inverse sentence frequency of a wording: its rarest word decides. */
export function wordingRarity(stems: readonly string[], lexicon: Lexicon): number {
  const total = Math.max(1, lexicon.sentences);
  let rarest = Number.POSITIVE_INFINITY;
  for (const stem of stems) rarest = Math.min(rarest, lexicon.sentenceFrequency(stem));
  if (!Number.isFinite(rarest)) rarest = 0;
  return Math.log(1 + (total - rarest + 0.5) / (rarest + 0.5));
}

/** Whether the corpus uses every word of a wording. */
export function isKnown(stems: readonly string[], lexicon: Lexicon): boolean {
  return stems.length > 0 && stems.every((stem) => lexicon.sentenceFrequency(stem) > 0);
}

/** A related wording at least this strong stands for a question's word (an exact match is 1). */
export const STRONG_WORDING = 0.5;

/** Whether the corpus says a question's term in a strong wording: its own, or one standing for it. */
export function hasStrongWording(term: QueryTerm, lexicon: Lexicon): boolean {
  return term.alternatives.some(
    (alternative) => alternative.weight >= STRONG_WORDING && isKnown(alternative.stems, lexicon),
  );
}

/**
 * Whether a question's term is a noun the sources speak of, in some passages but not nearly all
 * ("logistics", "campus"; not "Chongqing"): a topic of theirs.
 */
export function namesCorpusTopic(term: QueryTerm, lexicon: Lexicon): boolean {
  return (
    term.noun &&
    term.stems.every((one) => lexicon.sentenceFrequency(one) > 0 && !lexicon.isFrequent(one))
  );
}

const nameWordsCache = new WeakMap<CorpusEntity, ReadonlySet<string>>();

function nameWords(entity: CorpusEntity): ReadonlySet<string> {
  let words = nameWordsCache.get(entity);
  if (!words) {
    words = new Set(
      entity.aliases.flatMap((alias) => alias.split(" ")).filter((word) => !isStopWord(word)),
    );
    nameWordsCache.set(entity, words);
  }
  return words;
}

/**
 * How much more a sentence enumerating things counts for a question asking what things there are
 * (a boost of the lists rather than a discount of the rest, so that the score a sentence needs to
 * answer at all means the same for every question).
 */
const LISTED_WEIGHT = 2;

/** What a figure of the asked-for kind adds to the credit of a noun naming that kind. */
const TYPE_NOUN_CREDIT = 0.5;

/** One context per question and lexicon, so that its scores are computed once per request. */
const contexts = new WeakMap<PreparedQuery, ScoringContext>();

/** Prepares scoring for a question: term weights, the asked-about things and their rivals. */
export function createScoringContext(query: PreparedQuery, lexicon: Lexicon): ScoringContext {
  const known = contexts.get(query);
  if (known?.lexicon === lexicon) return known;
  const context = buildScoringContext(query, lexicon);
  contexts.set(query, context);
  return context;
}

function buildScoringContext(query: PreparedQuery, lexicon: Lexicon): ScoringContext {
  const weights = query.terms.map((term, index) => {
    const known = term.alternatives.filter((alternative) => isKnown(alternative.stems, lexicon));
    // A word the corpus never uses is as rare as can be: it weighs on coverage, not ranking.
    const rarity =
      known.length > 0
        ? Math.max(...known.map((alternative) => wordingRarity(alternative.stems, lexicon)))
        : wordingRarity([], lexicon);
    const focus = query.focus?.head === index || query.focus?.modifiers.includes(index);
    const figure = /^\d/.test(term.surface);
    return (
      rarity *
      (term.noun ? 1 : NON_NOUN_WEIGHT) *
      (focus ? FOCUS_WEIGHT : 1) *
      (figure ? FIGURE_WEIGHT : 1)
    );
  });
  const wanted = new Set(query.entities.map((entity) => entity.name));
  const wantedWords = new Set(query.entities.flatMap((entity) => [...nameWords(entity)]));
  // A rival is a thing of the same kind sharing a name word ("Chongqing High-tech Zone" for
  // "Bishan High-tech Zone"); a topic ("R&D") is no rival of a place named after it.
  const kinds = new Set(query.entities.map((entity) => entity.place === true));
  const rivals = new Set(
    lexicon.entities.all
      .filter(
        (entity) =>
          !wanted.has(entity.name) &&
          kinds.has(entity.place === true) &&
          [...nameWords(entity)].some((word) => wantedWords.has(word)),
      )
      .map((entity) => entity.name),
  );
  const askedWords = new Set(query.terms.flatMap((term) => term.surface.split(" ")));
  const asksAboutPlans = ASKS_ABOUT_PLANS.test(query.text);
  const topics = query.terms.map((term) => term.partOfName === true && namesTopic(query, term));
  const plans = query.terms.map((term) => namesPlan(term.surface));
  const typeNouns = query.terms.map((term) => namesType(term.surface, query.type));
  const head = query.focus ? query.terms[query.focus.head] : undefined;
  // "What (are the main) industries …", "Which sectors …": the plural right after the question word.
  const asksList =
    query.type === "general" &&
    head?.noun === true &&
    !head.partOfName &&
    /[^s]s$/.test(head.surface) &&
    new RegExp(
      `^\\s*(?:what|which)\\s+(?:(?:are|were)\\s+(?:the\\s+)?)?(?:(?!(?:is|was|does|do|did|has|have|had|will|can)\\b)[\\w'’-]+\\s+){0,5}?${escapeRegExp(head.surface)}\\b`,
      "i",
    ).test(query.text);
  return {
    query,
    lexicon,
    weights,
    wanted,
    rivals,
    askedWords,
    asksAboutPlans,
    topics,
    plans,
    typeNouns,
    asksList,
    scored: new WeakMap(),
  };
}

/** Where the asked-about things are named for a sentence. */
function placeEntities(
  context: ScoringContext,
  sentence: AnalyzedSentence,
  chunk: AnalyzedChunk,
): EntityPlace {
  if (context.wanted.size === 0) return "none";
  const { own, before } = namesNear(context.lexicon, sentence, chunk);
  const any = (set: ReadonlySet<string>, wanted: ReadonlySet<string>) =>
    [...set].some((name) => wanted.has(name));
  if (any(own, context.wanted)) return "named";
  if (any(before, context.wanted)) return "context";
  return any(own, context.rivals) ? "rival" : "absent";
}

/** The named things a sentence names, and those its passage's title and earlier sentences name. */
interface NamesNear {
  own: ReadonlySet<string>;
  before: ReadonlySet<string>;
}

/** Each analysed sentence's {@link NamesNear}, with the lexicon they were found by. */
const namesNearSentence = new WeakMap<AnalyzedSentence, NamesNear & { lexicon: Lexicon }>();

/**
 * The named things a sentence names itself, and those named before it (its passage's title and
 * earlier sentences): where "it" and "the Zone" point. Found once per sentence and lexicon.
 */
export function namesNear(
  lexicon: Lexicon,
  sentence: AnalyzedSentence,
  chunk: AnalyzedChunk,
): NamesNear {
  const known = namesNearSentence.get(sentence);
  if (known?.lexicon === lexicon) return known;
  const { entities } = lexicon;
  const texts = [chunk.chunk.title, ...chunk.sentences.slice(0, sentence.index).map((s) => s.text)];
  const found = {
    lexicon,
    own: entities.namesIn(sentence.text),
    before: new Set(texts.flatMap((text) => [...entities.namesIn(text)])),
  };
  namesNearSentence.set(sentence, found);
  return found;
}

/** Where a wording is found for a sentence. */
function placeWording(
  stems: readonly string[],
  sentence: AnalyzedSentence,
  chunk: AnalyzedChunk,
): Place {
  if (containsPhrase(sentence.stems, sentence.stemSet, stems)) return "sentence";
  if (containsPhrase(chunk.heading, chunk.headingSet, stems)) return "heading";
  if (containsPhrase(sentence.context, sentence.contextSet, stems)) return "context";
  return "none";
}

/** Whether a question's term is the name of a named thing that is no place ("R&D", "IoT"). */
function namesTopic(query: PreparedQuery, term: QueryTerm): boolean {
  const words = toNameKey(term.surface).split(" ");
  const owner = query.entities.find((entity) => words.every((word) => nameWords(entity).has(word)));
  return owner !== undefined && !owner.place && !owner.name.includes(" ");
}

/** The best credit a term earns for a sentence, and where. */
function creditTerm(
  context: ScoringContext,
  index: number,
  sentence: AnalyzedSentence,
  chunk: AnalyzedChunk,
  entity: EntityPlace,
): { credit: number; place: Place } {
  const term = context.query.terms[index];
  if (!term) return { credit: 0, place: "none" };
  // A place's name's words are satisfied by naming the place anywhere around the sentence; a
  // named topic ("R&D") must be said, whichever place the sentence names.
  if (term.partOfName && (entity === "named" || entity === "context") && !context.topics[index]) {
    return { credit: 1, place: entity === "named" ? "sentence" : "context" };
  }
  // "The R&D target": a sentence stating a plan names the target in its own words.
  if (context.plans[index] && isPlanned(sentence, chunk)) {
    return { credit: 1, place: "sentence" };
  }
  let best = { credit: 0, place: "none" as Place };
  for (const alternative of term.alternatives) {
    if (alternative.weight <= best.credit) continue;
    const place = placeWording(alternative.stems, sentence, chunk);
    const credit = alternative.weight * PLACE_CREDIT[place];
    if (credit > best.credit) best = { credit, place };
  }
  // Shared name words ("zone") of another thing do not stand for the name asked for.
  if (term.partOfName && entity === "rival") best.credit *= 0.3;
  return best;
}

/**
 * Question words standing together as in the question ("Chongqing High-tech Zone", not
 * "Chongqing Bishan High-tech … Zone").
 */
function proximityBonus(context: ScoringContext, sentence: AnalyzedSentence): number {
  const { query, weights } = context;
  const positions = query.terms.map((term) =>
    findPositions(
      sentence.stems,
      term.alternatives.map((alternative) => alternative.stems),
      sentence.stemSet,
    ),
  );
  let bonus = 0;
  for (let index = 0; index + 1 < positions.length; index++) {
    const here = positions[index] ?? [];
    const next = positions[index + 1] ?? [];
    let gap = Number.POSITIVE_INFINITY;
    for (const p of here) for (const q of next) gap = Math.min(gap, q > p ? q - p : (p - q) * 1.5);
    if (gap <= 4) {
      bonus += (gap <= 1.5 ? 0.5 : 0.3) * Math.min(weights[index] ?? 0, weights[index + 1] ?? 0);
    }
  }
  return bonus;
}

/** Scores one sentence against the question. */
export function scoreSentence(
  context: ScoringContext,
  sentence: AnalyzedSentence,
  chunk: AnalyzedChunk,
): ScoredSentence {
  let scored = context.scored.get(sentence);
  if (!scored) {
    scored = measureSentence(context, sentence, chunk);
    context.scored.set(sentence, scored);
  }
  return scored;
}

function measureSentence(
  context: ScoringContext,
  sentence: AnalyzedSentence,
  chunk: AnalyzedChunk,
): ScoredSentence {
  const { query, weights } = context;
  const entity = placeEntities(context, sentence, chunk);
  const fit = fitOf(sentence, query.type, context.askedWords);
  const credits: number[] = [];
  const places: Place[] = [];
  let matched = 0;
  let total = 0;
  query.terms.forEach((_, index) => {
    let { credit, place } = creditTerm(context, index, sentence, chunk, entity);
    // A figure of the kind asked for says half of "how much funding"; a wording of the noun
    // ("invest") still tells two such figures apart.
    if (context.typeNouns[index] && fit > 0) {
      credit += (1 - credit) * fit * TYPE_NOUN_CREDIT;
      place = "sentence";
    }
    credits.push(credit);
    places.push(place);
    const weight = weights[index] ?? 0;
    matched += weight * credit;
    total += weight;
  });
  const anchors = findAnchors(sentence.stems, query, sentence.breaks, sentence.stemSet);
  const anchor = anchors.length > 0 ? Math.max(...anchors.map((found) => found.quality)) : 0;
  const head = query.focus?.head;
  if (head !== undefined) matched += anchor * (weights[head] ?? 0);
  matched += proximityBonus(context, sentence);
  const projection = !context.asksAboutPlans && isPlanned(sentence, chunk) ? PROJECTION_WEIGHT : 1;
  const headPlace = head === undefined ? "sentence" : (places[head] ?? "none");
  const headFactor = headPlace === "sentence" ? 1 : headPlace === "none" ? 0.4 : 0.6;
  const entityFactor = entity === "none" ? 1 : ENTITY_WEIGHTS[entity];
  const length = Math.max(0, sentence.text.length - 300) / 4000;
  const listed = context.asksList && enumerates(sentence) ? LISTED_WEIGHT : 1;
  const score =
    (matched / (total || 1)) *
      (0.35 + 0.65 * fit) *
      headFactor *
      entityFactor *
      projection *
      listed -
    length;
  return { sentence, chunk, score, credits, places, fit, anchor, entity };
}

/** Every sentence of a chunk, scored. */
export function scoreSentences(context: ScoringContext, chunk: AnalyzedChunk): ScoredSentence[] {
  return chunk.sentences.map((sentence) => scoreSentence(context, sentence, chunk));
}

/** A chunk's match with the question: its best sentence's. */
export function scoreChunk(context: ScoringContext, chunk: AnalyzedChunk): number {
  let best = 0;
  for (const scored of scoreSentences(context, chunk)) best = Math.max(best, scored.score);
  return best;
}
