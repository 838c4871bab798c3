/**
 * @module One connection to Redis (or Valkey) for the shared state, set up so that a dead Redis
 * never holds a request: commands are refused at once while disconnected (no offline queue) and
 * time out quickly while connected, and the client reconnects on its own. The state's users fall
 * back to per-process memory meanwhile. Going away and coming back are each logged once.
 */
import { createRequire } from "node:module";
import type { Redis } from "ioredis";
import type { Logger } from "../../logger.ts";

/**
 * The client library, loaded on the first connection: a server without `REDIS_URL` does not
 * carry it (about 25 MiB of RSS).
 */
function loadRedis(): typeof Redis {
  const require = createRequire(import.meta.url);
  return (require("ioredis") as typeof import("ioredis")).Redis;
}

/** Whether Redis answers, as `/readyz` reports it. */
export type RedisState = "connecting" | "up" | "down";

/** A client and what is known about its connection. */
export interface RedisConnection {
  client: Redis;
  /** `up` once connected; `down` after it was lost or could not be made. */
  readonly state: RedisState;
  /** Closes the connection; no reconnecting after. */
  close(): Promise<void>;
  /** Notes a command that failed while connected (a timeout, say); logged at debug level. */
  noteFailure(error: unknown): void;
}

/** Timings of the connection, in milliseconds. */
export interface RedisConnectionOptions {
  url: string;
  logger: Logger;
  /** Longest a command may take before it counts as failed; default 500 ms. */
  commandTimeoutMs?: number;
  /** Longest a connection attempt may take; default 2 s. */
  connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts; default 2 s. */
  maxReconnectDelayMs?: number;
}

/** Where Redis is, without the password, for logs. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** Connects to `url` (`redis://…` or `rediss://…`) and keeps reconnecting while it is away. */
export function connectRedis(options: RedisConnectionOptions): RedisConnection {
  const { url, logger } = options;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2000;
  const where = describeUrl(url);
  const RedisClient = loadRedis();
  const client = new RedisClient(url, {
    // Refused at once while disconnected, instead of queued until Redis is back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(times * 100, maxReconnectDelayMs),
    lazyConnect: false,
  });
  let state: RedisState = "connecting";
  let closed = false;

  const goDown = (error?: unknown) => {
    if (closed || state === "down") return;
    const wasUp = state === "up";
    state = "down";
    logger.warn(
      wasUp
        ? "redis unavailable: shared state falls back to per-process memory until it is back"
        : "redis not reachable: shared state uses per-process memory until it is",
      { redis: where, error },
    );
  };
  client.on("ready", () => {
    if (state === "up") return;
    const wasDown = state === "down";
    state = "up";
    logger.info(
      wasDown ? "redis back: state is shared again" : "redis connected: state is shared",
      { redis: where },
    );
  });
  // Without a listener ioredis prints every failed reconnection attempt.
  client.on("error", (error: Error) => goDown(error));
  client.on("close", () => goDown());

  return {
    client,
    get state() {
      return state;
    },
    noteFailure(error) {
      logger.debug("redis command failed; answered from per-process state", { error });
    },
    async close() {
      closed = true;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}

/**
 * Runs `command` on Redis when it is up, else — or when it fails or times out — `fallback`:
 * a request is answered from per-process state rather than failed or held.
 */
export async function withFallback<T>(
  connection: RedisConnection,
  command: () => Promise<T>,
  fallback: () => Promise<T>,
): Promise<T> {
  if (connection.state !== "up") return fallback();
  try {
    return await command();
  } catch (error) {
    connection.noteFailure(error);
    return fallback();
  }
}
