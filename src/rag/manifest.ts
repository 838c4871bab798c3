/**
 * @module What an index records about how it was built, and the compatibility check a server
 * runs before it trusts an index. Runtime-neutral: the edge snapshot carries the same manifest.
 */
import { z } from "zod";

/** One ingested document as the index knows it. */
export const ManifestDocument = z.object({
  id: z.string(),
  path: z.string(),
  title: z.string(),
  date: z.string(),
  dateApproximate: z.boolean().default(false),
  publisher: z.string(),
  language: z.string(),
  sourceUrl: z.string().optional(),
  chunks: z.number().int().nonnegative(),
});
export type ManifestDocument = z.infer<typeof ManifestDocument>;

/** The record of how the current index was built. */
export const IndexManifest = z.object({
  schemaVersion: z.literal(1),
  table: z.string(),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunker: z.object({ id: z.string() }),
  builtAt: z.string(),
  chunkCount: z.number().int().nonnegative(),
  documents: z.array(ManifestDocument),
  /** The corpus lexicon built with this index: where it is stored and how it was built. */
  lexicon: z.object({ key: z.string(), version: z.string() }).optional(),
});
export type IndexManifest = z.infer<typeof IndexManifest>;

/** Whether an index can serve queries, and if not, what the operator should do. */
export type IndexStatus =
  | { ready: true; manifest: IndexManifest }
  | { ready: false; reason: string; action: string };

/** Compares an index's manifest with the embedder a server is configured with. */
export function checkManifest(
  manifest: IndexManifest | undefined,
  embedder: { id: string; dimensions: number },
): IndexStatus {
  if (!manifest) {
    return {
      ready: false,
      reason: "No index has been built yet.",
      action: "Run `npm run ingest` to build it from the corpus.",
    };
  }
  if (
    manifest.embedder.id !== embedder.id ||
    manifest.embedder.dimensions !== embedder.dimensions
  ) {
    return {
      ready: false,
      reason: `The index was built with embedder ${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions) but the server is configured with ${embedder.id} (${embedder.dimensions} dimensions).`,
      action:
        "Run `npm run ingest` to rebuild the index with the configured embedder, or change EMBEDDER back.",
    };
  }
  if (!manifest.lexicon) {
    return {
      ready: false,
      reason: "The index was built by an older version and has no corpus lexicon.",
      action: "Run `npm run ingest` to add it (only the lexicon is built; chunks are kept).",
    };
  }
  return { ready: true, manifest };
}
