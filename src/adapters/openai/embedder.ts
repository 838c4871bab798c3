/**
 * @module An embedder for any OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure-style
 * proxies, Ollama, vLLM, LM Studio…) through the official `openai` SDK, which runs on Node and
 * Workers alike. Batches inputs, leaves retries with exponential backoff to the SDK, validates
 * responses, and turns failures into messages that say what to check.
 */
import OpenAI from "openai";
import { z } from "zod";
import type { Embedder } from "../../rag/types.ts";

/** OpenAI's public endpoint, passed explicitly so the SDK never falls back to `process.env`. */
const OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * Sent as the bearer token when only a base URL is configured: local servers (Ollama, vLLM)
 * ignore it, and the SDK refuses to start without some key.
 */
const PLACEHOLDER_API_KEY = "no-key-configured";

/**
 * Native sizes of OpenAI's embedding models (https://platform.openai.com/docs/guides/embeddings),
 * so that `dimensions` is known before the first request for them.
 */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

/** Options for {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  /** Bearer key; may be omitted for a local server given by `baseURL`. */
  apiKey?: string | undefined;
  /** API root including `/v1`, e.g. `http://localhost:11434/v1`; defaults to OpenAI's. */
  baseURL?: string | undefined;
  model: string;
  /**
   * Requested vector size, sent as the `dimensions` parameter (only `text-embedding-3-*` and
   * some other models accept it). Leave unset to use the model's native size.
   */
  dimensions?: number | undefined;
  /** Inputs per request; default 64. */
  batchSize?: number;
  /** Retries per request after the first attempt (429, 408, 409, 5xx, timeouts, resets); default 3. */
  maxRetries?: number;
  /** Time limit per attempt in milliseconds; default 30 000. */
  timeoutMs?: number;
}

/** An {@link Embedder} whose vector size may only be known once the endpoint has answered. */
export interface OpenAIEmbedder extends Embedder {
  /**
   * The configured size if set, else the size seen in a response, else the native size of a
   * known OpenAI model, else 0 until {@link resolveDimensions} or the first embedding call.
   */
  readonly dimensions: number;
  /** Returns the vector size, embedding one short probe text if it is not yet known. */
  resolveDimensions(): Promise<number>;
}

/** An embedding request failed; the message names the endpoint and model and what to check. */
export class EmbedderError extends Error {
  override readonly name = "EmbedderError";
}

const EmbeddingResponse = z.object({
  data: z.array(
    z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) }),
  ),
});
type EmbeddingResponse = z.infer<typeof EmbeddingResponse>;

