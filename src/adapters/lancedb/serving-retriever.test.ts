/**
 * The Node server's retriever: an index within the memory budget is served from memory with the
 * same results as LanceDB on both evaluation sets; a larger one from LanceDB; and a re-ingestion
 * while a real server answers a steady load switches to the new index with no failed request and
 * no empty answer.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvalCase, lastQuestion, loadEvalCases } from "../../../evals/schema.ts";
import { createApp } from "../../app/app.ts";
import { parseConfig } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { createAssistant } from "../../rag/answer/assistant.ts";
import { cacheAnswers, cacheSearches, getIndexVersion } from "../../rag/cache/index.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { startServer } from "../../testing/server.ts";
import { ingestCorpus } from "./ingest-pipeline.ts";
import { connectStore } from "./lancedb.ts";
import { createServingRetriever, estimateMemoryIndexMiB } from "./serving-retriever.ts";

const EVAL_SETS = ["dev", "holdout"].map((name) =>
  fileURLToPath(new URL(`../../../evals/${name}.jsonl`, import.meta.url)),
);
const queryOf = (evalCase: EvalCase) => evalCase.standaloneQuestion ?? lastQuestion(evalCase);
const DEFAULTS = parseConfig({});

let seed: Awaited<ReturnType<typeof createSeedIndex>>;

beforeAll(async () => {
  seed = await createSeedIndex();
});
afterAll(() => seed.cleanup());

async function createServing(memoryBudgetMiB: number, refreshSeconds = 60) {
  return createServingRetriever({
    db: await connectStore(seed.uri),
    embedder: createLocalEmbedder(),
    refreshSeconds,
    memoryBudgetMiB,
  });
}

describe("serving from memory or from LanceDB", () => {
  it("serves the seed index from memory with LanceDB's top 5 for every eval question", async () => {
    const memory = await createServing(DEFAULTS.MEMORY_INDEX_MB);
    const serving = await memory.refreshNow();
    expect(serving.path).toBe("memory");
    for (const file of EVAL_SETS) {
      const cases = await loadEvalCases(file);
      let identical = 0;
      let overlap = 0;
      let total = 0;
      const differences: string[] = [];
      for (const evalCase of cases) {
        const query = queryOf(evalCase);
        const [expected, actual] = await Promise.all([
          seed.retriever.search(query, { k: 5 }),
          memory.search(query, { k: 5 }),
        ]);
        const ids = expected.map((hit) => hit.chunk.id);
        const got = actual.map((hit) => hit.chunk.id);
        if (ids.join() === got.join()) identical++;
        // The same five passages; the order of two may differ where LanceDB's float32 distances
        // and the in-memory ones round a near-tie apart.
        if ([...ids].sort().join() !== [...got].sort().join()) {
          differences.push(`${evalCase.id}: ${ids.join()} ≠ ${got.join()}`);
        }
        overlap += got.filter((id) => ids.includes(id)).length;
        total += ids.length;
      }
      console.info(
        `${path.basename(file)}: identical top-5 lists ${identical}/${cases.length}, top-5 overlap ${overlap}/${total}`,
      );
      expect(cases.length).toBeGreaterThan(100);
      expect(differences).toEqual([]);
      // LanceDB's full-text scores are not the in-memory BM25's, so fused ranks differ a little:
      // measured, 2 of 158 held-out lists swap their 4th and 5th passages, 0.002 apart or tied.
      expect(identical / cases.length).toBeGreaterThanOrEqual(0.98);
    }
  });

  it("serves from LanceDB an index larger than the budget, and says why", async () => {
    const status = await seed.retriever.getStatus();
    if (!status.ready) throw new Error(status.reason);
    const estimate = estimateMemoryIndexMiB(status.manifest);
    expect(estimate).toBeGreaterThan(0);
    const lance = await createServing(estimate / 2);
    const serving = await lance.refreshNow();
    expect(serving).toMatchObject({ path: "lancedb", estimatedMiB: estimate });
    expect(serving.reason).toMatch(/exceeds MEMORY_INDEX_MB/);
    const hits = await lance.search("Bishan industrial output", { k: 5 });
    const expected = await seed.retriever.search("Bishan industrial output", { k: 5 });
    expect(hits.map((hit) => hit.chunk.id)).toEqual(expected.map((hit) => hit.chunk.id));
    await expect((await createServing(0)).refreshNow()).resolves.toMatchObject({ path: "lancedb" });
  });
});

describe("a re-ingestion while the server answers a steady load", () => {
  it("switches to the new index with no error and no empty answer", async () => {
    const serving = await createServing(DEFAULTS.MEMORY_INDEX_MB, 0.2);
    await serving.refreshNow();
    const before = getIndexVersion(await serving.getStatus());
    const getVersion = async () => getIndexVersion(await serving.getStatus());
    const retriever = cacheSearches({ retriever: serving, getVersion, maxEntries: 100 });
    const assistant = cacheAnswers({
      assistant: createAssistant({ retriever, k: DEFAULTS.ANSWER_K }),
      getVersion,
      maxEntries: 100,
    });
    const app = createApp({
      retriever,
      assistant,
      getStatus: () => serving.getStatus(),
      getServing: () => serving.getServing(),
      logger: createLogger({ level: "silent" }),
      defaultK: 5,
    });
    const server = await startServer(app.fetch);
    const questions = (await loadEvalCases(EVAL_SETS[0] ?? ""))
      .filter((evalCase) => evalCase.keyFacts.length > 0 && evalCase.messages.length === 1)
      .map(queryOf);
    const failures: string[] = [];
    let requests = 0;
    let running = true;
    const worker = async (offset: number) => {
      for (let turn = offset; running; turn += 4) {
        const question = questions[turn % questions.length] ?? "Bishan";
        try {
          const search = await fetch(
            `${server.url}/api/search?q=${encodeURIComponent(question)}&k=5`,
          );
          const found = (await search.json()) as { results?: unknown[] };
          if (search.status !== 200 || !found.results?.length) {
            failures.push(`search ${search.status} ${found.results?.length}: ${question}`);
          }
          const chat = await fetch(`${server.url}/api/chat`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messages: [{ role: "user", content: question }] }),
          });
          const answer = (await chat.json()) as { answer?: string };
          if (chat.status !== 200 || !answer.answer?.trim()) {
            failures.push(`chat ${chat.status}: ${question}`);
          }
          requests += 2;
        } catch (error) {
          failures.push(`${(error as Error).message}: ${question}`);
        }
      }
    };
    const load = [0, 1, 2, 3].map(worker);
    try {
      // A new document, then the same ingestion `npm run ingest` runs, into the live index.
      await writeFile(
        path.join(seed.corpusDir, "zorblax-park.txt"),
        [
          "Zorblax Park Investment Guide",
          "",
          "Zorblax Park offers investors a quokka-themed incubator with 300 square metres of free office space for the first two years.",
          "Companies that settle in Zorblax Park receive help with registration, customs and recruitment from a dedicated service team.",
          "The park is served by two metro lines and a logistics hub that handles rail freight to Europe.",
        ].join("\n"),
      );
      await writeFile(
        path.join(seed.corpusDir, "zorblax-park.txt.meta.json"),
        JSON.stringify({ title: "Zorblax Park", date: "2024", language: "en" }),
      );
      const requestsBefore = requests;
      const summary = await ingestCorpus({
        corpusDir: seed.corpusDir,
        uri: seed.uri,
        embedder: createLocalEmbedder(),
        chunker: { chunkSize: DEFAULTS.CHUNK_SIZE, chunkOverlap: DEFAULTS.CHUNK_OVERLAP },
        vectorIndexMinRows: 1_000_000,
      });
      expect(summary.skipped).toEqual([]);
      const deadline = Date.now() + 20_000;
      let ready: { serving?: { path: string }; index?: { documents: number } } = {};
      while (Date.now() < deadline) {
        ready = await (await fetch(`${server.url}/readyz`)).json();
        if (ready.index?.documents === 6) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      running = false;
      await Promise.all(load);
      expect(ready).toMatchObject({ index: { documents: 6 }, serving: { path: "memory" } });
      expect(getIndexVersion(await serving.getStatus())).not.toBe(before);
      expect(requests - requestsBefore).toBeGreaterThan(20);
      const found = await (await fetch(`${server.url}/api/search?q=zorblax%20quokka&k=1`)).json();
      expect(found.results[0].docId).toBe("zorblax-park");
      expect(failures).toEqual([]);
    } finally {
      running = false;
      await Promise.all(load);
      await server.close();
    }
  }, 120_000);
});
