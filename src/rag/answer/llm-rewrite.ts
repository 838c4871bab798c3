/**
 * @module Follow-up rewriting with a chat model: "and its tax rate?" becomes "What is the tax
 * rate in Bishan High-tech Zone?". The result is checked, and anything odd throws so that the
 * caller can fall back to the rule-based rewrite.
 */
import { z } from "zod";
import { ChatModelError } from "../llm/errors.ts";
import { type Prompts, renderRewritePrompt } from "../prompts.ts";
import type { ChatMessage, ChatModel } from "./types.ts";

/** Longest rewrite accepted; a standalone question is one sentence, not an answer. */
const MAX_QUESTION_LENGTH = 400;

/** Enough for one long question in any language. */
const REWRITE_MAX_TOKENS = 200;

const StandaloneQuestion = z
  .string()
  .trim()
  .transform((text) => text.replace(/^["'“”‘’「『]+|["'“”‘’」』]+$/g, "").trim())
  .pipe(
    z
      .string()
      .min(1, "is empty")
      .max(MAX_QUESTION_LENGTH, `is longer than ${MAX_QUESTION_LENGTH} characters`)
      .refine((text) => !/[\r\n]/.test(text), "is not a single line"),
  );

/**
 * The conversation's last user message as a standalone question. A conversation with no earlier
 * user message is returned as is, without calling the model.
 * @throws ChatModelError from the model, or of kind `invalid_output` when its reply is empty,
 * spans several lines or is too long; also when the last message is not the user's.
 */
export async function rewriteWithLlm(input: {
  model: ChatModel;
  prompts: Prompts;
  messages: readonly ChatMessage[];
  signal?: AbortSignal;
}): Promise<string> {
  const { model, prompts, messages, signal } = input;
  const last = messages.at(-1);
  if (last?.role !== "user" || !last.content.trim()) {
    throw new ChatModelError(
      "There is no question to rewrite: the last message must be the user's.",
      {
        kind: "invalid_output",
      },
    );
  }
  const earlier = messages.slice(0, -1);
  if (!earlier.some((message) => message.role === "user")) return last.content.trim();
  const reply = await model.complete({
    messages: renderRewritePrompt({ prompts, messages }),
    temperature: 0,
    maxTokens: REWRITE_MAX_TOKENS,
    ...(signal ? { signal } : {}),
  });
  const question = StandaloneQuestion.safeParse(reply);
  if (!question.success) {
    throw new ChatModelError(
      `The rewritten question ${question.error.issues[0]?.message ?? "is invalid"}: ${JSON.stringify(reply.slice(0, 200))}`,
      { kind: "invalid_output", cause: question.error },
    );
  }
  return question.data;
}
