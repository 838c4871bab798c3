import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { createLogger } from "../../src/logger.ts";
import type { Retriever } from "../../src/rag/types.ts";
import { createFakeAssistant } from "../../src/testing/fake-assistant.ts";
import { createHttpTarget } from "./http.ts";

const chunk = {
  id: "c1",
  docId: "bishan-high-tech-zone",
  title: "Bishan",
  section: "",
  position: 0,
  text: "Bishan has 1056 enterprises.",
  context: "Bishan\nBishan has 1056 enterprises.",
  date: "2018",
  language: "en",
  sourceUrl: "",
};
const retriever: Retriever = { search: async () => [{ chunk, score: 1, ranks: { text: 1 } }] };

const manifest = {
  schemaVersion: 1 as const,
  table: "chunks_1",
  embedder: { id: "local:test", dimensions: 8 },
  chunker: { id: "recursive:700:120" },
  builtAt: "2025-01-01T00:00:00.000Z",
  chunkCount: 1,
  documents: [],
};

function createTarget(ready = true) {
  const { assistant } = createFakeAssistant();
  const app = createApp({
    retriever,
    assistant,
    getStatus: async () =>
      ready ? { ready, manifest } : { ready, reason: "no index", action: "npm run ingest" },
    logger: createLogger({ level: "silent" }),
    defaultK: 5,
  });
  return createHttpTarget({
    baseUrl: "http://eval.test/",
    fetch: async (input, init) => app.request(String(input), init),
  });
}

describe("the HTTP target against the real routes", () => {
  it("reads search results and answers through the API", async () => {
    const target = createTarget();
    expect(await target.search("Bishan enterprises", 10)).toEqual([
      { id: "c1", docId: "bishan-high-tech-zone", title: "Bishan", date: "2018", text: chunk.text },
    ]);
    const answer = await target.answer([{ role: "user", content: "Bishan output?" }]);
    expect(answer).toMatchObject({ answered: true, mode: "extractive", query: "Bishan output?" });
    expect(await target.describe()).toMatchObject({
      target: "http://eval.test",
      mode: "extractive",
      embedder: "local:test",
    });
  });

  it("reports a server error with its status instead of scoring garbage", async () => {
    const target = createTarget(false);
    await expect(target.search("", 10)).rejects.toThrow(/GET \/api\/search answered 400/);
    expect(await target.describe()).toMatchObject({ index: null, embedder: null });
  });
});
