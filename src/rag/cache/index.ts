/**
 * @module Caches for repeated questions: searches and offline answers, bounded, per index version.
 */
import type { IndexStatus } from "../manifest.ts";

export { type AnswerCacheOptions, cacheAnswers } from "./answers.ts";
export { createLruCache, type LruCache } from "./lru.ts";
export { cacheSearches, type SearchCacheOptions } from "./searches.ts";

/** The version of the index a status describes: its table and build time, or `undefined`. */
export function getIndexVersion(status: IndexStatus): string | undefined {
  return status.ready ? `${status.manifest.table}@${status.manifest.builtAt}` : undefined;
}
