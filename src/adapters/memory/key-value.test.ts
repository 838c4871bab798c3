import { describe, expect, it } from "vitest";
import { createMemoryKeyValue } from "./key-value.ts";

describe("createMemoryKeyValue", () => {
  it("stores copies of JSON values", async () => {
    const kv = createMemoryKeyValue();
    const value = { turns: [{ role: "user", content: "你好" }] };
    await kv.set("a", value);
    value.turns.push({ role: "user", content: "changed" });
    expect(await kv.get("a")).toEqual({ turns: [{ role: "user", content: "你好" }] });
    await kv.delete("a");
    expect(await kv.get("a")).toBeUndefined();
  });

  it("forgets entries when they expire", async () => {
    let now = 1_000_000;
    const kv = createMemoryKeyValue({ now: () => now });
    await kv.set("a", 1, { ttlSeconds: 60 });
    await kv.set("b", 2);
    now += 59_999;
    expect(await kv.get("a")).toBe(1);
    now += 1;
    expect(await kv.get("a")).toBeUndefined();
    expect(await kv.get("b")).toBe(2);
  });

  it("holds at most maxEntries, dropping the least recently used", async () => {
    const kv = createMemoryKeyValue({ maxEntries: 2 });
    await kv.set("a", 1);
    await kv.set("b", 2);
    await kv.get("a");
    await kv.set("c", 3);
    expect(kv.size).toBe(2);
    expect(await kv.get("b")).toBeUndefined();
    expect(await kv.get("a")).toBe(1);
    expect(await kv.get("c")).toBe(3);
  });

  it("sets a key only when it holds nothing live, one winner among concurrent callers", async () => {
    let now = 1_000_000;
    const kv = createMemoryKeyValue({ now: () => now });
    const wins = await Promise.all(
      [1, 2, 3].map((n) => kv.setIfAbsent("lock", n, { ttlSeconds: 10 })),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await kv.get("lock")).toBe(wins.indexOf(true) + 1);
    now += 10_000;
    expect(await kv.setIfAbsent("lock", 4)).toBe(true);
    expect(await kv.get("lock")).toBe(4);
  });

  it("refuses values JSON cannot hold", async () => {
    const kv = createMemoryKeyValue();
    await expect(kv.set("a", undefined)).rejects.toThrow(/JSON/);
  });
});
