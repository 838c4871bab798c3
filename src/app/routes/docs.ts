/**
 * @module `GET /docs`: a self-contained page rendering `/openapi.json` (no CDN, works offline).
 * Everything from the spec is inserted as text, never as HTML.
 */
import { Hono } from "hono";
import type { AppEnv } from "../shared.ts";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API — Chongqing investment assistant</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
  h1 { font-size: 1.5rem; }
  section { border: 1px solid #ccd; border-radius: 6px; margin: 1rem 0; padding: 0.5rem 1rem; }
  .method { display: inline-block; min-width: 4rem; font-weight: 700; color: #fff; background: #245; border-radius: 4px; padding: 0 0.4rem; text-align: center; }
  .path { font-family: ui-monospace, monospace; font-weight: 600; margin-left: 0.5rem; }
  pre { background: #f4f4f8; padding: 0.5rem; overflow-x: auto; font-size: 0.85rem; }
  table { border-collapse: collapse; } td, th { border-bottom: 1px solid #dde; padding: 0.2rem 0.6rem; text-align: left; }
</style>
</head>
<body>
<h1 id="title">API</h1>
<p id="description"></p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>
<main id="paths"><p>Loading…</p></main>
<script>
const el = (tag, text, cls) => { const node = document.createElement(tag); if (text !== undefined) node.textContent = text; if (cls) node.className = cls; return node; };
const resolve = (spec, schema) => schema && schema.$ref ? spec.components.schemas[schema.$ref.split("/").pop()] : schema;
fetch("/openapi.json").then((r) => r.json()).then((spec) => {
  document.getElementById("title").textContent = spec.info.title + " " + spec.info.version;
  document.getElementById("description").textContent = spec.info.description || "";
  const main = document.getElementById("paths");
  main.textContent = "";
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const section = el("section");
      const head = el("h2");
      head.append(el("span", method.toUpperCase(), "method"), el("span", path, "path"));
      section.append(head);
      if (op.summary) section.append(el("p", op.summary));
      if (op.description) section.append(el("p", op.description));
      if (op.parameters && op.parameters.length) {
        const table = el("table");
        const header = el("tr"); header.append(el("th", "parameter"), el("th", "in"), el("th", "required"), el("th", "description"));
        table.append(header);
        for (const p of op.parameters) {
          const row = el("tr");
          row.append(el("td", p.name), el("td", p.in), el("td", p.required ? "yes" : "no"), el("td", p.description || ""));
          table.append(row);
        }
        section.append(table);
      }
      const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
      if (body) { section.append(el("h3", "Request body")); section.append(el("pre", JSON.stringify(resolve(spec, body.schema), null, 2))); }
      for (const [status, response] of Object.entries(op.responses || {})) {
        section.append(el("h3", status + " — " + (response.description || "")));
        const json = response.content && response.content["application/json"];
        if (json) section.append(el("pre", JSON.stringify(resolve(spec, json.schema), null, 2)));
      }
      main.append(section);
    }
  }
}).catch((error) => { document.getElementById("paths").textContent = "Could not load the API description: " + error; });
</script>
</body>
</html>`;

/** The docs sub-app. */
export function createDocsRoutes() {
  return new Hono<AppEnv>().get("/docs", (c) => c.html(PAGE));
}
