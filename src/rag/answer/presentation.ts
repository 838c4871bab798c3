/**
 * @module How a chosen sentence appears in an offline answer: trimmed to the clauses carrying the
 * fact, dated ("As of 2018"), "this year" resolved to the source's year, and cited.
 */
import { isStopWord } from "../text.ts";
import { findAnchors } from "./anchors.ts";
import {
  findYears,
  formatSourceDate,
  getSourceYear,
  PRESENT_OPENER,
  PRESENT_WORDS,
  THIS_YEAR,
} from "./dates.ts";
import { NUMBER_WORDS, typedStems, typeFit } from "./fit.ts";
import { containsPhrase, indexStems, type Unit } from "./passages.ts";
import type { QuestionAnalysis } from "./question.ts";
import { toStems } from "./vocabulary.ts";

/** Sentences longer than this are trimmed to the clauses that carry the fact. */
const MAX_SENTENCE = 320;

/** Longest excerpt kept when a sentence is trimmed. */
const MAX_EXCERPT = 260;

/** Clauses that qualify the figure before them: "accounting for 77.8% of …", "up 13.7%". */
const QUALIFIER =
  /^(?:\(|(?:accounting for|representing|an increase|a decrease|an? year-on-year|up|down|of which|compared with)\b)/i;

/** The clause window of a long sentence that carries the fact, with `…` where it was cut. */
function trimSentence(unit: Unit, analysis: QuestionAnalysis, weights: readonly number[]): string {
  const { text } = unit;
  if (text.length <= MAX_SENTENCE) return unit.cut ? `${text}…` : text;
  const clauses = text.split(/(?<=[,;:])\s+|\s+(?=\()|(?<=\))\s+/).filter(Boolean);
  if (clauses.length < 2) return text;
  const questionStems = typedStems(analysis);
  const clauseTerms = clauses.map((clause) => {
    const stems = toStems(clause);
    const set = indexStems(stems);
    return analysis.terms.flatMap((term, index) =>
      term.alternatives.some((phrase) => containsPhrase(stems, set, phrase)) ? [index] : [],
    );
  });
  const clauseFit = clauses.map((clause) => typeFit(clause, analysis.type, questionStems));
  const head = analysis.focus?.head;
  const named = new Set(analysis.names.flatMap((name) => name.terms));
  const importance = (index: number) => {
    if (index === head || analysis.focus?.modifiers.includes(index)) return 2;
    return analysis.terms[index]?.name || named.has(index) ? 0.5 : 1;
  };
  const clauseAnchor = clauses.map((clause, index) => {
    if (analysis.type === "name") {
      const hasHead = head === undefined || clauseTerms[index]?.includes(head);
      return hasHead && (clauseFit[index] ?? 0) >= 1 ? 1 : 0;
    }
    return Math.max(0, ...findAnchors(toStems(clause), analysis).map((anchor) => anchor.quality));
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
  let excerpt = clauses
    .slice(best.start, best.end + 1)
    .join(" ")
    .replace(/[,;:]$/, "");
  if (best.start > 0) {
    let lead = "";
    for (let index = 0; index < best.start; index++) {
      const next = `${lead} ${clauses[index] ?? ""}`.trim();
      if (next.length > 100) break;
      lead = next;
      if (/\p{L}{3,}[^,;:]*\s\p{L}+[^,;:]*\s\p{L}+/u.test(clauses[index] ?? "") && index > 0) break;
    }
    const rest = excerpt.replace(/^(?:and|or|which|while)\s+/i, "");
    if (!lead) excerpt = `…${rest}`;
    else if (lead.split(" ").length === clauses.slice(0, best.start).join(" ").split(" ").length) {
      excerpt = `${lead} ${excerpt}`;
    } else excerpt = `${lead.replace(/[,;:]$/, "")} … ${rest}`;
  }
  if (best.end < clauses.length - 1 || unit.cut) excerpt = `${excerpt}…`;
  return excerpt;
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

/** Heads of names a document title can give to "it" in its sentences. */
const NAMED_SUBJECT = /^(?:\S+\s+){0,6}(?:Zone|Park|Area|District|City|Centre|Center)$/;

/** "It was approved …" in a document about one zone: the zone's name instead of "It". */
function resolveSubject(text: string, title: string): string {
  const name = title.split(/\s*[:|—–]\s+/)[0]?.trim() ?? "";
  if (!NAMED_SUBJECT.test(name)) return text;
  return text.replace(/^Its\b/, `${name}'s`).replace(/^It\b/, name);
}

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A sentence as it appears in the answer: dated ("As of 2018, …" unless it dates itself, said
 * once per date), with "this year" resolved to the source's year, and cited.
 */
export function presentSentence(
  unit: Unit,
  analysis: QuestionAnalysis,
  weights: readonly number[],
  datesSaid: Set<string>,
): string {
  const { chunk, n } = unit.source;
  let text = trimSentence(unit, analysis, weights);
  text = resolveSubject(text.replace(DATELINE, "").replace(CONNECTIVE, ""), chunk.title);
  const year = getSourceYear(chunk.date);
  const date = formatSourceDate(chunk.date);
  if (year)
    text = text.replace(new RegExp(THIS_YEAR.source, "gi"), (match) => `${match} (${year})`);
  const resolved = year !== undefined && /\bthis year \(/i.test(text);
  const selfDated = findYears(unit.text).length > 0 && !PRESENT_WORDS.test(unit.text);
  const body = text.replace(/[.。;,:]*$/u, "");
  const ending = body.endsWith("…") ? "" : ".";
  const context = chunk.text;
  const lead = date ? `As of ${date}` : "According to an undated source";
  if ((date && (resolved || (selfDated && !PRESENT_OPENER.test(text)))) || datesSaid.has(lead)) {
    return `${capitaliseFirst(body.replace(PRESENT_OPENER, ""))} [${n}]${ending}`;
  }
  datesSaid.add(lead);
  return `${lead}, ${lowerFirst(body.replace(PRESENT_OPENER, ""), context)} [${n}]${ending}`;
}
