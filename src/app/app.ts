/**
 * @module The Hono application, runtime-neutral: every dependency is passed in, so the Node and
 * Worker entries wire their own adapters and tests call `app.request()` in memory.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requestId } from "hono/request-id";
import { createConsoleApiRoutes } from "../channels/console/api.ts";
import {
  createDocumentRoutes,
  createReadOnlyDocumentManager,
  type DocumentManager,
} from "../channels/console/documents.ts";
import { createConsolePageRoutes } from "../channels/console/pages.ts";
import { createOpenAIRoutes } from "../channels/openai/openai.ts";
import { createChatRoutes } from "../channels/web/chat.ts";
import { createFeedbackRoutes } from "../channels/web/feedback.ts";
import { createInquiryRoutes } from "../channels/web/inquiries.ts";
import { createPageRoutes } from "../channels/web/page.ts";
import { createSearchRoutes } from "../channels/web/search.ts";
import {
  createChannelOffRoutes,
  createWeChatRoutes,
  createWeComRoutes,
  WECHAT_SETUP_HINT,
  WECOM_SETUP_HINT,
  type WeChatChannelOptions,
  type WeComChannelOptions,
} from "../channels/wechat/index.ts";
import { createQuestionLog, type QuestionLogSettings } from "../console/question-log.ts";
import { createStaffAuth } from "../http/admin.ts";
import { ApiError, renderError } from "../http/errors.ts";
import type { AppEnv } from "../http/shared.ts";
import type { WebAssets } from "../http/web-assets.ts";
import type { Logger } from "../logger.ts";
import type { KeyValue } from "../ports/key-value.ts";
import type { Assistant } from "../rag/answer/types.ts";
import type { IndexStatus } from "../rag/manifest.ts";
import type { Retriever } from "../rag/types.ts";
import type { ConsoleStores, RecordStores } from "../records/types.ts";
import { getClientAddress } from "./hardening/client-address.ts";
import {
  applyHardening,
  type CreateHitStore,
  DEFAULT_HARDENING,
  type HardeningSettings,
} from "./hardening/index.ts";
import { getOpenApiDocument, registerOpenApi } from "./openapi/index.ts";
import { createDocsRoutes } from "./routes/docs.ts";
import { createHealthRoutes, type ServingReport, type SharedStateReport } from "./routes/health.ts";

export interface AppDependencies {
  retriever: Retriever;
  assistant: Assistant;
  getStatus: () => Promise<IndexStatus>;
  /** Where searches are served from, reported on `/readyz`. */
  getServing?: (() => ServingReport) | undefined;
  /** Where channel state lives and whether that store answers, reported on `/readyz`. */
  getSharedState?: (() => SharedStateReport) | undefined;
  logger: Logger;
  /** Results returned by search when `k` is not given. */
  defaultK: number;
  /** Where feedback and inquiries go; without it those routes are not mounted. */
  records?: RecordStores;
  /** Bearer token for staff endpoints; unset switches them off. */
  adminToken?: string | undefined;
  /** The chat page's files; without them `GET /` is not served. */
  web?: WebAssets;
  /** The WeChat Official Account callback `/wechat`; without it the route answers 503. */
  wechat?: WeChatChannelOptions | undefined;
  /** The WeCom application callback `/wecom`; without it the route answers 503. */
  wecom?: WeComChannelOptions | undefined;
  /** Limits, rate limits, CORS and timeouts; {@link DEFAULT_HARDENING} when not given. */
  hardening?: HardeningSettings | undefined;
  /** Where rate-limit counters live (Redis across replicas); per process when not given. */
  createHitStore?: CreateHitStore | undefined;
  /** The client's address as the runtime sees it, for rate limiting (Node: the socket's). */
  getPeerAddress?: ((c: Context) => string | undefined) | undefined;
  /** The staff console at `/admin`; without it only the bearer-token staff endpoints exist. */
  console?: ConsoleDependencies | undefined;
}

/** What the staff console needs besides the records. */
export interface ConsoleDependencies {
  /** The question log, inquiry status and handled marks. */
  stores: ConsoleStores;
  questionLog: QuestionLogSettings;
  /** Where sessions are kept (memory on Node, KV on Workers); memory when not given. */
  sessions?: KeyValue | undefined;
  sessionHours?: number | undefined;
  /** Adds and removes documents; without it the documents API lists only. */
  documents?: DocumentManager | undefined;
  /** The latest evaluation report's HTML, when the server has one. */
  readEvalReport?: (() => Promise<string | undefined>) | undefined;
}

