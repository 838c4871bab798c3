/**
 * @module The hybrid retriever over a bundled index snapshot, for runtimes without LanceDB
 * (Cloudflare Workers): exact cosine search over the snapshot's vectors and BM25 over its
 * full-text index, fused exactly as on Node (`searchHybrid`). It refuses to serve, with the
 * reason on `/readyz`, when the snapshot was built by another embedder than the one configured.
 */
import { resolveDimensions } from "../embedder/index.ts";
import { IndexNotReadyError } from "../errors.ts";
import { type HybridTuning, searchHybrid } from "../hybrid.ts";
import { createBm25Searcher } from "../lexical/bm25.ts";
import { createLexicon, type Lexicon } from "../lexicon/lexicon.ts";
import { checkManifest, type IndexStatus } from "../manifest.ts";
import { analyzeIndex } from "../passages/analysis.ts";
import type { PreparedQuery } from "../question/query.ts";
import type { Chunk, Embedder, Retriever, SearchHit, SearchOptions } from "../types.ts";
import type { EdgeSnapshot } from "./snapshot.ts";
import { unpackVectors } from "./vectors.ts";

/** What to do when the snapshot does not fit the configuration. */
export const REBUILD_SNAPSHOT_ACTION =
  "Rebuild the snapshot with `npm run build:edge` using the Worker's EMBEDDER settings (run `npm run ingest` first if the index was built with another embedder) and redeploy, or set EMBEDDER back.";

export interface EdgeRetriever extends Retriever {
  getStatus(): Promise<IndexStatus>;
  getLexicon(): Promise<Lexicon>;
}

/** The retriever over a snapshot, which can do its preparation before the first search. */
export interface SnapshotRetriever extends EdgeRetriever {
  /**
   * Does now what the first search would: checks the snapshot against the embedder, unpacks the
   * vectors and postings and analyses every chunk for the answerer. Returns the status.
   */
  load(): Promise<IndexStatus>;
}

export interface EdgeRetrieverOptions {
  snapshot: EdgeSnapshot;
  embedder: Embedder;
  /** Candidates taken from each list before fusion (default as on Node). */
  candidates?: number;
  /** Expansion and fusion settings (the measured defaults when absent). */
  tuning?: HybridTuning;
  onError?: (error: unknown, context: string) => void;
}

/**
 * Creates a retriever over `snapshot`; vectors and postings are unpacked and the chunks analysed
 * on first use, or at once with `load()`.
 */
export function createEdgeRetriever(options: EdgeRetrieverOptions): SnapshotRetriever {
  const { snapshot, embedder } = options;
  const { chunks } = snapshot;
  let status: Promise<IndexStatus> | undefined;
  let prepared: ReturnType<typeof prepare> | undefined;

  function prepare() {
    analyzeIndex(chunks);
    return {
      vectors: unpackVectors(snapshot.vectors),
      lexical: createBm25Searcher(snapshot.lexical),
      lexicon: createLexicon(snapshot.lexicon),
    };
  }

  async function checkStatus(): Promise<IndexStatus> {
    await resolveDimensions(embedder);
    const checked = checkManifest(snapshot.manifest, embedder);
    return checked.ready ? checked : { ...checked, action: REBUILD_SNAPSHOT_ACTION };
  }

  const getStatus = () => {
    status ??= checkStatus().catch((error: unknown) => {
      status = undefined;
      return {
        ready: false as const,
        reason: `The embedder could not be reached to check the snapshot: ${(error as Error).message}`,
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
