/**
 * @module What the runner needs of the system under test, so the same suite runs in-process or
 * against a server over HTTP.
 */
import type { ObservedAnswer, ObservedPassage } from "../observation.ts";
import type { EvalMessage } from "../schema.ts";

/** How the system under test was built, as far as the target can tell. */
export interface TargetInfo {
  /** `in-process`, or the server's base URL. */
  target: string;
  /** `extractive` or `llm`; over HTTP, learnt from the first answer. */
  mode: string;
  embedder: string | null;
  chatModel: string | null;
  /** Version of the prompt set (`prompts/`), when known. */
  promptVersion: number | null;
  /** The index manifest (in-process) or the server's `/readyz` index summary. */
  index: unknown;
}

export interface EvalTarget {
  search(query: string, k: number): Promise<ObservedPassage[]>;
  answer(messages: EvalMessage[]): Promise<ObservedAnswer>;
  /** Called after the run, so an HTTP target can report the mode its answers came in. */
  describe(): Promise<TargetInfo>;
  /** LLM failures that were answered offline instead, as `reason` strings. */
  fallbacks(): string[];
  close(): Promise<void>;
}
