/**
 * @module The HTML the server serves in `/openapi.json`: the investor chat page and its assets
 * (when the page is installed), and the API documentation itself.
 */
import { z } from "@hono/zod-openapi";
import { errorResponse, type Registry } from "../../http/responses.ts";

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

/** Documents the staff console's pages: `/admin`, sign-in and sign-out, the eval report. */
export function registerConsoleDocs(registry: Registry) {
  const signInPage = (description: string) => html(`${description} (the sign-in page says why)`);
  const language = {
    name: "lang",
    in: "query" as const,
    required: false,
    description: "The console's language: `en` or `zh`.",
    schema: { type: "string" as const, enum: ["en", "zh"] },
  };
  registry.registerPath({
    method: "get",
    path: "/admin",
    summary: "The staff console (needs a console session)",
    parameters: [language],
    responses: {
      200: html("The console"),
      401: signInPage("No session: the sign-in form"),
      403: signInPage("`ADMIN_TOKEN` is not set, so the console is off"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/admin/sign-in",
    summary: "Exchange the staff token for a console session cookie",
    description:
      "A form post with `token` (the server's `ADMIN_TOKEN`). Sets an HttpOnly, SameSite=Strict session cookie (Secure behind HTTPS) and redirects to `/admin`. Ten wrong tokens in 15 minutes from one address lock it out.",
    parameters: [language],
    responses: {
      303: { description: "Signed in: on to `/admin`" },
      401: signInPage("A wrong token"),
      403: signInPage("Console off, or the form was posted from another site"),
      429: signInPage("Too many wrong tokens from this address"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/admin/sign-out",
    summary: "End the console session",
    parameters: [language],
    responses: {
      303: { description: "Signed out: back to the sign-in page" },
      403: signInPage("The form was posted from another site"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/admin/eval-report",
    summary: "The newest evaluation report (HTML, needs a console session)",
    responses: {
      200: html("The report `npm run eval` wrote last"),
      401: signInPage("No session"),
      403: signInPage("`ADMIN_TOKEN` is not set"),
      404: {
        description: "No report on this server yet",
        content: { "text/plain": { schema: z.string() } },
      },
    },
  });
}
