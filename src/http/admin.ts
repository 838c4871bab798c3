/**
 * @module Guard for staff endpoints and the console. A request is let in with
 * `Authorization: Bearer <ADMIN_TOKEN>` (RFC 6750) or with a console session cookie. Requests that
 * change state on a session are refused when they come from another site (the browser's
 * `Sec-Fetch-Site`, else `Origin`): the cookie is SameSite=Strict already, this is the second
 * fence. Failed tokens count against the client address; after too many, 429. Without a
 * configured token the endpoints are switched off (403) rather than open.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { createMemoryKeyValue } from "../adapters/memory/key-value.ts";
import { createFailureLimiter, type FailureLimiter } from "../console/failures.ts";
import { createSessionManager, type SessionManager } from "../console/sessions.ts";
import type { KeyValue } from "../ports/key-value.ts";
import { ApiError } from "./errors.ts";
import type { AppEnv } from "./shared.ts";

const encoder = new TextEncoder();

/** The session cookie's name. */
export const SESSION_COOKIE = "cq_staff_session";
/** Wrong tokens allowed per address and window before 429. */
export const MAX_FAILED_SIGN_INS = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** Compares two secrets in time independent of where they differ (by comparing their digests). */
export async function isSameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all(
    [given, expected].map(
      async (text) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))),
    ),
  );
  let difference = 0;
  for (let i = 0; i < 32; i++) difference |= (a?.[i] ?? 0) ^ (b?.[i] ?? 0);
  return difference === 0;
}

/** Everything the staff guard needs; one per app. */
export interface StaffAuth {
  token: string | undefined;
  sessions: SessionManager | undefined;
  failures: FailureLimiter;
  /** The key failures are counted under (the client address). */
  getClientKey: (c: Context) => string;
}

export function createStaffAuth({
  token,
  kv = createMemoryKeyValue({ maxEntries: 10_000 }),
  sessionHours = 12,
  getClientKey = () => "unknown",
}: {
  token: string | undefined;
  kv?: KeyValue | undefined;
  sessionHours?: number | undefined;
  getClientKey?: ((c: Context) => string) | undefined;
}): StaffAuth {
  return {
    token,
    sessions: token ? createSessionManager({ kv, token, hours: sessionHours }) : undefined,
    failures: createFailureLimiter({
      max: MAX_FAILED_SIGN_INS,
      windowMs: FAILED_SIGN_IN_WINDOW_MS,
    }),
    getClientKey,
  };
}

/** The message shown when ADMIN_TOKEN is unset. */
export const DISABLED_MESSAGE =
  "The staff console and staff endpoints are disabled on this server: set ADMIN_TOKEN (at least 16 characters) to enable them.";

/** Throws 429 when the client has failed too often. */
export function refuseLockedOut(auth: StaffAuth, c: Context): void {
  const wait = auth.failures.retryAfter(auth.getClientKey(c));
  if (wait > 0) {
    c.header("Retry-After", String(wait));
    throw new ApiError(
      429,
      "rate_limited:sign_in",
      `Too many wrong staff tokens from this address; try again in ${Math.ceil(wait / 60)} minutes.`,
    );
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a browser says the request comes from another site. */
export function isCrossSite(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = c.req.header("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  // A proxy may rewrite Host; the host it was asked for is then in X-Forwarded-Host. A page on
  // another site cannot set either header on a victim's request, so both are safe to accept.
  const hosts = [
    c.req.header("host") ?? new URL(c.req.url).host,
    ...(c.req.header("x-forwarded-host") ?? "").split(",").map((host) => host.trim()),
  ].filter(Boolean);
  try {
    return !hosts.includes(new URL(origin).host);
  } catch {
    return true;
  }
}

/** Throws 403 for a state-changing request from another site. */
export function refuseCrossSite(c: Context): void {
  if (!SAFE_METHODS.has(c.req.method) && isCrossSite(c)) {
    throw new ApiError(
      403,
      "forbidden:csrf",
      "This request came from another site; staff changes are only accepted from the console itself.",
    );
  }
}

/** Whether the request carries a live console session. */
export async function hasSession(auth: StaffAuth, c: Context): Promise<boolean> {
  return (await auth.sessions?.verify(getCookie(c, SESSION_COOKIE))) ?? false;
}

/** Middleware admitting only requests with the staff token or a console session. */
export function requireAdmin(auth: StaffAuth): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!auth.token) throw new ApiError(403, "disabled:admin", DISABLED_MESSAGE);
    const header = c.req.header("authorization");
    if (header !== undefined) {
      refuseLockedOut(auth, c);
      const given = /^Bearer +(\S+) *$/i.exec(header)?.[1];
      if (given && (await isSameSecret(given, auth.token))) return next();
      auth.failures.fail(auth.getClientKey(c));
    } else if (await hasSession(auth, c)) {
      refuseCrossSite(c);
      return next();
    }
    // RFC 6750 §3: a 401 names the scheme the client must use.
    c.header("WWW-Authenticate", 'Bearer realm="staff"');
    throw new ApiError(
      401,
      "unauthorized:admin",
      "Staff endpoints need a console session (sign in at /admin) or the header `Authorization: Bearer <ADMIN_TOKEN>`.",
    );
  };
}
