/**
 * @module The one place the assistant is put together from the config and the ports a runtime
 * provides: the embedder (local, or the OpenAI-compatible adapter) and the answering pipeline over
 * a retriever (offline extractive, or LLM mode with the OpenAI-compatible chat model and the
 * reviewed prompts). Both composition roots (`src/runtime/node`, `src/runtime/worker`) call it, so
 * the LLM and embedder wiring exists once.
 */
import { createOpenAIChatModel } from "./adapters/openai/chat.ts";
import { createOpenAIEmbedder, EmbedderError } from "./adapters/openai/embedder.ts";
import { type Config, isLlmEnabled } from "./config.ts";
import { createAssistant } from "./rag/answer/assistant.ts";
import type { Assistant, ChatModel } from "./rag/answer/types.ts";
import { createLocalEmbedder, type EmbedderSettings } from "./rag/embedder/index.ts";
import type { Prompts } from "./rag/prompts.ts";
import type { Embedder, Retriever } from "./rag/types.ts";

/**
 * Builds the configured embedder. For `openai`, `dimensions` may stay 0 until the endpoint has
 * answered; call `resolveDimensions` before comparing it with an index manifest.
 * @throws EmbedderError when `openai` lacks a model, or both an API key and a base URL.
 */
export function createEmbedder(settings: EmbedderSettings): Embedder {
  if (settings.kind === "local") return createLocalEmbedder({ dimensions: settings.dimensions });
  if (!settings.model) {
    throw new EmbedderError("The OpenAI embedder needs a model name (EMBEDDING_MODEL).");
  }
  return createOpenAIEmbedder({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    model: settings.model,
    dimensions: settings.dimensions,
  });
}

/** The chat model LLM mode answers with, or `undefined` offline (no key and no base URL). */
export function createChatModel(config: Config): ChatModel | undefined {
  if (!isLlmEnabled(config)) return undefined;
  return createOpenAIChatModel({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.CHAT_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
  });
}

/** What a runtime passes in to build the assistant. */
export interface AssistantPorts {
  retriever: Retriever;
  /**
   * The reviewed prompts, read the runtime's way (files on Node, bundled text on Workers). Only
   * LLM mode uses them, so a runtime reads them only when `isLlmEnabled(config)`.
   */
  prompts?: Prompts | undefined;
  onFallback?: ((reason: string, error: unknown) => void) | undefined;
}

/**
 * Wires the answering pipeline: LLM mode when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set,
 * offline extractive mode otherwise.
 * @throws Error in LLM mode when no prompts were passed.
 */
export function buildAssistant(
  config: Config,
  { retriever, prompts, onFallback }: AssistantPorts,
): Assistant {
  const model = createChatModel(config);
  if (!model) return createAssistant({ retriever, k: config.ANSWER_K, onFallback });
  if (!prompts) throw new Error("LLM mode needs the prompts: pass them to buildAssistant.");
  return createAssistant({
    retriever,
    k: config.ANSWER_K,
    llm: { model, prompts, deadlineMs: config.LLM_TIMEOUT_MS },
    onFallback,
  });
}
