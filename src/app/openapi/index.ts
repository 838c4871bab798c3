/**
 * @module `/openapi.json`: the document's header, and the documentation of the routes that are
 * plain Hono handlers (health, messaging channels, pages). Routes built with `createRoute`
 * document themselves; each further group of plain routes adds a module here and one line below.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/shared.ts";
import { registerChannelDocs } from "./channels.ts";
import { registerHealthDocs } from "./health.ts";
import { registerConsoleDocs, registerDocsDocs, registerPageDocs } from "./pages.ts";

/** The document's `openapi` and `info`. */
export const OPENAPI_HEADER = {
  openapi: "3.1.0",
  info: {
    title: "Chongqing investment assistant API",
    version: "0.1.0",
    description: [
      "Answers investors' questions about Chongqing's development zones, citing the passages each answer rests on.",
      "",
      'Errors are JSON: `{ "error": { "code", "message", "details"? } }`. A `code` names a type and, where it helps, a surface (`bad_request:search`); every response below lists the codes it carries. `/api/*` and `/v1/*` are rate-limited per client address (429 with `Retry-After`), and a request that runs out of time is answered 503 `timeout`.',
    ].join("\n"),
  },
} as const;

/** Documents the plain routes and serves the document at `/openapi.json`. */
export function registerOpenApi(app: OpenAPIHono<AppEnv>, { page }: { page: boolean }): void {
  const registry = app.openAPIRegistry;
  registerHealthDocs(registry);
  registerChannelDocs(registry);
  registerDocsDocs(registry);
  registerConsoleDocs(registry);
  if (page) registerPageDocs(registry);
  app.doc31("/openapi.json", OPENAPI_HEADER);
}

/** The OpenAPI document of `app`, as `/openapi.json` serves it. */
export function getOpenApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document(OPENAPI_HEADER);
}
