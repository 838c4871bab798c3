/**
 * @module LanceDB adapter: the chunk table (vectors plus a positional full-text index), the
 * manifest that says which table is current and how it was built, and hybrid search over both.
 * Node-only (LanceDB is a native addon); the edge runtime reads an exported snapshot instead.
 */
import { createHash } from "node:crypto";
import * as lancedb from "@lancedb/lancedb";
import { Bool, Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from "apache-arrow";
import { FULL_TEXT_ANALYZER } from "../../rag/lexical/analyzer.ts";
import { parseTextQuery, type TextQuery } from "../../rag/lexical/text-query.ts";
import { type CorpusLexicon, parseCorpusLexicon } from "../../rag/lexicon/profile.ts";
import { IndexManifest } from "../../rag/manifest.ts";
import type { Chunk } from "../../rag/types.ts";

const MANIFEST_TABLE = "manifest";
/** Corpus lexicons by content key; the manifest names the current one. */
const LEXICON_TABLE = "lexicons";
const MANIFEST_KEY = "current";
/** Chunk tables are named `chunks_<suffix>`; the manifest names the live one. */
export const CHUNK_TABLE_PREFIX = "chunks_";

/** A chunk as stored: snake_case columns, the vector and a hash that tells updates apart. */
export interface ChunkRow {
  id: string;
  doc_id: string;
  title: string;
  section: string;
  position: number;
  text: string;
  context: string;
  date: string;
  language: string;
  source_url: string;
  publisher: string;
  date_approximate: boolean;
  title_zh: string;
  row_hash: string;
  vector: number[];
}

/** Arrow schema of a chunk table for the given vector width. */
export function createChunkSchema(dimensions: number): Schema {
  return new Schema([
    new Field("id", new Utf8(), false),
    new Field("doc_id", new Utf8(), false),
    new Field("title", new Utf8(), false),
    new Field("section", new Utf8(), false),
    new Field("position", new Int32(), false),
    new Field("text", new Utf8(), false),
    new Field("context", new Utf8(), false),
    new Field("date", new Utf8(), false),
    new Field("language", new Utf8(), false),
    new Field("source_url", new Utf8(), false),
    new Field("publisher", new Utf8(), false),
    new Field("date_approximate", new Bool(), false),
    new Field("title_zh", new Utf8(), false),
    new Field("row_hash", new Utf8(), false),
    new Field(
      "vector",
      new FixedSizeList(dimensions, new Field("item", new Float32(), true)),
      false,
    ),
  ]);
}

const manifestSchema = new Schema([
  new Field("key", new Utf8(), false),
  new Field("json", new Utf8(), false),
]);

/** Converts a stored row back to the domain chunk. */
export function toChunk(row: Record<string, unknown>): Chunk {
  return {
    id: String(row.id),
    docId: String(row.doc_id),
    title: String(row.title),
    section: String(row.section ?? ""),
    position: Number(row.position),
    text: String(row.text),
    context: String(row.context),
    date: String(row.date ?? "undated"),
    language: String(row.language ?? "en"),
    sourceUrl: String(row.source_url ?? ""),
    ...(typeof row.publisher === "string" && row.publisher ? { publisher: row.publisher } : {}),
    ...(typeof row.date_approximate === "boolean" ? { dateApproximate: row.date_approximate } : {}),
    ...(typeof row.title_zh === "string" && row.title_zh ? { titleZh: row.title_zh } : {}),
  };
}

/** Builds the stored row for a chunk. */
export function toChunkRow(chunk: Chunk, vector: number[], rowHash: string): ChunkRow {
  return {
    id: chunk.id,
    doc_id: chunk.docId,
    title: chunk.title,
    section: chunk.section,
    position: chunk.position,
    text: chunk.text,
    context: chunk.context,
    date: chunk.date,
    language: chunk.language,
    source_url: chunk.sourceUrl,
    publisher: chunk.publisher ?? "",
    date_approximate: chunk.dateApproximate ?? false,
    title_zh: chunk.titleZh ?? "",
    row_hash: rowHash,
    vector,
  };
}

/** Opens (or lazily creates, on first write) the store at a LanceDB URI. */
export async function connectStore(
  uri: string,
  options: {
    readConsistencySeconds?: number;
    /**
     * Bounds of LanceDB's caches (default 6 GiB of index data and 1 GiB of metadata). Metadata
     * is kept per table version, so a table written thousands of times (the question log under a
     * WeChat burst) fills it unless it is bounded.
     */
    cacheMiB?: { index: number; metadata: number };
  } = {},
): Promise<lancedb.Connection> {
  const { cacheMiB } = options;
  const session = cacheMiB
    ? new lancedb.Session(BigInt(cacheMiB.index * 2 ** 20), BigInt(cacheMiB.metadata * 2 ** 20))
    : undefined;
  return lancedb.connect(uri, { readConsistencyInterval: options.readConsistencySeconds }, session);
}

/** Reads the manifest, or `undefined` when no index was ever committed. */
export async function readManifest(db: lancedb.Connection): Promise<IndexManifest | undefined> {
  const names = await db.tableNames();
  if (!names.includes(MANIFEST_TABLE)) return undefined;
  const table = await db.openTable(MANIFEST_TABLE);
  const rows = await table.query().where(`key = '${MANIFEST_KEY}'`).limit(1).toArray();
  const json = rows[0]?.json;
  if (typeof json !== "string") return undefined;
  const parsed = IndexManifest.safeParse(JSON.parse(json));
  if (!parsed.success) {
    throw new Error(
      `The index manifest is unreadable (${parsed.error.issues[0]?.message}); run \`npm run ingest -- --rebuild\`.`,
    );
  }
  return parsed.data;
}

/** Atomically replaces the manifest: one LanceDB commit, so readers see the old or the new. */
export async function writeManifest(
  db: lancedb.Connection,
  manifest: IndexManifest,
): Promise<void> {
  const row = { key: MANIFEST_KEY, json: JSON.stringify(manifest) };
  const names = await db.tableNames();
  if (!names.includes(MANIFEST_TABLE)) {
    await db.createTable(MANIFEST_TABLE, [row], { schema: manifestSchema, existOk: true });
    return;
  }
  const table = await db.openTable(MANIFEST_TABLE);
  await table.mergeInsert("key").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([row]);
}

/** Stores a corpus lexicon under a key derived from its content; returns the key. */
export async function writeLexicon(
  db: lancedb.Connection,
  lexicon: CorpusLexicon,
): Promise<string> {
  const json = JSON.stringify(lexicon);
  const key = createHash("sha256").update(json).digest("hex").slice(0, 24);
  const row = { key, json };
  const names = await db.tableNames();
  if (!names.includes(LEXICON_TABLE)) {
    await db.createTable(LEXICON_TABLE, [row], { schema: manifestSchema, existOk: true });
    return key;
  }
  const table = await db.openTable(LEXICON_TABLE);
  await table.mergeInsert("key").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([row]);
  return key;
}

/** Drops every stored lexicon but `keep` (after the manifest points at it). */
export async function pruneLexicons(db: lancedb.Connection, keep: string): Promise<void> {
  if (!(await db.tableNames()).includes(LEXICON_TABLE)) return;
  const table = await db.openTable(LEXICON_TABLE);
  await table.delete(`key <> ${quoteSql(keep)}`);
}

/**
 * Reads a stored lexicon.
 * @throws when it is missing or unreadable, saying to re-run ingestion.
 */
export async function readLexicon(db: lancedb.Connection, key: string): Promise<CorpusLexicon> {
  const fail = (why: string) =>
    new Error(`The corpus lexicon ${key} ${why}; run \`npm run ingest\`.`);
  if (!(await db.tableNames()).includes(LEXICON_TABLE)) throw fail("is missing");
  const table = await db.openTable(LEXICON_TABLE);
  const rows = await table
    .query()
    .where(`key = ${quoteSql(key)}`)
    .limit(1)
    .toArray();
  const json = rows[0]?.json;
  if (typeof json !== "string") throw fail("is missing");
  return parseCorpusLexicon(json, fail);
}

/** Creates the full-text index on the chunk context, with positions so quoted phrases work. */
export async function createTextIndex(table: lancedb.Table): Promise<void> {
  await table.createIndex("context", {
    config: lancedb.Index.fts({ withPosition: true, ...FULL_TEXT_ANALYZER }),
    replace: true,
  });
}

/**
 * Creates an approximate vector index once the table is large enough for it to pay off;
 * below that, exact search is both faster and exact.
 */
export async function ensureVectorIndex(
  table: lancedb.Table,
  { minRows }: { minRows: number },
): Promise<boolean> {
  const rows = await table.countRows();
  if (rows < minRows) return false;
  const indices = await table.listIndices();
  if (indices.some((index) => index.columns.includes("vector"))) return false;
  await table.createIndex("vector", {
    config: lancedb.Index.hnswSq({
      distanceType: "cosine",
      numPartitions: Math.max(1, Math.round(Math.sqrt(rows) / 4)),
    }),
  });
  return true;
}

function quoteSql(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** SQL filter restricting rows to some documents. */
export function buildDocFilter(docIds: readonly string[] | undefined): string | undefined {
  if (!docIds || docIds.length === 0) return undefined;
  return `doc_id IN (${docIds.map(quoteSql).join(", ")})`;
}

const RESULT_COLUMNS = [
  "id",
  "doc_id",
  "title",
  "section",
  "position",
  "text",
  "context",
  "date",
  "language",
  "source_url",
  "publisher",
  "date_approximate",
  "title_zh",
];

/** Nearest chunks to a vector by cosine distance. */
export async function searchByVector(
  table: lancedb.Table,
  vector: number[],
  { limit, filter }: { limit: number; filter?: string | undefined },
): Promise<Chunk[]> {
  let query = table
    .vectorSearch(vector)
    .distanceType("cosine")
    .select([...RESULT_COLUMNS, "_distance"])
    .limit(limit);
  if (filter) query = query.where(filter);
  const rows = await query.toArray();
  return rows.map(toChunk);
}

/**
 * Turns a parsed query (or free user text) into LanceDB's full-text query: quoted runs become
 * phrases every result must hold, the words match by any term, related words by any term with
 * their weight as the boost.
 */
export function buildTextQuery(query: string | TextQuery): lancedb.FullTextQuery | undefined {
  const parsed = typeof query === "string" ? parseTextQuery(query) : query;
  if (!parsed) return undefined;
  const { terms, phrases, related = [] } = parsed;
  const clauses: [lancedb.Occur, lancedb.FullTextQuery][] = [];
  if (terms) clauses.push([lancedb.Occur.Should, new lancedb.MatchQuery(terms, "context")]);
  for (const group of related) {
    clauses.push([
      lancedb.Occur.Should,
      new lancedb.MatchQuery(group.terms, "context", { boost: group.weight }),
    ]);
  }
  for (const phrase of phrases) {
    clauses.push([lancedb.Occur.Must, new lancedb.PhraseQuery(phrase, "context")]);
  }
  if (clauses.length === 0) return undefined;
  const [only] = clauses;
  if (clauses.length === 1 && only) return only[1];
  return new lancedb.BooleanQuery(clauses);
}

/** BM25 full-text search over title, section and text. */
export async function searchByText(
  table: lancedb.Table,
  text: string | TextQuery,
  { limit, filter }: { limit: number; filter?: string | undefined },
): Promise<Chunk[]> {
  const fullText = buildTextQuery(text);
  if (!fullText) return [];
  let query = table
    .query()
    .fullTextSearch(fullText)
    .select([...RESULT_COLUMNS, "_score"])
    .limit(limit);
  if (filter) query = query.where(filter);
  const rows = await query.toArray();
  return rows.map(toChunk);
}
