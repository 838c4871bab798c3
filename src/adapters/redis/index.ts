/**
 * @module Shared state on Redis (or Valkey) for several replicas: one connection, the channels'
 * `KeyValue` (WeChat retries, histories, access tokens, staff sessions) and the rate-limit
 * counters, each falling back to the per-process store it is given while Redis is away.
 */

import type { Logger } from "../../logger.ts";
import type { KeyValue } from "../../ports/key-value.ts";
import type { CreateHitStore } from "../../ports/rate-limit.ts";
import { connectRedis, type RedisConnection, type RedisConnectionOptions } from "./connection.ts";
import { createRedisKeyValue } from "./key-value.ts";
import { createRedisRateLimitStore } from "./rate-limit-store.ts";

export { connectRedis, type RedisConnection, type RedisState } from "./connection.ts";
export { createRedisKeyValue } from "./key-value.ts";
export { createRedisRateLimitStore } from "./rate-limit-store.ts";

/** The shared state's parts, made from one connection. */
export interface RedisSharedState {
  connection: RedisConnection;
  /** A `KeyValue` whose keys start with `namespace`, `fallback` while Redis is away. */
  createKeyValue(namespace: string, fallback: KeyValue): KeyValue;
  /** Rate-limit counters in Redis, counted per process (`fallback`) while it is away. */
  createHitStore(fallback: CreateHitStore): CreateHitStore;
  close(): Promise<void>;
}

/** Connects to Redis; every key starts with `keyPrefix` so that one Redis can serve several apps. */
export function createRedisSharedState({
  keyPrefix,
  ...options
}: RedisConnectionOptions & { keyPrefix: string; logger: Logger }): RedisSharedState {
  const connection = connectRedis(options);
  return {
    connection,
    createKeyValue: (namespace, fallback) =>
      createRedisKeyValue({ connection, fallback, prefix: `${keyPrefix}${namespace}` }),
    createHitStore:
      (fallback) =>
      ({ name, windowMs }) =>
        createRedisRateLimitStore({
          connection,
          name: `${keyPrefix}ratelimit:${name}:`,
          windowMs,
          fallback: fallback({ name, windowMs }),
        }),
    close: () => connection.close(),
  };
}
