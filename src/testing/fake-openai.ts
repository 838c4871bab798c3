/**
 * @module A fake OpenAI-compatible server for tests, over real HTTP on 127.0.0.1, so the real
 * `openai` client and our own HTTP code run unchanged. Serves `POST /v1/embeddings`,
 * `POST /v1/chat/completions` (plain and SSE streaming) and `GET /v1/models`; each test scripts
 * the replies, including failures: error statuses, `Retry-After`, hangs, garbage and cut streams.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/embeddings`. */
  path: string;
  /** Lowercase header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or `undefined` when there was none or it was not JSON. */
  body: unknown;
  rawBody: string;
}

/** Replies any endpoint can give. */
export type FailureReply =
  /** An OpenAI-style error body (`{ error: { message, type, code } }`) with this status. */
  | {
      kind: "error";
      status: number;
      message?: string;
      code?: string;
      /** E.g. `{ "retry-after": "1" }` or `{ "retry-after-ms": "10" }`. */
      headers?: Record<string, string>;
      delayMs?: number;
    }
  /** Accepts the request and never answers (until the client gives up or the fake closes). */
  | { kind: "hang" }
  /** Sends this body verbatim, e.g. truncated JSON. */
  | { kind: "raw"; body: string; status?: number; contentType?: string; delayMs?: number }
  /** Closes the connection without any response. */
  | { kind: "disconnect" };

/** The JSON body of a chat completion request, as far as the fake reads it. */
export interface ChatRequestBody {
  model?: string;
  messages?: { role: string; content?: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

/** How the fake answers a chat completion; a plain string is `{ kind: "text", text }`. */
export type ChatReply =
  | string
  | FailureReply
  | {
      kind: "text";
      text: string;
      /** How a streamed answer is cut into deltas; default: one word (with its space) each. */
      chunks?: string[];
      finishReason?: "stop" | "length" | "content_filter";
      /** Before the response starts. */
      delayMs?: number;
      /** Between streamed chunks. */
      chunkDelayMs?: number;
    }
  /**
   * A stream that fails after `afterChunks` content chunks: the connection drops
   * (`disconnect`, default), the stream ends without a finish reason or `[DONE]` (`end`), or a
   * malformed event arrives (`garbage`). A non-streaming request gets a truncated body.
   */
  | {
      kind: "broken-stream";
      text: string;
      afterChunks: number;
      ending?: "disconnect" | "end" | "garbage";
    };

/** The JSON body of an embeddings request, as far as the fake reads it. */
export interface EmbeddingsRequestBody {
  model?: string;
  input?: string | string[];
  dimensions?: number;
  encoding_format?: "float" | "base64";
  [key: string]: unknown;
}

/** How the fake answers an embeddings request. */
export type EmbeddingsReply =
  | FailureReply
  /** Deterministic vectors derived from each input (the default), or exactly these vectors. */
  | { kind: "vectors"; vectors?: number[][]; dimensions?: number; delayMs?: number };

export type ChatHandler = (
  body: ChatRequestBody,
  request: RecordedRequest,
) => ChatReply | Promise<ChatReply>;
export type EmbeddingsHandler = (
  body: EmbeddingsRequestBody,
  request: RecordedRequest,
) => EmbeddingsReply | Promise<EmbeddingsReply>;

export interface FakeOpenAIOptions {
  chat?: ChatHandler;
  embeddings?: EmbeddingsHandler;
  /** Ids listed by `GET /v1/models`. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** Vector size when a request names none; default 8. */
  embeddingDimensions?: number;
}

/** A running fake. Reassign `chat` / `embeddings` to change its behaviour mid-suite. */
export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `url + "/v1"`, what an OpenAI client takes as `baseURL`. */
  baseURL: string;
  requests: RecordedRequest[];
  chat: ChatHandler;
  embeddings: EmbeddingsHandler;
  /** Forgets recorded requests and restores the handlers given at start. */
  reset(): void;
  /** Stops listening and drops open connections, including hanging ones. */
  close(): Promise<void>;
}

/** Answers with the last user message, prefixed by `Echo: `. */
export const echoChat: ChatHandler = (body) => {
  const last = [...(body.messages ?? [])].reverse().find((message) => message.role === "user");
  const content = typeof last?.content === "string" ? last.content : JSON.stringify(last?.content);
  return `Echo: ${content ?? ""}`;
};

/** Deterministic vectors for every input. */
export const fakeVectors: EmbeddingsHandler = () => ({ kind: "vectors" });

/** A handler that gives these replies in turn, then repeats the last one. */
export function replyInSequence<Replies extends (ChatReply | EmbeddingsReply)[]>(
  ...replies: Replies
): (body: unknown, request: RecordedRequest) => Replies[number] {
  if (replies.length === 0) throw new Error("replyInSequence needs at least one reply");
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)] as Replies[number];
}

