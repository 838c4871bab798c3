/**
 * @module A small key-value store for channel state — conversation history, retry bookkeeping,
 * access tokens. Runtime-neutral: the in-memory store (`src/adapters/memory`), a Workers KV
 * namespace (`src/adapters/cloudflare`), Redis (`src/adapters/redis`) or a Durable Object
 * implements the same four calls.
 */

/** `value` as the JSON a store keeps; a value JSON cannot hold (a function, `undefined`) throws. */
export function toStoredJson(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`The value for ${key} is not JSON-serialisable`);
  return json;
}

/** A store of JSON values with optional expiry. Values are copies: changing one changes nothing. */
export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` (JSON-serialisable), forgotten after `ttlSeconds` when given. */
  set(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Stores `value` only when `key` holds nothing (or only an expired value); whether it did. One
   * caller wins among concurrent ones — the lock behind "compute once" and "refresh once" —
   * wherever the store is atomic (memory, Redis, a Durable Object); on Workers KV it is best
   * effort (see `createWorkersKeyValue`).
   */
  setIfAbsent(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<boolean>;
}
