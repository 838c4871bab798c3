/**
 * @module The Node composition root's parts, shared by the server and the scripts: config in,
 * embedder, store connection and ingestion options out.
 */
import type { Connection } from "@lancedb/lancedb";
import { type Config, getEmbedderSettings } from "../config.ts";
import type { IngestOptions } from "../ingest/pipeline.ts";
import { createEmbedder } from "../rag/embedder/index.ts";
import type { Embedder } from "../rag/types.ts";
import { connectStore } from "../store/lancedb.ts";

export interface NodeContext {
  config: Config;
  embedder: Embedder;
  db: Connection;
  ingestOptions: Omit<IngestOptions, "onProgress">;
}

/** Wires the embedder, the store and the ingestion settings from the config. */
export async function createNodeContext(config: Config): Promise<NodeContext> {
  const embedder = createEmbedder(getEmbedderSettings(config));
  const db = await connectStore(config.LANCEDB_URI, {
    readConsistencySeconds: config.INDEX_REFRESH_SECONDS,
  });
  return {
    config,
    embedder,
    db,
    ingestOptions: {
      corpusDir: config.CORPUS_DIR,
      uri: config.LANCEDB_URI,
      embedder,
      chunker: { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP },
      vectorIndexMinRows: config.VECTOR_INDEX_MIN_ROWS,
    },
  };
}
