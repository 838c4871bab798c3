/**
 * @module Ingestion: the only writer of the index. Loads and cleans the corpus, chunks it, embeds
 * only what is new, and commits the change to LanceDB atomically: readers see the previous index
 * or the new one, never half of it, and a killed run leaves the previous index serving.
 */
import type { Connection, Table } from "@lancedb/lancedb";
import {
  type ChunkerSettings,
  chunkDocument,
  getChunkerId,
  getChunkRowHash,
} from "../../ingest/chunk.ts";
import { buildCorpusLexicon, getLexiconVersion } from "../../ingest/lexicon/build.ts";
import { listCorpusFiles, loadCorpusFile } from "../../ingest/loaders/index.ts";
import { acquireIngestLock } from "../../ingest/lock.ts";
import type { IndexManifest, ManifestDocument } from "../../rag/manifest.ts";
import type { Chunk, Embedder, SourceDocument } from "../../rag/types.ts";
import {
  CHUNK_TABLE_PREFIX,
  type ChunkRow,
  connectStore,
  createChunkSchema,
  createTextIndex,
  ensureVectorIndex,
  pruneLexicons,
  readManifest,
  toChunkRow,
  writeLexicon,
  writeManifest,
} from "./lancedb.ts";

/** Progress reported while ingesting, for a terminal or a log. */
export type IngestProgress =
  | { phase: "load"; done: number; total: number; path: string }
  | { phase: "skip"; path: string; reason: string }
  | { phase: "embed"; done: number; total: number }
  | { phase: "write"; message: string };

export interface IngestOptions {
  corpusDir: string;
  uri: string;
  embedder: Embedder;
  chunker: ChunkerSettings;
  /** Rows from which an approximate vector index is built. */
  vectorIndexMinRows: number;
  /** Rebuild from scratch even when the index is compatible. */
  rebuild?: boolean;
  onProgress?: (event: IngestProgress) => void;
  /** Texts per embedding call. */
  embedBatchSize?: number;
}

export interface IngestSummary {
  documents: number;
  chunks: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  skipped: { path: string; reason: string }[];
  /** Whether a new table replaced the old one (first build, embedder or chunker change, --rebuild). */
  rebuilt: boolean;
  table: string;
  milliseconds: number;
}

/** Loads every corpus file, reporting the ones that cannot be used. */
export async function loadCorpus(
  corpusDir: string,
  onProgress?: (event: IngestProgress) => void,
): Promise<{ documents: SourceDocument[]; skipped: { path: string; reason: string }[] }> {
  const files = await listCorpusFiles(corpusDir);
  const documents: SourceDocument[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const ids = new Map<string, string>();
  for (const [index, file] of files.entries()) {
    onProgress?.({ phase: "load", done: index + 1, total: files.length, path: file });
    const outcome = await loadCorpusFile({ root: corpusDir, path: file });
    if (outcome.kind === "skipped") {
      skipped.push({ path: outcome.path, reason: outcome.reason });
      onProgress?.({ phase: "skip", path: outcome.path, reason: outcome.reason });
      continue;
    }
    const clash = ids.get(outcome.document.id);
    if (clash) {
      const reason = `its document id "${outcome.document.id}" is already used by ${clash}; rename one of them`;
      skipped.push({ path: file, reason });
      onProgress?.({ phase: "skip", path: file, reason });
      continue;
    }
    ids.set(outcome.document.id, file);
    documents.push(outcome.document);
  }
  return { documents, skipped };
}

async function embedInBatches(
  embedder: Embedder,
  texts: string[],
  batchSize: number,
  onProgress?: (event: IngestProgress) => void,
): Promise<number[][]> {
  const vectors: number[][] = [];
  onProgress?.({ phase: "embed", done: 0, total: texts.length });
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = await embedder.embedDocuments(texts.slice(start, start + batchSize));
    vectors.push(...batch);
    onProgress?.({ phase: "embed", done: vectors.length, total: texts.length });
  }
  return vectors;
}