/** A deterministic unit vector for a text: same text, same vector, on every run. */
export function createFakeVector(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  for (let block = 0; vector.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}\u0000${text}`).digest();
    for (let offset = 0; offset + 2 <= digest.length && vector.length < dimensions; offset += 2) {
      vector.push(digest.readInt16LE(offset) / 32768);
    }
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

/** Starts a fake on an ephemeral port of 127.0.0.1. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const initialChat = options.chat ?? echoChat;
  const initialEmbeddings = options.embeddings ?? fakeVectors;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const context: HandlerContext = { options, sleep, sequence: 0 };

  const server = createServer((request, response) => {
    handleRequest({ request, response, fake, context }).catch((error: unknown) => {
      if (!response.headersSent) {
        sendError(response, {
          status: 500,
          message: `fake-openai handler threw: ${String(error)}`,
        });
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const fake: FakeOpenAI = {
    url,
    baseURL: `${url}/v1`,
    requests: [],
    chat: initialChat,
    embeddings: initialEmbeddings,
    reset() {
      fake.requests.length = 0;
      fake.chat = initialChat;
      fake.embeddings = initialEmbeddings;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

interface HandlerContext {
  options: FakeOpenAIOptions;
  sleep: (ms: number) => Promise<void>;
  sequence: number;
}

async function handleRequest(input: {
  request: IncomingMessage;
  response: ServerResponse;
  fake: FakeOpenAI;
  context: HandlerContext;
}): Promise<void> {
  const { request, response, fake, context } = input;
  const recorded = await recordRequest(request);
  fake.requests.push(recorded);
  const { apiKey } = context.options;
  if (apiKey !== undefined && recorded.headers.authorization !== `Bearer ${apiKey}`) {
    sendError(response, {
      status: 401,
      message: "Incorrect API key provided.",
      code: "invalid_api_key",
    });
    return;
  }
  const route = `${recorded.method} ${recorded.path}`;
  const body = isObject(recorded.body) ? recorded.body : {};
  if (route === "GET /v1/models") {
    const models = context.options.models ?? ["fake-chat", "fake-embedding"];
    sendJson(response, 200, {
      object: "list",
      data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "fake" })),
    });
    return;
  }
  if (route === "POST /v1/embeddings") {
    const reply = await fake.embeddings(body as EmbeddingsRequestBody, recorded);
    await sendEmbeddings({ response, body: body as EmbeddingsRequestBody, reply, context });
    return;
  }
  if (route === "POST /v1/chat/completions") {
    const reply = await fake.chat(body as ChatRequestBody, recorded);
    await sendChat({ response, body: body as ChatRequestBody, reply, context });
    return;
  }
  sendError(response, { status: 404, message: `Unknown route ${route}`, code: "unknown_url" });
}

async function recordRequest(request: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const path = new URL(request.url ?? "/", "http://fake").pathname;
  return { method: request.method ?? "GET", path, headers, body, rawBody };
}

/** Handles the replies every endpoint shares; returns false when the reply is endpoint-specific. */
async function sendFailure(
  response: ServerResponse,
  reply: object,
  context: HandlerContext,
): Promise<boolean> {
  const failure = reply as FailureReply;
  switch (failure.kind) {
    case "hang":
      return true;
    case "disconnect":
      response.socket?.destroy();
      return true;
    case "error":
      if (failure.delayMs) await context.sleep(failure.delayMs);
      sendError(response, failure);
      return true;
    case "raw":
      if (failure.delayMs) await context.sleep(failure.delayMs);
      response.writeHead(failure.status ?? 200, {
        "content-type": failure.contentType ?? "application/json",
      });
      response.end(failure.body);
      return true;
    default:
      return false;
  }
}

async function sendEmbeddings(input: {
  response: ServerResponse;
  body: EmbeddingsRequestBody;
  reply: EmbeddingsReply;
  context: HandlerContext;
}): Promise<void> {
  const { response, body, reply, context } = input;
  if (await sendFailure(response, reply, context)) return;
  if (reply.kind !== "vectors") return;
  if (reply.delayMs) await context.sleep(reply.delayMs);
  const inputs = typeof body.input === "string" ? [body.input] : (body.input ?? []);
  const dimensions =
    reply.dimensions ?? body.dimensions ?? context.options.embeddingDimensions ?? 8;
  const vectors = reply.vectors ?? inputs.map((text) => createFakeVector(String(text), dimensions));
  const encode = (vector: number[]) =>
    body.encoding_format === "base64"
      ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
      : vector;
  const tokens = inputs.reduce((sum, text) => sum + countTokens(String(text)), 0);
  sendJson(response, 200, {
    object: "list",
    data: vectors.map((vector, index) => ({
      object: "embedding",
      index,
      embedding: encode(vector),
    })),
    model: body.model ?? "fake-embedding",
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

async function sendChat(input: {
  response: ServerResponse;
  body: ChatRequestBody;
  reply: ChatReply;
  context: HandlerContext;
}): Promise<void> {
  const { response, body, context } = input;
  const reply =
    typeof input.reply === "string" ? { kind: "text" as const, text: input.reply } : input.reply;
  if (await sendFailure(response, reply, context)) return;
  if (reply.kind !== "text" && reply.kind !== "broken-stream") return;
  if (reply.kind === "text" && reply.delayMs) await context.sleep(reply.delayMs);
  context.sequence++;
  const base = {
    id: `chatcmpl-fake-${context.sequence}`,
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? "fake-chat",
    system_fingerprint: "fp_fake",
  };
  const promptTokens = countTokens(JSON.stringify(body.messages ?? []));
  const usage = (text: string) => ({
    prompt_tokens: promptTokens,
    completion_tokens: countTokens(text),
    total_tokens: promptTokens + countTokens(text),
  });

  if (!body.stream) {
    const completion = {
      ...base,
      object: "chat.completion",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: reply.text, refusal: null },
          logprobs: null,
          finish_reason: reply.kind === "text" ? (reply.finishReason ?? "stop") : "stop",
        },
      ],
      usage: usage(reply.text),
    };
    const json = JSON.stringify(completion);
    if (reply.kind === "broken-stream") {
      response.writeHead(200, { "content-type": "application/json" });
      await writeFlushed(response, json.slice(0, Math.floor(json.length / 2)));
      response.socket?.destroy();
      return;
    }
    sendJson(response, 200, completion);
    return;
  }

  const pieces =
    reply.kind === "text" && reply.chunks ? reply.chunks : (reply.text.match(/\S+\s*|\s+/g) ?? []);
  const event = (choices: unknown[], extra: object = {}) =>
    `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices, ...extra })}\n\n`;
  const delta = (content: object, finishReason: string | null = null) => ({
    index: 0,
    delta: content,
    logprobs: null,
    finish_reason: finishReason,
  });
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  await writeFlushed(response, event([delta({ role: "assistant", content: "", refusal: null })]));
  const limit = reply.kind === "broken-stream" ? reply.afterChunks : pieces.length;
  for (const piece of pieces.slice(0, limit)) {
    if (reply.kind === "text" && reply.chunkDelayMs) await context.sleep(reply.chunkDelayMs);
    if (response.destroyed) return;
    await writeFlushed(response, event([delta({ content: piece })]));
  }
  if (reply.kind === "broken-stream") {
    const ending = reply.ending ?? "disconnect";
    if (ending === "garbage") response.end('data: {"id": "chatcmpl-fake", "choices": [\n\n');
    else if (ending === "end") response.end();
    else response.socket?.destroy();
    return;
  }
  response.write(event([delta({}, reply.finishReason ?? "stop")]));
  if (body.stream_options?.include_usage) response.write(event([], { usage: usage(reply.text) }));
  response.end("data: [DONE]\n\n");
}

/** Writes and waits until the data has left for the socket, so a later cut cannot lose it. */
function writeFlushed(response: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed) resolve();
    else response.write(data, () => resolve());
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function sendError(
  response: ServerResponse,
  error: { status: number; message?: string; code?: string; headers?: Record<string, string> },
): void {
  const type =
    error.status === 429
      ? "rate_limit_exceeded"
      : error.status >= 500
        ? "server_error"
        : "invalid_request_error";
  response.writeHead(error.status, { "content-type": "application/json", ...error.headers });
  response.end(
    JSON.stringify({
      error: {
        message: error.message ?? `Fake error ${error.status}`,
        type,
        param: null,
        code: error.code ?? null,
      },
    }),
  );
}

function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
