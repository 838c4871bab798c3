/**
 * @module Open questions answered without a language model, each composed from the sources'
 * sentences, whole and cited:
 * - a welcome for greetings and "what can you do": what the sources cover, with their dates, and
 *   a few questions to try;
 * - an overview of a named thing: its key facts (when established, how large, output, companies,
 *   industries) from the passages about it; of a document no place names, what the question asks
 *   besides and its opening;
 * - which places suit an industry: each zone or park whose passages mention it, with the evidence;
 * - a comparison: the facts the question compares for each side, whether the sides are two named
 *   things, two parts of one, or two documents it names by their titles;
 * - an open question on a topic (why invest, what support): the passages that speak to it most, or
 *   the key facts of the one thing it names.
 */

import { toNameKey } from "../../lexicon/entities.ts";
import type { Lexicon } from "../../lexicon/lexicon.ts";
import type { CorpusEntity } from "../../lexicon/profile.ts";
import { toContentStems, tokenizeWords, toStems } from "../../lexicon/words.ts";
import { formatSourceDate } from "../../passages/dates.ts";
import {
  createScoringContext,
  hasStrongWording,
  STRONG_WORDING,
  scoreSentence,
} from "../../passages/score.ts";
import { APPEAL_NOUNS } from "../../question/intent.ts";
import { comparedAspect } from "../../question/parts.ts";
import { type PreparedQuery, prepareQuery } from "../../question/query.ts";
import type { Source } from "../types.ts";
import { type Candidate, collectSentences, FIELD_LINE, namesAround } from "./facts.ts";
import { CHINESE_LEAD, presentSentence } from "./present.ts";

/** What a composer returns: the text and the sources it cites; `undefined` when it has nothing. */
export interface Composed {
  text: string;
  cited: number[];
}

/**
 * The aspects an investor's overview of a place covers, each asked as a question about the named
 * thing (`$` stands for its name: a question that names it inside reads as one about it, not as
 * one about its name), with the words by which a comparison asks for it ("in terms of age and
 * size").
 */
const OVERVIEW_ASPECTS = [
  {
    question: "When was $ established and approved",
    about: "age old older oldest established founded history date when start started",
  },
  {
    question: "How large is the area of $ in square kilometers",
    about: "size area big bigger biggest large larger largest land",
  },
  {
    question: "What is the industrial output value of $",
    about: "output gdp economy economic value production growth revenue",
  },
  {
    question: "How many enterprises are there in $",
    about: "companies enterprises firms businesses",
  },
  {
    question: "Which industries does $ focus on",
    about: "industries industry sectors sector focus clusters specialise specialize",
  },
  { question: "What is $ known for", about: "" },
].map((aspect) => ({ ...aspect, stems: new Set(toStems(aspect.about)) }));

/** An aspect's question about `name`, with what a comparison compares added ("growth targets"). */
function askAspect(question: string, name: string, compared?: string): string {
  const asked = question.replace("$", name);
  return compared ? `${asked}, ${compared}?` : `${asked}?`;
}

/** Most facts an overview gives, and places a matching answer lists. */
const MAX_FACTS = 5;
const MAX_PLACES = 4;
/** A sentence counts as answering an aspect only above this score. */
const MIN_ASPECT_SCORE = 0.35;
/** Least weight of a related wording of the question's for it to name an overview's aspect. */
const MIN_ASPECT_WORDING = 0.3;
/** Least score, as a share of an aspect's best sentence, of a second sentence for that aspect. */
const RUNNER_UP_SCORE = 0.75;
/** Share of its words a sentence may share with one already chosen and still add something. */
const MAX_OVERLAP = 0.5;

/** Stop words ("the", "was", "in") say nothing about what two sentences state. */
function overlap(a: string, b: string): number {
  const left = new Set(toContentStems(a));
  const right = new Set(toContentStems(b));
  if (left.size === 0) return 0;
  let shared = 0;
  for (const stem of left) if (right.has(stem)) shared++;
  return shared / Math.min(left.size, right.size || 1);
}

function isNovel(text: string, chosen: readonly Candidate[]): boolean {
  return chosen.every((other) => overlap(text, other.sentence.text) <= MAX_OVERLAP);
}

