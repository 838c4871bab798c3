/**
 * @module How a chosen sentence appears in an offline answer: whole, or trimmed at clause
 * boundaries to the clauses carrying the fact (never mid-clause, never with "…"), naming the zone
 * or document it is about when it does not say so itself, dated ("As of 2018", or "By 2022" for a
 * sentence continuing a plan), "this year" resolved to the source's year, and cited.
 */
import type { Lexicon } from "../../lexicon/lexicon.ts";
import type { CorpusEntity } from "../../lexicon/profile.ts";
import { isStopWord } from "../../lexicon/words.ts";
import { type AnalyzedSentence, getChunkAnalysis } from "../../passages/analysis.ts";
import {
  findYears,
  formatSourceDate,
  getSourceYear,
  PRESENT_OPENER,
  PRESENT_WORDS,
  THIS_YEAR,
} from "../../passages/dates.ts";
import { namesNear, plannedYear, type ScoringContext } from "../../passages/score.ts";
import { NUMBER_WORDS } from "../../question/type.ts";
import { capitalise, escapeRegExp } from "../../text.ts";
import type { Source } from "../types.ts";

/** The note a Chinese question's offline answer opens with: the quoted sources are English. */
export const CHINESE_LEAD = "（资料为英文，以下为英文原文摘录。）";

/** A dateline or a connective at the start of a sentence: "Chongqing – ", "However, ". */
const DATELINE = /^\p{Lu}\p{L}+(?: \p{Lu}\p{L}+)?\s?[–—-]\s+(?=\p{Lu})/u;

const CONNECTIVE =
  /^(?:however|additionally|meanwhile|moreover|furthermore|notably|for instance|for example|as a result|in addition|regularly|besides|thus|therefore|according to statistics|in short)\s*,\s*/i;

/** Participles and prepositions that open sentences in these documents; never names. */
const OPENING_WORDS =
  /^(?:according|relying|focusing|leveraging|following|including|adhering|building|using|driven|based|thanks|along|since|during|among|through|within|despite)$/;

/** Lowercases a sentence's first word after a lead-in, unless it looks like a name. */
function lowerFirst(text: string, context: string): string {
  const word = /^[A-Za-z][A-Za-z-]*/.exec(text)?.[0] ?? "";
  if (!word || word === "I" || /^[A-Z]{2,}/.test(word)) return text;
  const lower = word.toLowerCase();
  const common =
    isStopWord(lower) ||
    /ly$/.test(lower) ||
    OPENING_WORDS.test(lower) ||
    NUMBER_WORDS.test(lower) ||
    new RegExp(`(?<![\\p{L}])${lower}(?![\\p{L}])`, "u").test(context);
  return common ? lower + text.slice(word.length) : text;
}

/**
 * The place a source's sentence is about when it names nothing itself: the place its document's
 * title names ("Chongqing Bishan High-tech Industrial Development Zone" → "Bishan High-tech
 * Zone"). `undefined` when the sentence names something or the title names no place.
 */
export function findImplicitSubject(
  text: string,
  source: Source,
  lexicon: Lexicon,
): string | undefined {
  if (lexicon.entities.namesIn(text).size > 0) return undefined;
  return titlePlace(source, lexicon)?.name;
}

/** The first place a source's title names. */
function titlePlace(source: Source, lexicon: Lexicon): CorpusEntity | undefined {
  return lexicon.entities.find(source.chunk.title).find(({ entity }) => entity.place)?.entity;
}

/**
 * The place the question asks about when the source's title names it too: what "It" opens a
 * sentence of that source about ("It was approved by the State Council …" in Bishan's profile,
 * for a question about Bishan).
 */
function askedTitlePlace(source: Source, context: ScoringContext): string | undefined {
  const { lexicon, query } = context;
  const place = titlePlace(source, lexicon);
  if (!place) return undefined;
  const subject = lexicon.subjectOf(place).name;
  return query.entities.some((entity) => lexicon.subjectOf(entity).name === subject)
    ? subject
    : undefined;
}

/**
 * "The R&D center has 180 laboratories" in a document about the one named thing the question asks
 * about ("Chang'an Automobile Global R&D Center"), opening with that thing's last words: the thing
 * is named instead, so that the figure never reads as another's.
 */
