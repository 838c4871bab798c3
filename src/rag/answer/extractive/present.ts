/**
 * @module How a chosen sentence appears in an offline answer: whole, or trimmed at clause
 * boundaries to the clauses carrying the fact (never mid-clause, never with "…"), naming the zone
 * or document it is about when it does not say so itself, dated ("As of 2018"), "this year"
 * resolved to the source's year, and cited.
 */
import type { Lexicon } from "../../lexicon/lexicon.ts";
import { isStopWord, toStems } from "../../lexicon/words.ts";
import type { AnalyzedSentence } from "../../passages/analysis.ts";
import { findAnchors } from "../../passages/anchors.ts";
import {
  findYears,
  formatSourceDate,
  getSourceYear,
  PRESENT_OPENER,
  PRESENT_WORDS,
  THIS_YEAR,
} from "../../passages/dates.ts";
import { containsPhrase, indexStems } from "../../passages/match.ts";
import type { ScoringContext } from "../../passages/score.ts";
import { NUMBER_WORDS, typeFit } from "../../question/type.ts";
import type { Source } from "../types.ts";

/** Sentences longer than this are trimmed to the clauses that carry the fact. */
const MAX_SENTENCE = 320;
/** Longest excerpt kept when a sentence is trimmed. */
const MAX_EXCERPT = 260;

/** Clauses that qualify the figure before them: "accounting for 77.8% of …", "up 13.7%". */
const QUALIFIER =
  /^(?:\(|(?:accounting for|representing|an increase|a decrease|an? year-on-year|up|down|of which|compared with)\b)/i;

/** Words a clause may not start a sentence with once the text before it is cut. */
const JOINING = /^(?:and|or|which|while|but|as well as|such as|including)\s+/i;

/**
 * The clause window of a long sentence that carries the fact: whole clauses only, a complete
 * sentence in the answer (first word capitalised, no "…").
 */
function trimSentence(sentence: AnalyzedSentence, context: ScoringContext): string {
  const { text } = sentence;
  if (text.length <= MAX_SENTENCE) return text;
  const clauses = text.split(/(?<=[,;:])\s+|\s+(?=\()|(?<=\))\s+/).filter(Boolean);
  if (clauses.length < 2) return text;
  const { query, weights } = context;
  const clauseTerms = clauses.map((clause) => {
    const stems = toStems(clause);
    const set = indexStems(stems);
    return query.terms.flatMap((term, index) =>
      term.alternatives.some((alternative) => containsPhrase(stems, set, alternative.stems))
        ? [index]
        : [],
    );
  });
  const clauseFit = clauses.map((clause) => typeFit(clause, query.type, context.askedWords));
  const head = query.focus?.head;
  const importance = (index: number) => {
    if (index === head || query.focus?.modifiers.includes(index)) return 2;
    return query.terms[index]?.partOfName ? 0.5 : 1;
  };
  const clauseAnchor = clauses.map((clause) => {
    if (query.type === "name") {
      const hasHead = head === undefined || clauseTerms[clauses.indexOf(clause)]?.includes(head);
      return hasHead && (clauseFit[clauses.indexOf(clause)] ?? 0) >= 1 ? 1 : 0;
    }
    return Math.max(0, ...findAnchors(toStems(clause), query).map((anchor) => anchor.quality));
  });
  let best = { start: 0, end: 0, value: Number.NEGATIVE_INFINITY };
  for (let start = 0; start < clauses.length; start++) {
    const terms = new Set<number>();
    let fit = 0;
    let anchored = 0;
    let length = 0;
    for (let end = start; end < clauses.length; end++) {
      for (const index of clauseTerms[end] ?? []) terms.add(index);
      fit = Math.max(fit, clauseFit[end] ?? 0);
      anchored = Math.max(anchored, clauseAnchor[end] ?? 0);
      length += (clauses[end]?.length ?? 0) + 1;
      if (length > MAX_EXCERPT && end > start) break;
      let value = fit * 1.5 + anchored * 3 - length / 150;
      for (const index of terms) value += (weights[index] ?? 0) * importance(index);
      if (value > best.value) best = { start, end, value };
    }
  }
  let length = clauses.slice(best.start, best.end + 1).join(" ").length;
  for (let next = best.end + 1; next < clauses.length; next++) {
    const clause = clauses[next] ?? "";
    if (!QUALIFIER.test(clause) || length + clause.length > MAX_EXCERPT + 60) break;
    best.end = next;
    length += clause.length + 1;
  }
  // The first clause usually names the subject ("Chongqing has developed …"): keep it when short.
  const lead = best.start > 0 && (clauses[0]?.length ?? 0) <= 100 ? clauses[0] : undefined;
  const body = clauses
    .slice(best.start, best.end + 1)
    .join(" ")
    .replace(/[,;:]$/, "")
    .replace(JOINING, "");
  const excerpt = lead ? `${lead.replace(/[,;:]$/, "")}, ${body}` : body;
  return capitaliseFirst(excerpt);
}

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

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
  const place = lexicon.entities.find(source.chunk.title).find(({ entity }) => entity.place);
  return place?.entity.name;
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
}: {
  sentence: AnalyzedSentence;
  source: Source;
  context: ScoringContext;
  datesSaid: Set<string>;
}): string {
  const { chunk, n } = source;
  const subject = findImplicitSubject(sentence.text, source, context.lexicon);
  let text = trimSentence(sentence, context);
  text = text.replace(DATELINE, "").replace(CONNECTIVE, "");
  const named = /^It(?:s)?\b/.test(text);
  text = resolveSubject(text, subject);
  const year = getSourceYear(chunk.date);
  const date = formatSourceDate(chunk.date);
  if (year) {
    text = text.replace(new RegExp(THIS_YEAR.source, "gi"), (match) => `${match} (${year})`);
  }
  const resolved = year !== undefined && /\bthis year \(/i.test(text);
  const selfDated = findYears(sentence.text).length > 0 && !PRESENT_WORDS.test(sentence.text);
  let body = capitaliseFirst(text.replace(PRESENT_OPENER, "").replace(/[.。;,:]*$/u, ""));
  const about = subject && !named ? `in ${subject}` : "";
  const lead = date ? `As of ${date}` : "According to an undated source";
  const dated = date !== undefined && (resolved || selfDated);
  if ((dated || datesSaid.has(lead)) && !about) return `${body} [${n}].`;
  const opener = [dated || datesSaid.has(lead) ? "" : lead, about].filter(Boolean).join(", ");
  if (!dated) datesSaid.add(lead);
  body = lowerFirst(body, chunk.text);
  return `${capitaliseFirst(opener)}, ${body} [${n}].`;
}
