/**
 * @module Retrieval metrics over one ranked list, judged against a case's evidence. A passage is
 * relevant when it holds an evidence passage of the same document (see {@link containsEvidence});
 * evidence is quoted text, so the metrics survive re-chunking.
 */
import { containsEvidence } from "../evidence.ts";
import type { Evidence } from "../schema.ts";

/** What a metric needs of a retrieved passage. */
export interface Passage {
  docId: string;
  text: string;
}

/** Evidence once each: the same quote listed twice counts once. */
export function dedupeEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter(({ docId, text }) => {
    const key = `${docId}\u0000${text}`;
    return seen.size < seen.add(key).size;
  });
}

/** Whether `passage` holds any of the evidence. */
export function isRelevant(passage: Passage, evidence: readonly Evidence[]): boolean {
  return evidence.some(
    (item) => item.docId === passage.docId && containsEvidence(passage.text, item.text),
  );
}

/** 1-based rank of the first relevant passage, or `undefined` when none is. */
export function firstRelevantRank(
  ranked: readonly Passage[],
  evidence: readonly Evidence[],
): number | undefined {
  const index = ranked.findIndex((passage) => isRelevant(passage, evidence));
  return index === -1 ? undefined : index + 1;
}

/** 1 when a relevant passage is among the first `k`, else 0. */
export function hitAt(
  k: number,
  ranked: readonly Passage[],
  evidence: readonly Evidence[],
): number {
  const rank = firstRelevantRank(ranked, evidence);
  return rank !== undefined && rank <= k ? 1 : 0;
}

/** 1 / rank of the first relevant passage; 0 when none is retrieved. MRR is its mean. */
export function reciprocalRank(ranked: readonly Passage[], evidence: readonly Evidence[]): number {
  const rank = firstRelevantRank(ranked, evidence);
  return rank === undefined ? 0 : 1 / rank;
}

/**
 * nDCG@k with binary gains per distinct evidence passage: each one scores `1 / log2(rank + 1)`
 * at the first rank where it appears (later copies, e.g. in overlapping chunks, gain nothing);
 * the ideal ranking puts one evidence passage at each of the first ranks. Capped at 1, which one
 * chunk holding several evidence passages could otherwise exceed.
 */
export function ndcgAt(
  k: number,
  ranked: readonly Passage[],
  evidence: readonly Evidence[],
): number {
  const wanted = dedupeEvidence(evidence);
  if (wanted.length === 0) return 0;
  const found = new Set<number>();
  let dcg = 0;
  ranked.slice(0, k).forEach((passage, index) => {
    wanted.forEach((item, itemIndex) => {
      if (found.has(itemIndex) || !isRelevant(passage, [item])) return;
      found.add(itemIndex);
      dcg += 1 / Math.log2(index + 2);
    });
  });
  let ideal = 0;
  for (let rank = 1; rank <= Math.min(k, wanted.length); rank++) ideal += 1 / Math.log2(rank + 1);
  return Math.min(1, dcg / ideal);
}
