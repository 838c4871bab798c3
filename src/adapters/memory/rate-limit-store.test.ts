import { describe, expect, it } from "vitest";
import { createSenderLimit } from "../../http/rate-limit.ts";
import { createRateLimitStore } from "./rate-limit-store.ts";

describe("createRateLimitStore", () => {
  it("counts per key within a window and starts again after it", () => {
    let now = 1_000;
    const store = createRateLimitStore({ windowMs: 60_000, now: () => now });
    expect(store.increment("a")).toMatchObject({ totalHits: 1 });
    expect(store.increment("a")).toMatchObject({ totalHits: 2 });
    expect(store.increment("b")).toMatchObject({ totalHits: 1 });
    now += 60_000;
    expect(store.increment("a")).toMatchObject({ totalHits: 1 });
    expect(store.get?.("b")).toBeUndefined();
  });

  it("stays within maxKeys however many distinct keys arrive, dropping expired ones first", () => {
    let now = 0;
    const store = createRateLimitStore({ windowMs: 1_000, maxKeys: 100, now: () => now });
    for (let i = 0; i < 10_000; i++) {
      store.increment(`client-${i}`);
      if (i % 50 === 0) now += 10;
      expect(store.size).toBeLessThanOrEqual(100);
    }
    now += 2_000;
    store.increment("late");
    expect(store.size).toBe(1);
  });
});

describe("createSenderLimit", () => {
  it("admits perMinute messages, then says how long to wait", async () => {
    let now = 0;
    const limit = createSenderLimit({ perMinute: 2, now: () => now });
    expect(await limit("openid-1")).toBeUndefined();
    expect(await limit("openid-1")).toBeUndefined();
    now = 15_000;
    expect(await limit("openid-1")).toBe(45);
    expect(await limit("openid-2")).toBeUndefined();
    now = 60_000;
    expect(await limit("openid-1")).toBeUndefined();
  });

  it("admits everything when the limit is 0", async () => {
    const limit = createSenderLimit({ perMinute: 0 });
    for (let i = 0; i < 100; i++) expect(await limit("openid")).toBeUndefined();
  });
});
