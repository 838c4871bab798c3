import { describe, expect, it } from "vitest";
import {
  type Baseline,
  createBaseline,
  DEFAULT_TOLERANCE,
  findRegressions,
  getDatasetName,
} from "./baseline.ts";
import { QUALITY_METRICS, type Summary, summarizeGroup } from "./metrics/summary.ts";

const values = (overrides: Record<string, number | null> = {}) => ({
  ...summarizeGroup([]),
  ...Object.fromEntries(QUALITY_METRICS.map((metric) => [metric, 0.8])),
  cases: 10,
  ...overrides,
});

const summary = (overall = {}, fact = {}): Summary => ({
  overall: values(overall),
  byCategory: { fact: values(fact) },
});

const run = { commit: "abc", mode: "extractive", embedder: "local:x", recordedAt: "2025-01-01" };
const baseline: Baseline = createBaseline({ summary: summary(), run });

describe("findRegressions", () => {
  it("passes drops within tolerance, including exactly the tolerance", () => {
    expect(findRegressions(summary({ hitAt1: 0.78 }, { hitAt1: 0.7 }), baseline)).toEqual([]);
  });

  it("fails drops beyond the overall or the category tolerance", () => {
    const regressions = findRegressions(summary({ mrr: 0.75 }, { keyFactRecall: 0.6 }), baseline);
    expect(regressions).toEqual([
      { scope: "overall", metric: "mrr", baseline: 0.8, current: 0.75, tolerance: 0.02 },
      { scope: "fact", metric: "keyFactRecall", baseline: 0.8, current: 0.6, tolerance: 0.1 },
    ]);
  });

  it("fails a category that vanished, not a metric that no longer applies", () => {
    expect(findRegressions(summary({ declinePrecision: null }), baseline)).toEqual([]);
    const gone = findRegressions({ overall: values(), byCategory: {} }, baseline);
    expect(gone).toHaveLength(QUALITY_METRICS.length);
    expect(gone[0]).toMatchObject({ scope: "fact", current: null });
  });

  it("ignores improvements and metrics the baseline could not measure", () => {
    const unmeasured = createBaseline({ summary: summary({ followUpAccuracy: null }), run });
    expect(findRegressions(summary({ hitAt1: 1, followUpAccuracy: 0 }), unmeasured)).toEqual([]);
  });
});

describe("createBaseline", () => {
  it("keeps the previous tolerances, defaults new metrics', and records only quality metrics", () => {
    const previous = { ...baseline, tolerances: { hitAt1: { overall: 0.5, category: 0.5 } } };
    const next = createBaseline({ summary: summary(), run, previous });
    expect(next.tolerances.hitAt1).toEqual({ overall: 0.5, category: 0.5 });
    expect(next.tolerances.usefulness).toEqual(DEFAULT_TOLERANCE);
    expect(Object.keys(next.overall)).toEqual([...QUALITY_METRICS]);
    expect(next.cases).toBe(10);
  });
});

describe("getDatasetName", () => {
  it("names a dataset by its file name without .jsonl", () => {
    expect(getDatasetName("evals/dev.jsonl")).toBe("dev");
    expect(getDatasetName("/tmp/x/holdout.jsonl")).toBe("holdout");
  });
});
