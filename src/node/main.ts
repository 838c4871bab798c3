/**
 * @module `npm start`: serves the assistant on Node, building the index from the corpus first
 * when none exists.
 */
import { serve } from "@hono/node-server";
import { createApp } from "../app/app.ts";
import { createLogger } from "../app/logger.ts";
import { ingestCorpus } from "../ingest/pipeline.ts";
import { createLanceRetriever } from "../store/lance-retriever.ts";
import { readManifest } from "../store/lancedb.ts";
import { createNodeAssistant, createNodeContext } from "./context.ts";
import { loadConfig } from "./env.ts";
import { createProgressReporter, formatSummary } from "./progress.ts";

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const context = await createNodeContext(config);

if (!(await readManifest(context.db))) {
  console.error(`No index at ${config.LANCEDB_URI}; building it from ${config.CORPUS_DIR} …`);
  try {
    const summary = await ingestCorpus({
      ...context.ingestOptions,
      onProgress: createProgressReporter(),
    });
    console.error(formatSummary(summary));
  } catch (error) {
    console.error(`Building the index failed: ${(error as Error).message}`);
    console.error(
      "The server starts anyway; /readyz says what is missing. Fix the cause and run `npm run ingest`.",
    );
  }
}

const retriever = createLanceRetriever({
  db: context.db,
  embedder: context.embedder,
  refreshSeconds: config.INDEX_REFRESH_SECONDS,
  onError: (error, where) => logger.warn(`${where} failed`, { error }),
});
const status = await retriever.getStatus();
if (!status.ready) logger.warn("index not ready", { reason: status.reason, action: status.action });

const assistant = await createNodeAssistant({
  config,
  retriever,
  onFallback: (reason, error) => logger.warn("LLM failed; answered offline", { reason, error }),
});
logger.info("assistant ready", { mode: assistant.mode, embedder: context.embedder.id });

const app = createApp({
  retriever,
  assistant,
  getStatus: () => retriever.getStatus(),
  logger,
  defaultK: config.SEARCH_K,
});

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  logger.info("listening", { url: `http://localhost:${info.port}` });
});

const shutdown = (signal: string) => {
  logger.info("shutting down", { signal });
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
