/**
 * @module `GET /docs`: the API reference, rendered on the server from the same document
 * `/openapi.json` serves (no CDN, no script, works offline). The page is built on first request,
 * once every route has been registered, and kept.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../http/shared.ts";
import { type OpenApiDocument, renderApiReference } from "../openapi/html.ts";

/** CSP Level 3: the page is static HTML with one inline style sheet and nothing else. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The docs sub-app; `getDocument` gives the OpenAPI document to render. */
export function createDocsRoutes({ getDocument }: { getDocument: () => unknown }) {
  let page: string | undefined;
  return new Hono<AppEnv>().get("/docs", (c) => {
    page ??= renderApiReference(getDocument() as OpenApiDocument);
    c.header("content-security-policy", CONTENT_SECURITY_POLICY);
    return c.html(page);
  });
}
