/**
 * @module The Hono application, runtime-neutral: every dependency is passed in, so the Node and
 * Worker entries wire their own adapters and tests call `app.request()` in memory.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requestId } from "hono/request-id";
import {
  createChannelOffRoutes,
  createWeChatRoutes,
  createWeComRoutes,
  WECHAT_SETUP_HINT,
  WECOM_SETUP_HINT,
  type WeChatChannelOptions,
  type WeComChannelOptions,
} from "../channels/wechat/index.ts";
import type { Assistant } from "../rag/answer/types.ts";
import type { IndexStatus } from "../rag/manifest.ts";
import type { Retriever } from "../rag/types.ts";
import type { RecordStores } from "../records/types.ts";
import { ApiError, renderError } from "./errors.ts";
import { applyHardening, DEFAULT_HARDENING, type HardeningSettings } from "./hardening/index.ts";
import type { Logger } from "./logger.ts";
import { createChatRoutes } from "./routes/chat.ts";
import { createDocsRoutes } from "./routes/docs.ts";
import { createFeedbackRoutes } from "./routes/feedback.ts";
import { createHealthRoutes, type ServingReport } from "./routes/health.ts";
import { createInquiryRoutes } from "./routes/inquiries.ts";
import { createOpenAIRoutes } from "./routes/openai.ts";
import { createPageRoutes, type WebAssets } from "./routes/page.ts";
import { createSearchRoutes } from "./routes/search.ts";
import type { AppEnv } from "./shared.ts";

export interface AppDependencies {
  retriever: Retriever;
  assistant: Assistant;
  getStatus: () => Promise<IndexStatus>;
  /** Where searches are served from, reported on `/readyz`. */
  getServing?: (() => ServingReport) | undefined;
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
  /** The client's address as the runtime sees it, for rate limiting (Node: the socket's). */
  getPeerAddress?: ((c: Context) => string | undefined) | undefined;
}

/** Builds the whole HTTP surface from its dependencies. */
export function createApp(deps: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId());
  applyHardening(app, {
    settings: deps.hardening ?? DEFAULT_HARDENING,
    logger: deps.logger,
    getPeerAddress: deps.getPeerAddress,
  });
  app.route("/", createHealthRoutes({ getStatus: deps.getStatus, getServing: deps.getServing }));
  app.route("/", createSearchRoutes({ retriever: deps.retriever, defaultK: deps.defaultK }));
  app.route("/", createChatRoutes({ assistant: deps.assistant, logger: deps.logger }));
  app.route("/", createOpenAIRoutes({ assistant: deps.assistant, logger: deps.logger }));
  app.route("/", createDocsRoutes());
  if (deps.records) {
    const { feedback, inquiries } = deps.records;
    app.route("/", createFeedbackRoutes({ store: feedback, adminToken: deps.adminToken }));
    app.route("/", createInquiryRoutes({ store: inquiries, adminToken: deps.adminToken }));
  }
  if (deps.web) app.route("/", createPageRoutes({ assets: deps.web }));
  const channel = { assistant: deps.assistant, logger: deps.logger };
  app.route(
    "/",
    deps.wechat
      ? createWeChatRoutes({ ...deps.wechat, ...channel })
      : createChannelOffRoutes({ channel: "wechat", hint: WECHAT_SETUP_HINT }),
  );
  app.route(
    "/",
    deps.wecom
      ? createWeComRoutes({ ...deps.wecom, ...channel })
      : createChannelOffRoutes({ channel: "wecom", hint: WECOM_SETUP_HINT }),
  );
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Chongqing investment assistant API",
      version: "0.1.0",
      description:
        "Answers investors' questions about Chongqing's development zones, with sources.",
    },
  });
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
