/**
 * @module Fact questions without a language model: every sentence of the sources scored against
 * the question (see passages/score.ts), the best one chosen (with the sentence beside it when that
 * one holds the asked-for words, or a rival stating a different figure for the same thing), and
 * the checks that decide whether the sources answer at all: the asked-for thing must be there, a
 * topic the corpus never mentions must not be asked about, the named thing must be the one asked
 * about, and enough of the question must be covered.
 */
import type { Lexicon } from "../../lexicon/lexicon.ts";
import { stem } from "../../lexicon/words.ts";
import {
  type AnalyzedChunk,
  type AnalyzedSentence,
  getChunkAnalysis,
} from "../../passages/analysis.ts";
import { disagrees } from "../../passages/anchors.ts";
import { findYears, getSourceYear, THIS_YEAR } from "../../passages/dates.ts";
import {
  createScoringContext,
  isKnown,
  namesNear,
  plannedYear,
  type ScoredSentence,
  type ScoringContext,
  STRONG_WORDING,
  scoreSentence,
} from "../../passages/score.ts";
import type { PreparedQuery } from "../../question/query.ts";
import { isStrictType, namesPlan } from "../../question/type.ts";
import type { Source } from "../types.ts";

/** A sentence of a numbered source, scored. */
export interface Candidate extends ScoredSentence {
  source: Source;
}

/** Why the sources do not answer a question. */
export type Gap =
  | "nothing"
  | "unknown-name"
  | "focus-absent"
  | "focus-missing"
  | "other-entity"
  | "coverage";

export interface FactSolution {
  /** Share of the question's content the chosen sentences cover (for calibration). */
  covered: number;
  context: ScoringContext;
  chosen: Candidate[];
  /** Two sources give different figures for the same thing. */
  disagreement: boolean;
  /** Why they do not answer; `undefined` when they do. */
  gap: Gap | undefined;
  /** The closest sentence when there is a gap: what the sources do say about the topic. */
  related: Candidate | undefined;
  /** Every candidate, best first. */
  ranked: Candidate[];
}

/**
 * Least share of the question's (weighted) content the chosen sentences must cover. Measured on
 * the dev set: right answers' coverage has a first quartile near 0.5 and a long tail below, the
 * unanswerable questions the other checks miss sit at 0.27–0.43.
 */
const MIN_COVERAGE = 0.4;
/** Least score of the best sentence (dev set: right answers score 0.41 and up, most above 0.7). */
const MIN_SCORE = 0.38;
const MIN_TYPED_COVERAGE = 0.1;
const MIN_TYPED_SCORE = 0.25;
/** A related sentence must cover at least this share of the question besides the asked-for thing. */
const MIN_RELATED_COVERAGE = 0.5;
/** …and hold at least this much of one of its less common words (when it names no place). */
const MIN_RELATED_CREDIT = 0.5;
/**
 * A second sentence joins the best one when it adds at least this share of the question's
 * (weighted) content the best one leaves uncovered, scores at least {@link COMPLEMENT_SCORE} of
 * it, and the two still answer. Measured on the dev set: key-fact recall 0.702 → 0.725
 * (paraphrases 0.400 → 0.486), no question newly declined or answered; 0.1–0.25 and 0.5–0.75
 * were tried, the lower gain and the higher score share keeping citation precision highest.
 */
const COMPLEMENT_GAIN = 0.1;
const COMPLEMENT_SCORE = 0.75;

/**
 * A line of labelled fields rather than a statement ("Host: … Undertaker: … Tel: …", a page's
 * credits): it answers who to contact or who someone is, never anything else.
 */
export const FIELD_LINE = /^\s*\p{Lu}[\p{L}&/-]*(?:\s+\p{L}[\p{L}&/-]*){0,2}\s*[:：]\s*\S/u;
const FIELD_TYPES: ReadonlySet<string> = new Set(["contact", "name", "address"]);

/** A news photo's caption ("A picture of the development zone."): it shows, it states nothing. */
const CAPTION = /^(?:an?\s+)?(?:picture|photo|photograph|image|view)\s+(?:of|shows?|showing)\b/i;

