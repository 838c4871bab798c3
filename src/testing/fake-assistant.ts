/**
 * @module An in-memory Assistant for channel tests: scripted answers, recorded conversations,
 * a configurable delay, and failure modes (index not ready before the first event, a failure
 * mid-stream).
 */
import type { Answer, AnswerEvent, Assistant, ChatMessage, Citation } from "../rag/answer/types.ts";
import { IndexNotReadyError } from "../rag/errors.ts";

export interface FakeAssistantOptions {
  /** Throw before anything is emitted, as a missing index does. */
  notReady?: boolean;
  /** Throw after this many deltas. */
  failAfterDeltas?: number;
  answerText?: string;
  /** Composes each answer from the conversation instead of `answerText`. */
  answerWith?: (messages: ChatMessage[]) => string;
  /** Milliseconds before the first event, as a slow model takes; the signal cuts it short. */
  delayMs?: number;
}

const CITATION: Citation = {
  n: 1,
  id: "c1",
  docId: "bishan-high-tech-zone",
  title: "Chongqing Bishan High-tech Industrial Development Zone",
  date: "2018",
  text: "In the first half of 2018, the total industrial output value was 32.34 billion yuan.",
};

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** A scripted Assistant; `calls` records every conversation it was given. */
export function createFakeAssistant(options: FakeAssistantOptions = {}) {
  const calls: ChatMessage[][] = [];
  const text = options.answerText ?? "As of 2018, output was 32.34 billion yuan [1].";
  const compose = (messages: ChatMessage[]) => options.answerWith?.(messages) ?? text;
  const build = (messages: ChatMessage[]): Answer => ({
    answer: compose(messages),
    answered: true,
    mode: "extractive",
    citations: [CITATION],
    unverified: [],
    query: messages.at(-1)?.content ?? "",
  });
  async function* stream(
    messages: ChatMessage[],
    signal?: AbortSignal,
  ): AsyncGenerator<AnswerEvent> {
    calls.push(messages);
    if (options.delayMs) await wait(options.delayMs, signal);
    if (options.notReady)
      throw new IndexNotReadyError("No index has been built yet.", "Run `npm run ingest`.");
    yield { type: "sources", sources: [CITATION] };
    const words = compose(messages).split(/(?<= )/);
    for (const [index, word] of words.entries()) {
      if (options.failAfterDeltas !== undefined && index >= options.failAfterDeltas)
        throw new Error("model broke");
      yield { type: "delta", text: word };
    }
    yield { type: "done", answer: build(messages) };
  }
  const assistant: Assistant = {
    mode: "extractive",
    stream: (messages, { signal } = {}) => stream(messages, signal),
    async answer(messages, { signal } = {}) {
      let final: Answer | undefined;
      for await (const event of stream(messages, signal)) {
        if (event.type === "done") final = event.answer;
      }
      if (!final) throw new Error("no answer");
      return final;
    },
  };
  return { assistant, calls, citation: CITATION, text };
}
