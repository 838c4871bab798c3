/**
 * @module The access log: one JSON line per request with its id, method, path, status and time
 * to the response head. Never the query string (it carries the user's words), headers (tokens),
 * bodies or addresses; an unknown path is not repeated either, since anyone can put anything there.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../http/shared.ts";
import type { Logger } from "../../logger.ts";

/** Logs every request at `info` once its response has started. */
export function logAccess(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: status === 404 ? "(not found)" : c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
