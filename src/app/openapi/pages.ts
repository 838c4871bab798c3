/**
 * @module The HTML the server serves in `/openapi.json`: the investor chat page and its assets
 * (when the page is installed), and the API documentation itself.
 */
import { z } from "@hono/zod-openapi";
import { errorResponse, type Registry } from "./responses.ts";

const html = (description: string) => ({
  description,
  content: { "text/html": { schema: z.string() } },
});

/** Documents `/docs` and `/openapi.json`. */
export function registerDocsDocs(registry: Registry) {
  registry.registerPath({
    method: "get",
    path: "/docs",
    summary: "This documentation, as a web page",
    responses: { 200: html("The API reference, rendered from `/openapi.json`") },
  });
  registry.registerPath({
    method: "get",
    path: "/openapi.json",
    summary: "This documentation, as OpenAPI 3.1",
    description: "Generated from the same zod schemas that validate requests.",
    responses: {
      200: {
        description: "The OpenAPI document",
        content: { "application/json": { schema: z.object({}).passthrough() } },
      },
    },
  });
}

/** Documents the chat page `/` and `/assets/{name}`. */
export function registerPageDocs(registry: Registry) {
  registry.registerPath({
    method: "get",
    path: "/",
    summary: "The investor chat page",
    description:
      "Plain HTML, CSS and JavaScript modules under a strict Content Security Policy; it talks to `POST /api/chat`, `/api/feedback` and `/api/inquiries`.",
    responses: { 200: html("The page") },
  });
  registry.registerPath({
    method: "get",
    path: "/assets/{name}",
    summary: "The chat page's scripts, styles and icon",
    parameters: [
      {
        name: "name",
        in: "path",
        required: true,
        description: "A file of the page, such as `app.js`, `base.css` or `icon.svg`.",
        schema: { type: "string", pattern: "^[a-z0-9-]+\\.[a-z]+$" },
      },
    ],
    responses: {
      200: {
        description: "The file, with its content type",
        content: {
          "text/javascript": { schema: z.string() },
          "text/css": { schema: z.string() },
          "image/svg+xml": { schema: z.string() },
        },
      },
      404: errorResponse("No such file.", [
        { code: "not_found", message: "No asset named nope.js." },
      ]),
    },
  });
}