/** Scores every sentence of the sources against a question. */
function scoreAll(query: PreparedQuery, sources: readonly Source[], lexicon: Lexicon): Candidate[] {
  const context = createScoringContext(query, lexicon);
  return (
    collectSentences(sources)
      // A line of labelled fields (a page's credits) states nothing an open question asks.
      .filter(({ sentence }) => !FIELD_LINE.test(sentence.text))
      .map(({ sentence, chunk, source }) => ({
        ...scoreSentence(context, sentence, chunk),
        source,
      }))
      .sort((a, b) => b.score - a.score || a.source.n - b.source.n)
  );
}

/** Renders chosen sentences as a list, each presented and cited, in source order. */
function renderList(
  lead: string,
  chosen: readonly Candidate[],
  query: PreparedQuery,
  lexicon: Lexicon,
  label?: (candidate: Candidate) => string,
  about?: string,
): Composed {
  const context = createScoringContext(query, lexicon);
  const datesSaid = new Set<string>();
  const lines = chosen.map((candidate) => {
    const text = presentSentence({
      sentence: candidate.sentence,
      source: candidate.source,
      context,
      datesSaid,
      about,
    });
    return `- ${label ? `${label(candidate)}: ` : ""}${text}`;
  });
  return {
    text: [lead, ...lines].join("\n"),
    cited: [...new Set(chosen.map((candidate) => candidate.source.n))],
  };
}

/** Whether a sentence is about the entity: it, its title or an earlier sentence of its passage names it. */
function isAbout(candidate: Candidate, entity: CorpusEntity, lexicon: Lexicon): boolean {
  if (!namesAround(candidate, lexicon).has(entity.name)) return false;
  // Named as one of a kind ("the second National High-tech Zone in the city"), a thing is not
  // what the sentence is about: the passage's earlier subject is.
  const { sentence, chunk } = candidate;
  const texts = [
    sentence.text,
    chunk.chunk.title,
    ...chunk.sentences.slice(0, sentence.index).map((one) => one.text),
  ];
  return texts.some((text) => {
    const words = toNameKey(text).split(" ");
    return lexicon.entities
      .find(text)
      .some(
        (mention) =>
          lexicon.namedBy(mention).name === entity.name &&
          !ORDINALS.test(words[mention.start - 1] ?? ""),
      );
  });
}

/** Words counting things of a kind: a name after one is the kind, not the thing. */
const ORDINALS = /^(?:first|second|third|fourth|fifth|another|only)$/;

/**
 * The key facts about a named thing: for each overview aspect, the best sentence about it that
 * states that kind of fact, each once.
 */
export function composeOverview({
  entity,
  sources,
  lexicon,
  chinese,
  asked,
  aspect: compared,
  limit = MAX_FACTS,
}: {
  entity: CorpusEntity;
  sources: readonly Source[];
  lexicon: Lexicon;
  chinese: boolean;
  /** The question's stems: aspects it names come first ("age and size"), the others only if none. */
  asked?: ReadonlySet<string>;
  /**
   * What a comparison compares when it is none of the usual aspects ("research platforms"):
   * asked of the thing first; the usual aspects only when the sources say nothing about it.
   */
  aspect?: string;
  limit?: number;
}): Composed | undefined {
  const chosen: Candidate[] = [];
  /** The best new sentence about the entity that answers `query`. */
  const bestAbout = (query: PreparedQuery, about: CorpusEntity) =>
    scoreAll(query, sources, lexicon).find(
      (candidate) =>
        candidate.score >= MIN_ASPECT_SCORE &&
        candidate.fit > 0 &&
        isAbout(candidate, about, lexicon) &&
        isNovel(candidate.sentence.text, chosen),
    );
  const named = OVERVIEW_ASPECTS.filter((aspect) =>
    [...aspect.stems].some((one) => asked?.has(one)),
  );
  const own = compared && named.length === 0 ? [{ question: `What are the ${compared} of $` }] : [];
  for (const asking of own) {
    const query = prepareQuery(askAspect(asking.question, entity.name), lexicon);
    const best = bestAbout(query, entity);
    // Only a sentence that states the compared thing itself ("platforms") answers for it.
    if (best && statesAspect(query, best)) chosen.push(best);
  }
  const aspects = chosen.length > 0 ? [] : named.length > 0 ? named : OVERVIEW_ASPECTS;
  const firsts: (Candidate | undefined)[] = [];
  for (const aspect of aspects) {
    if (chosen.length >= limit) break;
    const asking = askAspect(aspect.question, entity.name, named.length > 0 ? compared : "");
    const best = bestAbout(prepareQuery(asking, lexicon), entity);
    firsts.push(best);
    if (best) chosen.push(best);
  }
  // The aspects a question names get a second sentence each while there is room, when it answers
  // nearly as well: "age" may be both when a zone was founded and when it became national.
  for (const [index, aspect] of (named.length > 0 ? named : []).entries()) {
    const first = firsts[index];
    if (chosen.length >= limit || !first) continue;
    const asking = askAspect(aspect.question, entity.name, compared);
    const next = bestAbout(prepareQuery(asking, lexicon), entity);
    if (next && next.score >= RUNNER_UP_SCORE * first.score) chosen.push(next);
  }
  if (chosen.length === 0) return undefined;
  chosen.sort((a, b) => a.source.n - b.source.n || a.sentence.index - b.sentence.index);
  const lead = chinese
    ? `${CHINESE_LEAD}\n${entity.name}概况：`
    : `Key facts about ${entity.name} from the sources:`;
  return renderList(
    lead,
    chosen,
    prepareQuery(entity.name, lexicon),
    lexicon,
    undefined,
    entity.name,
  );
}

