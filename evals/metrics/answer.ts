/**
 * @module Answer metrics for one case: key facts present, citations that hold evidence, and
 * figures the cited sources back. Each returns `null` when it does not apply (nothing to
 * measure), which averages leave out rather than count as 0 or 1.
 */
import { normalizeForMatch } from "../evidence.ts";
import type { Evidence, KeyFact } from "../schema.ts";
import { dedupeEvidence, isRelevant, type Passage } from "./retrieval.ts";

/** Case-, whitespace-, quote- and thousands-separator-insensitive form for key-fact matching. */
export function normalizeFact(text: string): string {
  return normalizeForMatch(text)
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/(?<=\d),(?=\d{3}(?!\d))/g, "");
}

/** Whether `answer` states `fact` (any one of its alternatives). */
export function hasKeyFact(answer: string, fact: KeyFact): boolean {
  const haystack = normalizeFact(answer);
  const alternatives = typeof fact === "string" ? [fact] : fact;
  return alternatives.some((alternative) => haystack.includes(normalizeFact(alternative)));
}

/** Share of the key facts the answer states; `null` when there are none to state. */
export function keyFactRecall(answer: string, facts: readonly KeyFact[]): number | null {
  if (facts.length === 0) return null;
  return facts.filter((fact) => hasKeyFact(answer, fact)).length / facts.length;
}

/** A cited passage; `id` tells two citations of the same chunk apart from two chunks. */
export interface CitedPassage extends Passage {
  id: string;
}

/**
 * Share of the distinct cited passages that hold evidence; `null` when nothing is cited or the
 * case has no evidence to hold.
 */
export function citationPrecision(
  cited: readonly CitedPassage[],
  evidence: readonly Evidence[],
): number | null {
  const unique = [...new Map(cited.map((passage) => [passage.id, passage])).values()];
  const wanted = dedupeEvidence(evidence);
  if (unique.length === 0 || wanted.length === 0) return null;
  return unique.filter((passage) => isRelevant(passage, wanted)).length / unique.length;
}

/** Numbers with optional thousands separators and decimals (`1,056`, `32.34`). */
const NUMBER = /(?<![\p{L}\d.,])\d(?:[\d,]*\d)?(?:\.\d+)?/gu;
/** Citation markers such as `[1]` or `[2, 3]` are not figures. */
const CITATION_MARKER = /\[\d+(?:\s*,\s*\d+)*\]/g;

/** The figures a text states, in canonical form (`1,056` → `1056`, `5.50` → `5.5`). */
export function extractNumbers(text: string): string[] {
  const found = text.replace(CITATION_MARKER, " ").match(NUMBER) ?? [];
  return found.map((figure) => {
    let value = figure.replaceAll(",", "");
    if (value.includes(".")) value = value.replace(/\.?0+$/, "");
    return value.replace(/^0+(?=\d)/, "");
  });
}

type FigureSource = { text: string; title?: string; date?: string };

/** The distinct figures of `answer` that no source states (in its text, title or date). */
export function unsupportedFigures(answer: string, sources: readonly FigureSource[]): string[] {
  const known = new Set(
    sources.flatMap((source) =>
      extractNumbers([source.text, source.title ?? "", source.date ?? ""].join(" ")),
    ),
  );
  return [...new Set(extractNumbers(answer))].filter((figure) => !known.has(figure));
}

/**
 * Share of the distinct figures in the answer that some cited source states (in its text, title
 * or date); `null` when the answer states no figures.
 */
export function figuresFaithfulness(
  answer: string,
  sources: readonly FigureSource[],
): number | null {
  const stated = new Set(extractNumbers(answer)).size;
  if (stated === 0) return null;
  return 1 - unsupportedFigures(answer, sources).length / stated;
}
