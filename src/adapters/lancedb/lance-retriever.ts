/**
 * @module Hybrid retriever over the LanceDB index: vector and full-text searches run side by side
 * and are fused by rank. It follows the manifest, so a re-ingestion is picked up without restart,
 * and it reports readiness (index missing, or built by another embedder) instead of failing.
 */
import type { Connection, Table } from "@lancedb/lancedb";
import { IndexNotReadyError } from "../../rag/errors.ts";
import { type HybridTuning, searchHybrid } from "../../rag/hybrid.ts";
import { createLexicon, type Lexicon } from "../../rag/lexicon/lexicon.ts";
import { checkManifest, type IndexManifest, type IndexStatus } from "../../rag/manifest.ts";
import type { PreparedQuery } from "../../rag/question/query.ts";
import type { Embedder, Retriever, SearchHit, SearchOptions } from "../../rag/types.ts";
import {
  buildDocFilter,
  readLexicon,
  readManifest,
  searchByText,
  searchByVector,
} from "./lancedb.ts";

export interface LanceRetriever extends Retriever {
  getStatus(): Promise<IndexStatus>;
  getLexicon(): Promise<Lexicon>;
  /**
   * Reads the manifest now (whatever `refreshSeconds` says); returns the status and, when ready,
   * the lexicon of that index version.
   */
  checkNow(): Promise<{ status: IndexStatus; lexicon?: Lexicon | undefined }>;
}

/** What the retriever serves from: the status, and when ready the open table and its lexicon. */
interface LoadedIndex {
  status: IndexStatus;
  table?: Table;
  lexicon?: Lexicon;
}

export interface LanceRetrieverOptions {
  db: Connection;
  embedder: Embedder;
  /** How often to look for a newer manifest; 0 checks on every search. */
  refreshSeconds: number;
  /** Candidates taken from each list before fusion. */
  candidates?: number;
  /** Expansion and fusion settings (the measured defaults when absent). */
  tuning?: HybridTuning;
  onError?: (error: unknown, context: string) => void;
}

/** The staff console's part: after it ingests, this process reads the new index at once. */
export interface LanceRetriever {
  /** Reads the manifest and reopens the table now rather than at the next refresh. */
  reload(): Promise<IndexStatus>;
}

/** Creates a retriever reading the index that the manifest in `db` points at. */
export function createLanceRetriever(options: LanceRetrieverOptions): LanceRetriever {
  const { db, embedder } = options;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let state: LoadedIndex | undefined;
  let pending: Promise<LoadedIndex> | undefined;

  async function load(): Promise<LoadedIndex> {
    let manifest: IndexManifest | undefined;
    try {
      manifest = await readManifest(db);
    } catch (error) {
      return {
        status: {
          ready: false,
          reason: `The index could not be read: ${(error as Error).message}`,
          action: "Run `npm run ingest -- --rebuild`.",
        },
      };
    }
    const status = checkManifest(manifest, embedder);
    if (!status.ready) return { status };
    const previous = state?.status.ready ? state : undefined;
    const sameTable =
      previous?.table &&
      previous.status.ready &&
      previous.status.manifest.table === status.manifest.table;
    const sameLexicon =
      previous?.lexicon &&
      previous.status.ready &&
      previous.status.manifest.lexicon?.key === status.manifest.lexicon?.key;
    try {
      const table = sameTable ? previous?.table : await db.openTable(status.manifest.table);
      const lexicon = sameLexicon
        ? previous?.lexicon
        : createLexicon(await readLexicon(db, status.manifest.lexicon?.key ?? ""));
      return { status, table, lexicon };
    } catch (error) {
      return {
        status: {
          ready: false,
          reason: `The index ${status.manifest.table} could not be opened: ${(error as Error).message}`,
          action: "Run `npm run ingest -- --rebuild`.",
        },
      };
    }
  }

  async function refresh(force = false): Promise<LoadedIndex> {
    const now = performance.now();
    if (!force && state && now - checkedAt < options.refreshSeconds * 1000) return state;
    pending ??= load().finally(() => {
      pending = undefined;
    });
    state = await pending;
    checkedAt = now;
    return state;
  }

  return {
    async reload() {
      await pending?.catch(() => undefined);
      checkedAt = Number.NEGATIVE_INFINITY;
      // Reopens the table too: an incremental ingestion keeps its name but adds a version.
      state = undefined;
      return (await refresh()).status;
    },
    async getStatus() {
      return (await refresh()).status;
    },
    async checkNow() {
      const { status, lexicon } = await refresh(true);
      return { status, lexicon };
    },
    async getLexicon() {
      const { status, lexicon } = await refresh();
      if (!status.ready || !lexicon) {
        throw new IndexNotReadyError(
          status.ready ? "The index is not open." : status.reason,
          status.ready ? "Retry shortly." : status.action,
        );
      }
      return lexicon;
    },
    async search(
      query: string | PreparedQuery,
      searchOptions: SearchOptions = {},
    ): Promise<SearchHit[]> {
      const { status, table, lexicon } = await refresh();
      if (!status.ready || !table || !lexicon) {
        const reason = status.ready ? "The index is not open." : status.reason;
        const action = status.ready ? "Retry shortly." : status.action;
        throw new IndexNotReadyError(reason, action);
      }
      return searchHybrid(query, {
        ...searchOptions,
        candidates: options.candidates,
        tuning: options.tuning,
        onError: options.onError,
        lexicon,
        searchVector: async (text, { limit, docIds }) =>
          searchByVector(table, await embedder.embedQuery(text), {
            limit,
            filter: buildDocFilter(docIds),
          }),
        searchText: (textQuery, { limit, docIds }) =>
          searchByText(table, textQuery, { limit, filter: buildDocFilter(docIds) }),
      });
    },
  };
}
