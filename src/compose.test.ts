import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbedderError } from "./adapters/openai/embedder.ts";
import { buildAssistant, createEmbedder } from "./compose.ts";
import { parseConfig } from "./config.ts";
import { DEFAULT_LOCAL_DIMENSIONS, resolveDimensions } from "./rag/embedder/index.ts";
import type { Retriever } from "./rag/types.ts";
import { loadPrompts } from "./runtime/node/prompts.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./testing/fake-openai.ts";

let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 12 });
});
afterAll(() => fake.close());

describe("createEmbedder", () => {
  it("builds the local embedder, with or without dimensions", () => {
    expect(createEmbedder({ kind: "local" }).id).toBe(`local:hash-v2:${DEFAULT_LOCAL_DIMENSIONS}`);
    expect(createEmbedder({ kind: "local", dimensions: 256 }).dimensions).toBe(256);
  });

  it("builds the OpenAI-compatible embedder from the config's settings", async () => {
    const embedder = createEmbedder({
      kind: "openai",
      baseURL: fake.baseURL,
      model: "m",
      apiKey: undefined,
    });
    expect(embedder.id).toBe("openai:m");
    expect(await resolveDimensions(embedder)).toBe(12);
    expect(embedder.dimensions).toBe(12);
  });

  it("needs a model for openai", () => {
    expect(() => createEmbedder({ kind: "openai", baseURL: fake.baseURL })).toThrow(EmbedderError);
  });
});

describe("resolveDimensions", () => {
  it("returns known dimensions without any request", async () => {
    const before = fake.requests.length;
    expect(await resolveDimensions(createEmbedder({ kind: "local", dimensions: 64 }))).toBe(64);
    const openai = createEmbedder({
      kind: "openai",
      baseURL: fake.baseURL,
      model: "m",
      dimensions: 12,
    });
    expect(await resolveDimensions(openai)).toBe(12);
    expect(fake.requests.length).toBe(before);
  });
});

describe("buildAssistant", () => {
  const retriever: Retriever = { search: async () => [] };

  it("answers offline when neither an API key nor a base URL is set", () => {
    const assistant = buildAssistant(parseConfig({}), { retriever });
    expect(assistant.mode).toBe("extractive");
  });

  it("uses the OpenAI-compatible chat model when a base URL is set", async () => {
    const config = parseConfig({ OPENAI_BASE_URL: fake.baseURL });
    const assistant = buildAssistant(config, { retriever, prompts: await loadPrompts() });
    expect(assistant.mode).toBe("llm");
  });

  it("refuses LLM mode without the prompts", () => {
    const config = parseConfig({ OPENAI_API_KEY: "sk-test" });
    expect(() => buildAssistant(config, { retriever })).toThrow(/prompts/);
  });
});
