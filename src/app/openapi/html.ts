/**
 * @module The API reference page `/docs`, rendered on the server from the OpenAPI document:
 * every operation with its parameters, request body and responses, schemas shown as readable
 * field tables with `$ref`s resolved, examples as JSON, and descriptions rendered as Markdown.
 * Markdown is rendered with raw HTML off and every other string escaped, so nothing in the
 * document can become markup; the page needs no script.
 */
import MarkdownIt from "markdown-it";

/** The parts of an OpenAPI 3.1 document the page reads. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
}

interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value?: unknown }>;
}

interface Operation {
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema?: Schema;
  }[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation> | undefined>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const md = (text: string | undefined) => (text ? markdown.render(text) : "");
const mdInline = (text: string | undefined) => (text ? markdown.renderInline(text) : "");

function createSchemaRenderer(document: OpenApiDocument) {
  const schemas = document.components?.schemas ?? {};
  const refName = (ref: string) => ref.split("/").pop() ?? ref;
  const resolve = (schema: Schema): { schema: Schema; name?: string } =>
    schema.$ref
      ? { schema: schemas[refName(schema.$ref)] ?? {}, name: refName(schema.$ref) }
      : { schema };

  /** A short type label: `string`, `integer`, `array of Citation`, `"up" | "down"`. */
  function typeOf(input: Schema, seen: ReadonlySet<string>): string {
    const { schema, name } = resolve(input);
    if (name && (schema.type === "object" || schema.properties)) return name;
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) return variants.map((variant) => typeOf(variant, seen)).join(" | ");
    if (schema.type === "array")
      return `array of ${schema.items ? typeOf(schema.items, seen) : "any"}`;
    const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
    return schema.format ? `${type} (${schema.format})` : type;
  }

  function constraints(schema: Schema): string[] {
    const notes: string[] = [];
    const range = (low?: number, high?: number, unit = "") =>
      low !== undefined && high !== undefined
        ? `${low}–${high}${unit}`
        : low !== undefined
          ? `at least ${low}${unit}`
          : high !== undefined
            ? `at most ${high}${unit}`
            : undefined;
    const length = range(schema.minLength, schema.maxLength, " characters");
    const items = range(schema.minItems, schema.maxItems, " items");
    const value = range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum);
    for (const note of [length, items, value]) if (note) notes.push(note);
    if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
    if (schema.pattern) notes.push(`pattern \`${schema.pattern}\``);
    return notes;
  }

  /** The object's fields (or the array's items' fields) as a table, nested objects within. */
  function fields(input: Schema, seen: ReadonlySet<string>, depth: number): string {
    const { schema, name } = resolve(input);
    if (name && seen.has(name)) return `<p class="note">(${escapeHtml(name)}, as above)</p>`;
    const inner = name ? new Set([...seen, name]) : seen;
    if (schema.type === "array" && schema.items) return fields(schema.items, inner, depth);
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants && depth < 6) {
      const objects = variants.filter((variant) => resolve(variant).schema.properties);
      return objects.map((variant) => fields(variant, inner, depth + 1)).join("");
    }
    if (!schema.properties || depth > 6) return "";
    const required = new Set(schema.required ?? []);
    const rows = Object.entries(schema.properties).map(([field, property]) => {
      const resolved = resolve(property).schema;
      const notes = constraints(resolved).map((note) => mdInline(note));
      const nested = fields(property, inner, depth + 1);
      return `<tr><td><code>${escapeHtml(field)}</code>${required.has(field) ? ' <span class="required">required</span>' : ""}</td><td class="type">${escapeHtml(typeOf(property, inner))}</td><td>${md(property.description ?? resolved.description)}${notes.length ? `<p class="note">${notes.join("; ")}</p>` : ""}${nested}</td></tr>`;
    });
    return `<table class="fields"><thead><tr><th>field</th><th>type</th><th>description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  }

  /** A schema: its type, description and fields. */
  return function renderSchema(schema: Schema): string {
    const { schema: resolved } = resolve(schema);
    const description = resolved.description ? md(resolved.description) : "";
    return `<p class="type">${escapeHtml(typeOf(schema, new Set()))}</p>${description}${fields(schema, new Set(), 0)}`;
  };
}

function renderExamples(media: MediaType): string {
  const examples = Object.entries(media.examples ?? {});
  if (media.example !== undefined) examples.push(["example", { value: media.example }]);
  return examples
    .map(
      ([name, example]) =>
        `<p class="example-name">Example: <code>${escapeHtml(example.summary ?? name)}</code></p><pre>${escapeHtml(JSON.stringify(example.value, null, 2))}</pre>`,
    )
    .join("");
}

function renderContent(
  content: Record<string, MediaType> | undefined,
  renderSchema: (schema: Schema) => string,
): string {
  return Object.entries(content ?? {})
    .map(
      ([type, media]) =>
        `<div class="media"><p class="media-type"><code>${escapeHtml(type)}</code></p>${media.schema ? renderSchema(media.schema) : ""}${renderExamples(media)}</div>`,
    )
    .join("");
}

const anchor = (method: string, path: string) =>
  `${method}-${path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "root"}`;

function renderOperation(
  method: string,
  path: string,
  op: Operation,
  renderSchema: (schema: Schema) => string,
): string {
  const parts: string[] = [
    `<h2><span class="method ${method}">${method.toUpperCase()}</span> <span class="path">${escapeHtml(path)}</span></h2>`,
  ];
  if (op.summary) parts.push(`<p class="summary">${mdInline(op.summary)}</p>`);
  parts.push(md(op.description));
  if (op.security?.length) {
    parts.push(
      '<p class="auth">Staff only: send <code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code>.</p>',
    );
  }
  if (op.parameters?.length) {
    const rows = op.parameters.map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' <span class="required">required</span>' : ""}</td><td>${escapeHtml(p.in)}</td><td class="type">${escapeHtml(p.schema ? (Array.isArray(p.schema.type) ? p.schema.type.join(" | ") : (p.schema.type ?? "")) : "")}</td><td>${md(p.description)}</td></tr>`,
    );
    parts.push(
      `<h3>Parameters</h3><table class="fields"><thead><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    );
  }
  if (op.requestBody) {
    parts.push(
      `<h3>Request body${op.requestBody.required ? "" : " (optional)"}</h3>${md(op.requestBody.description)}${renderContent(op.requestBody.content, renderSchema)}`,
    );
  }
  const responses = Object.entries(op.responses ?? {}).map(
    ([status, response]) =>
      `<details${status.startsWith("2") ? " open" : ""}><summary><span class="status s${status[0]}">${escapeHtml(status)}</span> ${mdInline(response.description)}</summary>${renderContent(response.content, renderSchema)}</details>`,
  );
  parts.push(`<h3>Responses</h3>${responses.join("")}`);
  return `<section class="operation" id="${anchor(method, path)}">${parts.join("")}</section>`;
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64rem; padding: 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.15rem; margin: 0 0 0.25rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
a { color: #0b4f8a; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; background: #eef1f5; padding: 0 0.25em; border-radius: 3px; }
pre { background: #f4f6f9; border: 1px solid #dde3ea; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; }
pre code { background: none; padding: 0; }
nav ul { columns: 2 18rem; padding-left: 1.2rem; }
.operation { border: 1px solid #c9d2dc; border-radius: 8px; margin: 1.25rem 0; padding: 0.9rem 1.1rem; }
.method { display: inline-block; min-width: 3.8rem; text-align: center; font-size: 0.85rem; font-weight: 700; color: #fff; background: #245; border-radius: 4px; padding: 0.1rem 0.4rem; }
.method.post { background: #0b6b3a; }
.path { font-family: ui-monospace, monospace; }
.summary { font-weight: 600; margin: 0.25rem 0; }
.auth { background: #fff4e0; border-left: 4px solid #8a4b00; padding: 0.4rem 0.6rem; }
table.fields { border-collapse: collapse; width: 100%; margin: 0.4rem 0; font-size: 0.92rem; }
table.fields th, table.fields td { border-bottom: 1px solid #dde3ea; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
table.fields td p { margin: 0 0 0.3rem; }
table.fields table.fields { margin-top: 0.3rem; background: #fafbfc; }
.type { color: #4a5563; font-family: ui-monospace, monospace; font-size: 0.85rem; }
.required { color: #a31b1b; font-size: 0.8rem; font-weight: 600; }
.note { color: #4a5563; font-size: 0.85rem; }
details { border-top: 1px solid #dde3ea; padding: 0.4rem 0; }
summary { cursor: pointer; }
.status { display: inline-block; min-width: 2.6rem; font-weight: 700; font-family: ui-monospace, monospace; }
.status.s2 { color: #0b6b3a; } .status.s4 { color: #a31b1b; } .status.s5 { color: #8a4b00; }
.media-type { margin: 0.5rem 0 0.2rem; }
.example-name { margin: 0.5rem 0 0; font-size: 0.9rem; }
code { overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  body { padding: 0.5rem; }
  .operation { padding: 0.6rem; }
  nav ul { columns: 1; }
  table.fields, table.fields tbody, table.fields tr, table.fields td { display: block; }
  table.fields thead { display: none; }
  table.fields tr { border-bottom: 1px solid #dde3ea; padding: 0.3rem 0; }
  table.fields td { border: none; padding: 0.1rem 0; }
  table.fields table.fields { padding-left: 0.6rem; border-left: 3px solid #dde3ea; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
}
`;

/** The whole `/docs` page for `document`. */
export function renderApiReference(document: OpenApiDocument): string {
  const renderSchema = createSchemaRenderer(document);
  const operations: string[] = [];
  const contents: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      operations.push(renderOperation(method, path, op, renderSchema));
      contents.push(
        `<li><a href="#${anchor(method, path)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> ${mdInline(op.summary)}</li>`,
      );
    }
  }
  const { title, version, description } = document.info;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — API reference</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)} <small>${escapeHtml(version)}</small></h1>
${md(description)}
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).</p>
</header>
<nav aria-label="Operations"><h2>Operations</h2><ul>${contents.join("")}</ul></nav>
<main>${operations.join("\n")}</main>
</body>
</html>`;
}
