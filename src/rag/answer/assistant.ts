/**
 * @module The answering pipeline every channel calls: rewrite a follow-up into a standalone
 * question, retrieve and number sources, answer through the LLM when one is configured (falling
 * back to the offline extractive answerer when it fails or runs out of time), decline with a
 * human contact when the sources do not answer, and check every figure against the citations.
 */
import type { Prompts } from "../prompts.ts";
import type { Retriever } from "../types.ts";
import { rewriteFollowUp } from "./condense.ts";
import { streamLlmAnswer } from "./llm.ts";
import { rewriteWithLlm } from "./llm-rewrite.ts";
import {
  type AnswerDraft,
  answerFromRetrieved,
  buildAnswer,
  declineWithContact,
  retrieveSources,
  toCitations,
} from "./offline.ts";
import { withoutInstructions } from "./source-guard.ts";
import type {
  Answer,
  AnswerEvent,
  AnswerMode,
  Assistant,
  ChatMessage,
  ChatModel,
} from "./types.ts";

export interface AssistantOptions {
  retriever: Retriever;
  /** Sources retrieved and numbered per answer. */
  k: number;
  /** LLM mode: the model, the reviewed prompts and the time the whole LLM answer may take. */
  llm?: { model: ChatModel; prompts: Prompts; deadlineMs: number } | undefined;
  /** Told about LLM failures that were answered offline instead. */
  onFallback?: (reason: string, error: unknown) => void;
}

/** Splits text into small pieces for streaming an answer that was composed whole. */
function* splitForStreaming(text: string): Generator<string> {
  for (const piece of text.match(/\S+\s*/g) ?? []) yield piece;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "AbortError" || /abort|timed? ?out/i.test(error.message)) return "timeout";
    return error.message.slice(0, 200);
  }
  return "unknown error";
}

/** Runs `work` with a signal aborted after `ms` or when `outer` aborts. */
function createDeadline(ms: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("LLM deadline exceeded")), ms);
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    },
  };
}

/** Rejects when `signal` aborts, so a stalled stream cannot hold the answer past its deadline. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Creates the assistant: LLM mode when `llm` is given, offline extractive mode otherwise. */
export function createAssistant(options: AssistantOptions): Assistant {
  const { k, llm } = options;
  // Passages are data: instructions planted in one never reach the answerer or the model.
  const retriever = withoutInstructions(options.retriever);
  const mode: AnswerMode = llm ? "llm" : "extractive";

  async function rewrite(
    messages: ChatMessage[],
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const offline = rewriteFollowUp(messages);
    if (!llm || messages.length < 2) return offline;
    const deadline = createDeadline(Math.min(llm.deadlineMs, 8000), signal);
    try {
      return await raceAbort(
        rewriteWithLlm({
          model: llm.model,
          prompts: llm.prompts,
          messages,
          signal: deadline.signal,
        }),
        deadline.signal,
      );
    } catch (error) {
      options.onFallback?.(`rewrite: ${describeFailure(error)}`, error);
      return offline;
    } finally {
      deadline.clear();
    }
  }

  async function* stream(
    messages: ChatMessage[],
    { signal }: { signal?: AbortSignal } = {},
  ): AsyncGenerator<AnswerEvent> {
    const question = messages.at(-1)?.content ?? "";
    const query = await rewrite(messages, signal);
    const sources = await retrieveSources({ query, retriever, k });
    yield {
      type: "sources",
      sources: toCitations(
        sources,
        sources.map((source) => source.n),
      ),
    };

    let draft: AnswerDraft | undefined;
    let answeredBy: AnswerMode = "extractive";
    let fallback: Answer["fallback"];
    let streamed = false;
    if (llm && sources.length > 0) {
      const deadline = createDeadline(llm.deadlineMs, signal);
      try {
        const generator = streamLlmAnswer({
          model: llm.model,
          prompts: llm.prompts,
          question,
          history: messages.slice(0, -1),
          sources,
          signal: deadline.signal,
        });
        for (;;) {
          const next = await raceAbort(generator.next(), deadline.signal);
          if (next.done) {
            draft = next.value;
            break;
          }
          streamed = true;
          yield { type: "delta", text: next.value };
        }
        answeredBy = "llm";
      } catch (error) {
        const reason = describeFailure(error);
        fallback = { from: "llm", reason };
        options.onFallback?.(reason, error);
      } finally {
        deadline.clear();
      }
    }
    if (!draft) {
      draft = await answerFromRetrieved({ query, sources, retriever });
    } else if (!draft.answered) {
      const decline = await declineWithContact({ question: query, sources, retriever });
      draft = { ...decline, unverified: draft.unverified };
    }
    if (!streamed || answeredBy === "extractive" || !draft.answered) {
      for (const piece of splitForStreaming(draft.answer)) yield { type: "delta", text: piece };
    }

    const answer = buildAnswer({ draft, sources, query, mode: answeredBy });
    if (fallback) answer.fallback = fallback;
    yield { type: "done", answer };
  }

  return {
    mode,
    stream,
    async answer(messages, streamOptions) {
      for await (const event of stream(messages, streamOptions)) {
        if (event.type === "done") return event.answer;
      }
      throw new Error("The answer stream ended without an answer.");
    },
  };
}
