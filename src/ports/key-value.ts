/**
 * @module A small key-value store for channel state — conversation history, retry bookkeeping,
 * access tokens. Runtime-neutral: the in-memory store (`src/adapters/memory`), a Workers KV
 * namespace (`src/adapters/cloudflare`) or a Durable Object implements the same three calls.
 */

/** A store of JSON values with optional expiry. Values are copies: changing one changes nothing. */
export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` (JSON-serialisable), forgotten after `ttlSeconds` when given. */
  set(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}
