/**
 * @module Hybrid retriever over the LanceDB index: vector and full-text searches run side by side
 * and are fused by rank. It follows the manifest, so a re-ingestion is picked up without restart,
 * and it reports readiness (index missing, or built by another embedder) instead of failing.
 */
import type { Connection, Table } from "@lancedb/lancedb";
import { IndexNotReadyError } from "../rag/errors.ts";
import { searchHybrid } from "../rag/hybrid.ts";
import { checkManifest, type IndexManifest, type IndexStatus } from "../rag/manifest.ts";
import type { Embedder, Retriever, SearchHit, SearchOptions } from "../rag/types.ts";
import { buildDocFilter, readManifest, searchByText, searchByVector } from "./lancedb.ts";

export interface LanceRetriever extends Retriever {
  getStatus(): Promise<IndexStatus>;
}

export interface LanceRetrieverOptions {
  db: Connection;
  embedder: Embedder;
  /** How often to look for a newer manifest; 0 checks on every search. */
  refreshSeconds: number;
  /** Candidates taken from each list before fusion. */
  candidates?: number;
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
  let state: { status: IndexStatus; table?: Table } | undefined;
  let pending: Promise<{ status: IndexStatus; table?: Table }> | undefined;

  async function load(): Promise<{ status: IndexStatus; table?: Table }> {
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
    if (
      state?.status.ready &&
      state.table &&
      state.status.manifest.table === status.manifest.table
    ) {
      return { status, table: state.table };
    }
    try {
      return { status, table: await db.openTable(status.manifest.table) };
    } catch (error) {
      return {
        status: {
          ready: false,
          reason: `The index table ${status.manifest.table} could not be opened: ${(error as Error).message}`,
          action: "Run `npm run ingest -- --rebuild`.",
        },
      };
    }
  }

  async function refresh(): Promise<{ status: IndexStatus; table?: Table }> {
    const now = performance.now();
    if (state && now - checkedAt < options.refreshSeconds * 1000) return state;
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
    async search(query: string, searchOptions: SearchOptions = {}): Promise<SearchHit[]> {
      const { status, table } = await refresh();
      if (!status.ready || !table) {
        const reason = status.ready ? "The index is not open." : status.reason;
        const action = status.ready ? "Retry shortly." : status.action;
        throw new IndexNotReadyError(reason, action);
      }
      return searchHybrid(query, {
        ...searchOptions,
        candidates: options.candidates,
        onError: options.onError,
        searchVector: async (text, { limit, docIds }) =>
          searchByVector(table, await embedder.embedQuery(text), {
            limit,
            filter: buildDocFilter(docIds),
          }),
        searchText: (text, { limit, docIds }) =>
          searchByText(table, text, { limit, filter: buildDocFilter(docIds) }),
      });
    },
  };
}
