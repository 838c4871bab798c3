import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCorpus } from "../../adapters/lancedb/ingest-pipeline.ts";
import { createLanceRetriever } from "../../adapters/lancedb/lance-retriever.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import { createApp } from "../../app/app.ts";
import { createLogger } from "../../logger.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import { copySeedCorpus, createTempDir } from "../../testing/corpus.ts";
import { createFakeAssistant } from "../../testing/fake-assistant.ts";

const embedder = createLocalEmbedder();
const logger = createLogger({ level: "silent" });
let cleanup: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let emptyApp: ReturnType<typeof createApp>;

async function createAppAt(uri: string) {
  const retriever = createLanceRetriever({
    db: await connectStore(uri),
    embedder,
    refreshSeconds: 0,
  });
  const { assistant } = createFakeAssistant();
  return createApp({
    retriever,
    assistant,
    getStatus: () => retriever.getStatus(),
    logger,
    defaultK: 5,
  });
}

beforeAll(async () => {
  const temp = await createTempDir();
  cleanup = temp.cleanup;
  const corpusDir = path.join(temp.dir, "corpus");
  await copySeedCorpus(corpusDir);
  const uri = path.join(temp.dir, "lancedb");
  await ingestCorpus({
    corpusDir,
    uri,
    embedder,
    chunker: { chunkSize: 700, chunkOverlap: 120 },
    vectorIndexMinRows: 1_000_000,
  });
  app = await createAppAt(uri);
  emptyApp = await createAppAt(path.join(temp.dir, "missing"));
});
afterAll(() => cleanup());

describe("GET /api/search", () => {
  it("returns ranked chunks with their full text", async () => {
    const res = await app.request(
      "/api/search?q=When%20was%20Chongqing%20High-tech%20Zone%20established&k=3",
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.query).toBe("When was Chongqing High-tech Zone established");
    expect(body.results).toHaveLength(3);
    const [top] = body.results;
    expect(Object.keys(top).sort()).toEqual([
      "date",
      "docId",
      "id",
      "score",
      "section",
      "text",
      "title",
    ]);
    const overview = body.results.find((r: { text: string }) =>
      r.text.includes("established in March 1991"),
    );
    expect(overview?.docId).toBe("chongqing-high-tech-zone-overview");
    expect(body.results[0].score).toBeGreaterThanOrEqual(body.results[1].score);
  });

  it("defaults k and filters by document", async () => {
    const all = await (await app.request("/api/search?q=industrial%20output")).json();
    expect(all.results).toHaveLength(5);
    const res = await app.request("/api/search?q=industrial%20output&doc=bishan-high-tech-zone");
    const body = await res.json();
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.every((r: { docId: string }) => r.docId === "bishan-high-tech-zone")).toBe(
      true,
    );
  });

  it.each([
    ["", "q"],
    ["?q=", "q"],
    ["?q=%20%20", "q"],
    ["?q=x&k=0", "k"],
    ["?q=x&k=51", "k"],
    ["?q=x&k=abc", "k"],
    ["?q=x&k=2.5", "k"],
    ["?q=x&doc=Bad%20Id!", "doc"],
    ["LONG", "q"],
  ])("answers 400 naming the bad parameter for %s", async (given, field) => {
    const query = given === "LONG" ? `?q=${"a".repeat(10_001)}` : given;
    const res = await app.request(`/api/search${query}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request:search");
    expect(body.error.details).toHaveProperty(field);
    expect(body.error.message).toContain(field);
  });

  it("answers 503 with what to run when there is no index", async () => {
    const res = await emptyApp.request("/api/search?q=Bishan");
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe("index_not_ready");
    expect(body.error.message).toContain("npm run ingest");
  });
});

describe("health, readiness and the API description", () => {
  it("reports liveness and readiness", async () => {
    expect((await app.request("/healthz")).status).toBe(200);
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect((await ready.json()).index.documents).toBe(5);
    const notReady = await emptyApp.request("/readyz");
    expect(notReady.status).toBe(503);
    expect((await notReady.json()).action).toContain("npm run ingest");
  });

  it("describes the search endpoint in OpenAPI and answers unknown routes with JSON 404", async () => {
    const spec = await (await app.request("/openapi.json")).json();
    expect(spec.paths["/api/search"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["q", "k", "doc"]),
    );
    const missing = await app.request("/nope");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
  });
});
