/**
 * @module Reciprocal-rank fusion of ranked result lists (vector, full-text, best-sentence).
 * Runtime-neutral, so the Node (LanceDB) and in-memory retrievers rank alike.
 */
import type { Chunk, SearchHit } from "./types.ts";

/** RRF's damping constant; 60 is the value from Cormack, Clarke & Büttcher (SIGIR 2009). */
export const RRF_K = 60;

/** The lists a hybrid search fuses. */
export type RankingName = keyof SearchHit["ranks"];

export interface FusionOptions {
  k: number;
  /** Relative weight of each list; all 1 is plain RRF. */
  weights?: Partial<Record<RankingName, number>>;
}

/**
 * Fuses ranked lists (best first) into one, scoring each chunk by the sum of
 * `weight / (RRF_K + rank)` over the lists it appears in. Ties keep the order in which chunks were
 * first seen (vector list first, then full-text, then best-sentence).
 */
export function fuseRankings(
  lists: Partial<Record<RankingName, readonly Chunk[]>>,
  { k, weights = {} }: FusionOptions,
): SearchHit[] {
  const hits = new Map<string, SearchHit & { order: number }>();
  for (const name of ["vector", "text", "sentence"] as const) {
    const list = lists[name];
    if (!list) continue;
    const weight = weights[name] ?? 1;
    list.forEach((chunk, index) => {
      const rank = index + 1;
      const hit = hits.get(chunk.id) ?? { chunk, score: 0, ranks: {}, order: hits.size };
      if (hit.ranks[name] !== undefined) return;
      hit.ranks[name] = rank;
      hit.score += weight / (RRF_K + rank);
      hits.set(chunk.id, hit);
    });
  }
  return [...hits.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, k)
    .map(({ order: _order, ...hit }) => hit);
}
