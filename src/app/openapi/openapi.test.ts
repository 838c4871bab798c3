import { describe, expect, it } from "vitest";
import { readWebAssets } from "../../runtime/node/web-assets.ts";
import { createRecordsApp } from "../../testing/records-app.ts";

const web = await readWebAssets();
const { app, postJson } = createRecordsApp({ web });
const spec = await (await app.request("/openapi.json")).json();

interface Media {
  schema?: unknown;
  examples?: Record<string, { value?: { error?: { code?: string } } }>;
}
interface Operation {
  parameters?: { name: string; description?: string }[];
  responses: Record<string, { description?: string; content?: Record<string, Media> }>;
}
const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>).flatMap(
  ([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })),
);

/** A Hono route path as OpenAPI writes it: `/assets/:name{regex}` → `/assets/{name}`. */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)(\{[^/]*\})?/g, "{$1}");

/** The error types each status carries (`src/http/errors.ts`, the hardening, the channels). */
const CODES_BY_STATUS: Record<string, string[]> = {
  "400": ["bad_request"],
  "401": ["unauthorized"],
  "403": ["disabled", "forbidden", "read_only"],
  "404": ["not_found"],
  "409": ["conflict", "busy"],
  "413": ["payload_too_large"],
  "415": ["unsupported_media_type"],
  "429": ["rate_limited"],
  "503": ["index_not_ready", "timeout", "not_configured"],
};

/** The codes an operation documents for a status. */
function documentedCodes(method: string, path: string, status: number): string[] {
  const response = spec.paths[path]?.[method]?.responses?.[String(status)];
  const examples = response?.content?.["application/json"]?.examples ?? {};
  return Object.values(examples as Media["examples"] & object).map(
    (example) => example.value?.error?.code ?? "",
  );
}

describe("/openapi.json", () => {
  it("documents every route the app serves", () => {
    const served = app.routes.filter((route) => !route.path.includes("*"));
    expect(served.length).toBeGreaterThan(15);
    for (const { method, path } of served) {
      const item = spec.paths[toOpenApiPath(path)];
      expect(item, `${method} ${path}`).toBeDefined();
      if (method !== "ALL") expect(item[method.toLowerCase()], `${method} ${path}`).toBeDefined();
    }
    for (const path of ["/wechat", "/wecom"]) {
      expect(Object.keys(spec.paths[path]).sort()).toEqual(["get", "post"]);
    }
    for (const path of ["/healthz", "/readyz", "/api/inquiries", "/api/feedback"]) {
      expect(spec.paths[path]?.get, path).toBeDefined();
    }
  });

  it("describes every parameter", () => {
    const parameters = operations.flatMap(({ method, path, op }) =>
      (op.parameters ?? []).map((p) => ({ where: `${method} ${path} ${p.name}`, ...p })),
    );
    expect(parameters.map((p) => p.where)).toEqual(
      expect.arrayContaining(["get /api/search q", "get /api/search k", "get /api/search doc"]),
    );
    for (const parameter of parameters) {
      expect(parameter.description?.trim(), parameter.where).toBeTruthy();
    }
  });

  it("gives every JSON error response examples whose codes match its status", () => {
    let checked = 0;
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        // The console's pages answer errors as pages (the sign-in form saying why).
        const content = response.content ?? {};
        if (path.startsWith("/admin") && (content["text/html"] || content["text/plain"])) continue;
        const json = response.content?.["application/json"];
        expect(json, `${method} ${path} ${status}`).toBeDefined();
        const examples = Object.values(json?.examples ?? {});
        expect(examples.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
        for (const example of examples) {
          const code = example.value?.error?.code;
          // /readyz answers 503 with its own shape (status, reason, action), not an error code.
          if (path === "/readyz") continue;
          expect(code, `${method} ${path} ${status}`).toBeTypeOf("string");
          const type = code?.split(":")[0] ?? "";
          expect(CODES_BY_STATUS[status], `${method} ${path} ${status}: ${code}`).toContain(type);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(documentedCodes("get", "/api/search", 503)).not.toContain("bad_request:search");
    expect(documentedCodes("get", "/api/search", 503)).toContain("index_not_ready");
  });

  it("documents the codes the app really answers with", async () => {
    const cases: [string, string, Response | Promise<Response>][] = [
      ["get", "/api/search", app.request("/api/search?q=x&k=0")],
      ["post", "/api/chat", postJson("/api/chat", { messages: [] })],
      ["post", "/api/chat", postJson("/api/chat", "{not json")],
      [
        "post",
        "/api/chat",
        app.request("/api/chat", {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: "hi",
        }),
      ],
      [
        "post",
        "/v1/chat/completions",
        postJson("/v1/chat/completions", { messages: [{ role: "system", content: "x" }] }),
      ],
      ["post", "/api/inquiries", postJson("/api/inquiries", { email: "wang@qq" })],
      ["post", "/api/feedback", postJson("/api/feedback", { rating: "meh" })],
      ["get", "/api/inquiries", app.request("/api/inquiries")],
      ["get", "/api/feedback", app.request("/api/feedback")],
      ["get", "/wechat", app.request("/wechat")],
      ["post", "/wecom", app.request("/wecom", { method: "POST", body: "<xml/>" })],
      ["get", "/assets/{name}", app.request("/assets/nope.js")],
    ];
    for (const [method, path, request] of cases) {
      const res = await request;
      const { error } = await res.json();
      expect(
        documentedCodes(method, path, res.status),
        `${method} ${path} ${res.status}`,
      ).toContain(error.code);
    }
  });
});

describe("/docs", () => {
  const page = Promise.resolve(app.request("/docs")).then(async (res) => ({
    res,
    html: await res.text(),
  }));

  it("renders every operation, with schemas resolved and Markdown rendered", async () => {
    const { res, html } = await page;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    for (const { method, path } of operations) {
      expect(html).toContain(`<span class="method ${method}">${method.toUpperCase()}</span>`);
      expect(html).toContain(`<span class="path">${path}</span>`);
    }
    // The chat answer's schema is shown field by field, down to the citations' fields.
    expect(html).not.toContain("$ref");
    for (const field of ["answered", "citations", "dateApproximate", "publisher"]) {
      expect(html).toContain(`<code>${field}</code>`);
    }
    // Markdown: `code` becomes <code>, not backticks.
    expect(html).toContain("<code>text/event-stream</code>");
    const prose = html.replace(/<pre>[\s\S]*?<\/pre>/g, "");
    expect(prose.match(/>[^<]*`[^`<]+`[^<]*</g) ?? []).toEqual([]);
    expect(html).toContain("<code>bad_request:search</code>");
  });

  it("never turns text from the document into markup", async () => {
    const { html } = await page;
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;ADMIN_TOKEN&gt;");
  });
});
