/**
 * @module A real index over a copy of the seed corpus in a temporary folder, for tests that need
 * retrieval as it runs in production.
 */
import path from "node:path";
import { ingestCorpus } from "../ingest/pipeline.ts";
import { createLocalEmbedder } from "../rag/embedder/index.ts";
import { createLanceRetriever, type LanceRetriever } from "../store/lance-retriever.ts";
import { connectStore } from "../store/lancedb.ts";
import { copySeedCorpus, createTempDir } from "./corpus.ts";

/** Builds the seed index in a temp folder; `cleanup` removes it. */
export async function createSeedIndex(): Promise<{
  retriever: LanceRetriever;
  corpusDir: string;
  uri: string;
  cleanup: () => Promise<void>;
}> {
  const { dir, cleanup } = await createTempDir();
  const corpusDir = path.join(dir, "corpus");
  const uri = path.join(dir, "lancedb");
  await copySeedCorpus(corpusDir);
  const embedder = createLocalEmbedder();
  await ingestCorpus({
    corpusDir,
    uri,
    embedder,
    chunker: { chunkSize: 700, chunkOverlap: 120 },
    vectorIndexMinRows: 1_000_000,
  });
  const retriever = createLanceRetriever({
    db: await connectStore(uri),
    embedder,
    refreshSeconds: 60,
  });
  return { retriever, corpusDir, uri, cleanup };
}
