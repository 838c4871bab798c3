/**
 * The Redis adapter against a real `redis-server` (started here on a free port, no persistence):
 * two connections stand for two replicas. Covers JSON values with expiry, the `SET NX` lock, the
 * shared rate-limit counters, and Redis stopping and starting again under the connections.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../logger.ts";
import { startRedisServer, type TestRedis } from "../../testing/redis-server.ts";
import { createMemoryKeyValue } from "../memory/key-value.ts";
import { createRateLimitStore } from "../memory/rate-limit-store.ts";
import { connectRedis, type RedisConnection } from "./connection.ts";
import { createRedisKeyValue } from "./key-value.ts";
import { createRedisRateLimitStore } from "./rate-limit-store.ts";

let redis: TestRedis;
const connections: RedisConnection[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  await redis?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

/** A connection ("a replica") with its log lines. */
async function connect() {
  const lines: { level: string; message: string }[] = [];
  const connection = connectRedis({
    url: redis.url,
    logger: createLogger({ level: "info", write: (line) => lines.push(JSON.parse(line)) }),
    maxReconnectDelayMs: 200,
  });
  connections.push(connection);
  await waitFor(() => connection.state === "up");
  return { connection, lines };
}

describe("KeyValue on Redis", () => {
  it("stores JSON values with expiry, shared between connections", async () => {
    const a = createRedisKeyValue({
      connection: (await connect()).connection,
      fallback: createMemoryKeyValue(),
      prefix: "t1:",
    });
    const b = createRedisKeyValue({
      connection: (await connect()).connection,
      fallback: createMemoryKeyValue(),
      prefix: "t1:",
    });
    await a.set("history", { messages: [{ role: "user", content: "你好" }] });
    expect(await b.get("history")).toEqual({ messages: [{ role: "user", content: "你好" }] });
    await b.delete("history");
    expect(await a.get("history")).toBeUndefined();

    await a.set("short", 1, { ttlSeconds: 0.2 });
    expect(await b.get("short")).toBe(1);
    await sleep(300);
    expect(await b.get("short")).toBeUndefined();
    await expect(a.set("bad", undefined)).rejects.toThrow(/JSON/);
  });

  it("lets exactly one of many concurrent callers take a lock, and frees it on expiry", async () => {
    const stores = await Promise.all(
      [1, 2, 3].map(async () =>
        createRedisKeyValue({
          connection: (await connect()).connection,
          fallback: createMemoryKeyValue(),
          prefix: "t2:",
        }),
      ),
    );
    const attempts = stores.flatMap((kv, replica) =>
      [0, 1, 2, 3].map((n) => kv.setIfAbsent("lock", { replica, n }, { ttlSeconds: 0.3 })),
    );
    const wins = await Promise.all(attempts);
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await stores[2]?.setIfAbsent("lock", "late")).toBe(false);
    await sleep(400);
    expect(await stores[2]?.setIfAbsent("lock", "after expiry")).toBe(true);
    expect(await stores[0]?.get("lock")).toBe("after expiry");
  });
});

describe("rate-limit counters on Redis", () => {
  it("counts hits of every connection in one window that Redis expires", async () => {
    const make = async () =>
      createRedisRateLimitStore({
        connection: (await connect()).connection,
        name: "t3:",
        windowMs: 400,
        fallback: createRateLimitStore({ windowMs: 400 }),
      });
    const [a, b] = [await make(), await make()];
    const before = Date.now();
    const hits = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).increment("client")),
    );
    expect(hits.map((hit) => hit.totalHits).sort((x, y) => x - y)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    const reset = hits[0]?.resetTime?.getTime() ?? 0;
    expect(reset).toBeGreaterThan(before);
    expect(reset).toBeLessThanOrEqual(Date.now() + 400);
    expect((await a.get?.("client"))?.totalHits).toBe(10);
    await b.decrement("client");
    expect((await a.get?.("client"))?.totalHits).toBe(9);
    await sleep(500);
    expect(await a.get?.("client")).toBeUndefined();
    expect((await b.increment("client")).totalHits).toBe(1);
    await a.resetKey("client");
    expect(await b.get?.("client")).toBeUndefined();
  });
});

describe("Redis going away and coming back", () => {
  it("falls back to per-process state at once, logs once each way, and shares state again", async () => {
    const first = await connect();
    const second = await connect();
    const a = createRedisKeyValue({
      connection: first.connection,
      fallback: createMemoryKeyValue(),
      prefix: "t4:",
    });
    const b = createRedisKeyValue({
      connection: second.connection,
      fallback: createMemoryKeyValue(),
      prefix: "t4:",
    });
    const counter = createRedisRateLimitStore({
      connection: first.connection,
      name: "t4:",
      windowMs: 60_000,
      fallback: createRateLimitStore({ windowMs: 60_000 }),
    });
    await a.set("shared", "before");
    expect(await b.get("shared")).toBe("before");

    await redis.stop();
    await waitFor(() => first.connection.state === "down" && second.connection.state === "down");
    const started = Date.now();
    await a.set("local", "only in a");
    expect(await a.get("local")).toBe("only in a");
    expect(await b.get("local")).toBeUndefined();
    expect(await a.setIfAbsent("lock", 1)).toBe(true);
    expect(await b.setIfAbsent("lock", 2)).toBe(true);
    expect((await counter.increment("client")).totalHits).toBe(1);
    expect((await counter.increment("client")).totalHits).toBe(2);
    // No command waited for the dead Redis.
    expect(Date.now() - started).toBeLessThan(500);
    await sleep(600);

    await redis.start();
    await waitFor(() => first.connection.state === "up" && second.connection.state === "up");
    await a.set("shared", "after");
    expect(await b.get("shared")).toBe("after");
    expect((await counter.increment("client")).totalHits).toBe(1);

    for (const { lines } of [first, second]) {
      const messages = lines.map((line) => line.message);
      expect(messages.filter((message) => message.startsWith("redis unavailable"))).toHaveLength(1);
      expect(messages.filter((message) => message.startsWith("redis back"))).toHaveLength(1);
      expect(messages[0]).toMatch(/^redis connected/);
    }
  }, 30_000);

  it("answers from memory when Redis was never reachable, and logs that once", async () => {
    const lines: string[] = [];
    const connection = connectRedis({
      url: "redis://:s3cret-pass@127.0.0.1:1",
      logger: createLogger({ level: "info", write: (line) => lines.push(line) }),
      maxReconnectDelayMs: 50,
    });
    connections.push(connection);
    const kv = createRedisKeyValue({ connection, fallback: createMemoryKeyValue() });
    await kv.set("a", 1);
    expect(await kv.get("a")).toBe(1);
    await waitFor(() => connection.state === "down");
    await sleep(300);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/redis not reachable/);
    expect(lines[0]).not.toMatch(/s3cret-pass/);
    expect(lines[0]).toMatch(/redis:\/\/127\.0\.0\.1:1/);
  });
});
