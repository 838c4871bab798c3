/**
 * Parity of the edge retriever (what the Worker runs) with the LanceDB retriever (what Node runs)
 * on the development set: the same top result, the same full-text scores, the same key facts in
 * offline answers. Both read one index: the edge side through a snapshot exported from it.
 */
import { fileURLToPath } from "node:url";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasKeyFact } from "../../../evals/metrics/answer.ts";
import { type EvalCase, lastQuestion, loadEvalCases } from "../../../evals/schema.ts";
import { createAssistant } from "../../rag/answer/assistant.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import { createBm25Searcher } from "../../rag/lexical/bm25.ts";
import { toTextQuery } from "../../rag/lexical/text-query.ts";
import { prepareQuery } from "../../rag/question/query.ts";
import type { Retriever } from "../../rag/types.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { exportEdgeSnapshot } from "../lancedb/edge-export.ts";
import type { LanceRetriever } from "../lancedb/lance-retriever.ts";
import { buildTextQuery, connectStore, readManifest } from "../lancedb/lancedb.ts";
import { createEdgeRetriever } from "./retriever.ts";
import { type EdgeSnapshot, parseEdgeSnapshot } from "./snapshot.ts";

const DEV_SET = fileURLToPath(new URL("../../../evals/dev.jsonl", import.meta.url));
const queryOf = (evalCase: EvalCase) => evalCase.standaloneQuestion ?? lastQuestion(evalCase);

let seed: Awaited<ReturnType<typeof createSeedIndex>>;
let node: LanceRetriever;
let snapshot: EdgeSnapshot;
let cases: EvalCase[];

beforeAll(async () => {
  seed = await createSeedIndex();
  node = seed.retriever;
  // Through JSON, as the Worker receives it.
  const db = await connectStore(seed.uri);
  snapshot = parseEdgeSnapshot(JSON.stringify(await exportEdgeSnapshot({ db })));
  cases = await loadEvalCases(DEV_SET);
});
afterAll(() => seed.cleanup());

async function compareTopResults(edge: Retriever) {
  const misses: string[] = [];
  let sameLists = 0;
  for (const evalCase of cases) {
    const [expected, actual] = await Promise.all([
      node.search(queryOf(evalCase), { k: 5 }),
      edge.search(queryOf(evalCase), { k: 5 }),
    ]);
    const ids = (hits: typeof expected) => hits.map((hit) => hit.chunk.id).join(",");
    if (ids(expected) === ids(actual)) sameLists++;
    if (expected[0]?.chunk.id !== actual[0]?.chunk.id) {
      misses.push(`${evalCase.id}: ${expected[0]?.chunk.id} ≠ ${actual[0]?.chunk.id}`);
    }
  }
  return { rate: (cases.length - misses.length) / cases.length, sameLists, misses };
}