/**
 * Creates an embedder for an OpenAI-compatible endpoint. Its id is `openai:<model>`; the
 * vector size is compared separately (see `checkManifest`). Vectors are L2-normalised. Empty or
 * blank texts are not sent (providers reject them) and embed as zero vectors.
 * @throws EmbedderError when neither an API key nor a base URL is given, or a number is invalid.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): OpenAIEmbedder {
  const baseURL = options.baseURL ?? OPENAI_BASE_URL;
  const { model } = options;
  const batchSize = options.batchSize ?? 64;
  const maxRetries = options.maxRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!options.apiKey && !options.baseURL) {
    throw new EmbedderError(
      `The OpenAI embedder for model ${model} needs an API key (OPENAI_API_KEY) or the base URL of an OpenAI-compatible server (OPENAI_BASE_URL).`,
    );
  }
  assertPositiveInteger("batchSize", batchSize);
  assertPositiveInteger("timeoutMs", timeoutMs);
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new EmbedderError(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  }
  if (options.dimensions !== undefined) assertPositiveInteger("dimensions", options.dimensions);

  const client = new OpenAI({
    apiKey: options.apiKey || PLACEHOLDER_API_KEY,
    baseURL,
    maxRetries,
    timeout: timeoutMs,
    // Explicit nulls stop the SDK from reading these from process.env behind the config's back.
    adminAPIKey: null,
    organization: null,
    project: null,
  });
  const where = { baseURL, model, maxRetries, timeoutMs, dimensions: options.dimensions };
  let seenDimensions: number | undefined;

  async function requestBatch(inputs: string[]): Promise<number[][]> {
    let response: EmbeddingResponse;
    try {
      const raw = await client.embeddings.create({
        model,
        input: inputs,
        // Not the SDK's default base64: some compatible servers ignore the parameter and send
        // plain arrays, which the SDK's base64 decoding would turn into garbage.
        encoding_format: "float",
        ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }),
      });
      response = EmbeddingResponse.parse(raw);
    } catch (error) {
      throw new EmbedderError(describeFailure(error, where), { cause: error });
    }
    const vectors = orderVectors(response, inputs.length, where);
    const size = vectors[0]?.length ?? 0;
    const expected = options.dimensions ?? seenDimensions ?? size;
    if (size === 0 || vectors.some((vector) => vector.length !== expected)) {
      throw new EmbedderError(
        `${describeEndpoint(where)} returned vectors of ${describeSizes(vectors)} dimensions, expected ${expected}. ${
          options.dimensions === undefined
            ? "The model must return vectors of one fixed size."
            : "The model may not support the dimensions parameter: unset EMBEDDING_DIMENSIONS or choose a model that does."
        }`,
      );
    }
    seenDimensions = expected;
    return vectors.map(normalize);
  }

  async function embedDocuments(texts: string[]): Promise<number[][]> {
    const results: (number[] | undefined)[] = new Array(texts.length);
    const pending: number[] = [];
    texts.forEach((text, index) => {
      if (text.trim()) pending.push(index);
    });
    for (let start = 0; start < pending.length; start += batchSize) {
      const indices = pending.slice(start, start + batchSize);
      const vectors = await requestBatch(indices.map((index) => texts[index] ?? ""));
      indices.forEach((index, position) => {
        results[index] = vectors[position];
      });
    }
    if (pending.length === texts.length) return results as number[][];
    const size = await resolveDimensions();
    return Array.from(results, (vector) => vector ?? new Array<number>(size).fill(0));
  }

  async function resolveDimensions(): Promise<number> {
    const known = options.dimensions ?? seenDimensions;
    if (known !== undefined) return known;
    const [probe] = await requestBatch(["dimension probe"]);
    return probe?.length ?? 0;
  }

  return {
    id: `openai:${model}`,
    get dimensions() {
      return options.dimensions ?? seenDimensions ?? KNOWN_DIMENSIONS[model] ?? 0;
    },
    embedDocuments,
    async embedQuery(text) {
      const [vector] = await embedDocuments([text]);
      return vector ?? [];
    },
    resolveDimensions,
  };
}

interface Endpoint {
  baseURL: string;
  model: string;
  maxRetries: number;
  timeoutMs: number;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new EmbedderError(`${name} must be a positive integer, got ${value}`);
  }
}

function describeEndpoint({ baseURL, model }: Endpoint): string {
  return `The embeddings endpoint ${baseURL} (model ${model})`;
}

function describeSizes(vectors: number[][]): string {
  return [...new Set(vectors.map((vector) => vector.length))].join("/") || "no";
}

/** Puts vectors in input order by their `index`, checking there is exactly one per input. */
function orderVectors(response: EmbeddingResponse, count: number, where: Endpoint): number[][] {
  const vectors = new Array<number[] | undefined>(count);
  for (const item of response.data) {
    if (item.index < count) vectors[item.index] = item.embedding;
  }
  if (response.data.length !== count || vectors.includes(undefined)) {
    throw new EmbedderError(
      `${describeEndpoint(where)} returned ${response.data.length} embeddings for ${count} inputs. Check that the base URL points to an OpenAI-compatible API.`,
    );
  }
  return vectors as number[][];
}

function normalize(vector: number[]): number[] {
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  return vector.map((value) => value * scale);
}

/** Turns an SDK, network or validation error into a message an operator can act on. */
function describeFailure(
  error: unknown,
  where: Endpoint & { dimensions?: number | undefined },
): string {
  const prefix = `Embedding request to ${where.baseURL} (model ${where.model}) failed`;
  const attempts = `${where.maxRetries + 1} attempt${where.maxRetries === 0 ? "" : "s"}`;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return `${prefix}: timed out after ${where.timeoutMs} ms (${attempts}). Check that the server is up and responsive, or raise the timeout.`;
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return `${prefix}: could not connect (${attempts}: ${error.message}). Check the base URL (OPENAI_BASE_URL) and that the server is reachable.`;
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const detail = `HTTP ${status}: ${error.message}`;
    if (status === 401 || status === 403) {
      return `${prefix} (${detail}). Check the API key (OPENAI_API_KEY).`;
    }
    if (status === 404) {
      return `${prefix} (${detail}). Check the model name (EMBEDDING_MODEL) and that the base URL ends with the API root, usually /v1.`;
    }
    if (status === 400 || status === 422) {
      const hint =
        where.dimensions === undefined
          ? "Check the model name (EMBEDDING_MODEL) and input sizes."
          : "If the model does not accept a dimensions parameter, unset EMBEDDING_DIMENSIONS.";
      return `${prefix} (${detail}). ${hint}`;
    }
    if (status === 429) {
      return `${prefix} (${detail}) after ${attempts}. The provider is rate limiting: wait, lower the batch size, or raise the account's limits.`;
    }
    if (status >= 500) {
      return `${prefix} (${detail}) after ${attempts}. The provider is failing; try again later.`;
    }
    return `${prefix} (${detail}).`;
  }
  if (error instanceof z.ZodError || error instanceof SyntaxError) {
    return `${prefix}: the response is not a valid embeddings response (${error.message.slice(0, 200)}). Check that the base URL (OPENAI_BASE_URL) points to an OpenAI-compatible API.`;
  }
  return `${prefix}: ${error instanceof Error ? error.message : String(error)}`;
}
