/**
 * @module The Node composition root's parts, shared by the server and the scripts: config in,
 * embedder, store connection and ingestion options out.
 */
import type { Connection } from "@lancedb/lancedb";
import type { IngestOptions } from "../../adapters/lancedb/ingest-pipeline.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import { buildAssistant, createEmbedder } from "../../compose.ts";
import { type Config, getEmbedderSettings, isLlmEnabled } from "../../config.ts";
import type { Assistant } from "../../rag/answer/types.ts";
import { resolveDimensions } from "../../rag/embedder/index.ts";
import type { Embedder, Retriever } from "../../rag/types.ts";
import { loadPrompts } from "./prompts.ts";

export interface NodeContext {
  config: Config;
  embedder: Embedder;
  db: Connection;
  ingestOptions: Omit<IngestOptions, "onProgress">;
}

/** Wires the embedder, the store and the ingestion settings from the config. */
export async function createNodeContext(config: Config): Promise<NodeContext> {
  const embedder = createEmbedder(getEmbedderSettings(config));
  // An OpenAI-compatible model of unknown width reports it on its first call.
  if (embedder.dimensions === 0) await resolveDimensions(embedder);
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

/**
 * Wires the answering pipeline through `buildAssistant`, reading the prompt files only in LLM mode
 * (when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set).
 */
export async function createNodeAssistant({
  config,
  retriever,
  onFallback,
}: {
  config: Config;
  retriever: Retriever;
  onFallback?: (reason: string, error: unknown) => void;
}): Promise<Assistant> {
  const prompts = isLlmEnabled(config) ? await loadPrompts() : undefined;
  return buildAssistant(config, { retriever, prompts, onFallback });
}