/**
 * The one place an open question asks about when it names nothing else ("Why would we invest in
 * Bishan rather than somewhere else?"): what it asks for is that place's key facts. `undefined`
 * when it names none, several, a topic of its own ("funds in Bishan"), or a thing that is no
 * place ("What support is there for R&D?" asks about support, not for R&D's key facts).
 */
export function soleSubject(query: PreparedQuery): CorpusEntity | undefined {
  const [only, ...others] = query.entities;
  // "the strengths of X" asks for what speaks for X: its key facts, not a topic of its own.
  const aspect = comparedAspect(query)
    .split(" ")
    .filter((word) => word && !APPEAL_NOUNS.test(word));
  return only?.place && others.length === 0 && aspect.length === 0 ? only : undefined;
}

/**
 * Whether a sentence states the compared thing: the last noun of the question that is not part of
 * a name ("platforms" of "research platforms": Bishan's are "innovation platforms").
 */
function statesAspect(query: PreparedQuery, candidate: Candidate): boolean {
  const head = query.terms.findLastIndex((term) => term.noun && !term.partOfName && !term.proper);
  return head >= 0 && candidate.places[head] === "sentence";
}

/**
 * The place a sentence is about: a zone, park or other place it (or its context, or its title)
 * names; a company or an organisation it names is not where to invest.
 */
function placeOf(candidate: Candidate, lexicon: Lexicon): string | undefined {
  const { entities } = lexicon;
  const rank = (names: ReadonlySet<string>, minMentions = 1) =>
    [...names]
      .map((name) => entities.all.find((entity) => entity.name === name))
      .filter(
        (entity): entity is CorpusEntity =>
          entity?.place === true &&
          entity.name.includes(" ") === true &&
          entity.mentions >= minMentions,
      )
      .sort((a, b) => b.mentions - a.mentions)[0]?.name;
  return (
    rank(entities.namesIn(candidate.sentence.text)) ??
    // Earlier in the passage, only a place the corpus speaks of more than once: a landmark named
    // in passing ("… Xiexin Tianjiao City, Maine Valley …") is not what the passage is about.
    rank(
      entities.namesIn(
        candidate.chunk.sentences
          .slice(0, candidate.sentence.index)
          .map((s) => s.text)
          .join(" "),
      ),
      MIN_CONTEXT_MENTIONS,
    ) ??
    rank(entities.namesIn(candidate.source.chunk.title))
  );
}

/** Least corpus mentions of a place named before a sentence for it to be the sentence's place. */
const MIN_CONTEXT_MENTIONS = 2;

/** Nouns by which a question asks for a place to choose ("good locations for …"), not a topic. */
const ANSWER_PLACE_WORDS =
  /^(?:locations?|places?|sites?|spots?|bases?|homes?|options?|choices?|fit)$/;

/**
 * The question's nouns that tell what it is about, most telling first (an industry, a topic):
 * not a name, not the kind of place asked for ("zone", "park") or a place to choose
 * ("locations"), not who asks ("company", "maker"), not a word in many passages ("Chongqing"),
 * and known to the corpus in a strong wording.
 */
