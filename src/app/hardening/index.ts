/**
 * @module What protects the HTTP surface: the access log, security headers, CORS (off unless
 * origins are configured), a body size limit (413, closing the connection), a per-address rate
 * limit (429) and a request
 * timeout (503) on the API routes. Runtime-neutral: how to read the peer's address is passed in.
 */
import type { Context, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { timeout } from "hono/timeout";
import type { Config } from "../../config.ts";
import { ApiError } from "../../http/errors.ts";
import { limitRequestRate } from "../../http/rate-limit.ts";
import type { AppEnv } from "../../http/shared.ts";
import type { Logger } from "../../logger.ts";
import type { CreateHitStore } from "../../ports/rate-limit.ts";
import { logAccess } from "./access-log.ts";
import { getClientAddress } from "./client-address.ts";

export { createSenderLimit, type SenderLimit } from "../../http/rate-limit.ts";
export type { CreateHitStore, HitStore } from "../../ports/rate-limit.ts";

/** The limits, from the config (`getHardeningSettings`) or {@link DEFAULT_HARDENING}. */
export interface HardeningSettings {
  /** Requests a minute per client address on `/api/*` and `/v1/*`; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Longest an API request may take before it is answered 503; streams count to their head. */
  requestTimeoutMs: number;
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
  /** Origins allowed to call the API from a browser; empty is same-origin only, `*` any. */
  corsOrigins: readonly string[];
  /** Proxies in front of the server whose `X-Forwarded-For` is trusted; 0 trusts none. */
  trustProxy: number;
}

/** The config's defaults, for apps built without settings (tests). */
export const DEFAULT_HARDENING: HardeningSettings = {
  rateLimitPerMinute: 120,
  requestTimeoutMs: 30_000,
  maxBodyBytes: 1024 * 1024,
  corsOrigins: [],
  trustProxy: 0,
};

/** Margin past the LLM deadline: a follow-up rewrite and the offline answer come on top. */
const TIMEOUT_MARGIN_MS = 10_000;

/** The hardening settings from the config. */
export function getHardeningSettings(config: Config): HardeningSettings {
  return {
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS ?? config.LLM_TIMEOUT_MS + TIMEOUT_MARGIN_MS,
    maxBodyBytes: config.MAX_BODY_KB * 1024,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
  };
}

/** The staff console's document upload, which has its own body limit. */
const UPLOAD_ROUTE = "/api/admin/documents";

/**
 * Ends the connection after a 413 (`Connection: close`). The rest of the rejected body is still
 * on its way; Node would read it into the void only for a short while and then drop the socket,
 * so a keep-alive client that sent its next request on that connection would see it fail
 * ("other side closed"). Told to close, the client opens a new connection instead. Covers every
 * body limit (API, channels, records), wherever it rejects.
 */
const closeAfterRejectedBody: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status === 413) c.header("Connection", "close");
};

/** Routes for programs and the page's scripts; the channels and the page have their own rules. */
const API_ROUTES = ["/api/*", "/v1/*"];

/** Registers the protections on `app`; call before mounting routes. */
export function applyHardening(
  app: Hono<AppEnv>,
  {
    settings,
    logger,
    getPeerAddress,
    createHitStore,
  }: {
    settings: HardeningSettings;
    logger: Logger;
    /** Where rate-limit counters live; per process when not given. */
    createHitStore?: CreateHitStore | undefined;
    /** The peer's address from the runtime (Node: `getConnInfo`); without it, no rate limit. */
    getPeerAddress?: ((c: Context) => string | undefined) | undefined;
  },
): void {
  app.use(logAccess(logger));
  app.use(closeAfterRejectedBody);
  // The page sets its own Content-Security-Policy; these add the rest (HSTS, nosniff, framing…).
  app.use(secureHeaders());
  if (settings.corsOrigins.length > 0) {
    const origin = settings.corsOrigins.includes("*") ? "*" : [...settings.corsOrigins];
    const policy = cors({
      origin,
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["Content-Type", "Authorization", "Accept", "X-Request-Id"],
      exposeHeaders: ["X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy"],
      maxAge: 600,
    });
    for (const route of API_ROUTES) app.use(route, policy);
  }
  const limitBody = bodyLimit({
    maxSize: settings.maxBodyBytes,
    onError: () => {
      throw new ApiError(
        413,
        "payload_too_large",
        `The body must be at most ${settings.maxBodyBytes} bytes.`,
      );
    },
  });
  // Document uploads have their own limit (MAX_UPLOAD_MB), applied by their route.
  app.use((c, next) =>
    c.req.method === "POST" && c.req.path === UPLOAD_ROUTE ? next() : limitBody(c, next),
  );
  if (settings.rateLimitPerMinute > 0) {
    const limit = limitRequestRate({
      perMinute: settings.rateLimitPerMinute,
      getClientKey: (c) => getClientAddress(c, { trustProxy: settings.trustProxy, getPeerAddress }),
      createStore: createHitStore,
    });
    for (const route of API_ROUTES) app.use(route, limit);
  }
  const seconds = Math.ceil(settings.requestTimeoutMs / 1000);
  const deadline = timeout(settings.requestTimeoutMs, (c) => {
    c.header("Retry-After", "5");
    return new ApiError(503, "timeout", `The request took longer than ${seconds} s; please retry.`);
  });
  for (const route of API_ROUTES) app.use(route, deadline);
}
