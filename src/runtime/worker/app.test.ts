import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type {
  D1DatabaseBinding,
  KVNamespaceBinding,
  WorkerEnv,
} from "../../adapters/cloudflare/bindings.ts";
import { createWorkersKeyValue } from "../../adapters/cloudflare/kv.ts";
import { createEdgeSnapshot } from "../../adapters/edge-index/snapshot.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import { EMPTY_LEXICON } from "../../rag/lexicon/profile.ts";
import type { IndexManifest } from "../../rag/manifest.ts";
import type { Chunk } from "../../rag/types.ts";
import { type BundledInputs, createWorkerApp } from "./app.ts";

const embedder = createLocalEmbedder();
const CHUNKS: Chunk[] = [
  "In the first half of 2018, the total industrial output value was 32.34 billion yuan.",
  "The zone covers 73 square kilometres west of the central urban area.",
].map((text, position) => ({
  id: `c${position}`,
  docId: "bishan-high-tech-zone",
  title: "Bishan High-tech Zone",
  section: "",
  position,
  text,
  context: `Bishan High-tech Zone\n\n${text}`,
  date: "2018",
  language: "en",
  sourceUrl: "",
}));
const MANIFEST: IndexManifest = {
  schemaVersion: 1,
  table: "chunks_test",
  embedder: { id: embedder.id, dimensions: embedder.dimensions },
  chunker: { id: "recursive-v2:700/120" },
  builtAt: "2026-01-01T00:00:00.000Z",
  chunkCount: CHUNKS.length,
  documents: [],
  lexicon: { key: "test", version: EMPTY_LEXICON.version },
};

async function createInputs(): Promise<BundledInputs> {
  const vectors = await embedder.embedDocuments(CHUNKS.map((chunk) => chunk.context));
  const snapshot = createEdgeSnapshot({
    manifest: MANIFEST,
    rows: CHUNKS.map((chunk, index) => ({ chunk, vector: vectors[index] ?? [] })),
    lexicon: EMPTY_LEXICON,
    encoding: "float32",
  });
  const read = (name: string) =>
    readFile(new URL(`../../../prompts/${name}.md`, import.meta.url), "utf8");
  return {
    snapshotJson: JSON.stringify(snapshot),
    prompts: {
      system: await read("system"),
      answer: await read("answer"),
      rewrite: await read("rewrite"),
    },
    web: { "index.html": "<!doctype html><title>test</title>" },
  };
}

