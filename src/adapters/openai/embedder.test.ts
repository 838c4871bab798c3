import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createFakeVector,
  type EmbeddingsRequestBody,
  type FakeOpenAI,
  replyInSequence,
  startFakeOpenAI,
} from "../../testing/fake-openai.ts";
import { createOpenAIEmbedder, EmbedderError, type OpenAIEmbedderOptions } from "./embedder.ts";

let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-test" });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** Retry-After-ms keeps the SDK's backoff to a millisecond in tests. */
const QUICK_RETRY = { "retry-after-ms": "1" };

const embedderFor = (options: Partial<OpenAIEmbedderOptions> = {}) =>
  createOpenAIEmbedder({
    apiKey: "sk-test",
    baseURL: fake.baseURL,
    model: "fake-embedding",
    timeoutMs: 2000,
    ...options,
  });

const bodies = () => fake.requests.map((request) => request.body as EmbeddingsRequestBody);

async function failureOf(promise: Promise<unknown>): Promise<EmbedderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EmbedderError);
  return error as EmbedderError;
}

describe("createOpenAIEmbedder", () => {
  it("sends 150 inputs as 3 batches of at most 64, and keeps their order", async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `passage ${i}`);
    const vectors = await embedderFor().embedDocuments(texts);
    expect(bodies().map((body) => (body.input as string[]).length)).toEqual([64, 64, 22]);
    expect(bodies().flatMap((body) => body.input)).toEqual(texts);
    expect(vectors).toHaveLength(150);
    vectors.forEach((vector, i) => {
      createFakeVector(`passage ${i}`, 8).forEach((value, j) => {
        expect(vector[j]).toBeCloseTo(value, 12);
      });
    });
  });

  it("honours a custom batch size", async () => {
    await embedderFor({ batchSize: 10 }).embedDocuments(
      Array.from({ length: 25 }, (_, i) => `t${i}`),
    );
    expect(bodies().map((body) => (body.input as string[]).length)).toEqual([10, 10, 5]);
  });

  it("passes the model, the dimensions, float encoding and the key", async () => {
    const embedder = embedderFor({ model: "text-embedding-3-small", dimensions: 256 });
    expect(embedder.id).toBe("openai:text-embedding-3-small");
    expect(embedder.dimensions).toBe(256);
    const vector = await embedder.embedQuery("Bishan output");
    expect(vector).toHaveLength(256);
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer sk-test");
    expect(bodies()[0]).toMatchObject({
      model: "text-embedding-3-small",
      dimensions: 256,
      encoding_format: "float",
      input: ["Bishan output"],
    });
  });

  it("omits dimensions when none is configured and learns it from the first response", async () => {
    const embedder = embedderFor({ model: "local-model" });
    expect(embedder.dimensions).toBe(0);
    await embedder.embedDocuments(["a"]);
    expect(bodies()[0]).not.toHaveProperty("dimensions");
    expect(embedder.dimensions).toBe(8);
  });

  it("knows OpenAI models' native sizes before any request", () => {
    expect(embedderFor({ model: "text-embedding-3-large" }).dimensions).toBe(3072);
    expect(fake.requests).toHaveLength(0);
  });

  it("resolves unknown dimensions with one probe request", async () => {
    const embedder = embedderFor({ model: "local-model" });
    expect(await embedder.resolveDimensions()).toBe(8);
    expect(await embedder.resolveDimensions()).toBe(8);
    expect(fake.requests).toHaveLength(1);
  });

  it("returns L2-normalised vectors even when the server does not", async () => {
    fake.embeddings = () => ({ kind: "vectors", vectors: [[3, 4]] });
    const [x, y] = await embedderFor().embedQuery("x");
    expect(x).toBeCloseTo(0.6, 12);
    expect(y).toBeCloseTo(0.8, 12);
  });

  it("makes no request for an empty list, and none for blank texts", async () => {
    const embedder = embedderFor({ dimensions: 8 });
    expect(await embedder.embedDocuments([])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    const vectors = await embedder.embedDocuments(["", "real text", "  "]);
    expect(bodies().map((body) => body.input)).toEqual([["real text"]]);
    expect(vectors[0]).toEqual(new Array(8).fill(0));
    expect(vectors[2]).toEqual(new Array(8).fill(0));
    expect(vectors[1]).toHaveLength(8);
  });

  it("retries a 500 and then succeeds", async () => {
    fake.embeddings = replyInSequence(
      { kind: "error", status: 500, message: "upstream exploded", headers: QUICK_RETRY },
      { kind: "vectors" },
    );
    const vectors = await embedderFor().embedDocuments(["a", "b"]);
    expect(vectors).toHaveLength(2);
    expect(fake.requests).toHaveLength(2);
  });

  it("retries a 429 after its Retry-After", async () => {
    fake.embeddings = replyInSequence(
      {
        kind: "error",
        status: 429,
        message: "Rate limit reached",
        headers: { "retry-after": "0.05" },
      },
      { kind: "vectors" },
    );
    await embedderFor().embedQuery("a");
    expect(fake.requests).toHaveLength(2);
  });

  it("gives a clear error naming endpoint and model when a 500 persists", async () => {
    fake.embeddings = () => ({
      kind: "error",
      status: 500,
      message: "upstream exploded",
      headers: QUICK_RETRY,
    });
    const error = await failureOf(embedderFor({ maxRetries: 2 }).embedQuery("a"));
    expect(fake.requests).toHaveLength(3);
    expect(error.message).toContain(fake.baseURL);
    expect(error.message).toContain("model fake-embedding");
    expect(error.message).toContain("HTTP 500");
    expect(error.message).toContain("upstream exploded");
    expect(error.message).toContain("after 3 attempts");
  });

  it("times out quickly and says so", async () => {
    fake.embeddings = () => ({ kind: "hang" });
    const started = performance.now();
    const error = await failureOf(embedderFor({ timeoutMs: 100, maxRetries: 0 }).embedQuery("a"));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toContain("timed out after 100 ms");
    expect(error.message).toContain(fake.baseURL);
  });

  it("points at the API key on 401", async () => {
    const error = await failureOf(embedderFor({ apiKey: "sk-wrong" }).embedQuery("a"));
    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain("OPENAI_API_KEY");
    expect(fake.requests).toHaveLength(1);
  });

  it("rejects garbage instead of JSON", async () => {
    fake.embeddings = () => ({ kind: "raw", body: "<html>502 Bad Gateway</html>" });
    const error = await failureOf(embedderFor().embedQuery("a"));
    expect(error.message).toContain("not a valid embeddings response");
  });

  it("rejects a response with the wrong number of vectors", async () => {
    fake.embeddings = () => ({ kind: "vectors", vectors: [[1, 0]] });
    const error = await failureOf(embedderFor().embedDocuments(["a", "b"]));
    expect(error.message).toContain("returned 1 embeddings for 2 inputs");
  });

  it("rejects vectors of another size than configured", async () => {
    fake.embeddings = () => ({ kind: "vectors", dimensions: 8 });
    const error = await failureOf(embedderFor({ dimensions: 16 }).embedQuery("a"));
    expect(error.message).toContain("expected 16");
    expect(error.message).toContain("EMBEDDING_DIMENSIONS");
  });

  it("reports a server that cannot be reached", async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const error = await failureOf(
      embedderFor({ baseURL: gone.baseURL, maxRetries: 0 }).embedQuery("a"),
    );
    expect(error.message).toContain("could not connect");
    expect(error.message).toContain(gone.baseURL);
  });

  it("works without a key against a base URL, and needs one or the other", async () => {
    const open = await startFakeOpenAI();
    try {
      const embedder = createOpenAIEmbedder({ baseURL: open.baseURL, model: "m" });
      expect(await embedder.embedQuery("a")).toHaveLength(8);
    } finally {
      await open.close();
    }
    expect(() => createOpenAIEmbedder({ model: "m" })).toThrow(/OPENAI_API_KEY.*OPENAI_BASE_URL/u);
  });
});
