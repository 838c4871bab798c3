/**
 * @module The answering vocabulary: conversations in, cited answers out. Runtime-neutral.
 */
import type { Intent } from "../question/intent.ts";
import type { Chunk } from "../types.ts";

/** One turn of the conversation; the last turn of a request is the user's question. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** A numbered source given to the answerer: `n` is what the answer cites as `[n]`. */
export interface Source {
  n: number;
  chunk: Chunk;
}

/** A source the answer actually cites. */
export interface Citation {
  n: number;
  id: string;
  docId: string;
  title: string;
  date: string;
  text: string;
  /** Who published the document. */
  publisher?: string;
  /** The date is an estimate. */
  dateApproximate?: boolean;
  /** Where the original is, when the metadata says. */
  sourceUrl?: string;
  /** The document's title in Chinese, when the metadata has one. */
  titleZh?: string;
}

/** How the answer was produced. `extractive` with a `fallback` means the LLM failed. */
export type AnswerMode = "llm" | "extractive";

/** The complete answer to one question. */
export interface Answer {
  answer: string;
  /** False when the assistant declined because the sources do not answer the question. */
  answered: boolean;
  mode: AnswerMode;
  citations: Citation[];
  /** Figures in the answer that no cited source contains. */
  unverified: string[];
  /** The standalone question retrieval ran on (the follow-up rewritten with its context). */
  query: string;
  /** Present when LLM mode was configured but the answer came from the offline path. */
  fallback?: { from: "llm"; reason: string };
  /** What the question was after: a greeting, an overview, a comparison, a fact… */
  intent?: Intent;
}

/** A language model that completes chat prompts, as the answering pipeline needs it. */
export interface ChatModel {
  readonly id: string;
  complete(request: ChatModelRequest): Promise<string>;
  /** Yields text pieces as they arrive. */
  stream(request: ChatModelRequest): AsyncIterable<string>;
}

export interface ChatModelRequest {
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  signal?: AbortSignal;
  temperature?: number;
  maxTokens?: number;
}

/** What a streaming answer emits, in this order: `sources` once, `delta`s, then `done` once. */
export type AnswerEvent =
  | { type: "sources"; sources: Citation[] }
  | { type: "delta"; text: string }
  | { type: "done"; answer: Answer };

/** The one domain call every channel makes. */
export interface Assistant {
  /** `llm` when a chat model is configured, else `extractive`. */
  readonly mode: AnswerMode;
  /**
   * Streams an answer to the conversation's last user message. The `done` event's answer is
   * authoritative: if the LLM broke off mid-stream, it holds the offline answer instead.
   */
  stream(messages: ChatMessage[], options?: { signal?: AbortSignal }): AsyncGenerator<AnswerEvent>;
  /** The same, collected. */
  answer(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<Answer>;
}
