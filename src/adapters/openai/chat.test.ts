import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatModel } from "../../rag/answer/types.ts";
import { ChatModelError } from "../../rag/llm/errors.ts";
import {
  type ChatRequestBody,
  type FakeOpenAI,
  replyInSequence,
  startFakeOpenAI,
} from "../../testing/fake-openai.ts";
import { createOpenAIChatModel, type OpenAIChatModelOptions } from "./chat.ts";

const messages = [
  { role: "system" as const, content: "Be brief." },
  { role: "user" as const, content: "Hello?" },
];

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

function createModel(options: Partial<OpenAIChatModelOptions> = {}): ChatModel {
  return createOpenAIChatModel({
    apiKey: "test-key",
    baseURL: fake.baseURL,
    model: "fake-chat",
    timeoutMs: 2_000,
    maxRetries: 0,
    ...options,
  });
}

async function collect(
  stream: AsyncIterable<string>,
): Promise<{ pieces: string[]; error?: unknown }> {
  const pieces: string[] = [];
  try {
    for await (const piece of stream) pieces.push(piece);
    return { pieces };
  } catch (error) {
    return { pieces, error };
  }
}

async function rejection(promise: Promise<unknown>): Promise<ChatModelError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ChatModelError);
  return error as ChatModelError;
}

describe("createOpenAIChatModel", () => {
  it("completes through the SDK at temperature 0 with the key and model", async () => {
    fake.chat = () => "Hi there.";
    const model = createModel();
    await expect(model.complete({ messages, maxTokens: 50 })).resolves.toBe("Hi there.");
    const request = fake.requests[0];
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer test-key");
    expect(request?.body).toMatchObject({
      model: "fake-chat",
      messages,
      temperature: 0,
      max_tokens: 50,
    });
    expect((request?.body as ChatRequestBody | undefined)?.stream).toBeFalsy();
    expect(model.id).toBe("openai:fake-chat");
  });

  it("sends a placeholder key when only a base URL is configured", async () => {
    fake.chat = () => "ok";
    await createModel({ apiKey: undefined }).complete({ messages });
    expect(fake.requests[0]?.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it("refuses to start without a key or a base URL", () => {
    expect(() => createOpenAIChatModel({ model: "gpt-4o-mini" })).toThrow(
      /OPENAI_API_KEY.*OPENAI_BASE_URL/,
    );
  });

  it("streams the text piece by piece", async () => {
    fake.chat = () => ({
      kind: "text",
      text: "Bishan is a zone.",
      chunks: ["Bish", "an is", " a zone."],
    });
    const { pieces, error } = await collect(createModel().stream({ messages }));
    expect(error).toBeUndefined();
    expect(pieces).toEqual(["Bish", "an is", " a zone."]);
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, temperature: 0 });
  });

  it("drops a leading <think> block, streamed or not", async () => {
    const text = "<think>The user wants 12.5 something.</think>\n\nThe answer [1].";
    fake.chat = () => ({
      kind: "text",
      text,
      chunks: ["<thi", "nk>The user wants", " 12.5 something.</th", "ink>\n\nThe", " answer [1]."],
    });
    const { pieces } = await collect(createModel().stream({ messages }));
    expect(pieces.join("")).toBe("The answer [1].");
    fake.chat = () => text;
    await expect(createModel().complete({ messages })).resolves.toBe("The answer [1].");
  });

  it("turns an error status into an http error after the configured retries", async () => {
    fake.chat = () => ({
      kind: "error",
      status: 500,
      message: "boom",
      headers: { "retry-after-ms": "10" },
    });
    const model = createModel({ maxRetries: 1 });
    const started = Date.now();
    const error = await rejection(model.complete({ messages }));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/HTTP 500.*boom.*2 attempts/);
    expect(fake.requests).toHaveLength(2);
    const streamError = await collect(model.stream({ messages }));
    expect(streamError.error).toMatchObject({ kind: "http", status: 500 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("names the key when the endpoint refuses it", async () => {
    fake.chat = () => ({ kind: "error", status: 401, message: "Incorrect API key provided." });
    const error = await rejection(createModel().complete({ messages }));
    expect(error.message).toMatch(/OPENAI_API_KEY/);
  });

  it("times out quickly when the endpoint does not answer", async () => {
    fake.chat = () => ({ kind: "text", text: "late", delayMs: 10_000 });
    const model = createModel({ timeoutMs: 150 });
    const started = Date.now();
    const error = await rejection(model.complete({ messages }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/150 ms/);
    fake.chat = () => ({ kind: "hang" });
    const { error: streamError } = await collect(model.stream({ messages }));
    expect(streamError).toMatchObject({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("cuts a stream that stalls between pieces", async () => {
    fake.chat = () => ({ kind: "text", text: "One. Two. Three.", chunkDelayMs: 1_000 });
    const started = Date.now();
    const { error } = await collect(createModel({ timeoutMs: 300 }).stream({ messages }));
    expect(error).toMatchObject({ kind: "timeout" });
    expect((error as Error).message).toMatch(/stalled/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ["malformed JSON", { kind: "raw" as const, body: '{"choices": [{"message": ' }],
    ["JSON of the wrong shape", { kind: "raw" as const, body: '{"choices": []}' }],
    [
      "a completion without text",
      { kind: "raw" as const, body: '{"choices": [{"message": {"content": null}}]}' },
    ],
    [
      "an HTML page",
      { kind: "raw" as const, body: "<html>Welcome</html>", contentType: "text/html" },
    ],
  ])("rejects %s as an invalid response", async (_case, reply) => {
    fake.chat = () => reply;
    const error = await rejection(createModel().complete({ messages }));
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toContain(fake.baseURL);
  });

  it.each([
    ["the connection drops", "disconnect" as const, "connection"],
    ["the stream ends without finishing", "end" as const, "invalid_response"],
    ["a malformed event arrives", "garbage" as const, "invalid_response"],
  ])("rejects a stream cut mid-way when %s", async (_case, ending, kind) => {
    fake.chat = () => ({
      kind: "broken-stream",
      text: "The zone was founded in 2001 and hosts",
      afterChunks: 3,
      ending,
    });
    const { pieces, error } = await collect(createModel().stream({ messages }));
    expect(pieces.join("")).toBe("The zone was ");
    expect(error).toBeInstanceOf(ChatModelError);
    expect(error).toMatchObject({ kind });
  });

  it("rejects a non-streamed body cut mid-way", async () => {
    fake.chat = () => ({ kind: "broken-stream", text: "Half an answer", afterChunks: 1 });
    const error = await rejection(createModel().complete({ messages }));
    expect(["connection", "invalid_response"]).toContain(error.kind);
  });

  it("reports a caller's abort as aborted, before and during the stream", async () => {
    fake.chat = () => ({ kind: "hang" });
    const early = new AbortController();
    setTimeout(() => early.abort(), 50);
    const error = await rejection(createModel().complete({ messages, signal: early.signal }));
    expect(error.kind).toBe("aborted");

    fake.chat = replyInSequence({
      kind: "text" as const,
      text: "One two three four",
      chunkDelayMs: 100,
    });
    const late = new AbortController();
    const pieces: string[] = [];
    const streaming = (async () => {
      for await (const piece of createModel().stream({ messages, signal: late.signal })) {
        pieces.push(piece);
        late.abort();
      }
    })();
    const streamError = await rejection(streaming);
    expect(streamError.kind).toBe("aborted");
    expect(pieces).toEqual(["One "]);
  });
});
