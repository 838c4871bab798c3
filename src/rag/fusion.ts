/**
 * @module Reciprocal-rank fusion of the vector and full-text result lists. Runtime-neutral, so the
 * Node (LanceDB) and edge retrievers rank alike.
 */
import type { Chunk, SearchHit } from "./types.ts";

/** RRF's damping constant; 60 is the value from Cormack, Clarke & Büttcher (SIGIR 2009). */
export const RRF_K = 60;

export interface FusionOptions {
  k: number;
  /** Relative weight of each list; both 1 is plain RRF. */
  weights?: { vector: number; text: number };
}

/**
 * Fuses two ranked lists (best first) into one, scoring each chunk by the sum of
 * `weight / (RRF_K + rank)` over the lists it appears in. Ties keep vector order, then text order.
 */
export function fuseRankings(
  vector: readonly Chunk[],
  text: readonly Chunk[],
  { k, weights = { vector: 1, text: 1 } }: FusionOptions,
): SearchHit[] {
  const hits = new Map<string, SearchHit & { order: number }>();
  const add = (list: readonly Chunk[], source: "vector" | "text", weight: number) => {
    list.forEach((chunk, index) => {
      const rank = index + 1;
      const hit = hits.get(chunk.id) ?? { chunk, score: 0, ranks: {}, order: hits.size };
      if (hit.ranks[source] !== undefined) return;
      hit.ranks[source] = rank;
      hit.score += weight / (RRF_K + rank);
      hits.set(chunk.id, hit);
    });
  };
  add(vector, "vector", weights.vector);
  add(text, "text", weights.text);
  return [...hits.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, k)
    .map(({ order: _order, ...hit }) => hit);
}
