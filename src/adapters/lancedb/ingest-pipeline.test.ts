import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IngestBusyError } from "../../ingest/lock.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import type { Embedder } from "../../rag/types.ts";
import { copySeedCorpus, createTempDir } from "../../testing/corpus.ts";
import { type IngestOptions, ingestCorpus } from "./ingest-pipeline.ts";
import { createLanceRetriever } from "./lance-retriever.ts";
import { connectStore, readManifest } from "./lancedb.ts";

let dir: string;
let cleanup: () => Promise<void>;
let corpusDir: string;
let uri: string;

const embedder = createLocalEmbedder();
const options = (overrides: Partial<IngestOptions> = {}): IngestOptions => ({
  corpusDir,
  uri,
  embedder,
  chunker: { chunkSize: 700, chunkOverlap: 120 },
  vectorIndexMinRows: 1_000_000,
  ...overrides,
});

async function openRetriever(withEmbedder: Embedder = embedder) {
  return createLanceRetriever({
    db: await connectStore(uri),
    embedder: withEmbedder,
    refreshSeconds: 0,
  });
}

async function chunkIdsByDoc(): Promise<Map<string, string[]>> {
  const db = await connectStore(uri);
  const manifest = await readManifest(db);
  if (!manifest) throw new Error("no manifest");
  const rows = await (await db.openTable(manifest.table))
    .query()
    .select(["id", "doc_id"])
    .toArray();
  const byDoc = new Map<string, string[]>();
  for (const row of rows) byDoc.set(row.doc_id, [...(byDoc.get(row.doc_id) ?? []), row.id].sort());
  return byDoc;
}

beforeEach(async () => {
  ({ dir, cleanup } = await createTempDir());
  corpusDir = path.join(dir, "corpus");
  uri = path.join(dir, "lancedb");
  await copySeedCorpus(corpusDir);
});
afterEach(() => cleanup());