/** The sources' sentences, each once (chunks overlap), with their source. */
export function collectSentences(
  sources: readonly Source[],
): { sentence: AnalyzedSentence; chunk: AnalyzedChunk; source: Source }[] {
  const seen = new Set<string>();
  const found: { sentence: AnalyzedSentence; chunk: AnalyzedChunk; source: Source }[] = [];
  for (const source of sources) {
    const chunk = getChunkAnalysis(source.chunk);
    for (const sentence of chunk.sentences) {
      const words = sentence.text.split(/\s+/).length;
      if (words < 3 && !/\d/.test(sentence.text)) continue;
      if (!/\p{L}/u.test(sentence.text) || CAPTION.test(sentence.text)) continue;
      const key = sentence.text.toLowerCase().replace(/\W+/g, " ").trim();
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ sentence, chunk, source });
    }
  }
  return found;
}

/**
 * Whether a sentence is about the question's years ("this year" counts as its source's year, a
 * sentence continuing a plan as the plan's).
 */
function matchesYears(candidate: Candidate, years: readonly string[]): boolean {
  if (years.length === 0) return true;
  const sourceYear = getSourceYear(candidate.source.chunk.date);
  const stated = findYears(candidate.sentence.text);
  if (sourceYear && THIS_YEAR.test(candidate.sentence.text)) stated.push(sourceYear);
  const planned = plannedYear(candidate.sentence, candidate.chunk);
  if (planned) stated.push(planned);
  if (stated.length > 0) return years.every((year) => stated.includes(year));
  return sourceYear !== undefined && years.every((year) => year === sourceYear);
}

/** Indices of the terms a passage must cover: not the words of a named thing, not figures. */
function contentTerms(query: PreparedQuery): number[] {
  const named = query.entities.length > 0;
  return query.terms.flatMap((term, index) =>
    (named && term.partOfName) || /^\d/.test(term.surface) ? [] : [index],
  );
}

/**
 * Terms no wording of which the corpus uses (a weak relation does not count). A plan's noun
 * ("target") is never absent: a plan states it in its own words.
 */
function absentTerms(query: PreparedQuery, lexicon: Lexicon): Set<number> {
  // Without corpus statistics (an index built before lexicons) nothing can be called absent.
  if (lexicon.sentences === 0) return new Set();
  return new Set(
    query.terms.flatMap((term, index) =>
      !/^\d/.test(term.surface) &&
      !namesPlan(term.surface) &&
      !term.alternatives.some(
        (alternative, at) =>
          alternative.weight >= STRONG_WORDING &&
          isKnown(alternative.stems, lexicon) &&
          // A compound the corpus never says ("exchange rate") is absent, whatever its words.
          !(at === 0 && lexicon.isCompound(term.surface)),
      )
        ? [index]
        : [],
    ),
  );
}

/**
 * Capitalised words of the question, not at its start, that name nothing the corpus knows (and
 * are no acronym the lexicon relates to corpus wordings, like "PCs").
 */
