import { describe, expect, it } from "vitest";
import type { ObservedAnswer, ObservedPassage } from "./observation.ts";
import { runEval } from "./run.ts";
import type { EvalCase } from "./schema.ts";
import type { EvalTarget } from "./targets/target.ts";

const evidence = { docId: "bishan", text: "Bishan has 1056 enterprises." };
const holding: ObservedPassage = {
  id: "p1",
  docId: "bishan",
  title: "Bishan",
  date: "2018",
  text: evidence.text,
};
const cases: EvalCase[] = [
  {
    id: "count",
    category: "fact",
    messages: [{ role: "user", content: "How many enterprises does Bishan have?" }],
    answerable: true,
    evidence: [evidence],
    keyFacts: ["1056"],
  },
  {
    id: "weather",
    category: "out-of-scope",
    messages: [{ role: "user", content: "Will it rain tomorrow?" }],
    answerable: false,
    evidence: [],
    keyFacts: [],
  },
  {
    id: "broken",
    category: "fact",
    messages: [{ role: "user", content: "Crash please" }],
    answerable: true,
    evidence: [evidence],
    keyFacts: ["1056"],
  },
];

/** Answers the first case, declines the weather, fails the third. */
const target: EvalTarget = {
  search: async (query) => (query.includes("Bishan") ? [holding] : []),
  async answer(messages): Promise<ObservedAnswer> {
    const question = messages.at(-1)?.content ?? "";
    if (question.startsWith("Crash")) throw new Error("boom");
    const answered = question.includes("Bishan");
    return {
      answer: answered
        ? "It has 1,056 enterprises [1]."
        : "I cannot say; please contact the zone office.",
      answered,
      mode: "extractive",
      citations: answered ? [{ n: 1, ...holding }] : [],
      unverified: [],
      query: question,
    };
  },
  describe: async () => ({
    target: "test",
    mode: "extractive",
    embedder: "local:test",
    chatModel: null,
    promptVersion: 1,
    index: null,
  }),
  fallbacks: () => [],
  close: async () => {},
};

describe("runEval", () => {
  it("scores every case, keeps failures on their case and records the run", async () => {
    const report = await runEval({ target, cases, dataset: { path: "t.jsonl", sha256: "0" } });
    expect(report.summary.overall).toMatchObject({
      cases: 3,
      hitAt1: 0.5,
      keyFactRecall: 0.5,
      citationPrecision: 1,
      declinePrecision: 1,
      declineRecall: 1,
    });
    expect(report.summary.byCategory["out-of-scope"]?.hitAt1).toBeNull();
    expect(report.cases.map((c) => c.failures.length > 0)).toEqual([false, false, true]);
    expect(report.cases[2]?.failures[0]).toContain("answer: boom");
    expect(report.run).toMatchObject({
      mode: "extractive",
      promptVersion: 1,
      commit: expect.any(String),
    });
    expect(report.run.models.judge).toBeNull();
    expect(report.judged).toBeUndefined();
  });
});