describe("ingestCorpus", () => {
  it("builds an index that round-trips through hybrid search", async () => {
    const summary = await ingestCorpus(options());
    expect(summary).toMatchObject({ documents: 5, rebuilt: true, removed: 0, skipped: [] });
    expect(summary.added).toBe(summary.chunks);
    expect(summary.chunks).toBeGreaterThan(10);

    const manifest = await readManifest(await connectStore(uri));
    expect(manifest?.embedder).toEqual({ id: embedder.id, dimensions: embedder.dimensions });
    expect(manifest?.chunker.id).toBe("recursive-v2:700/120");
    expect(manifest?.documents.map((doc) => doc.id).sort()).toEqual([
      "bishan-high-tech-zone",
      "central-urban-areas-high-quality-development",
      "chongqing-high-tech-zone-overview",
      "development-zone-regulations-2025",
      "high-tech-zone-processing-trade-park",
    ]);

    const retriever = await openRetriever();
    const hits = await retriever.search(
      "total industrial output value of Bishan in the first half of 2018",
      { k: 3 },
    );
    expect(hits[0]?.chunk.docId).toBe("bishan-high-tech-zone");
    expect(hits[0]?.chunk.text).toContain("32.34 billion yuan");
    expect(hits[0]?.ranks.vector).toBeDefined();
    expect(hits[0]?.ranks.text).toBeDefined();
  });

  it("changes nothing when the corpus did not change", async () => {
    const first = await ingestCorpus(options());
    const before = await chunkIdsByDoc();
    const second = await ingestCorpus(options());
    expect(second).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      rebuilt: false,
      table: first.table,
    });
    expect(second.unchanged).toBe(first.chunks);
    expect(await chunkIdsByDoc()).toEqual(before);
  });

  it("re-embeds only the chunks of an edited document", async () => {
    await ingestCorpus(options());
    const before = await chunkIdsByDoc();
    const embedded: string[] = [];
    const counting: Embedder = {
      ...embedder,
      id: embedder.id,
      dimensions: embedder.dimensions,
      embedQuery: (text) => embedder.embedQuery(text),
      embedDocuments: async (texts) => {
        embedded.push(...texts);
        return embedder.embedDocuments(texts);
      },
    };
    const file = path.join(corpusDir, "development-zone-regulations-2025.txt");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("34 municipal development zones", "35 municipal development zones"),
    );

    const summary = await ingestCorpus(options({ embedder: counting }));
    expect(summary.added).toBeGreaterThan(0);
    expect(summary.removed).toBe(summary.added);
    expect(embedded).toHaveLength(summary.added);
    expect(embedded.every((context) => context.includes("Development Zone Regulations"))).toBe(
      true,
    );

    const after = await chunkIdsByDoc();
    for (const [docId, ids] of before) {
      if (docId === "development-zone-regulations-2025") expect(after.get(docId)).not.toEqual(ids);
      else expect(after.get(docId)).toEqual(ids);
    }
    const hits = await (await openRetriever()).search("how many municipal development zones", {
      k: 3,
    });
    expect(hits.some((hit) => hit.chunk.text.includes("35 municipal development zones"))).toBe(
      true,
    );
    expect(hits.some((hit) => hit.chunk.text.includes("34 municipal development zones"))).toBe(
      false,
    );
  });

  it("removes the chunks of a deleted document", async () => {
    await ingestCorpus(options());
    const before = await chunkIdsByDoc();
    await rm(path.join(corpusDir, "bishan-high-tech-zone.txt"));
    await rm(path.join(corpusDir, "bishan-high-tech-zone.txt.meta.json"));
    const summary = await ingestCorpus(options());
    expect(summary.removed).toBe(before.get("bishan-high-tech-zone")?.length);
    expect(summary).toMatchObject({ added: 0, documents: 4 });
    expect((await chunkIdsByDoc()).has("bishan-high-tech-zone")).toBe(false);
    const hits = await (await openRetriever()).search("Bishan", {
      k: 5,
      docIds: ["bishan-high-tech-zone"],
    });
    expect(hits).toEqual([]);
  });

  it("skips unusable files with a reason and indexes the rest", async () => {
    await writeFile(path.join(corpusDir, "scan.txt"), Buffer.from([0x00, 0xff, 0x10, 0x00, 0x89]));
    await writeFile(path.join(corpusDir, "empty.md"), "");
    await writeFile(path.join(corpusDir, "notes.docx"), "PK\u0003\u0004");
    const summary = await ingestCorpus(options());
    expect(summary.documents).toBe(5);
    expect(summary.skipped.map((skip) => skip.path).sort()).toEqual([
      "empty.md",
      "notes.docx",
      "scan.txt",
    ]);
    for (const skip of summary.skipped) expect(skip.reason.length).toBeGreaterThan(5);
  });

  it("refuses to serve an index built by another embedder until re-ingested", async () => {
    await ingestCorpus(options());
    const other = createLocalEmbedder({ dimensions: 256 });
    const retriever = await openRetriever(other);
    const status = await retriever.getStatus();
    expect(status.ready).toBe(false);
    if (!status.ready) {
      expect(status.reason).toContain(embedder.id);
      expect(status.action).toContain("npm run ingest");
    }
    await expect(retriever.search("Bishan")).rejects.toThrow(/npm run ingest/);

    const summary = await ingestCorpus(options({ embedder: other }));
    expect(summary.rebuilt).toBe(true);
    expect((await retriever.getStatus()).ready).toBe(true);
    expect((await retriever.search("Bishan", { k: 1 }))[0]?.chunk.docId).toBe(
      "bishan-high-tech-zone",
    );
  });

  it("lets only one of two simultaneous ingestions write", async () => {
    await ingestCorpus(options());
    await appendFile(
      path.join(corpusDir, "bishan-high-tech-zone.txt"),
      "\n\nA new paragraph about Bishan.\n",
    );
    const results = await Promise.allSettled([ingestCorpus(options()), ingestCorpus(options())]);
    const failed = results.filter((result) => result.status === "rejected");
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(IngestBusyError);
    const again = await ingestCorpus(options());
    expect(again).toMatchObject({ added: 0, removed: 0, updated: 0 });
  });
});

describe("hybrid search on hostile input", () => {
  it("returns results or an empty list, never throws", async () => {
    await ingestCorpus(options());
    const retriever = await openRetriever();
    const queries = [
      '"unbalanced quote',
      'AND OR NOT ( ) [ ] { } ^ ~ * ? : \\ / "',
      "Bishan' OR 1=1; DROP TABLE chunks; --",
      "🚀🏭💴 investment?",
      "璧山高新区2018年上半年工业总产值是多少？",
      "x".repeat(5000),
      Array.from({ length: 5000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join(""),
      "\u0000\u0001\u0002 null bytes",
      '"32.34 billion yuan"',
      "   ",
    ];
    for (const query of queries) {
      const hits = await retriever.search(query, { k: 5 });
      expect(Array.isArray(hits)).toBe(true);
    }
    const phrase = await retriever.search('"32.34 billion yuan"', { k: 1 });
    expect(phrase[0]?.chunk.text).toContain("32.34 billion yuan");
  });
});