function describeDocuments(documents: SourceDocument[], chunks: Chunk[]): ManifestDocument[] {
  const counts = new Map<string, number>();
  for (const chunk of chunks) counts.set(chunk.docId, (counts.get(chunk.docId) ?? 0) + 1);
  return documents.map((document) => ({
    id: document.id,
    path: document.path,
    title: document.title,
    date: document.date,
    dateApproximate: document.dateApproximate,
    publisher: document.publisher,
    language: document.language,
    sourceUrl: document.sourceUrl,
    chunks: counts.get(document.id) ?? 0,
  }));
}

function quoteIds(ids: readonly string[]): string {
  return ids.map((id) => `'${id.replaceAll("'", "''")}'`).join(", ");
}

/** Reads `id → row_hash` of every stored chunk. */
async function readStoredHashes(table: Table): Promise<Map<string, string>> {
  const rows = await table.query().select(["id", "row_hash"]).toArray();
  return new Map(rows.map((row) => [String(row.id), String(row.row_hash)]));
}

async function readStoredVectors(table: Table, ids: string[]): Promise<Map<string, number[]>> {
  const vectors = new Map<string, number[]>();
  for (let start = 0; start < ids.length; start += 500) {
    const batch = ids.slice(start, start + 500);
    const rows = await table
      .query()
      .where(`id IN (${quoteIds(batch)})`)
      .select(["id", "vector"])
      .toArray();
    for (const row of rows) vectors.set(String(row.id), Array.from(row.vector as Iterable<number>));
  }
  return vectors;
}

/**
 * The lexicon the new manifest points at: the previous one when the chunks did not change and it
 * was built the same way, else a new one built from every chunk and stored.
 */
async function prepareLexicon({
  db,
  chunks,
  previous,
  changed,
  onProgress,
}: {
  db: Connection;
  chunks: readonly Chunk[];
  previous: IndexManifest | undefined;
  changed: boolean;
  onProgress?: ((event: IngestProgress) => void) | undefined;
}): Promise<NonNullable<IndexManifest["lexicon"]>> {
  const version = getLexiconVersion();
  if (!changed && previous?.lexicon?.version === version) return previous.lexicon;
  onProgress?.({ phase: "write", message: "building the corpus lexicon (WordNet, CC-CEDICT)" });
  const lexicon = await buildCorpusLexicon(chunks);
  return { key: await writeLexicon(db, lexicon), version: lexicon.version };
}

async function dropStaleTables(db: Connection, keep: string): Promise<void> {
  for (const name of await db.tableNames()) {
    if (name.startsWith(CHUNK_TABLE_PREFIX) && name !== keep) await db.dropTable(name);
  }
}

/**
 * Brings the index in line with the corpus. Unchanged chunks keep their vectors; changed and new
 * chunks are embedded; chunks of changed or deleted documents disappear — all in one commit.
 * @throws when the corpus cannot be read, the embedder fails, or another ingestion holds the lock.
 */
export async function ingestCorpus(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const release = await acquireIngestLock(options.uri);
  try {
    return await ingestLocked(options, started);
  } finally {
    await release();
  }
}

