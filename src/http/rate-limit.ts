/**
 * @module Rate limits: per client address on the HTTP API (`hono-rate-limiter` over the bounded
 * store; 429 with `Retry-After` and the IETF draft `RateLimit` headers), and a per-sender counter
 * the messaging channels consult with a WeChat OpenID or WeCom UserID.
 */
import type { Context, MiddlewareHandler } from "hono";
import { rateLimiter } from "hono-rate-limiter";
import { createMemoryHitStore, createRateLimitStore } from "../adapters/memory/rate-limit-store.ts";
import type { CreateHitStore } from "../ports/rate-limit.ts";
import type { ErrorBody } from "./errors.ts";
import type { AppEnv } from "./shared.ts";

const MINUTE_MS = 60_000;

/**
 * Allows `perMinute` requests per client key a minute; over that, 429 with `Retry-After`.
 * Requests whose client cannot be identified (`getClientKey` gives `undefined`) are not counted:
 * one shared bucket for every unknown client would let one of them lock out all the others.
 */
export function limitRequestRate({
  perMinute,
  getClientKey,
  maxKeys,
  createStore = createMemoryHitStore(maxKeys),
}: {
  perMinute: number;
  getClientKey: (c: Context<AppEnv>) => string | undefined;
  maxKeys?: number;
  createStore?: CreateHitStore | undefined;
}): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: MINUTE_MS,
    limit: perMinute,
    store: createStore({ name: "api", windowMs: MINUTE_MS }),
    standardHeaders: "draft-7",
    skip: (c) => getClientKey(c) === undefined,
    keyGenerator: (c) => getClientKey(c) ?? "",
    handler: (c) =>
      c.json(
        {
          error: {
            code: "rate_limited",
            message: `Too many requests from your address (at most ${perMinute} a minute); retry after the number of seconds in Retry-After.`,
          },
        } satisfies ErrorBody,
        429,
      ),
  });
}

/**
 * Counts messages per sender: resolves to `undefined` while `key` is within `perMinute`, else to
 * the seconds until its window ends. `perMinute` 0 admits everything.
 */
export type SenderLimit = (key: string) => Promise<number | undefined>;

/**
 * A {@link SenderLimit} named `name` (e.g. the channel); in memory bounded to `maxKeys` senders
 * unless `createStore` says where counters live.
 */
export function createSenderLimit({
  perMinute,
  name = "sender",
  maxKeys,
  now = Date.now,
  createStore,
}: {
  perMinute: number;
  name?: string;
  maxKeys?: number;
  now?: () => number;
  createStore?: CreateHitStore | undefined;
}): SenderLimit {
  if (perMinute === 0) return async () => undefined;
  const store = createStore
    ? createStore({ name, windowMs: MINUTE_MS })
    : createRateLimitStore({ windowMs: MINUTE_MS, maxKeys, now });
  return async (key) => {
    const { totalHits, resetTime } = await store.increment(key);
    if (totalHits <= perMinute) return undefined;
    return Math.max(1, Math.ceil(((resetTime?.getTime() ?? now()) - now()) / 1000));
  };
}
