import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createFakeVector,
  type FakeOpenAI,
  replyInSequence,
  startFakeOpenAI,
} from "./fake-openai.ts";

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "test-key", models: ["fake-chat", "fake-embedding"] });
  client = new OpenAI({
    apiKey: "test-key",
    baseURL: fake.baseURL,
    maxRetries: 0,
    timeout: 2000,
    logLevel: "off",
  });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const messages = [{ role: "user" as const, content: "Where is Bishan?" }];

async function collectStream(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  let text = "";
  const finishReasons: (string | null)[] = [];
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    if (chunk.choices[0]) finishReasons.push(chunk.choices[0].finish_reason);
  }
  return { text, finishReasons };
}

describe("fake OpenAI server", () => {
  it("listens on 127.0.0.1 and exposes a /v1 base URL", () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(fake.baseURL).toBe(`${fake.url}/v1`);
  });

  it("lists models", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(["fake-chat", "fake-embedding"]);
  });

  it("records requests with parsed bodies and headers", async () => {
    await client.chat.completions.create({ model: "fake-chat", messages, temperature: 0 });
    const [request] = fake.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer test-key");
    expect(request?.body).toMatchObject({ model: "fake-chat", messages, temperature: 0 });
  });

  it("rejects a wrong API key with 401", async () => {
    const stranger = new OpenAI({ apiKey: "wrong", baseURL: fake.baseURL, maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("answers a chat completion with the scripted text", async () => {
    fake.chat = (body) => `You asked ${body.messages?.length} question(s).`;
    const completion = await client.chat.completions.create({ model: "fake-chat", messages });
    expect(completion.choices[0]?.message.content).toBe("You asked 1 question(s).");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("echoes the last user message by default", async () => {
    const completion = await client.chat.completions.create({ model: "fake-chat", messages });
    expect(completion.choices[0]?.message.content).toBe("Echo: Where is Bishan?");
  });

  it("streams in the real OpenAI format, parseable by the official client", async () => {
    fake.chat = () => ({ kind: "text", text: "Bishan is west of central Chongqing." });
    const stream = await client.chat.completions.create({
      model: "fake-chat",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Bishan is west of central Chongqing.");
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("writes SSE events terminated by data: [DONE]", async () => {
    fake.chat = () => ({ kind: "text", text: "Hi there", chunks: ["Hi", " there"] });
    const response = await fetch(`${fake.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer test-key", "content-type": "application/json" },
      body: JSON.stringify({ model: "fake-chat", messages, stream: true }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const body = await response.text();
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    const events = body.split("\n\n").filter(Boolean);
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
    const payloads = events.slice(0, -1).map((event) => JSON.parse(event.slice(6)));
    expect(payloads.map((payload) => payload.object)).toEqual(
      Array(4).fill("chat.completion.chunk"),
    );
    expect(payloads.map((payload) => payload.choices[0].delta.content ?? null)).toEqual([
      "",
      "Hi",
      " there",
      null,
    ]);
  });

  it("cuts a stream mid-way by dropping the connection", async () => {
    fake.chat = () => ({ kind: "broken-stream", text: "one two three four", afterChunks: 2 });
    const stream = await client.chat.completions.create({
      model: "fake-chat",
      messages,
      stream: true,
    });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
      })(),
    ).rejects.toThrow();
    expect(received.join("")).toBe("one two ");
  });

  it("can end a stream early without a finish reason or [DONE]", async () => {
    fake.chat = () => ({
      kind: "broken-stream",
      text: "one two three",
      afterChunks: 1,
      ending: "end",
    });
    const stream = await client.chat.completions.create({
      model: "fake-chat",
      messages,
      stream: true,
    });
    const { text, finishReasons } = await collectStream(stream);
    expect(text).toBe("one ");
    expect(finishReasons.every((reason) => reason === null)).toBe(true);
  });

  it("can send a malformed event mid-stream", async () => {
    fake.chat = () => ({
      kind: "broken-stream",
      text: "one two",
      afterChunks: 1,
      ending: "garbage",
    });
    const stream = await client.chat.completions.create({
      model: "fake-chat",
      messages,
      stream: true,
    });
    await expect(collectStream(stream)).rejects.toThrow();
  });

  it("returns error statuses with Retry-After that the client honours", async () => {
    fake.chat = replyInSequence(
      { kind: "error", status: 429, message: "Slow down", headers: { "retry-after": "0" } },
      "finally",
    );
    const patient = new OpenAI({ apiKey: "test-key", baseURL: fake.baseURL, maxRetries: 1 });
    const completion = await patient.chat.completions.create({ model: "fake-chat", messages });
    expect(completion.choices[0]?.message.content).toBe("finally");
    expect(fake.requests).toHaveLength(2);

    fake.chat = () => ({ kind: "error", status: 500, message: "boom" });
    const error = await client.chat.completions
      .create({ model: "fake-chat", messages })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.message).toContain("boom");
  });

  it("can hang until the client times out", async () => {
    fake.chat = () => ({ kind: "hang" });
    const hasty = new OpenAI({
      apiKey: "test-key",
      baseURL: fake.baseURL,
      maxRetries: 0,
      timeout: 100,
    });
    const started = performance.now();
    await expect(
      hasty.chat.completions.create({ model: "fake-chat", messages }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("can delay a reply", async () => {
    fake.chat = () => ({ kind: "text", text: "late", delayMs: 150 });
    const started = performance.now();
    await client.chat.completions.create({ model: "fake-chat", messages });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("can return garbage instead of JSON", async () => {
    fake.chat = () => ({ kind: "raw", body: "{not json" });
    await expect(
      client.chat.completions.create({ model: "fake-chat", messages }),
    ).rejects.toThrow();
  });

  it("serves deterministic embeddings, as floats or base64", async () => {
    const floats = await client.embeddings.create({
      model: "fake-embedding",
      input: ["a", "b"],
      dimensions: 4,
      encoding_format: "float",
    });
    expect(floats.data.map((item) => item.embedding)).toEqual([
      createFakeVector("a", 4),
      createFakeVector("b", 4),
    ]);
    const decoded = await client.embeddings.create({
      model: "fake-embedding",
      input: "a",
      dimensions: 4,
    });
    decoded.data[0]?.embedding.forEach((value, index) => {
      expect(value).toBeCloseTo(createFakeVector("a", 4)[index] ?? 0, 6);
    });
  });

  it("closes promptly even with a request hanging", async () => {
    const other = await startFakeOpenAI({ chat: () => ({ kind: "hang" }) });
    const hanging = new OpenAI({
      apiKey: "k",
      baseURL: other.baseURL,
      maxRetries: 0,
    }).chat.completions
      .create({ model: "fake-chat", messages })
      .catch((error: unknown) => error);
    while (other.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
