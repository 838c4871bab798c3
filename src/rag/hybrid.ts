/**
 * @module The hybrid search both indexes run (LanceDB on Node, the bundled snapshot on Workers):
 * the same query preparation (length cap, thesaurus expansion), the same number of candidates from
 * each side, and reciprocal-rank fusion. Only the two searches differ, and they are passed in.
 */
import { fuseRankings } from "./fusion.ts";
import { expandQuery } from "./query-expansion.ts";
import type { Chunk, SearchHit, SearchOptions } from "./types.ts";

/** Longest query text sent to the embedder; longer text adds noise, not signal. */
export const MAX_QUERY_CHARS = 2000;
/** Candidates taken from each list before fusion, unless `k` asks for more. */
export const DEFAULT_CANDIDATES = 30;

/** One side of the hybrid search: the best `limit` chunks for the (expanded) query text. */
export type SideSearch = (
  text: string,
  options: { limit: number; docIds?: readonly string[] | undefined },
) => Promise<Chunk[]>;

export interface HybridSearchOptions extends SearchOptions {
  searchVector: SideSearch;
  searchText: SideSearch;
  candidates?: number | undefined;
  /** Told when one side fails; the other side's results are still returned. */
  onError?: ((error: unknown, context: string) => void) | undefined;
}

/**
 * Runs both searches on the expanded query and fuses them. Text with no letter or digit returns
 * no results; a failing side counts as an empty list.
 */
export async function searchHybrid(
  query: string,
  { k = 5, docIds, searchVector, searchText, candidates, onError }: HybridSearchOptions,
): Promise<SearchHit[]> {
  const trimmed = query.slice(0, MAX_QUERY_CHARS).trim();
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return [];
  const text = expandQuery(trimmed);
  const limit = Math.max(candidates ?? DEFAULT_CANDIDATES, k * 3);
  const safely = async (side: SideSearch, context: string): Promise<Chunk[]> => {
    try {
      return await side(text, { limit, docIds });
    } catch (error) {
      onError?.(error, context);
      return [];
    }
  };
  const [vectorHits, textHits] = await Promise.all([
    safely(searchVector, "vector search"),
    safely(searchText, "full-text search"),
  ]);
  return fuseRankings(vectorHits, textHits, { k });
}