describe("the Worker's composition root", () => {
  it("answers from the bundled snapshot offline", async () => {
    const app = createWorkerApp({ LOG_LEVEL: "silent" }, await createInputs());
    expect((await app.request("/readyz")).status).toBe(200);
    const res = await app.request("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "Bishan output in 2018?" }] }),
    });
    expect((await res.json()).answer).toContain("32.34 billion yuan");
    expect((await app.request("/")).status).toBe(200);
  });

  it("refuses a snapshot built by another embedder, saying what to rebuild", async () => {
    const app = createWorkerApp(
      { LOG_LEVEL: "silent", EMBEDDING_DIMENSIONS: "512" },
      await createInputs(),
    );
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.reason).toContain("local:hash-v2:1024");
    expect(body.reason).toContain("local:hash-v2:512");
    expect(body.action).toContain("npm run build:edge");
    const search = await app.request("/api/search?q=Bishan");
    expect(search.status).toBe(503);
    expect((await search.json()).error.code).toBe("index_not_ready");
  });

  it("reports an unreadable snapshot on /readyz", async () => {
    const inputs = { ...(await createInputs()), snapshotJson: '{"format":"something-else"}' };
    const app = createWorkerApp({ LOG_LEVEL: "silent" }, inputs);
    const body = await (await app.request("/readyz")).json();
    expect(body.reason).toMatch(/format "something-else"/);
    expect(body.action).toContain("npm run build:edge");
  });

  it("names invalid settings on every route but /healthz", async () => {
    const app = createWorkerApp(
      { SEARCH_K: "500", OPENAI_API_KEY: "sk-secret" },
      await createInputs(),
    );
    expect((await app.request("/healthz")).status).toBe(200);
    const res = await app.request("/api/search?q=x");
    expect(res.status).toBe(503);
    const { error } = await res.json();
    expect(error.code).toBe("misconfigured");
    expect(error.message).toContain("SEARCH_K");
    expect(error.message).not.toContain("sk-secret");
  });

  it("answers 503 for records without a D1 binding, and stores them with one", async () => {
    const inquiry = {
      name: "Ana",
      email: "ana@example.com",
      country: "Spain",
      message: "Land prices?",
      consent: true,
    };
    const post = (app: ReturnType<typeof createWorkerApp>) =>
      app.request("/api/inquiries", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(inquiry),
      });
    const unbound = await post(createWorkerApp({ LOG_LEVEL: "silent" }, await createInputs()));
    expect(unbound.status).toBe(503);
    expect((await unbound.json()).error.code).toBe("not_configured:records");

    const db = createFakeD1();
    const env: WorkerEnv = { LOG_LEVEL: "silent", ADMIN_TOKEN: "a".repeat(20), RECORDS_DB: db };
    const app = createWorkerApp(env, await createInputs());
    expect((await post(app)).status).toBe(201);
    expect(db.sql[0]).toContain("CREATE TABLE IF NOT EXISTS records");
    const listed = await app.request("/api/inquiries", {
      headers: { authorization: `Bearer ${"a".repeat(20)}` },
    });
    expect((await listed.json()).inquiries).toMatchObject([{ name: "Ana" }]);
  });
});

describe("KeyValue on Workers KV", () => {
  it("stores JSON and raises expiries to KV's 60-second minimum", async () => {
    const puts: { key: string; value: string; options?: { expirationTtl?: number } }[] = [];
    const values = new Map<string, string>();
    const namespace: KVNamespaceBinding = {
      get: async (key) => (values.has(key) ? JSON.parse(values.get(key) ?? "") : null),
      put: async (key, value, options) => {
        puts.push({ key, value, options });
        values.set(key, value);
      },
      delete: async (key) => {
        values.delete(key);
      },
    };
    const kv = createWorkersKeyValue(namespace);
    await kv.set("a", { n: 1 }, { ttlSeconds: 5 });
    await kv.set("b", [1, 2]);
    expect(await kv.get("a")).toEqual({ n: 1 });
    expect(puts.map((put) => put.options)).toEqual([{ expirationTtl: 60 }, undefined]);
    await kv.delete("a");
    expect(await kv.get("a")).toBeUndefined();
    expect(await kv.setIfAbsent("a", 1, { ttlSeconds: 5 })).toBe(true);
    expect(await kv.setIfAbsent("a", 2)).toBe(false);
    expect(await kv.get("a")).toBe(1);
  });
});

/** A D1 stand-in for the two statements the record store runs. */
function createFakeD1(): D1DatabaseBinding & { sql: string[] } {
  const rows: { kind: string; id: string; created_at: string; json: string }[] = [];
  const sql: string[] = [];
  return {
    sql,
    prepare(query) {
      sql.push(query);
      let values: unknown[] = [];
      const statement = {
        bind(...bound: unknown[]) {
          values = bound;
          return statement;
        },
        async run() {
          if (query.startsWith("INSERT")) {
            const [kind, id, created_at, json] = values.map(String);
            rows.push({
              kind: kind ?? "",
              id: id ?? "",
              created_at: created_at ?? "",
              json: json ?? "",
            });
          }
          return {};
        },
        async all<T>() {
          const results = rows
            .filter((row) => row.kind === values[0])
            .sort((a, b) => b.created_at.localeCompare(a.created_at))
            .slice(0, Number(values[1] ?? rows.length));
          return { results: results as T[] };
        },
      };
      return statement;
    },
  };
}
