/**
 * @module Counts failed staff sign-ins per client address: after `max` failures within the
 * window the address is locked out until the window ends. Bounded in memory — when full, the
 * oldest counters go first — so a flood of addresses cannot grow it without limit. Per process
 * (per isolate on Workers).
 */

export interface FailureLimiterOptions {
  max: number;
  windowMs: number;
  /** Most addresses tracked at once. */
  maxKeys?: number;
  now?: () => number;
}

interface Counter {
  count: number;
  resetAt: number;
}

export function createFailureLimiter({
  max,
  windowMs,
  maxKeys = 10_000,
  now = Date.now,
}: FailureLimiterOptions) {
  const counters = new Map<string, Counter>();
  const current = (key: string): Counter | undefined => {
    const counter = counters.get(key);
    if (counter && counter.resetAt <= now()) {
      counters.delete(key);
      return undefined;
    }
    return counter;
  };
  return {
    /** Seconds until `key` may try again, or 0 when it is not locked out. */
    retryAfter(key: string): number {
      const counter = current(key);
      return counter && counter.count >= max ? Math.ceil((counter.resetAt - now()) / 1000) : 0;
    },
    /** Counts one failure for `key`. */
    fail(key: string): void {
      const counter = current(key);
      if (counter) {
        counter.count++;
        return;
      }
      if (counters.size >= maxKeys) {
        const oldest = counters.keys().next().value;
        if (oldest !== undefined) counters.delete(oldest);
      }
      counters.set(key, { count: 1, resetAt: now() + windowMs });
    },
    /** Forgets `key`'s failures (after a successful sign-in). */
    clear(key: string): void {
      counters.delete(key);
    },
    get size() {
      return counters.size;
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;