function specificNouns(query: PreparedQuery, lexicon: Lexicon): number[] {
  const { weights } = createScoringContext(query, lexicon);
  const telling = query.terms
    .map((term, index) => ({ index, weight: weights[index] ?? 0, term }))
    .filter(
      ({ term }) =>
        !term.partOfName &&
        !lexicon.isPlaceKind(term.stems.join(" ")) &&
        !ANSWER_PLACE_WORDS.test(term.surface) &&
        !lexicon.isAgent(term.surface.split(" ").at(-1) ?? "") &&
        !term.stems.every((one) => lexicon.isFrequent(one)) &&
        hasStrongWording(term, lexicon),
    )
    .sort((a, b) => b.weight - a.weight);
  const nouns = telling.filter(({ term }) => term.noun);
  // With no such noun, the word describing who asks tells the industry ("a biomedical company"),
  // not a word saying what they want ("good locations").
  const describesAsker = (index: number) => {
    const next = query.terms[index + 1];
    return next?.noun === true && lexicon.isAgent(next.surface.split(" ").at(-1) ?? "");
  };
  const chosen = nouns.length > 0 ? nouns : telling.filter(({ index }) => describesAsker(index));
  return chosen.map(({ index }) => index);
}

/**
 * Which places suit what the question is about (an industry, a kind of company): the passages
 * that mention it most specifically, grouped by the zone or park they are about.
 */
export function composeMatching({
  query,
  sources,
  lexicon,
  chinese,
}: {
  query: PreparedQuery;
  sources: readonly Source[];
  lexicon: Lexicon;
  chinese: boolean;
}): Composed | undefined {
  // The question's most telling term (the industry) must be in the sentence itself.
  const telling = specificNouns(query, lexicon).slice(0, 2);
  if (telling.length === 0) return undefined;
  const ranked = scoreAll(query, sources, lexicon).filter((candidate) =>
    telling.some(
      (index) => candidate.places[index] === "sentence" && (candidate.credits[index] ?? 0) >= 0.5,
    ),
  );
  // One line per place, however it is spelt ("Chongqing High Tech Zone", "… High-tech Zone").
  const squash = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  const byPlace = new Map<string, [string, Candidate]>();
  for (const candidate of ranked) {
    const place = placeOf(candidate, lexicon) ?? candidate.source.chunk.title;
    if (!byPlace.has(squash(place))) byPlace.set(squash(place), [place, candidate]);
    if (byPlace.size >= MAX_PLACES) break;
  }
  if (byPlace.size === 0) return undefined;
  const places = [...byPlace.values()];
  const lead = chinese
    ? `${CHINESE_LEAD}\n资料中提到以下地方与您的行业相关：`
    : places.length === 1
      ? "The sources point to this place for it:"
      : "The sources point to these places for it:";
  const label = new Map(places.map(([place, candidate]) => [candidate, place]));
  return renderList(
    lead,
    places.map(([, candidate]) => candidate),
    query,
    lexicon,
    (candidate) => label.get(candidate) ?? "",
  );
}

/** What the composers of open questions without a named place read. */
interface OpenQuestion {
  query: PreparedQuery;
  sources: readonly Source[];
  lexicon: Lexicon;
  chinese: boolean;
}

/** Up to `limit` of the candidates, in their order, that `accept` takes and that add something. */
function pickNovel(
  candidates: readonly Candidate[],
  limit: number,
  accept: (candidate: Candidate) => boolean,
): Candidate[] {
  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    if (chosen.length >= limit) break;
    if (accept(candidate) && isNovel(candidate.sentence.text, chosen)) chosen.push(candidate);
  }
  return chosen;
}

/** A sentence speaking to one part of an open question scores at least this. */
const MIN_PART_SCORE = 0.1;

/**
 * An open question asking about several things at once ("logistics … to Europe and Southeast
 * Asia"): no sentence speaks to all of it, so each of its most specific nouns gets the best
 * sentence that says it.
 */
