/**
 * @module Repeated searches answered from memory. Investors ask the same questions — the page's
 * starters, a promotion's headline, WeChat's retries — and a search over an unchanged index gives
 * the same hits, so they are kept per index version (a new ingestion starts afresh), and identical
 * searches in flight at once share one.
 */
import type { PreparedQuery } from "../question/query.ts";
import type { Retriever, SearchHit, SearchOptions } from "../types.ts";
import { createLruCache } from "./lru.ts";

/** What the cache needs: where to search, and which index version the results belong to. */
export interface SearchCacheOptions {
  retriever: Retriever;
  /** Identifies the index now serving; `undefined` (not ready) searches without caching. */
  getVersion: () => Promise<string | undefined>;
  /** Searches kept; 0 turns the cache off. */
  maxEntries: number;
}

/**
 * A retriever that remembers results. Hits are shared between callers: treat them as read-only.
 */
export function cacheSearches({
  retriever,
  getVersion,
  maxEntries,
}: SearchCacheOptions): Retriever {
  if (maxEntries <= 0) return retriever;
  const done = createLruCache<SearchHit[]>(maxEntries);
  const inFlight = new Map<string, Promise<SearchHit[]>>();
  return {
    ...(retriever.getLexicon ? { getLexicon: retriever.getLexicon.bind(retriever) } : {}),
    async search(query: string | PreparedQuery, options: SearchOptions = {}) {
      const version = await getVersion();
      if (version === undefined) return retriever.search(query, options);
      // A prepared query is keyed by its text: preparing it again would give the same query.
      const text = typeof query === "string" ? query : query.text;
      const key = JSON.stringify([version, text, options.k ?? null, options.docIds ?? null]);
      const cached = done.get(key) ?? inFlight.get(key);
      if (cached) return cached;
      const pending = retriever.search(query, options);
      inFlight.set(key, pending);
      try {
        const hits = await pending;
        done.set(key, hits);
        return hits;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}