function unknownNames(query: PreparedQuery, lexicon: Lexicon): string[] {
  if (query.chinese || lexicon.sentences === 0) return [];
  const related = new Set(
    query.terms
      .filter((term) =>
        term.alternatives.some((alternative) => isKnown(alternative.stems, lexicon)),
      )
      .flatMap((term) => term.surface.split(" ")),
  );
  // Only a name the question asks about counts ("Shanghai's GDP"), not one describing the asker
  // ("a Korean supplier").
  const focus = query.focus ? [query.focus.head, ...query.focus.modifiers] : [];
  const focused = new Set(focus.flatMap((index) => query.terms[index]?.surface.split(" ") ?? []));
  return [...query.text.matchAll(/(?<=\s)(\p{Lu}[\p{L}'’-]+)/gu)]
    .map((match) => (match[1] ?? "").replace(/['’]s$/u, ""))
    .filter((word) => focused.has(word.toLowerCase()))
    .filter((word) => {
      const lower = word.toLowerCase();
      if (lower === "i" || /^i['’]/.test(lower) || lexicon.entities.find(word).length > 0) {
        return false;
      }
      if (related.has(lower)) return false;
      // "Micro-electronics" is known when its parts are; a city's name is still unknown to
      // the corpus when English knows it ("Shanghai").
      return lower
        .split("-")
        .some(
          (part) =>
            part.length > 1 &&
            lexicon.sentenceFrequency(stem(part)) === 0 &&
            lexicon.correct(part) === undefined,
        );
    });
}

/** Whether a term is a one-word thing that neither the corpus nor English knows ("hotpot"). */
function isUnknownThing(query: PreparedQuery, index: number, lexicon: Lexicon): boolean {
  if (lexicon.sentences === 0) return false;
  const term = query.terms[index];
  if (!term || term.chinese || term.misspelt || !/^[a-z]{3,}$/.test(term.surface)) return false;
  return lexicon.sentenceFrequency(stem(term.surface)) === 0 && !lexicon.isEnglish(term.surface);
}

/**
 * Share of the content weight the candidates cover (best credit per term). Words the corpus
 * never uses count half when they are nouns (a topic it may lack) and not at all otherwise (how
 * the question is asked: "roughly", "decent"). 0 when nothing is left to cover.
 */
function coverage(
  context: ScoringContext,
  chosen: readonly Candidate[],
  indices: readonly number[],
  absent: ReadonlySet<number>,
): number {
  let covered = 0;
  let total = 0;
  for (const index of indices) {
    const term = context.query.terms[index];
    const weight = (context.weights[index] ?? 0) * (absent.has(index) ? (term?.noun ? 0.5 : 0) : 1);
    total += weight;
    // "How much money": a sentence stating an amount names the money in its own way.
    const typed = context.typeNouns[index] === true;
    covered +=
      weight *
      Math.max(
        0,
        ...chosen.map((candidate) =>
          Math.max(candidate.credits[index] ?? 0, typed ? candidate.fit : 0),
        ),
      );
  }
  // Nothing left to cover once names and how-the-question-asks words are set aside.
  return total === 0 ? 1 : covered / total;
}

/**
 * The sentence right before or after the best one (same chunk) that holds the asked-for words the
 * best one only has in its context: "Industry, …, biomedicine and high-tech services are the
 * dominant industries." before "… are developing at the same time in the "1+3+X" system".
 */
function completeFocus(
  query: PreparedQuery,
  best: Candidate,
  candidates: readonly Candidate[],
): Candidate | undefined {
  const { focus } = query;
  if (!focus) return undefined;
  const focusTerms = [focus.head, ...focus.modifiers];
  const missing = focusTerms.filter((index) => best.places[index] !== "sentence");
  if (missing.length === 0) return undefined;
  return candidates.find(
    (candidate) =>
      candidate.chunk === best.chunk &&
      Math.abs(candidate.sentence.index - best.sentence.index) === 1 &&
      missing.every((index) => candidate.places[index] === "sentence"),
  );
}

/** The named things a sentence, its title or the sentences before it in its passage name. */
export function namesAround(candidate: Candidate, lexicon: Lexicon): Set<string> {
  const { own, before } = namesNear(lexicon, candidate.sentence, candidate.chunk);
  return new Set([...own, ...before]);
}

/** A related wording this strong of an absent asked-for noun may stand for it (see below). */
const REWORDED_CREDIT = 0.3;

/**
 * Whether the best sentence states, in its own words, the asked-for thing the corpus never names
 * as the question does: it holds a related wording of the noun ("investment" for "spending"),
 * every qualifier of it ("fixed-asset", a noun among them), and a figure of the kind asked for.
 * An absent noun with no qualifiers ("wage") or only adjectives ("average wage") stays absent.
 */
function isReworded(
  context: ScoringContext,
  best: Candidate,
  focus: { head: number; modifiers: number[] },
  absent: ReadonlySet<number>,
): boolean {
  const { query } = context;
  if (!isStrictType(query.type) || best.fit <= 0) return false;
  if ((best.credits[focus.head] ?? 0) < REWORDED_CREDIT) return false;
  const qualifiers = focus.modifiers.filter((index) => !query.terms[index]?.partOfName);
  // A noun among them tells what the thing is ("fixed-asset spending"); an adjective alone
  // ("average wages") does not.
  return (
    qualifiers.some((index) => query.terms[index]?.noun === true) &&
    qualifiers.every((index) => !absent.has(index) && (best.credits[index] ?? 0) >= STRONG_WORDING)
  );
}

function findGap(
  context: ScoringContext,
  chosen: readonly Candidate[],
  lexicon: Lexicon,
  /** Whether every named thing must be spoken of (not yet when a second sentence may add one). */
  allNamed = true,
): Gap | undefined {
  const { query } = context;
  // The strongest sentence, wherever it stands: a neighbour completing it may come first.
  const best = chosen.reduce<Candidate | undefined>(
    (strongest, candidate) =>
      !strongest || candidate.score > strongest.score ? candidate : strongest,
    undefined,
  );
  if (!best) return "nothing";
  if (unknownNames(query, lexicon).length > 0) return "unknown-name";
  const absent = absentTerms(query, lexicon);
  const { focus } = query;
  // A noun naming only the kind of fact asked for ("比重", a proportion; a number) is stated by
  // the figure, in whatever words the sources use. A price or a fund is a thing of its own.
  const namesKind =
    focus &&
    (query.type === "share" || query.type === "number") &&
    context.typeNouns[focus.head] === true;
  if (focus && absent.has(focus.head) && !namesKind && !isReworded(context, best, focus, absent)) {
    return "focus-absent";
  }
  // A qualifier of the asked-for thing the corpus never uses ("minimum registered capital") means
  // the thing itself is not there; a possessor ("the planet's laptops") only says whose.
  // A possessor ("the city's total") says whose, not which thing: it is not a qualifier.
  const possessors = new Set(
    [...query.text.toLowerCase().matchAll(/([\p{L}-]+)['’]s\b/gu)].map((match) => match[1]),
  );
  const isPossessor = (index: number) => {
    const surface = query.terms[index]?.surface;
    return surface !== undefined && possessors.has(surface.split(" ").at(-1));
  };
  // "The target for tax revenue" asks for the tax revenue planned: a plan's noun leaves what it
  // is a plan of to tell the asked-for thing apart.
  const described =
    focus && namesPlan(query.terms[focus.head]?.surface ?? "")
      ? query.terms.flatMap((term, index) =>
          index !== focus.head && term.noun && !term.partOfName ? [index] : [],
        )
      : (focus?.modifiers ?? []);
  if (focus && query.type !== "name") {
    const qualifiers = described.filter((index) => {
      const term = query.terms[index];
      return term && !term.partOfName && !isPossessor(index) && !/^\d/.test(term.surface);
    });
    if (qualifiers.some((index) => absent.has(index))) return "focus-absent";
  }
  const content = contentTerms(query);
  if (content.length === 0 && query.entities.length === 0) return "coverage";
  // Every word besides the names is one the sources never use ("What does it cost to rent in
  // Bishan?"), and no kind of fact is asked that a sentence could state in its own words ("When
  // did X get started?"): whatever the place's sentences say, it is not this.
  if (
    !isStrictType(query.type) &&
    content.length > 0 &&
    content.every((index) => absent.has(index))
  ) {
    return "coverage";
  }
  // The asked-for thing is one neither the corpus nor English knows ("Which hotpot …?"). Another
  // unknown word ("photonics", "govt", "Jan-Jun") may be a wording or an abbreviation of what the
  // sources say: coverage judges it like any other word.
  if (focus && isUnknownThing(query, focus.head, lexicon)) return "unknown-name";
  if (focus) {
    // The asked-for thing itself, or a strong wording of it, must be there; a noun that only
    // names the kind of fact asked for ("多少资金", how much funds) is there as a figure of it.
    // A weak relation (a word used alike, a broader term) is not enough: "wages" is not
    // "income", "flights" not "airport". A noun the corpus never uses, stated in other words
    // with all its qualifiers (see isReworded), may rest on a weaker one.
    const typeNoun = context.typeNouns[focus.head] === true;
    const least = absent.has(focus.head) ? REWORDED_CREDIT : STRONG_WORDING;
    if (
      chosen.every(
        (candidate) =>
          (candidate.credits[focus.head] ?? 0) < least && !(typeNoun && candidate.fit > 0),
      )
    ) {
      return "focus-missing";
    }
    // What qualifies the asked-for thing tells it apart ("industrial investment" is not
    // "investment", a "minimum registered capital" is not capital): most of the qualifiers the
    // corpus knows must be there. A name question's qualifiers describe the answer instead.
    if (query.type !== "name") {
      // Asked what things there are ("the main industries"), a list of them answers whatever
      // adjective ranks them.
      const modifiers = described.filter(
        (index) =>
          !/^\d/.test(query.terms[index]?.surface ?? "") &&
          !absent.has(index) &&
          !isPossessor(index) &&
          !(context.asksList && query.terms[index]?.noun !== true),
      );
      const covered = modifiers.filter((index) =>
        chosen.some((candidate) => (candidate.credits[index] ?? 0) > 0),
      ).length;
      if (modifiers.length > 0 && covered * 2 < modifiers.length) return "focus-missing";
    }
  }
  // A question naming several things ("Intel" in "the Xiyong park") is answered only by
  // sentences that between them speak of each.
  if (allNamed && query.entities.length > 1) {
    const around = chosen.map((candidate) => namesAround(candidate, lexicon));
    if (!query.entities.every((entity) => around.some((names) => names.has(entity.name)))) {
      return "other-entity";
    }
  }
  if (query.entities.length > 0) {
    const wantedDocs = new Set(query.entities.flatMap((entity) => entity.docIds.slice(0, 1)));
    const about = (candidate: Candidate) =>
      candidate.entity === "named" ||
      candidate.entity === "context" ||
      (candidate.entity === "absent" && wantedDocs.has(candidate.source.chunk.docId));
    if (!chosen.every(about)) return "other-entity";
  }
  // A sentence stating the kind of fact asked for ("how much" → an amount), about the place
  // asked about, answers in other words than the question's ("factories … produce" → "industrial
  // output"): the type and the place carry what the words do not. Not a year: nearly every
  // sentence states one, so it tells nothing of which event's year it is ("When was Xiyong
  // founded?" is not answered by its output in 2020).
  const typed =
    isStrictType(query.type) &&
    query.type !== "date" &&
    best.fit > 0 &&
    (query.entities.length === 0 || best.entity === "named" || best.entity === "context");
  const minCoverage = typed ? MIN_TYPED_COVERAGE : MIN_COVERAGE;
  if (best.score < (typed ? MIN_TYPED_SCORE : MIN_SCORE)) return "coverage";
  if (content.length > 0 && coverage(context, chosen, content, absent) < minCoverage) {
    return "coverage";
  }
  return undefined;
}

/**
 * A sentence, among the next best, that covers part of the question the best one leaves out (a
 * paraphrase or a question asking two things often has its answer split over two sentences),
 * when both together still answer; `undefined` when none adds enough.
 */
function findComplement(
  context: ScoringContext,
  best: Candidate,
  ranked: readonly Candidate[],
): Candidate | undefined {
  const { query, lexicon } = context;
  const content = contentTerms(query);
  const absent = absentTerms(query, lexicon);
  const alone = coverage(context, [best], content, absent);
  if (alone >= 1 || findGap(context, [best], lexicon, false) !== undefined) return undefined;
  const complement = ranked
    .slice(1, MAX_COMPLEMENT_RANK)
    .find(
      (candidate) =>
        candidate.score >= best.score * COMPLEMENT_SCORE &&
        candidate.entity !== "rival" &&
        coverage(context, [best, candidate], content, absent) - alone >= COMPLEMENT_GAIN,
    );
  return complement && findGap(context, [best, complement], lexicon) === undefined
    ? complement
    : undefined;
}

/**
 * Whether two sentences speak of the same thing: both of the same kind of place for the question's
 * named thing, or both about it (one naming it, the other following a mention of it).
 */
function sameSubject(a: Candidate, b: Candidate): boolean {
  const about = (candidate: Candidate) =>
    candidate.entity === "named" || candidate.entity === "context";
  return a.entity === b.entity || (about(a) && about(b));
}

/** How far down the ranking a complementing sentence is looked for. */
const MAX_COMPLEMENT_RANK = 10;

/** The best sentence that says something about the question's topic, for a partial answer. */
function findRelated(
  context: ScoringContext,
  ranked: readonly Candidate[],
  gap: Gap,
): Candidate | undefined {
  if (gap === "unknown-name" || gap === "nothing") return undefined;
  const { query } = context;
  const head = query.focus?.head;
  // The best sentence holds what is asked about ("incentives") but not what the question adds
  // ("for foreign companies setting up"): that sentence is what the sources say about it.
  const [best] = ranked;
  if (
    gap === "coverage" &&
    head !== undefined &&
    best &&
    best.entity !== "rival" &&
    best.places[head] === "sentence" &&
    (best.credits[head] ?? 0) >= STRONG_WORDING
  ) {
    return best;
  }
  const others = contentTerms(query).filter(
    (index) => index !== head && !query.focus?.modifiers.includes(index),
  );
  const absent = absentTerms(query, context.lexicon);
  // What it says must be about something the question names that few sentences mention ("the
  // central urban areas"), not only about "Chongqing", which nearly every sentence is.
  const specific = others.filter((index) =>
    query.terms[index]?.stems.some((one) => !context.lexicon.isFrequent(one)),
  );
  return ranked.find(
    (candidate) =>
      candidate.entity !== "rival" &&
      others.length > 0 &&
      coverage(context, [candidate], others, absent) >= MIN_RELATED_COVERAGE &&
      (query.entities.length > 0 ||
        specific.some((index) => (candidate.credits[index] ?? 0) >= MIN_RELATED_CREDIT)),
  );
}

/**
 * Picks the sentences answering one (part of a) question and checks that they really do.
 * `excluded` names (lowercase) belong to the other side of a comparison: sentences about them are
 * left out.
 */
export function solveFact({
  query,
  sources,
  lexicon,
  excluded = [],
  avoided,
}: {
  query: PreparedQuery;
  sources: readonly Source[];
  lexicon: Lexicon;
  excluded?: readonly string[];
  /** Sentences (by text) another part of the question already answers with. */
  avoided?: ReadonlySet<string>;
}): FactSolution {
  const context = createScoringContext(query, lexicon);
  const sentences = collectSentences(sources).filter(
    ({ sentence, chunk }) =>
      !avoided?.has(sentence.text) &&
      !excluded.some(
        (name) =>
          sentence.text.toLowerCase().includes(name) ||
          sentence.context.includes(name) ||
          chunk.heading.includes(name),
      ),
  );
  const candidates: Candidate[] = sentences.map(({ sentence, chunk, source }) => {
    const scored = scoreSentence(context, sentence, chunk);
    // Sources retrieved first break ties.
    return { ...scored, source, score: scored.score + 0.02 / source.n };
  });
  const ranked = candidates
    .filter((candidate) => matchesYears(candidate, query.years))
    .filter((candidate) => !isStrictType(query.type) || candidate.fit > 0)
    .filter((candidate) => FIELD_TYPES.has(query.type) || !FIELD_LINE.test(candidate.sentence.text))
    .sort((a, b) => b.score - a.score);
  const best = ranked[0];
  let chosen: Candidate[] = best ? [best] : [];
  let disagreement = false;
  if (best) {
    const neighbour = completeFocus(query, best, candidates);
    if (neighbour) {
      chosen =
        neighbour.sentence.index < best.sentence.index ? [neighbour, best] : [best, neighbour];
    } else if (["number", "share", "money", "size", "general"].includes(query.type)) {
      const key = query.terms.flatMap((term, index) =>
        (term.partOfName || index === query.focus?.head) && (best.credits[index] ?? 0) > 0
          ? [index]
          : [],
      );
      const rival = ranked.find(
        (candidate) =>
          candidate !== best &&
          candidate.score >= best.score * 0.65 &&
          candidate.fit >= best.fit &&
          sameSubject(candidate, best) &&
          key.every((index) => (candidate.credits[index] ?? 0) > 0) &&
          disagrees(best.sentence, candidate.sentence, query),
      );
      if (rival) {
        chosen = [best, rival];
        disagreement = true;
      }
    }
  }
  if (best && chosen.length === 1) {
    const complement = findComplement(context, best, ranked);
    if (complement) chosen = [best, complement];
  }
  const gap = findGap(context, chosen, lexicon);
  const related = gap ? findRelated(context, ranked, gap) : undefined;
  const covered = coverage(context, chosen, contentTerms(query), absentTerms(query, lexicon));
  return { context, chosen, disagreement, gap, related, ranked, covered };
}
