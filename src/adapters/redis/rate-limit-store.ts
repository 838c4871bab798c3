/**
 * @module Rate-limit counters on Redis for `hono-rate-limiter` (its `Store`), shared by every
 * replica: fixed windows, the count and the window's start set in one Lua script (`INCR`, and
 * `PEXPIRE` when the key is new), so no replica can count without starting the window. While Redis
 * is away the `fallback` store counts per process.
 */
import type { ClientRateLimitInfo } from "hono-rate-limiter";
import type { HitStore } from "../../ports/rate-limit.ts";
import { type RedisConnection, withFallback } from "./connection.ts";

// Also repairs a key left without expiry (PTTL -1), which would otherwise count forever.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if hits == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`;

const DECREMENT = `
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
if hits > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/** Counters named `name` in Redis, windows of `windowMs`; `fallback` while Redis is away. */
export function createRedisRateLimitStore({
  connection,
  name,
  windowMs,
  fallback,
  now = Date.now,
}: {
  connection: RedisConnection;
  /** Keeps limits apart, e.g. `ratelimit:api:`. */
  name: string;
  windowMs: number;
  fallback: HitStore;
  now?: () => number;
}): HitStore {
  const { client } = connection;
  const keyOf = (key: string) => `${name}${key}`;
  const info = (hits: number, ttlMs: number): ClientRateLimitInfo => ({
    totalHits: hits,
    resetTime: new Date(now() + Math.max(0, ttlMs)),
  });

  return {
    get: (key) =>
      withFallback(
        connection,
        async () => {
          const [hits, ttl] = await Promise.all([client.get(keyOf(key)), client.pttl(keyOf(key))]);
          return hits === null ? undefined : info(Number(hits), ttl);
        },
        async () => fallback.get?.(key),
      ),
    increment: (key) =>
      withFallback(
        connection,
        async () => {
          const [hits, ttl] = (await client.eval(INCREMENT, 1, keyOf(key), windowMs)) as [
            number,
            number,
          ];
          return info(hits, ttl);
        },
        async () => fallback.increment(key),
      ),
    decrement: (key) =>
      withFallback(
        connection,
        async () => {
          await client.eval(DECREMENT, 1, keyOf(key));
        },
        async () => fallback.decrement(key),
      ),
    resetKey: (key) =>
      withFallback(
        connection,
        async () => {
          await client.del(keyOf(key));
        },
        async () => fallback.resetKey(key),
      ),
  };
}
