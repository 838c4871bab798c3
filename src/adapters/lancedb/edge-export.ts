/**
 * @module Exports the current LanceDB index as an edge snapshot (`npm run build:edge`): the
 * manifest, every chunk with its vector in row order, and the BM25 index. Node-only; the Worker
 * reads the result.
 */
import type { Connection } from "@lancedb/lancedb";
import { createEdgeSnapshot, type EdgeSnapshot } from "../edge-index/snapshot.ts";
import type { VectorEncoding } from "../edge-index/vectors.ts";
import { readLexicon, readManifest, toChunk } from "./lancedb.ts";

/**
 * Reads the index that the manifest in `db` points at into a snapshot.
 * @throws Error when there is no index, saying what to run.
 */
export async function exportEdgeSnapshot({
  db,
  encoding = "float32",
}: {
  db: Connection;
  encoding?: VectorEncoding;
}): Promise<EdgeSnapshot> {
  const manifest = await readManifest(db);
  if (!manifest) throw new Error("There is no index to export: run `npm run ingest` first.");
  if (!manifest.lexicon) {
    throw new Error("The index has no corpus lexicon: run `npm run ingest` to add it.");
  }
  const lexicon = await readLexicon(db, manifest.lexicon.key);
  const table = await db.openTable(manifest.table);
  const expected = await table.countRows();
  const records = await table.query().limit(Math.max(expected, 1)).toArray();
  if (records.length !== expected) {
    throw new Error(`Read ${records.length} of ${expected} rows from ${manifest.table}; retry.`);
  }
  const rows = records.map((record) => ({
    chunk: toChunk(record),
    vector: Array.from(record.vector as Iterable<number>),
  }));
  return createEdgeSnapshot({ manifest, rows, lexicon, encoding });
}
