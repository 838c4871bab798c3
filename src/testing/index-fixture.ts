/**
 * @module A real index over a copy of the seed corpus in a temporary folder, for tests that need
 * retrieval as it runs in production.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ingestCorpus } from "../adapters/lancedb/ingest-pipeline.ts";
import { createLanceRetriever, type LanceRetriever } from "../adapters/lancedb/lance-retriever.ts";
import { connectStore } from "../adapters/lancedb/lancedb.ts";
import { parseConfig } from "../config.ts";
import { createLocalEmbedder } from "../rag/embedder/index.ts";
import { copySeedCorpus, createTempDir } from "./corpus.ts";

/** The production defaults, so tests retrieve over the chunks users get. */
const DEFAULTS = parseConfig({});

/**
 * Builds the seed index in a temp folder, with `extraDocuments` (file name → text) added to the
 * copied corpus; `cleanup` removes it.
 */
export async function createSeedIndex({
  extraDocuments = {},
}: {
  extraDocuments?: Record<string, string>;
} = {}): Promise<{
  retriever: LanceRetriever;
  corpusDir: string;
  uri: string;
  cleanup: () => Promise<void>;
}> {
  const { dir, cleanup } = await createTempDir();
  const corpusDir = path.join(dir, "corpus");
  const uri = path.join(dir, "lancedb");
  await copySeedCorpus(corpusDir);
  for (const [name, text] of Object.entries(extraDocuments)) {
    await writeFile(path.join(corpusDir, name), text);
  }
  const embedder = createLocalEmbedder();
  await ingestCorpus({
    corpusDir,
    uri,
    embedder,
    chunker: { chunkSize: DEFAULTS.CHUNK_SIZE, chunkOverlap: DEFAULTS.CHUNK_OVERLAP },
    vectorIndexMinRows: 1_000_000,
  });
  const retriever = createLanceRetriever({
    db: await connectStore(uri),
    embedder,
    refreshSeconds: 60,
  });
  return { retriever, corpusDir, uri, cleanup };
}
