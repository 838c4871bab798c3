/**
 * @module The bounded in-memory `KeyValue` (`src/ports/key-value.ts`): channel state for one
 * process, used when no shared store is configured, and while a shared one is away.
 */
import { type KeyValue, toStoredJson } from "../../ports/key-value.ts";

/** Bounds and clock of the in-memory store. */
export interface MemoryKeyValueOptions {
  /** Most entries held; the least recently used go first. Default 10 000. */
  maxEntries?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

interface Entry {
  json: string;
  expiresAt: number;
}

/** A `KeyValue` in process memory, bounded in entries, honouring expiry. */
export function createMemoryKeyValue(options: MemoryKeyValueOptions = {}): KeyValue & {
  readonly size: number;
} {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }
  const entries = new Map<string, Entry>();

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    entries.delete(key);
    if (entry.expiresAt <= now()) return undefined;
    entries.set(key, entry);
    return entry;
  };

  const write = (key: string, value: unknown, ttlSeconds: number | undefined) => {
    const json = toStoredJson(key, value);
    entries.delete(key);
    const expiresAt =
      ttlSeconds === undefined ? Number.POSITIVE_INFINITY : now() + ttlSeconds * 1000;
    entries.set(key, { json, expiresAt });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };

  return {
    get size() {
      return entries.size;
    },
    async get<T>(key: string) {
      const entry = read(key);
      return entry ? (JSON.parse(entry.json) as T) : undefined;
    },
    async set(key, value, { ttlSeconds } = {}) {
      write(key, value, ttlSeconds);
    },
    async delete(key) {
      entries.delete(key);
    },
    // One event loop: nothing runs between the read and the write.
    async setIfAbsent(key, value, { ttlSeconds } = {}) {
      if (read(key)) return false;
      write(key, value, ttlSeconds);
      return true;
    },
  };
}
