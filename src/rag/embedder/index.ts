/**
 * @module The embedders' face: the local hashing embedder and the settings the composition roots
 * build an embedder from (`createEmbedder` in `src/compose.ts`; the OpenAI-compatible embedder is
 * an adapter, `src/adapters/openai/`).
 */

import type { Embedder } from "../types.ts";

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
 * The embedder's vector size, asking the endpoint once if it is not known yet (an OpenAI-
 * compatible model with no configured size that has not been called).
 */
export async function resolveDimensions(embedder: Embedder): Promise<number> {
  if (embedder.dimensions > 0) return embedder.dimensions;
  const resolvable = embedder as { resolveDimensions?: () => Promise<number> };
  return resolvable.resolveDimensions ? resolvable.resolveDimensions() : embedder.dimensions;
}
