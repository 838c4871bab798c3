/**
 * @module The embedders' face: the local hashing embedder, the OpenAI-compatible one, and the
 * factory composition roots call with settings from the config.
 */

import {
  createOpenAIEmbedder,
  EmbedderError,
  type OpenAIEmbedder,
} from "../../adapters/openai/embedder.ts";
import type { Embedder } from "../types.ts";
import { createLocalEmbedder } from "./local.ts";

export {
  createOpenAIEmbedder,
  EmbedderError,
  type OpenAIEmbedder,
  type OpenAIEmbedderOptions,
} from "../../adapters/openai/embedder.ts";
export {
  createLocalEmbedder,
  DEFAULT_LOCAL_DIMENSIONS,
  embedText,
  type LocalEmbedderOptions,
} from "./local.ts";

/** Which embedder to build and how; `getEmbedderSettings(config)` produces this. */
export interface EmbedderSettings {
  kind: "local" | "openai";
  dimensions?: number | undefined;
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  /** Required for `openai`. */
  model?: string | undefined;
}

/**
 * Builds the configured embedder. For `openai`, `dimensions` may stay 0 until the endpoint has
 * answered; call {@link resolveDimensions} before comparing it with an index manifest.
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

/**
 * The embedder's vector size, asking the endpoint once if it is not known yet (an OpenAI-
 * compatible model with no configured size that has not been called).
 */
export async function resolveDimensions(embedder: Embedder): Promise<number> {
  if (embedder.dimensions > 0) return embedder.dimensions;
  const resolvable = embedder as Partial<Pick<OpenAIEmbedder, "resolveDimensions">>;
  return resolvable.resolveDimensions ? resolvable.resolveDimensions() : embedder.dimensions;
}
