/**
 * @module Rate limits: per client address on the HTTP API (`hono-rate-limiter` over the bounded
 * store; 429 with `Retry-After` and the IETF draft `RateLimit` headers), and a per-sender counter
 * the messaging channels consult with a WeChat OpenID or WeCom UserID.
 */
import type { Context, MiddlewareHandler } from "hono";
import { rateLimiter } from "hono-rate-limiter";
import { createRateLimitStore } from "../adapters/memory/rate-limit-store.ts";
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
}: {
  perMinute: number;
  getClientKey: (c: Context<AppEnv>) => string | undefined;
  maxKeys?: number;
}): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: MINUTE_MS,
    limit: perMinute,
    store: createRateLimitStore({ windowMs: MINUTE_MS, maxKeys }),
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

/** A {@link SenderLimit} in memory, bounded to `maxKeys` senders. */
export function createSenderLimit({
  perMinute,
  maxKeys,
  now = Date.now,
}: {
  perMinute: number;
  maxKeys?: number;
  now?: () => number;
}): SenderLimit {
  if (perMinute === 0) return async () => undefined;
  const store = createRateLimitStore({ windowMs: MINUTE_MS, maxKeys, now });
  return async (key) => {
    const { totalHits, resetTime } = await store.increment(key);
    if (totalHits <= perMinute) return undefined;
    return Math.max(1, Math.ceil(((resetTime?.getTime() ?? now()) - now()) / 1000));
  };
}
