/**
 * @module What a run reports: how it was run (commit, mode, models, prompt version, index), the
 * summary, the optional judged metrics, the gate's verdict and every case with its outcome. The
 * JSON file is this object; the terminal table and the HTML page are views of it.
 */
import type { Regression } from "../baseline.ts";
import type { JudgeResult, JudgeValues } from "../judge/judge.ts";
import type { CaseScore, Summary } from "../metrics/summary.ts";
import type { ObservedAnswer, ObservedPassage } from "../observation.ts";
import type { EvalCase, EvalCategory } from "../schema.ts";

export interface RunInfo {
  startedAt: string;
  durationMs: number;
  /** The evaluated checkout's commit, `+dirty` when it has uncommitted changes. */
  commit: string;
  /** `in-process`, or the server's URL. */
  target: string;
  mode: string;
  models: { embedder: string | null; chat: string | null; judge: string | null };
  promptVersion: number | null;
  judgePromptVersion: number | null;
  index: unknown;
  dataset: { path: string; cases: number; sha256: string };
  /** LLM failures answered offline during the run. */
  fallbacks: string[];
}

export interface CaseResult {
  id: string;
  category: EvalCategory;
  answerable: boolean;
  messages: EvalCase["messages"];
  standaloneQuestion?: string | undefined;
  evidence: EvalCase["evidence"];
  keyFacts: EvalCase["keyFacts"];
  answer?: ObservedAnswer | undefined;
  error?: string | undefined;
  /** The top 5 passages for the reference query. */
  retrieved: Pick<ObservedPassage, "id" | "docId" | "text">[];
  score: CaseScore;
  judge?: JudgeResult | undefined;
  /** Why the case failed; empty when it passed. */
  failures: string[];
}

export interface GateResult {
  baselineCommit: string;
  regressions: Regression[];
  /** Set when the run cannot be compared with the baseline (other mode, embedder or filter). */
  incomparable?: string;
}

export interface EvalReport {
  run: RunInfo;
  summary: Summary;
  /** Present only when a judge model was configured; never part of the gate. */
  judged?: {
    overall: JudgeValues;
    byCategory: Partial<Record<EvalCategory, JudgeValues>>;
  };
  gate?: GateResult;
  cases: CaseResult[];
}
