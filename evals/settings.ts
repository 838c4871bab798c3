/**
 * @module The evaluation's own settings, parsed once by a zod schema like the product's: the
 * judge model for the optional LLM-judged metrics. The judge reuses the OpenAI-compatible
 * endpoint of the product's configuration.
 */
import { z } from "zod";
import { createOpenAIChatModel } from "../src/adapters/openai/chat.ts";
import { type Config, isLlmEnabled } from "../src/config.ts";
import type { ChatModel } from "../src/rag/answer/types.ts";

export const EvalSettings = z.object({
  /** Chat model that grades answers; unset means no LLM-judged metrics. */
  JUDGE_MODEL: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
});
export type EvalSettings = z.infer<typeof EvalSettings>;

/** Parses the evaluation settings from an environment-like record. */
export function parseEvalSettings(env: Record<string, string | undefined>): EvalSettings {
  return EvalSettings.parse(env);
}

/**
 * The judge model when `JUDGE_MODEL` is set, else `undefined`.
 * @throws Error when `JUDGE_MODEL` is set without `OPENAI_API_KEY` or `OPENAI_BASE_URL`.
 */
export function createJudgeModel(config: Config, settings: EvalSettings): ChatModel | undefined {
  if (!settings.JUDGE_MODEL) return undefined;
  if (!isLlmEnabled(config)) {
    throw new Error(
      "JUDGE_MODEL needs OPENAI_API_KEY or OPENAI_BASE_URL for the judge's endpoint.",
    );
  }
  return createOpenAIChatModel({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: settings.JUDGE_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
  });
}
