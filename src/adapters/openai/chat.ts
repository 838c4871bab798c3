/**
 * @module A {@link ChatModel} for any OpenAI-compatible `/chat/completions` endpoint (OpenAI,
 * DeepSeek, Qwen, Ollama, vLLM…) through the official `openai` SDK, which runs on Node and
 * Workers alike. Retries and per-attempt timeouts are the SDK's; a stalled stream is cut here.
 * Responses are validated, and every failure becomes a {@link ChatModelError}.
 */
import OpenAI from "openai";
import { z } from "zod";
import type { ChatModel, ChatModelRequest } from "../../rag/answer/types.ts";
import { ChatModelError } from "../../rag/llm/errors.ts";

/** OpenAI's public endpoint, passed explicitly so the SDK never falls back to `process.env`. */
const OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * Sent as the bearer token when only a base URL is configured: local servers (Ollama, vLLM)
 * ignore it, and the SDK refuses to start without some key.
 */
const PLACEHOLDER_API_KEY = "no-key-configured";

/** Options for {@link createOpenAIChatModel}. */
export interface OpenAIChatModelOptions {
  /** Bearer key; may be omitted for a local server given by `baseURL`. */
  apiKey?: string | undefined;
  /** API root including `/v1`, e.g. `http://localhost:11434/v1`; defaults to OpenAI's. */
  baseURL?: string | undefined;
  model: string;
  /**
   * Time limit in milliseconds for each attempt to get a response, and for each wait between
   * two streamed pieces; default 30 000.
   */
  timeoutMs?: number;
  /** Retries after the first attempt (408, 409, 429, 5xx, timeouts, resets); default 2. */
  maxRetries?: number;
}

const ChatCompletion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

