/**
 * @module What the Node server searches: the index the manifest points at, served from memory
 * when it fits a budget (the in-memory hybrid retriever the Worker runs, `src/adapters/edge-index/`, loaded
 * from LanceDB) and from LanceDB otherwise. LanceDB stays the store of record; the in-memory copy
 * follows the manifest. A new index version is loaded completely (rows read, vectors unpacked,
 * chunks analysed) while the previous one keeps serving, then swapped in at once, so a
 * re-ingestion never shows an empty, half-loaded or mixed index.
 */
import type { Connection } from "@lancedb/lancedb";
import { getIndexVersion } from "../../rag/cache/index.ts";
import type { HybridTuning } from "../../rag/hybrid.ts";
import type { Lexicon } from "../../rag/lexicon/lexicon.ts";
import type { IndexManifest, IndexStatus } from "../../rag/manifest.ts";
import type { PreparedQuery } from "../../rag/question/query.ts";
import type { Embedder, Retriever, SearchHit, SearchOptions } from "../../rag/types.ts";
import { createLanceRetriever, type LanceRetriever } from "./lance-retriever.ts";
import { loadMemoryIndex } from "./memory-index.ts";

/** Where searches go: memory, LanceDB, or nowhere yet (no usable index). */
export type ServingPath = "memory" | "lancedb" | "none";

/** What `/readyz` and the benchmark report about the serving path. */
export interface ServingInfo {
  path: ServingPath;
  /** Why this path: the estimate against the budget, or what failed. */
  reason: string;
  /** The index version served (`table@builtAt`). */
  version?: string | undefined;
  /** Estimated memory the index takes when loaded, and the budget it is held to (MiB). */
  estimatedMiB?: number | undefined;
  budgetMiB: number;
  /** How long loading the index into memory took. */
  loadMs?: number | undefined;
}

export interface ServingRetriever extends Retriever {
  getStatus(): Promise<IndexStatus>;
  getLexicon(): Promise<Lexicon>;
  /** The path now serving (after the last check of the manifest). */
  getServing(): ServingInfo;
  /** Checks the manifest now and, if a new version must be loaded, waits until it serves. */
  refreshNow(): Promise<ServingInfo>;
}

export interface ServingRetrieverOptions {
  db: Connection;
  embedder: Embedder;
  /** How often to look for a newer manifest; 0 checks on every search. */
  refreshSeconds: number;
  /** Largest index (estimated, MiB) served from memory; 0 always serves from LanceDB. */
  memoryBudgetMiB: number;
  candidates?: number;
  tuning?: HybridTuning;
  onError?: (error: unknown, context: string) => void;
  /** Told when another index version or path starts serving. */
  onSwitch?: (info: ServingInfo) => void;
}

/**
 * Memory an index takes in this process once loaded, per chunk, besides its vector: the chunk's
 * text and context, the sentence analysis the answerer reads (stems and their sets) and the BM25
 * postings. About 20 KiB a chunk of 700 characters on the seed corpus (68 chunks: 1.6 MiB of heap
 * with their 4 KiB vectors); doubled for the rows read from LanceDB while loading.
 */
const BYTES_PER_CHUNK = 48 * 1024;

