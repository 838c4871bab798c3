/**
 * @module Repeated offline answers replayed from memory. Offline answers are deterministic — the
 * same conversation over the same index gives the same events — so the events of each answer are
 * kept per index version and replayed, streaming included. Answers from a language model are not
 * kept: they vary, and a failed call must be retried.
 */
import type { AnswerEvent, Assistant, ChatMessage } from "../answer/types.ts";
import { createLruCache } from "./lru.ts";

/** What the cache needs: the assistant, the index version, and how many answers to keep. */
export interface AnswerCacheOptions {
  assistant: Assistant;
  /** Identifies the index now serving; `undefined` (not ready) answers without caching. */
  getVersion: () => Promise<string | undefined>;
  /** Answers kept; 0 turns the cache off. */
  maxEntries: number;
}

/** An assistant that replays offline answers it has given; LLM mode passes through. */
export function cacheAnswers({ assistant, getVersion, maxEntries }: AnswerCacheOptions): Assistant {
  if (maxEntries <= 0 || assistant.mode !== "extractive") return assistant;
  const kept = createLruCache<readonly AnswerEvent[]>(maxEntries);

  async function* stream(
    messages: ChatMessage[],
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<AnswerEvent> {
    const version = await getVersion();
    const key = version === undefined ? undefined : JSON.stringify([version, messages]);
    const cached = key === undefined ? undefined : kept.get(key);
    if (cached) {
      yield* cached;
      return;
    }
    const events: AnswerEvent[] = [];
    for await (const event of assistant.stream(messages, options)) {
      events.push(event);
      // Kept before the last event is handed on: a caller may stop reading at `done`.
      if (key !== undefined && event.type === "done") kept.set(key, events);
      yield event;
    }
  }

  return {
    mode: assistant.mode,
    stream,
    async answer(messages, options) {
      for await (const event of stream(messages, options)) {
        if (event.type === "done") return event.answer;
      }
      throw new Error("The answer stream ended without an answer.");
    },
  };
}
