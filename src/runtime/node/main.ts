/**
 * @module `npm start`: serves the assistant on Node, building the index from the corpus first
 * when none exists.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { readManifest } from "../../adapters/lancedb/lancedb.ts";
import { createServingRetriever } from "../../adapters/lancedb/serving-retriever.ts";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { createMemoryHitStore } from "../../adapters/memory/rate-limit-store.ts";
import { createRedisSharedState } from "../../adapters/redis/index.ts";
import { createApp } from "../../app/app.ts";
import { getHardeningSettings } from "../../app/hardening/index.ts";
import { getWeChatSettings, getWeComSettings } from "../../channels/wechat/index.ts";
import { deriveHashKey } from "../../console/question-log.ts";
import { createLogger } from "../../logger.ts";
import { cacheAnswers, cacheSearches, getIndexVersion } from "../../rag/cache/index.ts";
import { RecordsUnavailableError } from "../../records/types.ts";
import { createNodeAssistant, createNodeContext } from "./context.ts";
import { createCorpusDocumentManager } from "./documents.ts";
import { loadConfig } from "./env.ts";
import { readLatestEvalReport } from "./eval-report.ts";
import { createNodeRecordStores } from "./records.ts";
import { readWebAssets } from "./web-assets.ts";

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const context = await createNodeContext(config);

if (!(await readManifest(context.db))) {
  console.error(`No index at ${config.LANCEDB_URI}; building it from ${config.CORPUS_DIR} …`);
  // In a child process (`npm run ingest`, without this process's heap cap): building the lexicon
  // needs far more memory than serving, and the serving process should not keep what it grew to.
  const code = await runIngestion();
  if (code !== 0) {
    console.error(`Building the index failed (exit code ${code}).`);
    console.error(
      "The server starts anyway; /readyz says what is missing. Fix the cause and run `npm run ingest`.",
    );
  }
}

// Small indexes are searched in memory, large ones in LanceDB; a new ingestion is loaded and
// swapped in while the previous index serves.
const servingRetriever = createServingRetriever({
  db: context.db,
  embedder: context.embedder,
  refreshSeconds: config.INDEX_REFRESH_SECONDS,
  memoryBudgetMiB: config.MEMORY_INDEX_MB,
  onError: (error, where) => logger.warn(`${where} failed`, { error }),
  onSwitch: (serving) => logger.info("index serving", { ...serving }),
});
// The version of the index that serves (not merely the newest): cached results stay true to it.
const getVersion = async () => getIndexVersion(await servingRetriever.getStatus());
const retriever = cacheSearches({
  retriever: servingRetriever,
  getVersion,
  maxEntries: config.CACHE_ENTRIES,
});
await servingRetriever.refreshNow();
const status = await servingRetriever.getStatus();
if (!status.ready) logger.warn("index not ready", { reason: status.reason, action: status.action });

const assistant = cacheAnswers({
  assistant: await createNodeAssistant({
    config,
    retriever,
    onFallback: (reason, error) => logger.warn("LLM failed; answered offline", { reason, error }),
  }),
  getVersion,
  maxEntries: config.CACHE_ENTRIES,
});
logger.info("assistant ready", { mode: assistant.mode, embedder: context.embedder.id });

const wechatSettings = getWeChatSettings(config);
const wecomSettings = getWeComSettings(config);
// Channel state (histories, retries, access tokens), staff sessions and rate-limit counters: in
// Redis when REDIS_URL is set, shared by every replica; in memory otherwise, and while Redis is
// away. An exchange keeps two entries of about 2.3 KB together; 20,000 entries (about 10,000
// conversations, the least recently active forgotten first) stay within the heap cap `npm start`
// sets.
const shared = config.REDIS_URL
  ? createRedisSharedState({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger })
  : undefined;
const memoryChannelStore = createMemoryKeyValue({ maxEntries: 20_000 });
const channelStore = shared?.createKeyValue("channels:", memoryChannelStore) ?? memoryChannelStore;
const memorySessions = createMemoryKeyValue({ maxEntries: 10_000 });
const sessions = shared?.createKeyValue("sessions:", memorySessions) ?? memorySessions;
const createHitStore = shared?.createHitStore(createMemoryHitStore());
logger.info("shared state", { store: shared ? "redis" : "memory" });
logger.info("messaging channels", {
  wechat: wechatSettings ? "on" : "off (set WECHAT_TOKEN)",
  wecom: wecomSettings ? "on" : "off (set WECOM_TOKEN, WECOM_CORP_ID, WECOM_ENCODING_AES_KEY)",
});

const hardening = getHardeningSettings(config);
const records = await createNodeRecordStores({
  config,
  onInvalid: (table, id, problem) => logger.warn("unreadable record", { table, id, problem }),
  onIdleError: (error) => logger.warn("records database connection lost", { error }),
  onCompactError: (error) => logger.warn("records compaction failed; tried again later", { error }),
});
await checkRecords();
const app = createApp({
  retriever,
  assistant,
  getStatus: () => servingRetriever.getStatus(),
  getServing: () => {
    const { path, reason } = servingRetriever.getServing();
    return { path, reason };
  },
  logger,
  defaultK: config.SEARCH_K,
  records,
  adminToken: config.ADMIN_TOKEN,
  web: await readWebAssets(),
  wechat: wechatSettings && { settings: wechatSettings, kv: channelStore },
  wecom: wecomSettings && { settings: wecomSettings, kv: channelStore },
  hardening,
  createHitStore,
  getSharedState: () =>
    shared ? { store: "redis", redis: shared.connection.state } : { store: "memory" },
  getPeerAddress: (c) => getConnInfo(c).remote.address,
  console: {
    stores: records,
    questionLog: {
      enabled: config.QUESTION_LOG === "on",
      retentionDays: config.QUESTION_LOG_RETENTION_DAYS,
      hashKey: await deriveHashKey(config.QUESTION_LOG_HASH_KEY, config.ADMIN_TOKEN),
    },
    // In Redis with REDIS_URL (any replica knows them); in memory otherwise (signing in again
    // after a restart).
    sessions,
    sessionHours: config.ADMIN_SESSION_HOURS,
    documents: createCorpusDocumentManager({
      ingestOptions: context.ingestOptions,
      maxUploadBytes: Math.round(config.MAX_UPLOAD_MB * 1024 * 1024),
      getStatus: () => servingRetriever.getStatus(),
      reload: () => servingRetriever.refreshNow(),
      logger,
    }),
    readEvalReport: () => readLatestEvalReport(),
  },
});
if (!config.ADMIN_TOKEN) logger.info("staff console disabled: ADMIN_TOKEN is not set");
else logger.info("staff console", { url: `http://localhost:${config.PORT}/admin` });

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  logger.info("listening", { url: `http://localhost:${info.port}` });
});
// Bounds a request's upload too (slow senders), not only the API's time to answer.
if ("requestTimeout" in server) server.requestTimeout = hardening.requestTimeoutMs;

const shutdown = (signal: string) => {
  logger.info("shutting down", { signal });
  server.close(() => {
    void Promise.allSettled([records.close(), shared?.close()]).finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

/** Says where records go; a records database that is down is logged, and the server starts. */
async function checkRecords() {
  try {
    await records.check();
    logger.info("records", { store: records.kind });
  } catch (error) {
    logger.error(
      "records store unavailable: the server answers, but saving inquiries and feedback answers 503 until it is back",
      {
        store: records.kind,
        action: error instanceof RecordsUnavailableError ? error.action : undefined,
        error: error instanceof RecordsUnavailableError ? error.cause : error,
      },
    );
  }
}

/**
 * Runs `scripts/ingest.ts` in a child Node process (TypeScript through tsx, whether this process
 * runs the sources or `npm start`'s bundle), without this one's heap cap; its exit code.
 */
function runIngestion(): Promise<number | null> {
  const script = fileURLToPath(new URL("../../../scripts/ingest.ts", import.meta.url));
  const heapFlags = /^--max-(?:old|semi)-space-size/;
  const flags = process.execArgv.filter((arg) => !heapFlags.test(arg));
  const loader = flags.some((arg) => /(?:^|=)tsx$/.test(arg)) ? [] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...flags, ...loader, script], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  return new Promise((resolve) => {
    child.once("error", () => resolve(null));
    child.once("exit", (code) => resolve(code));
  });
}