function composeParts(
  query: PreparedQuery,
  ranked: readonly Candidate[],
  lexicon: Lexicon,
): Candidate[] {
  const chosen: Candidate[] = [];
  for (const index of specificNouns(query, lexicon).slice(0, 4)) {
    const best = ranked.find(
      (candidate) =>
        candidate.score >= MIN_PART_SCORE &&
        candidate.entity !== "rival" &&
        candidate.places[index] === "sentence" &&
        (candidate.credits[index] ?? 0) >= STRONG_WORDING &&
        isNovel(candidate.sentence.text, chosen),
    );
    if (best) chosen.push(best);
  }
  return chosen;
}

/** An open question on a topic: the few passages that speak to it most, each once. */
export function composeTopic({
  query,
  sources,
  lexicon,
  chinese,
}: OpenQuestion): Composed | undefined {
  const ranked = scoreAll(query, sources, lexicon);
  let chosen = pickNovel(
    ranked,
    4,
    (candidate) => candidate.score >= MIN_ASPECT_SCORE && candidate.entity !== "rival",
  );
  if (chosen.length < 2) chosen = composeParts(query, ranked, lexicon);
  if (chosen.length < 2) return undefined;
  const lead = chinese ? `${CHINESE_LEAD}\n资料中的相关内容：` : "From the sources:";
  return renderList(lead, chosen, query, lexicon);
}

/** Sentences a side of a comparison gets when the sides are not named things. */
const SIDE_FACTS = 2;

/**
 * A comparison of two parts of one named thing ("the eastern and western parts of the High-tech
 * Zone"): for each side, what tells it from the other asked of that thing, the sentences about
 * the thing that answer it best, each once; `undefined` when a side has none.
 */
export function composeSides({
  parts,
  query,
  sources,
  lexicon,
  chinese,
}: OpenQuestion & { parts: readonly { text: string }[] }): Composed | undefined {
  const chosen: Candidate[] = [];
  const sides = parts.slice(0, 2).map((part) => prepareQuery(part.text, lexicon));
  for (const [index, part] of sides.entries()) {
    // What tells this side from the other ("eastern"), about the things the question names.
    const other = new Set(sides[1 - index]?.terms.flatMap((term) => term.stems) ?? []);
    const own = part.terms.filter(
      (term) => !term.partOfName && !term.stems.every((one) => other.has(one)),
    );
    const side = prepareQuery(
      [...own.map((term) => term.surface), ...query.entities.map((entity) => entity.name)].join(
        " ",
      ),
      lexicon,
    );
    const fresh = pickNovel(
      scoreAll(side, sources, lexicon),
      SIDE_FACTS,
      (candidate) =>
        candidate.score >= MIN_ASPECT_SCORE &&
        (candidate.entity === "named" || candidate.entity === "context") &&
        // It states what tells this side apart, not only the thing's name.
        side.terms.some(
          (term, at) =>
            !term.partOfName &&
            candidate.places[at] === "sentence" &&
            (candidate.credits[at] ?? 0) >= 0.5,
        ) &&
        isNovel(candidate.sentence.text, chosen) &&
        !chosen.some((other) => other.sentence === candidate.sentence),
    );
    // A side the sources say nothing about leaves nothing to compare.
    if (fresh.length === 0) return undefined;
    chosen.push(...fresh);
  }
  const lead = chinese ? `${CHINESE_LEAD}\n资料中的相关内容：` : "From the sources:";
  return renderList(lead, chosen, query, lexicon);
}

/** A document as a welcome lists it. */
export interface CoveredDocument {
  source: Source;
}

function describeDate(source: Source, chinese: boolean): string {
  const date = formatSourceDate(source.chunk.date);
  if (!date) return chinese ? "日期不详" : "undated";
  if (!source.chunk.dateApproximate) return date;
  return chinese ? `约${date}年` : `c. ${date}`;
}

/** Questions to try, made from the corpus's most mentioned places. */
function exampleQuestions(lexicon: Lexicon, chinese: boolean): string[] {
  // The places the documents are about: named in a title, most mentioned first.
  const titled = new Set(
    lexicon.documents.flatMap((document) => [...lexicon.entities.namesIn(document.title)]),
  );
  const places = lexicon.entities.all
    .filter((entity) => entity.place && titled.has(entity.name) && entity.name.includes(" "))
    .sort((a, b) => b.mentions - a.mentions)
    .slice(0, 2)
    .map((entity) => entity.name);
  const [first, second] = places;
  if (chinese) {
    return [
      first ? `介绍一下${first}` : "有哪些支持政策？",
      first && second ? `${first}和${second}有什么区别？` : "开发区有多少家企业？",
      "为什么在重庆投资？",
    ];
  }
  return [
    first ? `Tell me about ${first}.` : "What support do investors get?",
    first && second
      ? `How does ${first} compare with ${second}?`
      : "How many enterprises are there?",
    "Why invest in Chongqing?",
  ];
}