describe("edge retriever parity with LanceDB on the development set", () => {
  it("returns Node's top result for at least 95% of questions (float32 vectors)", async () => {
    const edge = createEdgeRetriever({ snapshot, embedder: createLocalEmbedder() });
    const { rate, sameLists, misses } = await compareTopResults(edge);
    console.info(
      `edge top-1 parity (float32) ${rate.toFixed(3)} over ${cases.length} questions; identical top-5 lists ${sameLists}/${cases.length}`,
    );
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(rate, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps that parity with int8-quantised vectors", async () => {
    const db = await connectStore(seed.uri);
    const int8 = await exportEdgeSnapshot({ db, encoding: "int8" });
    const edge = createEdgeRetriever({ snapshot: int8, embedder: createLocalEmbedder() });
    const { rate, sameLists, misses } = await compareTopResults(edge);
    console.info(
      `edge top-1 parity (int8) ${rate.toFixed(3)}; identical top-5 lists ${sameLists}/${cases.length}; vectors ${int8.vectors.data.length} vs ${snapshot.vectors.data.length} base64 chars`,
    );
    expect(rate, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("scores full-text matches as LanceDB's BM25 index does, related wordings boosted", async () => {
    const db = await connectStore(seed.uri);
    const manifest = await readManifest(db);
    const table = await db.openTable(manifest?.table ?? "");
    const searcher = createBm25Searcher(snapshot.lexical);
    const rowOf = new Map(snapshot.chunks.map((chunk, row) => [chunk.id, row]));
    const lexicon = await node.getLexicon();
    let largest = 0;
    let boosted = 0;
    for (const evalCase of cases) {
      const parsed = toTextQuery(prepareQuery(queryOf(evalCase), lexicon).fullText);
      const fullText = parsed && buildTextQuery(parsed);
      if (!fullText || !parsed) continue;
      if ((parsed.related?.length ?? 0) > 0) boosted++;
      const rows = await table
        .query()
        .fullTextSearch(fullText)
        .select(["id", "_score"])
        .limit(1000)
        .toArray();
      const ours = searcher.search(parsed, {
        limit: 1000,
        getText: (row) => snapshot.chunks[row]?.context ?? "",
      });
      const scores = new Map(ours.map((hit) => [hit.document, hit.score]));
      expect(ours.length, evalCase.id).toBe(rows.length);
      for (const row of rows) {
        const score = scores.get(rowOf.get(String(row.id)) ?? -1);
        expect(score, `${evalCase.id}: ${row.id}`).toBeDefined();
        largest = Math.max(largest, Math.abs((score ?? 0) - Number(row._score)));
      }
    }
    // LanceDB scores in 32-bit floats.
    expect(largest).toBeLessThan(1e-3);
    expect(boosted).toBeGreaterThan(cases.length / 2);
  });

  it("finds what LanceDB finds for every word of the corpus (tokenizing, stemming, stop words)", async () => {
    const db = await connectStore(seed.uri);
    const table = await db.openTable((await readManifest(db))?.table ?? "");
    const searcher = createBm25Searcher(snapshot.lexical);
    const words = new Set(
      snapshot.chunks.flatMap((chunk) => chunk.context.match(/[\p{Alphabetic}\p{N}]+/gu) ?? []),
    );
    const differences: string[] = [];
    for (const word of words) {
      const rows = await table
        .query()
        .fullTextSearch(new lancedb.MatchQuery(word, "context"))
        .select(["id", "_score"])
        .limit(1000)
        .toArray();
      const ours = searcher.search({ terms: word, phrases: [] }, { limit: 1000 });
      if (rows.length !== ours.length) differences.push(`${word}: ${rows.length} ≠ ${ours.length}`);
    }
    expect(words.size).toBeGreaterThan(1000);
    expect(differences).toEqual([]);
  });

  it("gives offline answers with the same key facts", async () => {
    const onNode = createAssistant({ retriever: node, k: 6 });
    const onEdge = createAssistant({
      retriever: createEdgeRetriever({ snapshot, embedder: createLocalEmbedder() }),
      k: 6,
    });
    const answerable = cases.filter((evalCase) => evalCase.keyFacts.length > 0);
    const differences: string[] = [];
    for (const evalCase of answerable) {
      const [expected, actual] = await Promise.all([
        onNode.answer(evalCase.messages),
        onEdge.answer(evalCase.messages),
      ]);
      const facts = (answer: string) =>
        evalCase.keyFacts.map((fact) => hasKeyFact(answer, fact)).join(",");
      if (
        facts(expected.answer) !== facts(actual.answer) ||
        expected.answered !== actual.answered
      ) {
        differences.push(`${evalCase.id}:\n  node: ${expected.answer}\n  edge: ${actual.answer}`);
      }
    }
    console.info(
      `offline answers with the same key facts: ${answerable.length - differences.length}/${answerable.length}`,
    );
    expect(differences.length / answerable.length, differences.join("\n")).toBeLessThanOrEqual(
      0.05,
    );
  });
});
