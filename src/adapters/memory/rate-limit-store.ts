/**
 * @module A bounded, timer-free hit counter for `hono-rate-limiter` (its `Store` interface), kept
 * in memory per process or isolate. Fixed windows per key; the oldest windows are dropped first,
 * so a flood of distinct keys (spoofed OpenIDs, rotating addresses) cannot grow it without bound.
 */
import type { ClientRateLimitInfo } from "hono-rate-limiter";
import type { CreateHitStore, HitStore } from "../../ports/rate-limit.ts";

/** Size and clock of the store. */
export interface RateLimitStoreOptions {
  /** Length of one counting window, in milliseconds. */
  windowMs: number;
  /** Most keys held at once; the oldest windows go first. Default 100 000 (a few MB). */
  maxKeys?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

/** The library's `Store` without `init` (the window is fixed when the store is made), and its size. */
export type CounterStore = HitStore & { readonly size: number };

interface Client {
  totalHits: number;
  resetTime: Date;
}

/** A `Store` holding at most `maxKeys` counters; `size` is how many it holds now. */
export function createRateLimitStore(options: RateLimitStoreOptions): CounterStore {
  const { windowMs } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  // Insertion order is window-start order (a key is re-inserted when its window restarts), so
  // expired and oldest entries are always at the front.
  const clients = new Map<string, Client>();

  const live = (key: string, at: number): Client | undefined => {
    const client = clients.get(key);
    return client && client.resetTime.getTime() > at ? client : undefined;
  };

  function open(key: string, at: number): Client {
    clients.delete(key);
    for (const [oldest, client] of clients) {
      if (client.resetTime.getTime() > at && clients.size < maxKeys) break;
      clients.delete(oldest);
    }
    const client: Client = { totalHits: 0, resetTime: new Date(at + windowMs) };
    clients.set(key, client);
    return client;
  }

  return {
    get size() {
      return clients.size;
    },
    get(key): ClientRateLimitInfo | undefined {
      const client = live(key, now());
      return client && { totalHits: client.totalHits, resetTime: client.resetTime };
    },
    increment(key): ClientRateLimitInfo {
      const at = now();
      const client = live(key, at) ?? open(key, at);
      client.totalHits += 1;
      return { totalHits: client.totalHits, resetTime: client.resetTime };
    },
    decrement(key) {
      const client = live(key, now());
      if (client && client.totalHits > 0) client.totalHits -= 1;
    },
    resetKey(key) {
      clients.delete(key);
    },
    resetAll() {
      clients.clear();
    },
  };
}

/** Counters in this process, at most `maxKeys` clients per limit. */
export const createMemoryHitStore =
  (maxKeys?: number): CreateHitStore =>
  ({ windowMs }) =>
    createRateLimitStore({ windowMs, maxKeys });