/** The places a document is mostly about that its title does not name, most mentioned first. */
function placesOf(docId: string, title: string, lexicon: Lexicon, limit = 3): string[] {
  const squash = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  const titled = new Set([...lexicon.entities.namesIn(title)].map(squash));
  return lexicon.entities.all
    .filter(
      (entity) =>
        entity.place &&
        entity.docIds[0] === docId &&
        entity.name.includes(" ") &&
        !/ and /.test(entity.name) &&
        !titled.has(squash(entity.name)) &&
        // A name made of common nouns ("Development Zone") says nothing on its own.
        !entity.name.split(" ").every((word) => lexicon.isNoun(word.toLowerCase())),
    )
    .sort((a, b) => b.mentions - a.mentions)
    .slice(0, limit)
    .map((entity) => entity.name);
}

/**
 * The welcome for a greeting or "what can you do": what the sources cover (each document, with
 * its date, cited) and a few questions to try.
 */
export function composeWelcome({
  documents,
  lexicon,
  chinese,
  thanked = false,
}: {
  documents: readonly Source[];
  lexicon: Lexicon;
  chinese: boolean;
  /** The message thanked or said goodbye: the welcome starts by answering that. */
  thanked?: boolean;
}): Composed {
  const lines = documents.map((source) => {
    const title = (chinese && source.chunk.titleZh) || source.chunk.title;
    const places = placesOf(source.chunk.docId, source.chunk.title, lexicon);
    const about =
      places.length === 0 ? "" : chinese ? `：${places.join("、")}` : `: ${places.join(", ")}`;
    return `- ${title} (${describeDate(source, chinese)})${about} [${source.n}]`;
  });
  const examples = exampleQuestions(lexicon, chinese);
  const text = chinese
    ? [
        `${thanked ? "不客气！" : "您好！"}我是重庆投资助手，根据官方投资促进资料回答有关在重庆开发区投资的问题，并注明每个回答的出处。我的资料包括：`,
        ...lines,
        `您可以这样问：${examples.map((example) => `“${example}”`).join("、")}`,
      ]
    : [
        `${thanked ? "You're welcome!" : "Hello!"} I'm the Chongqing investment assistant. I answer questions about investing in Chongqing's development zones from official investment-promotion sources, and cite the passage behind every answer. My sources are:`,
        ...lines,
        `You could ask, for example: ${examples.map((example) => `“${example}”`).join(", ")}`,
      ];
  return { text: text.join("\n"), cited: documents.map((source) => source.n) };
}

/** How much a title naming what the question asks about counts against its best sentences. */
const TITLE_WEIGHT = 1;

/**
 * How well each document's title names what the question is about (0 for the worst title, 1 for
 * the best): the question's words and their related wordings found in the title, a word in fewer
 * of the titles counting more ("regulations" tells documents apart, "Chongqing" does not).
 */
function matchTitles(
  query: PreparedQuery,
  titles: ReadonlyMap<string, string>,
): Map<string, number> {
  const stemsOf = new Map([...titles].map(([id, title]) => [id, new Set(toStems(title))]));
  const rarity = (stems: readonly string[]) => {
    const holding = [...stemsOf.values()].filter((title) =>
      stems.every((one) => title.has(one)),
    ).length;
    return Math.log(1 + stemsOf.size / Math.max(1, holding));
  };
  const scores = new Map<string, number>();
  for (const [id, title] of stemsOf) {
    let score = 0;
    for (const term of query.terms) {
      let best = 0;
      for (const alternative of term.alternatives) {
        if (alternative.stems.length === 0) continue;
        if (!alternative.stems.every((one) => title.has(one))) continue;
        best = Math.max(best, alternative.weight * rarity(alternative.stems));
      }
      score += best;
    }
    scores.set(id, score);
  }
  // Relative to the other titles: what tells one document apart, not what all of them say.
  const top = Math.max(...scores.values());
  const bottom = Math.min(...scores.values());
  for (const [id, score] of scores)
    scores.set(id, top > bottom ? (score - bottom) / (top - bottom) : 0);
  return scores;
}

