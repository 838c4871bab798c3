/**
 * @module Reads an index version from LanceDB into the in-memory hybrid retriever the Worker also
 * runs: every chunk in row order (the order ties are broken by, as in LanceDB), the vectors into
 * one typed array, a BM25 index built with LanceDB's analyzer, and the lexicon the LanceDB path
 * already built for that version (shared, not built twice). Node-only.
 */
import type { Connection } from "@lancedb/lancedb";
import type { HybridTuning } from "../../rag/hybrid.ts";
import { buildBm25Index, createBm25Searcher } from "../../rag/lexical/bm25.ts";
import type { Lexicon } from "../../rag/lexicon/lexicon.ts";
import type { IndexManifest } from "../../rag/manifest.ts";
import type { Embedder } from "../../rag/types.ts";
import { createMemoryRetriever, type SnapshotRetriever } from "../edge-index/retriever.ts";
import { createVectorTable } from "../edge-index/vectors.ts";
import { toChunk } from "./lancedb.ts";

/**
 * Reads the chunk table `manifest` names and returns a retriever over it, prepared (vectors,
 * postings, chunk analyses) so its first search pays nothing.
 * @throws Error when the table cannot be read whole (e.g. dropped by a newer ingestion).
 */
export async function loadMemoryIndex({
  db,
  manifest,
  lexicon,
  embedder,
  candidates,
  tuning,
  onError,
}: {
  db: Connection;
  manifest: IndexManifest;
  lexicon: Lexicon;
  embedder: Embedder;
  candidates?: number | undefined;
  tuning?: HybridTuning | undefined;
  onError?: ((error: unknown, context: string) => void) | undefined;
}): Promise<SnapshotRetriever> {
  const table = await db.openTable(manifest.table);
  const expected = await table.countRows();
  const records = await table.query().limit(Math.max(expected, 1)).toArray();
  if (records.length !== expected) {
    throw new Error(`Read ${records.length} of ${expected} rows from ${manifest.table}.`);
  }
  const { dimensions } = manifest.embedder;
  const values = new Float32Array(records.length * dimensions);
  const chunks = records.map((record, row) => {
    const vector = record.vector as { toArray?: () => ArrayLike<number> } | ArrayLike<number>;
    const array = "toArray" in vector && vector.toArray ? vector.toArray() : vector;
    if ((array as ArrayLike<number>).length !== dimensions) {
      throw new Error(`Row ${row} of ${manifest.table} has no ${dimensions}-dimensional vector.`);
    }
    values.set(array as ArrayLike<number>, row * dimensions);
    return toChunk(record);
  });
  const retriever = createMemoryRetriever({
    manifest,
    chunks,
    embedder,
    prepare: () => ({
      vectors: createVectorTable(values, dimensions),
      lexical: createBm25Searcher(buildBm25Index(chunks.map((chunk) => chunk.context))),
      lexicon,
    }),
    ...(candidates === undefined ? {} : { candidates }),
    ...(tuning ? { tuning } : {}),
    ...(onError ? { onError } : {}),
  });
  const status = await retriever.load();
  if (!status.ready) throw new Error(status.reason);
  return retriever;
}