async function ingestLocked(options: IngestOptions, started: number): Promise<IngestSummary> {
  const { embedder, onProgress } = options;
  const batchSize = options.embedBatchSize ?? 256;
  const { documents, skipped } = await loadCorpus(options.corpusDir, onProgress);
  const chunks = (
    await Promise.all(documents.map((document) => chunkDocument(document, options.chunker)))
  ).flat();
  const rowHashes = new Map(chunks.map((chunk) => [chunk.id, getChunkRowHash(chunk)]));

  const db = await connectStore(options.uri);
  const previous = await readManifest(db);
  const chunkerId = getChunkerId(options.chunker);
  const tableNames = await db.tableNames();
  const compatible =
    !options.rebuild &&
    previous !== undefined &&
    previous.embedder.id === embedder.id &&
    previous.chunker.id === chunkerId &&
    tableNames.includes(previous.table);

  const manifestFor = (
    table: string,
    lexicon: NonNullable<IndexManifest["lexicon"]>,
  ): IndexManifest => ({
    schemaVersion: 1,
    table,
    embedder: { id: embedder.id, dimensions: embedder.dimensions },
    chunker: { id: chunkerId },
    builtAt: new Date().toISOString(),
    chunkCount: chunks.length,
    documents: describeDocuments(documents, chunks),
    lexicon,
  });
  const base = { documents: documents.length, chunks: chunks.length, skipped };

  if (!compatible || !previous) {
    const vectors = await embedInBatches(
      embedder,
      chunks.map((chunk) => chunk.context),
      batchSize,
      onProgress,
    );
    const name = `${CHUNK_TABLE_PREFIX}${Date.now().toString(36)}`;
    onProgress?.({ phase: "write", message: `writing ${chunks.length} chunks to ${name}` });
    const rows = chunks.map((chunk, index) =>
      toChunkRow(chunk, vectors[index] ?? [], rowHashes.get(chunk.id) ?? ""),
    );
    const table = await db.createEmptyTable(name, createChunkSchema(embedder.dimensions));
    for (let start = 0; start < rows.length; start += 5000) {
      await table.add(rows.slice(start, start + 5000) as unknown as Record<string, unknown>[]);
    }
    onProgress?.({ phase: "write", message: "building the full-text and vector indexes" });
    await createTextIndex(table);
    await ensureVectorIndex(table, { minRows: options.vectorIndexMinRows });
    const lexicon = await prepareLexicon({ db, chunks, previous, changed: true, onProgress });
    await writeManifest(db, manifestFor(name, lexicon));
    await dropStaleTables(db, name);
    await pruneLexicons(db, lexicon.key);
    return {
      ...base,
      added: chunks.length,
      updated: 0,
      removed: 0,
      unchanged: 0,
      rebuilt: true,
      table: name,
      milliseconds: Math.round(performance.now() - started),
    };
  }

  const table = await db.openTable(previous.table);
  const stored = await readStoredHashes(table);
  const added = chunks.filter((chunk) => !stored.has(chunk.id));
  const updated = chunks.filter(
    (chunk) => stored.has(chunk.id) && stored.get(chunk.id) !== rowHashes.get(chunk.id),
  );
  const current = new Set(chunks.map((chunk) => chunk.id));
  const removed = [...stored.keys()].filter((id) => !current.has(id));

  const addedVectors = await embedInBatches(
    embedder,
    added.map((chunk) => chunk.context),
    batchSize,
    onProgress,
  );
  const reused = await readStoredVectors(
    table,
    updated.map((chunk) => chunk.id),
  );
  const rows: ChunkRow[] = [
    ...added.map((chunk, index) =>
      toChunkRow(chunk, addedVectors[index] ?? [], rowHashes.get(chunk.id) ?? ""),
    ),
    ...updated.map((chunk) =>
      toChunkRow(chunk, reused.get(chunk.id) ?? [], rowHashes.get(chunk.id) ?? ""),
    ),
  ];
  if (rows.length > 0 || removed.length > 0) {
    onProgress?.({
      phase: "write",
      message: `committing ${added.length} added, ${updated.length} updated, ${removed.length} removed`,
    });
    if (rows.length === 0) {
      await table.delete(`id IN (${quoteIds(removed)})`);
    } else {
      let merge = table.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll();
      if (removed.length > 0) {
        merge = merge.whenNotMatchedBySourceDelete({ where: `id IN (${quoteIds(removed)})` });
      }
      await merge.execute(rows as unknown as Record<string, unknown>[]);
    }
    await table.optimize();
    await ensureVectorIndex(table, { minRows: options.vectorIndexMinRows });
  }
  const lexicon = await prepareLexicon({
    db,
    chunks,
    previous,
    changed: rows.length > 0 || removed.length > 0,
    onProgress,
  });
  await writeManifest(db, manifestFor(previous.table, lexicon));
  await dropStaleTables(db, previous.table);
  await pruneLexicons(db, lexicon.key);
  return {
    ...base,
    added: added.length,
    updated: updated.length,
    removed: removed.length,
    unchanged: chunks.length - added.length - updated.length,
    rebuilt: false,
    table: previous.table,
    milliseconds: Math.round(performance.now() - started),
  };
}