/** Least match, relative to the best title's, of a title a comparison names as one of its sides. */
const MIN_TITLE_MATCH = 0.25;

/**
 * The two documents a comparison names by their titles ("the 2025 regulations article and the
 * piece on the core urban area"), best named first; empty unless two titles are named.
 */
export function comparedDocuments(query: PreparedQuery, lexicon: Lexicon): string[] {
  const titles = new Map(lexicon.documents.map((document) => [document.id, document.title]));
  if (titles.size < 3) return [];
  const named = [...matchTitles(query, titles)]
    .filter(([, match]) => match >= MIN_TITLE_MATCH)
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id);
  return named.length === 2 ? named : [];
}

/**
 * A comparison of two documents named by their titles: for each, the sentences of its passages
 * that answer what the question compares (its words that name neither document), best first.
 */
export function composeDocuments({
  query,
  sources,
  lexicon,
  chinese,
}: OpenQuestion): Composed | undefined {
  const documents = comparedDocuments(query, lexicon);
  if (documents.length < 2) return undefined;
  const titles = documents.map(
    (id) => lexicon.documents.find((document) => document.id === id)?.title ?? "",
  );
  const titleStems = new Set(titles.flatMap((title) => toStems(title)));
  // What is compared: the question's nouns that name neither document ("priority industries").
  const compared = prepareQuery(
    query.terms
      .filter((term) => term.noun && !/^\d+$/.test(term.surface))
      .filter((term) => !term.stems.every((one) => titleStems.has(one)))
      .map((term) => term.surface)
      .join(" "),
    lexicon,
  );
  if (compared.terms.length === 0) return undefined;
  const blocks: string[] = [];
  const cited = new Set<number>();
  for (const [index, id] of documents.entries()) {
    const own = sources.filter((source) => source.chunk.docId === id);
    // The document is named: its best sentences answer for it, if they state what is compared.
    const chosen = pickNovel(scoreAll(compared, own, lexicon), SIDE_FACTS, (candidate) =>
      compared.terms.some(
        (_, at) => candidate.places[at] === "sentence" && (candidate.credits[at] ?? 0) >= 0.5,
      ),
    );
    if (chosen.length === 0) return undefined;
    const list = renderList(`"${titles[index]}":`, chosen, compared, lexicon);
    blocks.push(list.text);
    for (const n of list.cited) cited.add(n);
  }
  const lead = chinese ? `${CHINESE_LEAD}\n` : "";
  return { text: `${lead}${blocks.join("\n\n")}`, cited: [...cited] };
}

/**
 * A title without the name of a place the question does not name: "Chongqing Bishan High-tech
 * Industrial Development Zone" is Bishan's page, not one on "the development zones as a whole".
 */
function withoutOtherPlaces(title: string, query: PreparedQuery, lexicon: Lexicon): string {
  const asked = new Set(query.entities.map((entity) => entity.name));
  const others = new Set(
    lexicon.entities
      .find(title)
      .filter(({ entity }) => entity.place && !asked.has(entity.name))
      .flatMap(({ alias }) => tokenizeWords(alias)),
  );
  return tokenizeWords(title)
    .filter((word) => !others.has(word))
    .join(" ");
}

/**
 * Whether an overview's subject (the question without the words asking for an overview, see
 * `overviewSubject`) names one of the corpus's documents by its title's words ("the 2025
 * regulations", "the processing trade park"), rather than a topic across them ("what the sources
 * say about logistics").
 */
export function namesDocument(subject: PreparedQuery, lexicon: Lexicon): boolean {
  const titles = new Map(lexicon.documents.map((document) => [document.id, document.title]));
  return [...matchTitles(subject, titles).values()].some((score) => score > 0);
}

/**
 * The sources of the document that matches the question best: its best sentence's score, and how
 * well its title names the question's subject ("the new development zone rules").
 */
