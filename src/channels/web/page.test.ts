import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readWebAssets, WEB_DIR } from "../../runtime/node/web-assets.ts";
import { createRecordsApp } from "../../testing/records-app.ts";

const web = await readWebAssets();
const { app } = createRecordsApp({ web });

describe("GET /", () => {
  it("serves the chat page with a strict Content Security Policy", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
    expect(html).not.toMatch(/<script>|style="|\son[a-z]+="/);
  });

  it("serves the page's modules, styles and icon, and nothing else", async () => {
    for (const [name, type] of [
      ["app.js", "text/javascript; charset=utf-8"],
      ["base.css", "text/css; charset=utf-8"],
      ["icon.svg", "image/svg+xml"],
    ] as const) {
      const res = await app.request(`/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(await res.text()).toBe(web[name]);
    }
    for (const path of ["/assets/index.html", "/assets/nope.js", "/assets/..%2Fapp.ts"]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it("answers a repeat request with 304 when nothing changed", async () => {
    const first = await app.request("/assets/app.js");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await app.request("/assets/app.js", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("is not mounted when no page files are given", async () => {
    expect((await createRecordsApp().app.request("/")).status).toBe(404);
  });
});

describe("the page's sources", () => {
  it("never turn strings into markup", async () => {
    for (const name of Object.keys(web).filter((file) => file.endsWith(".js"))) {
      const source = await readFile(`${WEB_DIR}/${name}`, "utf8");
      expect(source, name).not.toMatch(
        /\.(innerHTML|outerHTML)\b|\.insertAdjacentHTML\(|document\.write|\beval\(|new Function\(/,
      );
    }
  });

  it("have every interface text in both languages", async () => {
    const { STRINGS } = await import(new URL("../../web/strings.js", import.meta.url).href);
    const keys = (table: object, prefix = ""): string[] =>
      Object.entries(table).flatMap(([key, value]) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? keys(value, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    expect(keys(STRINGS.zh).sort()).toEqual(keys(STRINGS.en).sort());
    expect(STRINGS.zh.starters).toHaveLength(STRINGS.en.starters.length);
    const html = web["index.html"] ?? "";
    for (const [, key] of html.matchAll(/data-i18n(?:-label|-placeholder)?="([^"]+)"/g)) {
      expect(keys(STRINGS.en), key).toContain(key);
    }
  });
});
