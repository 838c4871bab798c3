/**
 * @module The Workers composition root: config from the Worker's variables and secrets (the same
 * zod schema as on Node), the bundled index snapshot behind the edge retriever, the bundled
 * prompts, a Durable Object for channel state, KV for staff sessions and D1 for records — each with a stand-in when its binding is
 * missing — all passed to the runtime-neutral `createApp`. Built once per isolate.
 */
import { Hono } from "hono";
import { readVariables, type WorkerEnv } from "../../adapters/cloudflare/bindings.ts";
import { createDurableObjectKeyValue } from "../../adapters/cloudflare/channel-state.ts";
import {
  createD1RecordStores,
  createUnboundRecordStores,
} from "../../adapters/cloudflare/d1-records.ts";
import { createWorkersKeyValue } from "../../adapters/cloudflare/kv.ts";
import { createEdgeRetriever, type EdgeRetriever } from "../../adapters/edge-index/retriever.ts";
import {
  type EdgeSnapshot,
  parseEdgeSnapshot,
  SnapshotError,
} from "../../adapters/edge-index/snapshot.ts";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { createApp } from "../../app/app.ts";
import { getHardeningSettings } from "../../app/hardening/index.ts";
import { createReadOnlyDocumentManager } from "../../channels/console/documents.ts";
import { getWeChatSettings, getWeComSettings } from "../../channels/wechat/index.ts";
import { buildAssistant, createEmbedder } from "../../compose.ts";
import {
  type Config,
  ConfigError,
  getEmbedderSettings,
  isLlmEnabled,
  parseConfig,
} from "../../config.ts";
import { deriveHashKey } from "../../console/question-log.ts";
import type { WebAssets } from "../../http/web-assets.ts";
import { createLogger, type Logger } from "../../logger.ts";
import type { KeyValue } from "../../ports/key-value.ts";
import type { Assistant } from "../../rag/answer/types.ts";
import { IndexNotReadyError } from "../../rag/errors.ts";
import type { IndexStatus } from "../../rag/manifest.ts";
import { type PromptFiles, parsePrompts } from "../../rag/prompts.ts";
import type { Embedder } from "../../rag/types.ts";

/** What the Worker bundle carries besides code. */
export interface BundledInputs {
  /** The index snapshot's JSON (`npm run build:edge`). */
  snapshotJson: string;
  prompts: PromptFiles;
  web: WebAssets;
}

/** The app, or a stand-in answering 503 with the configuration problem. */
export type WorkerApp = Pick<Hono, "fetch" | "request">;

/** Builds the app for one isolate from its `env` and the bundled inputs. */
/** Why documents cannot be uploaded to a Worker, and how to add one. */
export const WORKER_DOCUMENTS_MESSAGE =
  "This Worker answers from an index built at deploy time, so documents cannot be uploaded here. To add one, put the file and its .meta.json (title, publisher, date) in corpus/, run `npm run ingest`, then `npm run deploy:worker` (which rebuilds the bundled index).";

