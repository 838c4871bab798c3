import { describe, expect, it } from "vitest";
import { summarize } from "../metrics/summary.ts";
import { renderHtmlReport } from "./html.ts";
import type { CaseResult, EvalReport } from "./model.ts";
import { formatTable, formatTerminalReport } from "./terminal.ts";

const hostile = '<script>alert("x")</script> & <img src=x onerror=1>';

const failing: CaseResult = {
  id: "bad-case",
  category: "fact",
  answerable: true,
  messages: [{ role: "user", content: `Question ${hostile}` }],
  evidence: [{ docId: "a", text: `Evidence ${hostile}` }],
  keyFacts: [["1056", hostile]],
  answer: {
    answer: `Answer ${hostile}`,
    answered: true,
    mode: "llm",
    citations: [
      { n: 1, id: "c", docId: "a", title: `Title ${hostile}`, date: "2018", text: hostile },
    ],
    unverified: [],
    query: hostile,
  },
  retrieved: [{ id: "c", docId: "a", text: hostile }],
  score: {
    id: "bad-case",
    category: "fact",
    answerable: true,
    declined: false,
    hitAt1: 0,
    hitAt5: 0,
    reciprocalRank: 0,
    ndcgAt10: 0,
    keyFactRecall: 0,
    citationPrecision: 0,
    answeredRate: 1,
    usefulness: null,
    figuresFaithfulness: null,
    followUp: null,
    latencyMs: 12,
  },
  failures: [`missing key facts: ${hostile}`],
};

const report: EvalReport = {
  run: {
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 5,
    commit: "abc123",
    target: "in-process",
    mode: "extractive",
    models: { embedder: "local:x", chat: null, judge: null },
    promptVersion: 1,
    judgePromptVersion: null,
    index: { table: hostile },
    dataset: { path: "evals/dev.jsonl", cases: 1, sha256: "f".repeat(64) },
    fallbacks: [],
  },
  summary: summarize([failing.score]),
  gate: {
    baselineCommit: "old",
    regressions: [{ scope: "fact", metric: "hitAt1", baseline: 1, current: 0, tolerance: 0.1 }],
  },
  cases: [failing],
};

describe("HTML report", () => {
  const html = renderHtmlReport(report);

  it("escapes every piece of corpus, dataset and model text", () => {
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img");
  });

  it("is self-contained and shows charts, the gate and the failing case", () => {
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain("<svg");
    expect(html).toContain("Gate: FAILED");
    expect(html).toContain("bad-case");
  });
});

describe("terminal report", () => {
  it("pads columns, left-aligning the first", () => {
    expect(
      formatTable([
        ["metric", "all"],
        ["hit@1", "0.5"],
      ]),
    ).toBe("metric  all\nhit@1   0.5");
  });

  it("shows the run, the metrics per category and the gate", () => {
    const text = formatTerminalReport(report);
    expect(text).toContain("mode extractive");
    expect(text).toMatch(/hit@1\s+0\.000\s+0\.000/);
    expect(text).toContain("fact hit@1: 1.000 → 0.000 (tolerance 0.1)");
    expect(text).toContain("1 of 1 cases have a failure");
  });
});
