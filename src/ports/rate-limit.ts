/**
 * @module Where rate-limit counters live: `hono-rate-limiter`'s `Store`, made once per limit. The
 * in-memory store (`src/adapters/memory`) counts per process; Redis (`src/adapters/redis`) counts
 * for every replica.
 */
import type { Store } from "hono-rate-limiter";

/** A hit counter as `hono-rate-limiter` uses it, its window fixed when it is made. */
export type HitStore = Omit<Store, "init">;

/**
 * Makes the counters of one limit; `name` keeps limits apart where several share one store
 * (Redis).
 */
export type CreateHitStore = (options: { name: string; windowMs: number }) => HitStore;