export function sourcesOfBestDocument(
  query: PreparedQuery,
  /** What the overview is of, not how it is asked ("overview" is also a title's label). */
  subject: PreparedQuery,
  sources: readonly Source[],
  lexicon: Lexicon,
): Source[] {
  const byDocument = new Map<string, number>();
  for (const candidate of scoreAll(query, sources, lexicon).slice(0, 5)) {
    const id = candidate.source.chunk.docId;
    byDocument.set(id, Math.max(byDocument.get(id) ?? 0, candidate.score));
  }
  const titles = new Map(
    sources.map((source) => [
      source.chunk.docId,
      withoutOtherPlaces(source.chunk.title, query, lexicon),
    ]),
  );
  for (const [id, match] of matchTitles(subject, titles)) {
    byDocument.set(id, (byDocument.get(id) ?? 0) + TITLE_WEIGHT * match);
  }
  const best = [...byDocument].sort((a, b) => b[1] - a[1])[0]?.[0];
  return sources.filter((source) => source.chunk.docId === best);
}

/** Most sentences a document's overview takes for what the question asks besides the overview. */
const MAX_ANSWERING_FACTS = 2;
/** Shortest sentence, in words, an overview of a document takes from its opening. */
const MIN_LEAD_WORDS = 8;

/**
 * An overview of one document (a news report, a regulation) that no single place names: up to two
 * sentences stating what else the question asks ("how many enterprises?"), then its opening
 * sentences as the retrieved passages hold them, all in the document's order, each once — reports
 * state their key facts first.
 */
export function composeLead({
  query,
  sources,
  lexicon,
  chinese,
}: OpenQuestion): Composed | undefined {
  const ranked = scoreAll(query, sources, lexicon);
  const inDocumentOrder = (a: Candidate, b: Candidate) =>
    a.source.chunk.position - b.source.chunk.position || a.sentence.index - b.sentence.index;
  const long = (candidate: Candidate) =>
    candidate.sentence.text.split(/\s+/).length >= MIN_LEAD_WORDS;
  // What the question asks besides the overview ("how much of the economy?") first, when a
  // sentence states that kind of fact; then the opening.
  const answering = pickNovel(
    ranked,
    MAX_ANSWERING_FACTS,
    (candidate) => long(candidate) && candidate.score >= MIN_ASPECT_SCORE && candidate.fit >= 1,
  );
  const opening = pickNovel(
    [...ranked].sort(inDocumentOrder).filter((candidate) => !answering.includes(candidate)),
    MAX_FACTS - answering.length,
    (candidate) => long(candidate) && isNovel(candidate.sentence.text, answering),
  );
  const chosen = [...answering, ...opening].sort(inDocumentOrder);
  if (chosen.length < 2) return undefined;
  const lead = chinese
    ? `${CHINESE_LEAD}\n资料中的相关内容：`
    : `Key points of "${sources[0]?.chunk.title ?? ""}":`;
  return renderList(lead, chosen, query, lexicon);
}

/**
 * A comparison of named things: the aspects the question names ("age and size"), or the first
 * few, for each side.
 */
export function composeComparison({
  entities,
  query,
  sources,
  lexicon,
  chinese,
}: {
  entities: readonly CorpusEntity[];
  query: PreparedQuery;
  sources: readonly Source[];
  lexicon: Lexicon;
  chinese: boolean;
}): Composed | undefined {
  // A closely related wording names an aspect too: "growing" asks about output through "growth";
  // a loose one ("industries" → "industrial enterprise") does not.
  const asked = new Set(
    query.terms.flatMap((term) =>
      term.alternatives
        .filter((alternative) => alternative.weight >= MIN_ASPECT_WORDING)
        .flatMap((alternative) => alternative.stems),
    ),
  );
  const aspect = comparedAspect(query);
  const sides = entities.slice(0, 2).flatMap((entity) => {
    const overview = composeOverview({
      entity,
      sources,
      lexicon,
      chinese: false,
      asked,
      aspect,
      limit: 3,
    });
    return overview ? [{ entity, overview }] : [];
  });
  if (sides.length === 0) return undefined;
  const missing = entities
    .slice(0, 2)
    .filter((entity) => !sides.some((side) => side.entity === entity))
    .map((entity) => `The sources give no such facts about ${entity.name}.`);
  const lead = chinese ? `${CHINESE_LEAD}\n` : "";
  return {
    text: `${lead}${[...sides.map((side) => side.overview.text), ...missing].join("\n\n")}`,
    cited: [...new Set(sides.flatMap((side) => side.overview.cited))],
  };
}
