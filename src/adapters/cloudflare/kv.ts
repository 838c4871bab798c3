/**
 * @module The channels' `KeyValue` on a Workers KV namespace: JSON values, expiry by KV's own
 * TTL. KV is eventually consistent across locations (a write may take up to 60 s to be seen
 * elsewhere); WeChat's retries of one message reach the same location within seconds, where a
 * write is visible at once, which is what retry deduplication needs. KV has no atomic
 * operation, so `setIfAbsent` is a read then a write: two callers within moments of each other can
 * both win. That is acceptable for WeChat's retries (seconds apart) but not a real lock; state that
 * needs one belongs in a Durable Object.
 */
import { type KeyValue, toStoredJson } from "../../ports/key-value.ts";
import type { KVNamespaceBinding } from "./bindings.ts";

/** KV refuses expirations under 60 seconds (https://developers.cloudflare.com/kv/api/write-key-value-pairs/). */
export const KV_MIN_TTL_SECONDS = 60;

/** A `KeyValue` over `namespace`; shorter expiries are raised to KV's minimum. */
export function createWorkersKeyValue(namespace: KVNamespaceBinding): KeyValue {
  const get = async <T>(key: string) => {
    const value = await namespace.get(key, "json");
    return value === null ? undefined : (value as T);
  };
  const set: KeyValue["set"] = async (key, value, { ttlSeconds } = {}) => {
    await namespace.put(
      key,
      toStoredJson(key, value),
      ttlSeconds === undefined
        ? undefined
        : { expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttlSeconds)) },
    );
  };
  return {
    get,
    set,
    async delete(key) {
      await namespace.delete(key);
    },
    // Best effort: a read then a write, not atomic (see the module note).
    async setIfAbsent(key, value, options) {
      if ((await get(key)) !== undefined) return false;
      await set(key, value, options);
      return true;
    },
  };
}