export function createWorkerApp(env: WorkerEnv, inputs: BundledInputs): WorkerApp {
  let config: Config;
  try {
    config = parseConfig(readVariables(env));
  } catch (error) {
    if (error instanceof ConfigError) return createMisconfiguredApp(error.message);
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const onFallback = (reason: string, error: unknown) =>
    logger.warn("LLM failed; answered offline", { reason, error });
  let retriever: EdgeRetriever;
  let assistant: Assistant;
  try {
    retriever = createRetriever({
      snapshotJson: inputs.snapshotJson,
      embedder: createEmbedder(getEmbedderSettings(config)),
      logger,
    });
    assistant = buildAssistant(config, {
      retriever,
      prompts: isLlmEnabled(config) ? parsePrompts(inputs.prompts) : undefined,
      onFallback,
    });
  } catch (error) {
    return createMisconfiguredApp((error as Error).message);
  }
  const kv = createChannelStore(env, logger);
  const sessions = createSessionStore(env, logger);
  const wechat = getWeChatSettings(config);
  const wecom = getWeComSettings(config);
  const records = env.RECORDS_DB
    ? createD1RecordStores({
        db: env.RECORDS_DB,
        onInvalid: (kind, id, problem) => logger.warn("unreadable record", { kind, id, problem }),
      })
    : createUnboundRecordStores();
  // Without a hash key or token the key is derived per isolate: hashes then differ across isolates.
  const hashKey = deriveHashKey(config.QUESTION_LOG_HASH_KEY, config.ADMIN_TOKEN);
  return createApp({
    retriever,
    assistant,
    getStatus: () => retriever.getStatus(),
    logger,
    defaultK: config.SEARCH_K,
    records,
    console: {
      stores: records,
      questionLog: {
        // Without D1 there is nowhere to keep the log; answering must not fail for it.
        enabled: config.QUESTION_LOG === "on" && env.RECORDS_DB !== undefined,
        retentionDays: config.QUESTION_LOG_RETENTION_DAYS,
        hashKey,
      },
      sessions,
      sessionHours: config.ADMIN_SESSION_HOURS,
      documents: createReadOnlyDocumentManager(WORKER_DOCUMENTS_MESSAGE),
    },
    adminToken: config.ADMIN_TOKEN,
    hardening: getHardeningSettings(config),
    // Cloudflare sets the client's address; nothing else may claim it.
    getPeerAddress: (c) => c.req.header("cf-connecting-ip"),
    web: inputs.web,
    wechat: wechat && { settings: wechat, kv },
    wecom: wecom && { settings: wecom, kv },
  });
}

function createRetriever({
  snapshotJson,
  embedder,
  logger,
}: {
  snapshotJson: string;
  embedder: Embedder;
  logger: Logger;
}): EdgeRetriever {
  let snapshot: EdgeSnapshot;
  try {
    snapshot = parseEdgeSnapshot(snapshotJson);
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    const status: IndexStatus = {
      ready: false,
      reason: `The bundled index snapshot cannot be used: ${error.message}`,
      action: "Run `npm run build:edge` and redeploy.",
    };
    logger.error("index snapshot unusable", { reason: status.reason });
    const notReady = async (): Promise<never> => {
      throw new IndexNotReadyError(status.reason, status.action);
    };
    return { getStatus: async () => status, search: notReady, getLexicon: notReady };
  }
  return createEdgeRetriever({
    snapshot,
    embedder,
    onError: (error, where) => logger.warn(`${where} failed`, { error }),
  });
}

/** Staff sessions: KV when bound, else this isolate's memory. */
function createSessionStore(env: WorkerEnv, logger: Logger): KeyValue {
  if (env.CHANNEL_KV) return createWorkersKeyValue(env.CHANNEL_KV);
  logger.info("CHANNEL_KV is not bound: staff sessions are kept in this isolate's memory only");
  return createMemoryKeyValue();
}

/** WeChat/WeCom state: the Durable Object when bound (strongly consistent), else KV, else memory. */
function createChannelStore(env: WorkerEnv, logger: Logger): KeyValue {
  if (env.CHANNEL_STATE) return createDurableObjectKeyValue(env.CHANNEL_STATE);
  logger.warn(
    "CHANNEL_STATE is not bound: WeChat retries seen by two locations may both be answered (see wrangler.toml)",
  );
  if (env.CHANNEL_KV) return createWorkersKeyValue(env.CHANNEL_KV);
  return createMemoryKeyValue();
}

/** Answers `/healthz` and refuses everything else with the configuration problem. */
function createMisconfiguredApp(message: string): WorkerApp {
  console.error(message);
  return new Hono()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .all("*", (c) =>
      c.json(
        {
          error: {
            code: "misconfigured",
            message: `${message}\nSet the Worker's variables (wrangler.toml [vars]) and secrets (wrangler secret put).`,
          },
        },
        503,
      ),
    );
}