/** Estimated memory (MiB) the index of `manifest` takes when served from memory. */
export function estimateMemoryIndexMiB(manifest: IndexManifest): number {
  const vectorBytes = manifest.embedder.dimensions * 4;
  const bytes = manifest.chunkCount * (vectorBytes + BYTES_PER_CHUNK);
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** What serves one index version. */
interface Serving {
  info: ServingInfo;
  status: IndexStatus;
  retriever: Retriever & { getLexicon(): Promise<Lexicon> };
}

/** Creates the retriever the Node server uses. */
export function createServingRetriever(options: ServingRetrieverOptions): ServingRetriever {
  const { db, embedder, memoryBudgetMiB } = options;
  const shared = {
    ...(options.candidates === undefined ? {} : { candidates: options.candidates }),
    ...(options.tuning ? { tuning: options.tuning } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  };
  const lance: LanceRetriever = createLanceRetriever({
    db,
    embedder,
    refreshSeconds: options.refreshSeconds,
    ...shared,
  });
  let current: Serving | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<Serving> | undefined;
  /** The version being loaded into memory, and the load. */
  let loading: { version: string; done: Promise<Serving | undefined> } | undefined;

  const onLance = (status: IndexStatus, reason: string, estimatedMiB?: number): Serving => ({
    status,
    retriever: lance,
    info: {
      path: status.ready ? "lancedb" : "none",
      reason,
      version: getIndexVersion(status),
      estimatedMiB,
      budgetMiB: memoryBudgetMiB,
    },
  });

  /** Swaps in what serves from now on (one assignment: a search sees the old or the new). */
  function use(next: Serving): Serving {
    const changed =
      current?.info.path !== next.info.path || current?.info.version !== next.info.version;
    current = next;
    // A load of another version is stale now: it must not be swapped in when it completes.
    if (loading && loading.version !== next.info.version) loading = undefined;
    if (changed) options.onSwitch?.(next.info);
    return next;
  }

  /** Reads the version into memory; `undefined` (reported) when it could not be read. */
  async function loadIntoMemory(
    status: IndexStatus & { ready: true },
    lexicon: Lexicon,
    version: string,
    estimatedMiB: number,
  ): Promise<Serving | undefined> {
    const started = performance.now();
    try {
      const { manifest } = status;
      const retriever = await loadMemoryIndex({ db, manifest, lexicon, embedder, ...shared });
      return {
        status,
        retriever,
        info: {
          path: "memory",
          reason: `The index (about ${estimatedMiB} MiB) fits MEMORY_INDEX_MB=${memoryBudgetMiB}.`,
          version,
          estimatedMiB,
          budgetMiB: memoryBudgetMiB,
          loadMs: Math.round(performance.now() - started),
        },
      };
    } catch (error) {
      options.onError?.(error, `loading index ${version} into memory`);
      return undefined;
    }
  }

  /** Starts loading `version` into memory; it is swapped in when complete, if still current. */
  function startLoading(
    status: IndexStatus & { ready: true },
    lexicon: Lexicon,
    version: string,
    mib: number,
  ) {
    const done = loadIntoMemory(status, lexicon, version, mib);
    loading = { version, done };
    void done.then((loaded) => {
      if (loading?.done !== done) return;
      loading = undefined;
      use(
        loaded ??
          onLance(status, `Index ${version} could not be loaded into memory (see the log).`, mib),
      );
    });
    return done;
  }

  async function check(): Promise<Serving> {
    const { status, lexicon } = await lance.checkNow();
    const version = getIndexVersion(status);
    if (!status.ready || version === undefined || !lexicon) {
      return use(onLance(status, status.ready ? "The index is not open." : status.reason));
    }
    // This version serves already (from memory, or from LanceDB by budget or while it loads).
    if (current?.info.version === version && current.info.path !== "none") return current;
    const estimatedMiB = estimateMemoryIndexMiB(status.manifest);
    if (estimatedMiB > memoryBudgetMiB) {
      const reason =
        memoryBudgetMiB === 0
          ? "MEMORY_INDEX_MB=0: every index is served from LanceDB."
          : `The index (about ${estimatedMiB} MiB) exceeds MEMORY_INDEX_MB=${memoryBudgetMiB}.`;
      return use(onLance(status, reason, estimatedMiB));
    }
    const done =
      loading?.version === version
        ? loading.done
        : startLoading(status, lexicon, version, estimatedMiB);
    // The previous version keeps serving from memory until the new one is loaded.
    if (current?.info.path === "memory") return current;
    // At start nothing serves yet: wait for the load.
    if (!current?.status.ready) return (await done) ?? current ?? onLance(status, "");
    // LanceDB served the previous version: it serves this one (it follows the manifest) meanwhile.
    return use(onLance(status, `Loading index ${version} into memory; LanceDB serves meanwhile.`));
  }

  async function refresh(): Promise<Serving> {
    const now = performance.now();
    if (current && now - checkedAt < options.refreshSeconds * 1000) return current;
    checking ??= check().finally(() => {
      checking = undefined;
    });
    const serving = await checking;
    checkedAt = now;
    return serving;
  }

  return {
    async getStatus() {
      return (await refresh()).status;
    },
    async getLexicon() {
      return (await refresh()).retriever.getLexicon();
    },
    getServing() {
      return (
        current?.info ?? { path: "none", reason: "Not checked yet.", budgetMiB: memoryBudgetMiB }
      );
    },
    async refreshNow() {
      checkedAt = Number.NEGATIVE_INFINITY;
      await refresh();
      await loading?.done;
      return (current ?? (await refresh())).info;
    },
    async search(
      query: string | PreparedQuery,
      searchOptions: SearchOptions = {},
    ): Promise<SearchHit[]> {
      return (await refresh()).retriever.search(query, searchOptions);
    },
  };
}
