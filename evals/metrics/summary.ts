/**
 * @module Aggregates per-case scores into the suite's metrics, overall and per category: means of
 * the per-case values that apply, decline precision/recall from the confusion counts, and
 * latency percentiles. A metric with nothing to measure in a group is `null`, never 0.
 */
import type { EvalCategory } from "../schema.ts";

/** Per-case values; `null` where a metric does not apply to the case. */
export interface CaseScore {
  id: string;
  category: EvalCategory;
  answerable: boolean;
  /** The assistant declined (answered: false). A failed request is not a decline. */
  declined: boolean;
  hitAt1: number | null;
  hitAt5: number | null;
  reciprocalRank: number | null;
  ndcgAt10: number | null;
  keyFactRecall: number | null;
  citationPrecision: number | null;
  /** Answerable cases: 1 when answered, 0 when declined (or failed). */
  answeredRate: number | null;
  /** Open questions and greetings: 1 when answered with enough of their key facts. */
  usefulness: number | null;
  figuresFaithfulness: number | null;
  followUp: number | null;
  latencyMs: number;
}

/** The deterministic metrics, in report order; the gate compares these. Higher is better. */
export const QUALITY_METRICS = [
  "hitAt1",
  "hitAt5",
  "mrr",
  "ndcgAt10",
  "keyFactRecall",
  "citationPrecision",
  "answeredRate",
  "usefulness",
  "figuresFaithfulness",
  "declinePrecision",
  "declineRecall",
  "followUpAccuracy",
] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

/** Machine-dependent, so reported but never gated. */
export const LATENCY_METRICS = ["latencyP50Ms", "latencyP95Ms"] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

export type MetricValues = Record<QualityMetric | LatencyMetric, number | null> & {
  cases: number;
};

export interface Summary {
  overall: MetricValues;
  byCategory: Partial<Record<EvalCategory, MetricValues>>;
}

/** Mean of the values that are not `null`; `null` when none are. */
export function mean(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return null;
  return present.reduce((sum, value) => sum + value, 0) / present.length;
}

/** Nearest-rank percentile (`p` in 0–100); `null` for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/**
 * Decline precision (of the declined cases, the share that should have been) and recall (of the
 * cases that should have been declined, the share that were); `null` when a denominator is 0.
 */
export function declineScores(cases: readonly { answerable: boolean; declined: boolean }[]): {
  precision: number | null;
  recall: number | null;
} {
  const declined = cases.filter((c) => c.declined);
  const shouldDecline = cases.filter((c) => !c.answerable);
  const correct = declined.filter((c) => !c.answerable).length;
  return {
    precision: declined.length === 0 ? null : correct / declined.length,
    recall: shouldDecline.length === 0 ? null : correct / shouldDecline.length,
  };
}

/** The metrics of one group of cases. */
export function summarizeGroup(scores: readonly CaseScore[]): MetricValues {
  const decline = declineScores(scores);
  const latencies = scores.map((score) => score.latencyMs);
  return {
    cases: scores.length,
    hitAt1: mean(scores.map((s) => s.hitAt1)),
    hitAt5: mean(scores.map((s) => s.hitAt5)),
    mrr: mean(scores.map((s) => s.reciprocalRank)),
    ndcgAt10: mean(scores.map((s) => s.ndcgAt10)),
    keyFactRecall: mean(scores.map((s) => s.keyFactRecall)),
    citationPrecision: mean(scores.map((s) => s.citationPrecision)),
    answeredRate: mean(scores.map((s) => s.answeredRate)),
    usefulness: mean(scores.map((s) => s.usefulness)),
    figuresFaithfulness: mean(scores.map((s) => s.figuresFaithfulness)),
    declinePrecision: decline.precision,
    declineRecall: decline.recall,
    followUpAccuracy: mean(scores.map((s) => s.followUp)),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}

/** The metrics over all cases and per category (categories in first-seen order). */
export function summarize(scores: readonly CaseScore[]): Summary {
  const groups = new Map<EvalCategory, CaseScore[]>();
  for (const score of scores) {
    const group = groups.get(score.category) ?? [];
    group.push(score);
    groups.set(score.category, group);
  }
  return {
    overall: summarizeGroup(scores),
    byCategory: Object.fromEntries(
      [...groups].map(([category, group]) => [category, summarizeGroup(group)]),
    ),
  };
}
