/**
 * @module `GET /`: the investor chat page, and its scripts, styles and icon under `/assets/`.
 * The files are passed in (the Node entry reads `src/web/` at start; a Worker would bundle
 * them as text), so this route stays runtime-neutral. A strict Content Security Policy allows
 * only this origin's scripts and styles — a second line of defence behind the page rendering
 * every model or corpus string as text.
 */
import { Hono } from "hono";
import { etag } from "hono/etag";
import { ApiError } from "../../http/errors.ts";
import type { AppEnv } from "../../http/shared.ts";
import type { WebAssets } from "../../http/web-assets.ts";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
};

/** CSP Level 3 (https://www.w3.org/TR/CSP3/): nothing inline, nothing from elsewhere. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function typeOf(name: string): string | undefined {
  return TYPES[name.split(".").pop() ?? ""];
}

/** The page sub-app; serves only the files it was given. */
export function createPageRoutes({ assets }: { assets: WebAssets }) {
  const app = new Hono<AppEnv>();
  app.use("/", etag());
  app.use("/assets/*", etag());
  const headers = (type: string) => ({
    "content-type": type,
    "cache-control": "no-cache",
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  app.get("/", (c) => {
    const page = assets["index.html"];
    if (page === undefined) throw new ApiError(404, "not_found", "The web page is not installed.");
    return c.body(page, 200, headers(TYPES.html ?? ""));
  });
  app.get("/assets/:name{[a-z0-9-]+\\.[a-z]+}", (c) => {
    const name = c.req.param("name");
    const body = assets[name];
    const type = typeOf(name);
    if (body === undefined || type === undefined || name.endsWith(".html")) {
      throw new ApiError(404, "not_found", `No asset named ${name}.`);
    }
    return c.body(body, 200, headers(type));
  });
  return app;
}