/** Builds the whole HTTP surface from its dependencies. */
export function createApp(deps: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>();
  const hardening = deps.hardening ?? DEFAULT_HARDENING;
  app.use(requestId());
  applyHardening(app, {
    settings: hardening,
    logger: deps.logger,
    getPeerAddress: deps.getPeerAddress,
    createHitStore: deps.createHitStore,
  });
  const auth = createStaffAuth({
    token: deps.adminToken,
    kv: deps.console?.sessions,
    sessionHours: deps.console?.sessionHours,
    getClientKey: (c) =>
      getClientAddress(c, {
        trustProxy: hardening.trustProxy,
        getPeerAddress: deps.getPeerAddress,
      }) ?? "unknown",
  });
  // The question log wraps the assistant once per channel, from outside the answering code.
  const questionLog =
    deps.console &&
    createQuestionLog({
      store: deps.console.stores.questions,
      settings: deps.console.questionLog,
      logger: deps.logger,
    });
  const assistantFor = (channel: "web" | "api" | "wechat" | "wecom", user?: string) =>
    questionLog ? questionLog.wrap(deps.assistant, { channel, user }) : deps.assistant;
  if (questionLog) {
    // On Workers the log's writes must outlive the response they ran beside.
    app.use(async (c, next) => {
      await next();
      if (!questionLog.busy) return;
      try {
        c.executionCtx.waitUntil(questionLog.flush());
      } catch {
        // Node has no execution context; the process stays up anyway.
      }
    });
  }
  app.route(
    "/",
    createHealthRoutes({
      getStatus: deps.getStatus,
      getServing: deps.getServing,
      getSharedState: deps.getSharedState,
    }),
  );
  app.route("/", createSearchRoutes({ retriever: deps.retriever, defaultK: deps.defaultK }));
  app.route("/", createChatRoutes({ assistant: assistantFor("web"), logger: deps.logger }));
  app.route("/", createOpenAIRoutes({ assistant: assistantFor("api"), logger: deps.logger }));
  app.route("/", createDocsRoutes({ getDocument: () => getOpenApiDocument(app) }));
  if (deps.records) {
    const { feedback, inquiries } = deps.records;
    app.route("/", createFeedbackRoutes({ store: feedback, auth }));
    app.route(
      "/",
      createInquiryRoutes({ store: inquiries, updates: deps.console?.stores.inquiryUpdates, auth }),
    );
  }
  app.route(
    "/",
    createConsolePageRoutes({ auth, web: deps.web, readEvalReport: deps.console?.readEvalReport }),
  );
  if (deps.console) {
    app.route(
      "/",
      createConsoleApiRoutes({
        auth,
        stores: deps.console.stores,
        feedback: deps.records?.feedback,
        questionLog,
        evalReportLink: deps.console.readEvalReport
          ? async () =>
              (await deps.console?.readEvalReport?.()) === undefined
                ? undefined
                : "/admin/eval-report"
          : undefined,
      }),
    );
    app.route(
      "/",
      createDocumentRoutes({
        auth,
        manager:
          deps.console.documents ??
          createReadOnlyDocumentManager("Documents cannot be changed on this server."),
        getStatus: deps.getStatus,
      }),
    );
  }
  if (deps.web) app.route("/", createPageRoutes({ assets: deps.web }));
  app.route(
    "/",
    deps.wechat
      ? createWeChatRoutes({
          ...deps.wechat,
          createHitStore: deps.wechat.createHitStore ?? deps.createHitStore,
          assistant: deps.assistant,
          assistantFor: questionLog ? (user) => assistantFor("wechat", user) : undefined,
          logger: deps.logger,
        })
      : createChannelOffRoutes({ channel: "wechat", hint: WECHAT_SETUP_HINT }),
  );
  app.route(
    "/",
    deps.wecom
      ? createWeComRoutes({
          ...deps.wecom,
          createHitStore: deps.wecom.createHitStore ?? deps.createHitStore,
          assistant: deps.assistant,
          assistantFor: questionLog ? (user) => assistantFor("wecom", user) : undefined,
          logger: deps.logger,
        })
      : createChannelOffRoutes({ channel: "wecom", hint: WECOM_SETUP_HINT }),
  );
  registerOpenApi(app, { page: deps.web !== undefined });
  app.notFound((c) =>
    renderError(
      new ApiError(404, "not_found", `No route for ${c.req.method} ${c.req.path}.`),
      c,
      deps.logger,
    ),
  );
  app.onError((error, c) => renderError(error, c, deps.logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
