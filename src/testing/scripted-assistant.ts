/**
 * @module An Assistant that plays a script per call, for browser tests of the page's states:
 * a chosen answer and citations (HTML in a passage, a decline), a pause before the first event
 * (thinking), a failure mid-stream or before it (retry, not ready). Deltas are spaced out so the
 * page visibly streams.
 */
import type { Answer, AnswerEvent, Assistant, ChatMessage, Citation } from "../rag/answer/types.ts";
import { IndexNotReadyError } from "../rag/errors.ts";

/** What one call does. */
export interface ScriptStep {
  text: string;
  citations: Citation[];
  answered?: boolean;
  /** Pause before the first event, in ms. */
  delayMs?: number;
  /** Throw after this many deltas (the route turns it into an `error` event). */
  failAfterDeltas?: number;
  /** Throw before any event, as a missing index does (503). */
  notReady?: boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An Assistant answering call `n` (from 0) with `script(n, messages)`; `calls` records them. */
export function createScriptedAssistant(
  script: (call: number, messages: ChatMessage[]) => ScriptStep,
) {
  const calls: ChatMessage[][] = [];
  async function* stream(messages: ChatMessage[]): AsyncGenerator<AnswerEvent> {
    const step = script(calls.length, messages);
    calls.push(messages);
    if (step.notReady) {
      throw new IndexNotReadyError("No index has been built yet.", "Run `npm run ingest`.");
    }
    if (step.delayMs) await pause(step.delayMs);
    yield { type: "sources", sources: step.citations };
    for (const [index, piece] of (step.text.match(/\S+\s*/g) ?? []).entries()) {
      if (step.failAfterDeltas !== undefined && index >= step.failAfterDeltas) {
        throw new Error("model broke");
      }
      await pause(15);
      yield { type: "delta", text: piece };
    }
    const answer: Answer = {
      answer: step.text,
      answered: step.answered ?? true,
      mode: "extractive",
      citations: step.citations,
      unverified: [],
      query: messages.at(-1)?.content ?? "",
    };
    yield { type: "done", answer };
  }
  const assistant: Assistant = {
    mode: "extractive",
    stream: (messages) => stream(messages),
    async answer(messages) {
      for await (const event of stream(messages)) if (event.type === "done") return event.answer;
      throw new Error("no answer");
    },
  };
  return { assistant, calls };
}
