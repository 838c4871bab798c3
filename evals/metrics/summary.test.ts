import { describe, expect, it } from "vitest";
import { type CaseScore, declineScores, mean, percentile, summarize } from "./summary.ts";

const base: CaseScore = {
  id: "x",
  category: "fact",
  answerable: true,
  declined: false,
  hitAt1: 1,
  hitAt5: 1,
  reciprocalRank: 1,
  ndcgAt10: 1,
  keyFactRecall: 1,
  citationPrecision: 1,
  answeredRate: 1,
  usefulness: null,
  figuresFaithfulness: null,
  followUp: null,
  latencyMs: 10,
};

describe("aggregation helpers", () => {
  it("averages the values that apply", () => {
    expect(mean([1, null, 0, 0.5])).toBe(0.5);
    expect(mean([null, null])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it("takes nearest-rank percentiles", () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 95)).toBe(40);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it("computes decline precision and recall, null without declines or unanswerables", () => {
    const cases = [
      { answerable: false, declined: true },
      { answerable: false, declined: false },
      { answerable: true, declined: true },
      { answerable: true, declined: false },
    ];
    expect(declineScores(cases)).toEqual({ precision: 0.5, recall: 0.5 });
    expect(declineScores([{ answerable: true, declined: false }])).toEqual({
      precision: null,
      recall: null,
    });
  });
});

describe("summarize", () => {
  it("summarises overall and per category, leaving inapplicable metrics null", () => {
    const scores: CaseScore[] = [
      { ...base, id: "a", hitAt1: 0, reciprocalRank: 0.5, latencyMs: 30 },
      { ...base, id: "b" },
      {
        ...base,
        id: "c",
        category: "out-of-scope",
        answerable: false,
        declined: true,
        hitAt1: null,
        hitAt5: null,
        reciprocalRank: null,
        ndcgAt10: null,
        keyFactRecall: null,
        citationPrecision: null,
        latencyMs: 20,
      },
    ];
    const summary = summarize(scores);
    expect(summary.overall).toMatchObject({
      cases: 3,
      hitAt1: 0.5,
      mrr: 0.75,
      declinePrecision: 1,
      declineRecall: 1,
      followUpAccuracy: null,
      latencyP50Ms: 20,
      latencyP95Ms: 30,
    });
    expect(summary.byCategory.fact).toMatchObject({ cases: 2, hitAt1: 0.5, declineRecall: null });
    expect(summary.byCategory["out-of-scope"]).toMatchObject({
      cases: 1,
      hitAt1: null,
      keyFactRecall: null,
      declineRecall: 1,
    });
  });
});
