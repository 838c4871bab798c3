/**
 * @module The in-memory hybrid retriever: exact cosine search over the index's vectors and BM25
 * over its full-text index, fused exactly as LanceDB's results are (`searchHybrid`). The Worker
 * runs it over a bundled snapshot (`createEdgeRetriever`); the Node server over an index it read
 * from LanceDB (`createMemoryRetriever`, see `src/adapters/lancedb/serving-retriever.ts`). It refuses to
 * serve, with the reason on `/readyz`, when the index was built by another embedder than the one
 * configured.
 */
import { resolveDimensions } from "../../rag/embedder/index.ts";
import { IndexNotReadyError } from "../../rag/errors.ts";
import { type HybridTuning, searchHybrid } from "../../rag/hybrid.ts";
import { type Bm25Searcher, createBm25Searcher } from "../../rag/lexical/bm25.ts";
import { createLexicon, type Lexicon } from "../../rag/lexicon/lexicon.ts";
import { checkManifest, type IndexManifest, type IndexStatus } from "../../rag/manifest.ts";
import { analyzeIndex } from "../../rag/passages/analysis.ts";
import type { PreparedQuery } from "../../rag/question/query.ts";
import type { Chunk, Embedder, Retriever, SearchHit, SearchOptions } from "../../rag/types.ts";
import type { EdgeSnapshot } from "./snapshot.ts";
import { unpackVectors, type VectorTable } from "./vectors.ts";

/** What to do when the snapshot does not fit the configuration. */
export const REBUILD_SNAPSHOT_ACTION =
  "Rebuild the snapshot with `npm run build:edge` using the Worker's EMBEDDER settings (run `npm run ingest` first if the index was built with another embedder) and redeploy, or set EMBEDDER back.";

export interface EdgeRetriever extends Retriever {
  getStatus(): Promise<IndexStatus>;
  getLexicon(): Promise<Lexicon>;
}

/** The in-memory retriever, which can do its preparation before the first search. */
export interface SnapshotRetriever extends EdgeRetriever {
  /**
   * Does now what the first search would: checks the index against the embedder, prepares the
   * vectors and postings and analyses every chunk for the answerer. Returns the status.
   */
  load(): Promise<IndexStatus>;
}

/** What the in-memory retriever searches: the chunks in row order and their search structures. */
export interface MemoryIndexParts {
  vectors: VectorTable;
  lexical: Bm25Searcher;
  lexicon: Lexicon;
}

interface TuningOptions {
  /** Candidates taken from each list before fusion (default as on Node). */
  candidates?: number;
  /** Expansion and fusion settings (the measured defaults when absent). */
  tuning?: HybridTuning;
  onError?: (error: unknown, context: string) => void;
}

export interface EdgeRetrieverOptions extends TuningOptions {
  snapshot: EdgeSnapshot;
  embedder: Embedder;
}

export interface MemoryRetrieverOptions extends TuningOptions {
  manifest: IndexManifest;
  /** The chunks in the index's row order (ties rank by it, as in LanceDB). */
  chunks: readonly Chunk[];
  /** Builds the search structures (called once, on first use or by `load()`). */
  prepare: () => MemoryIndexParts;
  embedder: Embedder;
  /** What to do when the index does not fit the embedder (default: re-run ingestion). */
  rebuildAction?: string;
}

/**
 * Creates a retriever over `snapshot`; vectors and postings are unpacked and the chunks analysed
 * on first use, or at once with `load()`.
 */
export function createEdgeRetriever(options: EdgeRetrieverOptions): SnapshotRetriever {
  const { snapshot } = options;
  return createMemoryRetriever({
    ...options,
    manifest: snapshot.manifest,
    chunks: snapshot.chunks,
    prepare: () => ({
      vectors: unpackVectors(snapshot.vectors),
      lexical: createBm25Searcher(snapshot.lexical),
      lexicon: createLexicon(snapshot.lexicon),
    }),
    rebuildAction: REBUILD_SNAPSHOT_ACTION,
  });
}

/** Creates a retriever over an index held in memory. */
export function createMemoryRetriever(options: MemoryRetrieverOptions): SnapshotRetriever {
  const { manifest, chunks, embedder } = options;
  let status: Promise<IndexStatus> | undefined;
  let prepared: MemoryIndexParts | undefined;

  function prepare(): MemoryIndexParts {
    const parts = options.prepare();
    analyzeIndex(chunks);
    return parts;
  }

  async function checkStatus(): Promise<IndexStatus> {
    await resolveDimensions(embedder);
    const checked = checkManifest(manifest, embedder);
    return checked.ready || !options.rebuildAction
      ? checked
      : { ...checked, action: options.rebuildAction };
  }

  const getStatus = () => {
    status ??= checkStatus().catch((error: unknown) => {
      status = undefined;
      return {
        ready: false as const,
        reason: `The embedder could not be reached to check the index: ${(error as Error).message}`,
        action: "Check OPENAI_BASE_URL and OPENAI_API_KEY, then retry.",
      };
    });
    return status;
  };

  const allowOnly = (docIds: readonly string[] | undefined) => {
    if (!docIds || docIds.length === 0) return undefined;
    const allowed = new Set(docIds);
    return (row: number) => allowed.has(chunks[row]?.docId ?? "");
  };

  const toChunks = (rows: readonly number[]): Chunk[] =>
    rows.flatMap((row) => (chunks[row] ? [chunks[row]] : []));

  const ready = async () => {
    const current = await getStatus();
    if (!current.ready) throw new IndexNotReadyError(current.reason, current.action);
    prepared ??= prepare();
    return prepared;
  };

  return {
    getStatus,
    async load() {
      const current = await getStatus();
      if (current.ready) prepared ??= prepare();
      return current;
    },
    async getLexicon() {
      return (await ready()).lexicon;
    },
    async search(
      query: string | PreparedQuery,
      searchOptions: SearchOptions = {},
    ): Promise<SearchHit[]> {
      const { vectors, lexical, lexicon } = await ready();
      return searchHybrid(query, {
        ...searchOptions,
        candidates: options.candidates,
        tuning: options.tuning,
        onError: options.onError,
        lexicon,
        async searchVector(text, { limit, docIds }) {
          const vector = Float64Array.from(await embedder.embedQuery(text));
          let squares = 0;
          for (const value of vector) squares += value * value;
          const norm = Math.sqrt(squares);
          const allow = allowOnly(docIds);
          const scored: { row: number; similarity: number }[] = [];
          for (let row = 0; row < vectors.count; row++) {
            if (allow && !allow(row)) continue;
            scored.push({ row, similarity: vectors.cosine(row, vector, norm) });
          }
          scored.sort((a, b) => b.similarity - a.similarity || a.row - b.row);
          return toChunks(scored.slice(0, limit).map(({ row }) => row));
        },
        async searchText(textQuery, { limit, docIds }) {
          const hits = lexical.search(textQuery, {
            limit,
            allow: allowOnly(docIds),
            getText: (row) => chunks[row]?.context ?? "",
          });
          return toChunks(hits.map(({ document }) => document));
        },
      });
    },
  };
}
