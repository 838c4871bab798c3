import { describe, expect, it } from "vitest";
import type { Observation, ObservedAnswer } from "./observation.ts";
import type { EvalCase } from "./schema.ts";
import { scoreCase } from "./score.ts";

const passage = (text: string, docId = "bishan") => ({
  id: text,
  docId,
  title: "T",
  date: "2018",
  text,
});
const evidenceText = "Bishan has 1056 enterprises.";

const followUp: EvalCase = {
  id: "fu",
  category: "follow-up",
  messages: [
    { role: "user", content: "Tell me about Bishan." },
    { role: "assistant", content: "It is a zone." },
    { role: "user", content: "How many enterprises?" },
  ],
  answerable: true,
  evidence: [{ docId: "bishan", text: evidenceText }],
  keyFacts: ["1056"],
  standaloneQuestion: "How many enterprises are in Bishan?",
};

const answer = (text: string, overrides: Partial<ObservedAnswer> = {}): ObservedAnswer => ({
  answer: text,
  answered: true,
  mode: "extractive",
  citations: [{ n: 1, ...passage(evidenceText) }],
  unverified: [],
  query: "How many enterprises in Bishan?",
  ...overrides,
});

const observe = (overrides: Partial<Observation>): Observation => ({
  id: "fu",
  retrieved: [passage(evidenceText)],
  latencyMs: 5,
  ...overrides,
});

describe("scoreCase", () => {
  it("scores retrieval, answer and follow-up of an answered case", () => {
    const score = scoreCase(followUp, observe({ answer: answer("It has 1,056 enterprises [1].") }));
    expect(score).toMatchObject({
      hitAt1: 1,
      keyFactRecall: 1,
      citationPrecision: 1,
      figuresFaithfulness: 1,
      followUp: 1,
      declined: false,
    });
  });

  it("resolves a follow-up by the rewritten query's retrieval even when facts are missing", () => {
    const observation = observe({
      answer: answer("Many firms [1]."),
      rewrittenRetrieved: [passage("noise"), passage(evidenceText)],
    });
    expect(scoreCase(followUp, observation).followUp).toBe(1);
    expect(scoreCase(followUp, { ...observation, rewrittenRetrieved: [] }).followUp).toBe(0);
  });

  it("treats a failed request as neither answer nor decline", () => {
    const score = scoreCase(followUp, observe({ retrieved: [], error: "answer: 500" }));
    expect(score).toMatchObject({ hitAt5: 0, keyFactRecall: 0, declined: false, followUp: 0 });
    expect(score.citationPrecision).toBeNull();
  });

  it("leaves answer metrics of a declined answerable case to key facts and declines", () => {
    const declined = answer("I cannot answer that; call 023-1234.", {
      answered: false,
      citations: [],
    });
    const score = scoreCase(followUp, observe({ answer: declined }));
    expect(score).toMatchObject({ declined: true, keyFactRecall: 0, citationPrecision: null });
  });

  it("does not score retrieval of unanswerable cases", () => {
    const outOfScope: EvalCase = {
      id: "oos",
      category: "out-of-scope",
      messages: [{ role: "user", content: "What is the weather?" }],
      answerable: false,
      evidence: [],
      keyFacts: [],
    };
    const score = scoreCase(outOfScope, observe({ answer: answer("No.", { answered: false }) }));
    expect(score).toMatchObject({
      hitAt1: null,
      ndcgAt10: null,
      keyFactRecall: null,
      declined: true,
    });
  });
});
