/**
 * @module Display names and formatting of the metrics, shared by the terminal and HTML reports.
 */
import type { LatencyMetric, QualityMetric } from "../metrics/summary.ts";

export const METRIC_LABELS: Record<QualityMetric | LatencyMetric, string> = {
  hitAt1: "hit@1",
  hitAt5: "hit@5",
  mrr: "MRR",
  ndcgAt10: "nDCG@10",
  keyFactRecall: "key-fact recall",
  citationPrecision: "citation precision",
  answeredRate: "answerable answered",
  usefulness: "open/greeting useful",
  figuresFaithfulness: "figures faithfulness",
  declinePrecision: "decline precision",
  declineRecall: "decline recall",
  followUpAccuracy: "follow-up accuracy",
  latencyP50Ms: "latency p50 (ms)",
  latencyP95Ms: "latency p95 (ms)",
};

/** `0.912`, `1234` for milliseconds, `—` when the metric does not apply. */
export function formatValue(value: number | null | undefined, milliseconds = false): string {
  if (value === null || value === undefined) return "—";
  return milliseconds ? String(Math.round(value)) : value.toFixed(3);
}