const ChatCompletionChunk = z.object({
  choices: z.array(
    z.object({
      delta: z.object({ content: z.string().nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
});

interface Endpoint {
  baseURL: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

/**
 * Creates a chat model for an OpenAI-compatible endpoint. Its id is `openai:<model>`. Requests
 * run at temperature 0 unless the request says otherwise.
 * @throws Error when neither an API key nor a base URL is given; RangeError for an invalid number.
 */
export function createOpenAIChatModel(options: OpenAIChatModelOptions): ChatModel {
  const baseURL = options.baseURL ?? OPENAI_BASE_URL;
  const { model } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 2;
  if (!options.apiKey && !options.baseURL) {
    throw new Error(
      `The chat model ${model} needs an API key (OPENAI_API_KEY) or the base URL of an OpenAI-compatible server (OPENAI_BASE_URL).`,
    );
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive integer, got ${timeoutMs}`);
  }
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  }
  const client = new OpenAI({
    apiKey: options.apiKey || PLACEHOLDER_API_KEY,
    baseURL,
    timeout: timeoutMs,
    maxRetries,
    organization: null,
    project: null,
    // Failures reach the caller as ChatModelError; the SDK would otherwise read OPENAI_LOG and
    // print raw stream chunks to the console.
    logLevel: "off",
  });
  const where: Endpoint = { baseURL, model, timeoutMs, maxRetries };

  function toBody(request: ChatModelRequest) {
    return {
      model,
      messages: request.messages,
      temperature: request.temperature ?? 0,
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    };
  }

  async function complete(request: ChatModelRequest): Promise<string> {
    try {
      const raw: unknown = await client.chat.completions.create(toBody(request), {
        signal: request.signal,
      });
      const content = ChatCompletion.parse(raw).choices[0]?.message.content;
      if (typeof content !== "string") {
        throw new ChatModelError(`${describeEndpoint(where)} returned a completion without text.`, {
          kind: "invalid_response",
        });
      }
      const filter = createThinkingFilter();
      return filter.push(content) + filter.end();
    } catch (error) {
      throw toChatModelError(error, where);
    }
  }

  async function* stream(request: ChatModelRequest): AsyncGenerator<string> {
    let response: AsyncIterable<unknown> & { controller: AbortController };
    try {
      response = await client.chat.completions.create(
        { ...toBody(request), stream: true },
        { signal: request.signal },
      );
    } catch (error) {
      throw toChatModelError(error, where);
    }
    const iterator = response[Symbol.asyncIterator]();
    const filter = createThinkingFilter();
    let finished = false;
    let stalled = false;
    let received = 0;
    try {
      while (true) {
        const timer = setTimeout(() => {
          stalled = true;
          response.controller.abort();
        }, timeoutMs);
        let next: IteratorResult<unknown>;
        try {
          next = await iterator.next();
        } finally {
          clearTimeout(timer);
        }
        if (next.done) break;
        for (const choice of ChatCompletionChunk.parse(next.value).choices) {
          if (choice.finish_reason) finished = true;
          const text = filter.push(choice.delta?.content ?? "");
          received += choice.delta?.content?.length ?? 0;
          if (text) yield text;
        }
      }
    } catch (error) {
      throw toChatModelError(stalled ? stallError(where, received) : error, where);
    } finally {
      if (!finished) response.controller.abort();
    }
    if (request.signal?.aborted) {
      throw new ChatModelError(`The chat request to ${where.baseURL} was aborted.`, {
        kind: "aborted",
      });
    }
    if (stalled) throw stallError(where, received);
    if (!finished) {
      throw new ChatModelError(
        `${describeEndpoint(where)} ended its stream after ${received} characters without a finish reason: the answer is incomplete.`,
        { kind: "invalid_response" },
      );
    }
    const rest = filter.end();
    if (rest) yield rest;
  }

  return { id: `openai:${model}`, complete, stream };
}

function stallError(where: Endpoint, received: number): ChatModelError {
  return new ChatModelError(
    `${describeEndpoint(where)} stalled: no streamed text for ${where.timeoutMs} ms after ${received} characters.`,
    { kind: "timeout" },
  );
}

const THINK_OPEN = "<think>";
const THINK_CLOSE = "</think>";

/**
 * Drops a leading `<think>…</think>` block, which reasoning models served through
 * OpenAI-compatible servers (Qwen3, DeepSeek-R1 on Ollama or vLLM) put in the content itself.
 * `push` returns the text that can be passed on; `end` returns what is still held back.
 */
function createThinkingFilter(): { push(piece: string): string; end(): string } {
  let state: "start" | "thinking" | "pass" = "start";
  let pending = "";
  return {
    push(piece) {
      if (state === "pass") return piece;
      pending += piece;
      if (state === "start") {
        const lead = pending.trimStart();
        if (THINK_OPEN.startsWith(lead)) return "";
        if (!lead.startsWith(THINK_OPEN)) {
          state = "pass";
          const text = pending;
          pending = "";
          return text;
        }
        state = "thinking";
      }
      const close = pending.indexOf(THINK_CLOSE);
      if (close === -1) return "";
      const text = pending.slice(close + THINK_CLOSE.length).trimStart();
      state = "pass";
      pending = "";
      return text;
    },
    end() {
      const text = state === "start" ? pending : "";
      pending = "";
      return text;
    },
  };
}

function describeEndpoint({ baseURL, model }: Endpoint): string {
  return `The chat endpoint ${baseURL} (model ${model})`;
}

/** Turns an SDK, network or validation error into a {@link ChatModelError} an operator can act on. */
function toChatModelError(error: unknown, where: Endpoint): ChatModelError {
  if (error instanceof ChatModelError) return error;
  const prefix = `Chat request to ${where.baseURL} (model ${where.model}) failed`;
  const attempts = `${where.maxRetries + 1} attempt${where.maxRetries === 0 ? "" : "s"}`;
  if (error instanceof OpenAI.APIUserAbortError) {
    return new ChatModelError(`${prefix}: aborted by the caller.`, {
      kind: "aborted",
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ChatModelError(
      `${prefix}: no response within ${where.timeoutMs} ms (${attempts}). Check that the server is up and responsive, or raise the timeout.`,
      { kind: "timeout", cause: error },
    );
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ChatModelError(
      `${prefix}: could not connect (${attempts}: ${error.message}). Check the base URL (OPENAI_BASE_URL) and that the server is reachable.`,
      { kind: "connection", cause: error },
    );
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    if (status === undefined) {
      return new ChatModelError(`${prefix}: the endpoint reported an error: ${error.message}`, {
        kind: "http",
        cause: error,
      });
    }
    const detail = `HTTP ${status}: ${error.message}`;
    const hint =
      status === 401 || status === 403
        ? " Check the API key (OPENAI_API_KEY)."
        : status === 404
          ? " Check the model name and that the base URL ends with the API root, usually /v1."
          : status === 429
            ? ` The provider is rate limiting (${attempts}).`
            : status >= 500
              ? ` The provider is failing (${attempts}); try again later.`
              : "";
    return new ChatModelError(`${prefix} (${detail}).${hint}`, {
      kind: "http",
      status,
      cause: error,
    });
  }
  if (error instanceof z.ZodError || error instanceof SyntaxError) {
    const problem = (error instanceof z.ZodError ? z.prettifyError(error) : error.message)
      .replace(/\s+/g, " ")
      .slice(0, 200);
    return new ChatModelError(
      `${prefix}: the response is not a valid chat completion (${problem}). Check that the base URL (OPENAI_BASE_URL) points to an OpenAI-compatible API.`,
      { kind: "invalid_response", cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ChatModelError(`${prefix}: the connection broke off (${message}).`, {
    kind: "connection",
    cause: error,
  });
}