function resolveDefinite(
  text: string,
  sentence: AnalyzedSentence,
  source: Source,
  context: ScoringContext,
): string {
  const { lexicon, query } = context;
  const [only, ...others] = query.entities;
  if (!only || others.length > 0) return text;
  // A sentence naming a place says whose figure it is; a topic it names ("R&D") does not.
  if (lexicon.entities.find(text).some((mention) => mention.entity.place)) return text;
  const entity = lexicon.subjectOf(only);
  if (!entity.docIds.includes(source.chunk.docId)) return text;
  // Its passage must not have been about another place just before.
  const { before } = namesNear(lexicon, sentence, getChunkAnalysis(source.chunk));
  const places = [...before].filter(
    (name) => lexicon.entities.all.find((one) => one.name === name)?.place,
  );
  if (places.length > 0 && !places.includes(entity.name)) return text;
  const words = entity.name.split(/\s+/);
  for (const length of [2, 1]) {
    if (words.length <= length) continue;
    const tail = words.slice(-length).map(escapeRegExp).join("\\s+");
    const opening = new RegExp(`^The\\s+${tail}\\b`, "i");
    if (opening.test(text)) return text.replace(opening, entity.name);
  }
  return text;
}

/** "It was approved …" in a sentence about one named thing: the thing's name instead of "It". */
function resolveSubject(text: string, subject: string | undefined): string {
  if (!subject) return text;
  return text.replace(/^Its\b/, `${subject}'s`).replace(/^It\b/, subject);
}

/**
 * A sentence as it appears in the answer: named ("In Bishan High-tech Zone, …" when it does not
 * say which zone), dated ("As of 2018, …" unless it dates itself, said once per date), with "this
 * year" resolved to the source's year, and cited.
 */
export function presentSentence({
  sentence,
  source,
  context,
  datesSaid,
  about: asked,
}: {
  sentence: AnalyzedSentence;
  source: Source;
  context: ScoringContext;
  datesSaid: Set<string>;
  /**
   * The thing the answer is about, when its sentences were chosen as about it: a sentence opening
   * with "It" names it instead ("It was approved …" → "Bishan High-tech Zone was approved …").
   */
  about?: string | undefined;
}): string {
  const { chunk, n } = source;
  // Whole sentences: a clipped clause loses what it is about.
  let text = sentence.text;
  text = text.replace(DATELINE, "").replace(CONNECTIVE, "");
  const named = /^It(?:s)?\b/.test(text);
  const subject =
    findImplicitSubject(sentence.text, source, context.lexicon) ??
    (named ? (asked ?? askedTitlePlace(source, context)) : undefined);
  text = subject ? resolveSubject(text, subject) : resolveDefinite(text, sentence, source, context);
  const year = getSourceYear(chunk.date);
  const date = formatSourceDate(chunk.date);
  if (year) {
    text = text.replace(new RegExp(THIS_YEAR.source, "gi"), (match) => `${match} (${year})`);
  }
  const resolved = year !== undefined && /\bthis year \(/i.test(text);
  const selfDated = findYears(sentence.text).length > 0 && !PRESENT_WORDS.test(sentence.text);
  let body = capitalise(text.replace(PRESENT_OPENER, "").replace(/[.。;,:]*$/u, ""));
  const about = subject && !named ? `in ${subject}` : "";
  // A sentence continuing a plan ("By 2022, …. The built-up area has been expanded to …") is
  // about the plan's year, not its source's.
  const planned = plannedYear(sentence, getChunkAnalysis(chunk));
  const lead = planned
    ? `By ${planned}`
    : date
      ? `As of ${date}`
      : "According to an undated source";
  const dated = date !== undefined && (resolved || selfDated);
  if ((dated || datesSaid.has(lead)) && !about) return `${body} [${n}].`;
  const opener = [dated || datesSaid.has(lead) ? "" : lead, about].filter(Boolean).join(", ");
  if (!dated) datesSaid.add(lead);
  body = lowerFirst(body, chunk.text);
  return `${capitalise(opener)}, ${body} [${n}].`;
}
