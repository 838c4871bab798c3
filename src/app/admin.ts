/**
 * @module Guard for staff endpoints: `Authorization: Bearer <ADMIN_TOKEN>` (RFC 6750). Without a
 * configured token the endpoints are switched off (403) rather than open.
 */
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors.ts";
import type { AppEnv } from "./shared.ts";

const encoder = new TextEncoder();

/** Compares two secrets in time independent of where they differ (by comparing their digests). */
async function isSameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all(
    [given, expected].map(
      async (text) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))),
    ),
  );
  let difference = 0;
  for (let i = 0; i < 32; i++) difference |= (a?.[i] ?? 0) ^ (b?.[i] ?? 0);
  return difference === 0;
}

/** Middleware admitting only requests that carry the staff token. */
export function requireAdmin(token: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!token) {
      throw new ApiError(
        403,
        "disabled:admin",
        "Staff endpoints are disabled on this server: set ADMIN_TOKEN to enable them.",
      );
    }
    const given = /^Bearer +(\S+) *$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!given || !(await isSameSecret(given, token))) {
      // RFC 6750 §3: a 401 names the scheme the client must use.
      c.header("WWW-Authenticate", 'Bearer realm="staff"');
      throw new ApiError(
        401,
        "unauthorized:admin",
        "Staff endpoints need the header `Authorization: Bearer <ADMIN_TOKEN>`.",
      );
    }
    await next();
  };
}
