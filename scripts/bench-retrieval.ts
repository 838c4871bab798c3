/**
 * @module `npm run bench:retrieval`: prints search latency (p50/p95) on the seed corpus and on a
 * generated corpus of 100,000 chunks, and ingestion throughput. A benchmark, not a test: it
 * prints numbers and writes them to `data/bench-retrieval.json`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ingestCorpus } from "../src/adapters/lancedb/ingest-pipeline.ts";
import { createLanceRetriever } from "../src/adapters/lancedb/lance-retriever.ts";
import {
  connectStore,
  createChunkSchema,
  createTextIndex,
  ensureVectorIndex,
  readLexicon,
  readManifest,
  toChunkRow,
  writeLexicon,
  writeManifest,
} from "../src/adapters/lancedb/lancedb.ts";
import { createLocalEmbedder } from "../src/rag/embedder/index.ts";
import type { Chunk, Retriever } from "../src/rag/types.ts";
import { copySeedCorpus, createTempDir, writeGeneratedCorpus } from "../src/testing/corpus.ts";

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "100000" },
    queries: { type: "string", default: "200" },
    docs: { type: "string", default: "2000" },
  },
});
const LARGE_CHUNKS = Number(values.chunks);
const QUERY_COUNT = Number(values.queries);
const INGEST_DOCS = Number(values.docs);

const QUESTIONS = [
  "What was Bishan's industrial output in the first half of 2018?",
  "When was Chongqing High-tech Zone established?",
  "How many enterprises are in Bishan High-tech Zone?",
  "When do the Chongqing Development Zone Regulations take effect?",
  "How many laptops are made in the High-tech Zone?",
  "What is the planning area of the High-tech Zone?",
  "Xiyong Microelectronics Park output value 2020",
  "contact phone number for investment",
  "China-Europe Railway Express trains from Chongqing",
  "research institutes and key laboratories",
];

const embedder = createLocalEmbedder();
const chunker = { chunkSize: 700, chunkOverlap: 120 };

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function measure(retriever: Retriever, queries: string[]) {
  for (const query of queries.slice(0, 10)) await retriever.search(query, { k: 5 });
  const times: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    await retriever.search(query, { k: 5 });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { queries: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
}

function buildQueries(count: number, extra: (n: number) => string): string[] {
  return Array.from(
    { length: count },
    (_, n) => (n % 2 === 0 ? QUESTIONS[n % QUESTIONS.length] : extra(n)) ?? "",
  );
}

const TOPICS = ["logistics", "semiconductors", "biomedicine", "automotive", "software", "energy"];
function syntheticChunk(n: number): Chunk {
  const topic = TOPICS[n % TOPICS.length];
  const text =
    `Zone ${n % 5000} reported ${topic} output of ${(n * 7) % 997}.${n % 10} billion yuan in period ${n % 12}. ` +
    `The park hosts ${100 + ((n * 13) % 900)} enterprises and ${n % 50} research institutes, with investment ` +
    `in ${topic} growing ${n % 40}% over the previous year, according to report ${n}.`;
  const title = `Synthetic zone report ${Math.floor(n / 20)}`;
  return {
    id: `synthetic-${n}`,
    docId: `synthetic-${Math.floor(n / 20)}`,
    title,
    section: "",
    position: n % 20,
    text,
    context: `${title}\n\n${text}`,
    date: "undated",
    language: "en",
    sourceUrl: "",
  };
}

const { dir, cleanup } = await createTempDir("cq-bench-");
const results: Record<string, unknown> = { node: process.version, embedder: embedder.id };
try {
  const corpusDir = path.join(dir, "corpus");
  await copySeedCorpus(corpusDir);
  const seedUri = path.join(dir, "seed");
  await ingestCorpus({ corpusDir, uri: seedUri, embedder, chunker, vectorIndexMinRows: 50_000 });
  const seed = createLanceRetriever({
    db: await connectStore(seedUri),
    embedder,
    refreshSeconds: 60,
  });
  results.seedCorpus = await measure(
    seed,
    buildQueries(QUERY_COUNT, (n) => `${QUESTIONS[n % 10]} ${n}`),
  );
  console.log("seed corpus search:", results.seedCorpus);

  const ingestDir = path.join(dir, "generated");
  await writeGeneratedCorpus(ingestDir, INGEST_DOCS);
  const ingestStart = performance.now();
  const summary = await ingestCorpus({
    corpusDir: ingestDir,
    uri: path.join(dir, "ingest"),
    embedder,
    chunker,
    vectorIndexMinRows: 1_000_000,
  });
  const seconds = (performance.now() - ingestStart) / 1000;
  results.ingestion = {
    documents: summary.documents,
    chunks: summary.chunks,
    seconds: Number(seconds.toFixed(2)),
    chunksPerSecond: Math.round(summary.chunks / seconds),
  };
  console.log("ingestion:", results.ingestion);

  const largeUri = path.join(dir, "large");
  const db = await connectStore(largeUri);
  const table = await db.createEmptyTable("chunks_bench", createChunkSchema(embedder.dimensions));
  const buildStart = performance.now();
  for (let start = 0; start < LARGE_CHUNKS; start += 10_000) {
    const chunks = Array.from({ length: Math.min(10_000, LARGE_CHUNKS - start) }, (_, i) =>
      syntheticChunk(start + i),
    );
    const vectors = await embedder.embedDocuments(chunks.map((chunk) => chunk.context));
    await table.add(
      chunks.map((chunk, i) => toChunkRow(chunk, vectors[i] ?? [], "")) as unknown as Record<
        string,
        unknown
      >[],
    );
    process.stderr.write(`\rgenerated ${start + chunks.length}/${LARGE_CHUNKS} chunks`);
  }
  process.stderr.write("\n");
  await createTextIndex(table);
  const vectorIndexStart = performance.now();
  const indexed = await ensureVectorIndex(table, { minRows: 50_000 });
  const vectorIndexSeconds = (performance.now() - vectorIndexStart) / 1000;
  // The seed corpus's lexicon, so questions are prepared (expanded) as in production.
  const seedDb = await connectStore(seedUri);
  const seedLexicon = await readLexicon(seedDb, (await readManifest(seedDb))?.lexicon?.key ?? "");
  await writeManifest(db, {
    schemaVersion: 1,
    table: "chunks_bench",
    embedder: { id: embedder.id, dimensions: embedder.dimensions },
    chunker: { id: "synthetic" },
    builtAt: new Date().toISOString(),
    chunkCount: LARGE_CHUNKS,
    documents: [],
    lexicon: { key: await writeLexicon(db, seedLexicon), version: seedLexicon.version },
  });
  const large = createLanceRetriever({ db, embedder, refreshSeconds: 60 });
  results.largeCorpus = {
    chunks: LARGE_CHUNKS,
    buildSeconds: Number(((performance.now() - buildStart) / 1000).toFixed(1)),
    vectorIndex: indexed ? "IVF_HNSW_SQ (cosine)" : "none",
    vectorIndexSeconds: Number(vectorIndexSeconds.toFixed(1)),
    ...(await measure(
      large,
      buildQueries(QUERY_COUNT, (n) => `${TOPICS[n % 6]} output zone ${n * 37}`),
    )),
  };
  console.log("100k-chunk search:", results.largeCorpus);
} finally {
  await cleanup();
}

const goals = {
  seedP50Under5Ms: ((results.seedCorpus as { p50Ms: number }).p50Ms ?? Infinity) < 5,
  largeP95Under50Ms: ((results.largeCorpus as { p95Ms: number }).p95Ms ?? Infinity) < 50,
};
results.goals = goals;
await mkdir("data", { recursive: true });
await writeFile(path.join("data", "bench-retrieval.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log("goals:", goals);
console.log("written to data/bench-retrieval.json");
