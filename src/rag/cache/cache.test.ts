import { describe, expect, it } from "vitest";
import { createFakeAssistant } from "../../testing/fake-assistant.ts";
import type { AnswerEvent, Assistant } from "../answer/types.ts";
import type { Retriever, SearchHit } from "../types.ts";
import { cacheAnswers, cacheSearches, createLruCache } from "./index.ts";

describe("createLruCache", () => {
  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = createLruCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([
      1,
      undefined,
      3,
      2,
    ]);
  });
});

function countingRetriever(delayMs = 0) {
  const calls: string[] = [];
  const retriever: Retriever = {
    async search(query) {
      const text = typeof query === "string" ? query : query.text;
      calls.push(text);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return [{ chunk: { id: text } as SearchHit["chunk"], score: 1, ranks: {} }];
    },
  };
  return { retriever, calls };
}

describe("cacheSearches", () => {
  it("searches once per query, k, documents and index version, and shares searches in flight", async () => {
    const { retriever, calls } = countingRetriever(20);
    let version: string | undefined = "v1";
    const cached = cacheSearches({ retriever, getVersion: async () => version, maxEntries: 10 });
    await Promise.all([cached.search("q"), cached.search("q"), cached.search("q")]);
    await cached.search("q");
    await cached.search("q", { k: 3 });
    await cached.search("q", { docIds: ["a"] });
    expect(calls).toHaveLength(3);
    version = "v2";
    await cached.search("q");
    expect(calls).toHaveLength(4);
    version = undefined;
    await cached.search("q");
    await cached.search("q");
    expect(calls).toHaveLength(6);
  });

  it("does not keep failures", async () => {
    let fail = true;
    const retriever: Retriever = {
      search: async () => {
        if (fail) throw new Error("index gone");
        return [];
      },
    };
    const cached = cacheSearches({ retriever, getVersion: async () => "v", maxEntries: 10 });
    await expect(cached.search("q")).rejects.toThrow("index gone");
    fail = false;
    await expect(cached.search("q")).resolves.toEqual([]);
  });
});

async function collect(assistant: Assistant, question: string) {
  const events: AnswerEvent[] = [];
  for await (const event of assistant.stream([{ role: "user", content: question }])) {
    events.push(event);
  }
  return events;
}

describe("cacheAnswers", () => {
  it("replays an offline answer's events, per conversation and index version", async () => {
    const fake = createFakeAssistant();
    let version = "v1";
    const cached = cacheAnswers({
      assistant: fake.assistant,
      getVersion: async () => version,
      maxEntries: 10,
    });
    const first = await collect(cached, "Bishan output?");
    expect(await collect(cached, "Bishan output?")).toEqual(first);
    const done = first.at(-1);
    expect(done?.type).toBe("done");
    if (done?.type === "done") {
      expect(await cached.answer([{ role: "user", content: "Bishan output?" }])).toEqual(
        done.answer,
      );
    }
    expect(fake.calls).toHaveLength(1);
    await collect(cached, "Another question?");
    version = "v2";
    await collect(cached, "Bishan output?");
    expect(fake.calls).toHaveLength(3);
  });

  it("keeps an answer whose reader stopped at `done`", async () => {
    const fake = createFakeAssistant();
    const cached = cacheAnswers({
      assistant: fake.assistant,
      getVersion: async () => "v",
      maxEntries: 10,
    });
    const ask = [{ role: "user" as const, content: "Bishan output?" }];
    expect(await cached.answer(ask)).toEqual(await cached.answer(ask));
    expect(fake.calls).toHaveLength(1);
  });

  it("keeps nothing in LLM mode, nor answers that failed", async () => {
    const llm = { ...createFakeAssistant().assistant, mode: "llm" as const };
    const cached = cacheAnswers({ assistant: llm, getVersion: async () => "v", maxEntries: 10 });
    expect(cached).toBe(llm);
    const failing = createFakeAssistant({ failAfterDeltas: 1 });
    const guarded = cacheAnswers({
      assistant: failing.assistant,
      getVersion: async () => "v",
      maxEntries: 10,
    });
    for (let i = 0; i < 2; i++) await expect(collect(guarded, "q")).rejects.toThrow("model broke");
    expect(failing.calls).toHaveLength(2);
  });
});
