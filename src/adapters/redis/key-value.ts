/**
 * @module The channels' `KeyValue` on Redis: JSON strings with Redis's own expiry, `setIfAbsent`
 * as `SET … NX` (atomic, so one replica wins a lock). While Redis is away every call goes to the
 * per-process `fallback` store instead, so replicas keep answering with their own state.
 */
import { type KeyValue, toStoredJson } from "../../ports/key-value.ts";
import { type RedisConnection, withFallback } from "./connection.ts";

/** A `KeyValue` over `connection`, keys under `prefix`, `fallback` while Redis is away. */
export function createRedisKeyValue({
  connection,
  fallback,
  prefix = "",
}: {
  connection: RedisConnection;
  fallback: KeyValue;
  prefix?: string;
}): KeyValue {
  const { client } = connection;
  const expiryMs = (ttlSeconds: number) => Math.max(1, Math.ceil(ttlSeconds * 1000));

  return {
    get: <T>(key: string) =>
      withFallback(
        connection,
        async () => {
          const json = await client.get(prefix + key);
          return json === null ? undefined : (JSON.parse(json) as T);
        },
        () => fallback.get<T>(key),
      ),
    async set(key, value, options = {}) {
      const json = toStoredJson(key, value);
      const { ttlSeconds } = options;
      await withFallback(
        connection,
        async () => {
          if (ttlSeconds === undefined) await client.set(prefix + key, json);
          else await client.set(prefix + key, json, "PX", expiryMs(ttlSeconds));
        },
        () => fallback.set(key, value, options),
      );
    },
    delete: (key) =>
      withFallback(
        connection,
        async () => {
          await client.del(prefix + key);
        },
        () => fallback.delete(key),
      ),
    setIfAbsent(key, value, options = {}) {
      const json = toStoredJson(key, value);
      const { ttlSeconds } = options;
      return withFallback(
        connection,
        async () =>
          (ttlSeconds === undefined
            ? await client.set(prefix + key, json, "NX")
            : await client.set(prefix + key, json, "PX", expiryMs(ttlSeconds), "NX")) === "OK",
        () => fallback.setIfAbsent(key, value, options),
      );
    },
  };
}
