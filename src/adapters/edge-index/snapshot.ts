/**
 * @module The edge index snapshot: everything a Worker needs to search without LanceDB — the
 * manifest of the index it was exported from (so a Worker configured with another embedder
 * refuses it), the chunks in LanceDB's row order, their vectors and a BM25 index built with the
 * same analyzer as LanceDB's full-text index. Plain JSON, validated when a Worker loads it.
 */
import { z } from "zod";
import { Bm25Index, buildBm25Index } from "../../rag/lexical/bm25.ts";
import { type CorpusLexicon, parseCorpusLexicon } from "../../rag/lexicon/profile.ts";
import { IndexManifest } from "../../rag/manifest.ts";
import type { Chunk } from "../../rag/types.ts";
import { PackedVectors, packVectors, type VectorEncoding } from "./vectors.ts";

/** Names this format; bumped when a Worker could no longer read an older snapshot. */
export const SNAPSHOT_FORMAT = "chongqing-edge-index/2";
/** Names the lexical analyzer the BM25 index was built with (`src/rag/lexical/analyzer.ts`). */
export const ANALYZER_ID = "lancedb-simple-english/1";

const SnapshotChunk = z.object({
  id: z.string(),
  docId: z.string(),
  title: z.string(),
  section: z.string(),
  position: z.number().int(),
  text: z.string(),
  context: z.string(),
  date: z.string(),
  language: z.string(),
  sourceUrl: z.string(),
  publisher: z.string().optional(),
  dateApproximate: z.boolean().optional(),
  titleZh: z.string().optional(),
});

/** A snapshot as stored in the Worker bundle. */
export const EdgeSnapshot = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    createdAt: z.string(),
    manifest: IndexManifest,
    analyzer: z.literal(ANALYZER_ID),
    chunks: z.array(SnapshotChunk),
    vectors: PackedVectors,
    lexical: Bm25Index,
    /** The corpus lexicon; its format is checked, its contents trusted (see parseCorpusLexicon). */
    lexicon: z.unknown().transform((value, ctx): CorpusLexicon => {
      try {
        return parseCorpusLexicon(JSON.stringify(value));
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  })
  .superRefine((snapshot, ctx) => {
    const count = snapshot.chunks.length;
    const problems = [
      snapshot.vectors.count !== count && `${snapshot.vectors.count} vectors`,
      snapshot.lexical.lengths.length !== count &&
        `${snapshot.lexical.lengths.length} full-text documents`,
      snapshot.vectors.dimensions !== snapshot.manifest.embedder.dimensions &&
        `${snapshot.vectors.dimensions}-dimensional vectors for a ${snapshot.manifest.embedder.dimensions}-dimensional embedder`,
    ].filter(Boolean);
    if (problems.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `The snapshot has ${count} chunks but ${problems.join(" and ")}.`,
      });
    }
  });
export type EdgeSnapshot = z.infer<typeof EdgeSnapshot>;

/** Builds a snapshot from an index's manifest and its rows (chunks with vectors, in row order). */
export function createEdgeSnapshot({
  manifest,
  rows,
  lexicon,
  encoding,
  now = new Date(),
}: {
  manifest: IndexManifest;
  rows: readonly { chunk: Chunk; vector: readonly number[] }[];
  lexicon: CorpusLexicon;
  encoding: VectorEncoding;
  now?: Date;
}): EdgeSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    createdAt: now.toISOString(),
    manifest,
    analyzer: ANALYZER_ID,
    chunks: rows.map(({ chunk }) => chunk),
    vectors: packVectors(
      rows.map(({ vector }) => vector),
      { dimensions: manifest.embedder.dimensions, encoding },
    ),
    lexical: buildBm25Index(rows.map(({ chunk }) => chunk.context)),
    lexicon,
  };
}

/** Why a snapshot could not be read; the message says what to run. */
export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
}

/**
 * Parses and checks a snapshot's JSON text.
 * @throws SnapshotError naming the problem and the fix.
 */
export function parseEdgeSnapshot(json: string): EdgeSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new SnapshotError(`The index snapshot is not JSON (${(error as Error).message}).`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(
      `The index snapshot has format ${JSON.stringify(format)}; this Worker reads ${SNAPSHOT_FORMAT}.`,
    );
  }
  const parsed = EdgeSnapshot.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SnapshotError(
      `The index snapshot is malformed at ${issue?.path.join(".") || "its root"}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}
