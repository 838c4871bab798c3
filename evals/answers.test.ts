import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOffline } from "../src/rag/answer/offline.ts";
import type { Answer, Source } from "../src/rag/answer/types.ts";
import type { Retriever } from "../src/rag/types.ts";
import { createSeedIndex } from "../src/testing/index-fixture.ts";
import { containsEvidence, normalizeForMatch } from "./evidence.ts";
import { type EvalCase, type KeyFact, loadEvalCases } from "./schema.ts";

const DEV_SET = fileURLToPath(new URL("./dev.jsonl", import.meta.url));
let retriever: Retriever;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ retriever, cleanup } = await createSeedIndex());
});
afterAll(() => cleanup());

/** Lowercase, NFKC, single spaces, no thousands separators: "1,056" and "1056" compare equal. */
function normalizeFact(text: string): string {
  return normalizeForMatch(text).replace(/(\d),(?=\d{3}(?!\d))/g, "$1");
}

function hasKeyFact(answer: string, fact: KeyFact): boolean {
  const alternatives = Array.isArray(fact) ? fact : [fact];
  const normal = normalizeFact(answer);
  return alternatives.some((alternative) => normal.includes(normalizeFact(alternative)));
}

interface Outcome {
  evalCase: EvalCase;
  answer: Answer;
  sources: Source[];
}

interface Tally {
  passed: number;
  total: number;
}

function tallyBy(outcomes: Outcome[], passes: (outcome: Outcome) => boolean): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const outcome of outcomes) {
    const tally = tallies.get(outcome.evalCase.category) ?? { passed: 0, total: 0 };
    tally.total++;
    if (passes(outcome)) tally.passed++;
    tallies.set(outcome.evalCase.category, tally);
  }
  return tallies;
}

function describeTallies(tallies: Map<string, Tally>): string {
  return [...tallies]
    .map(([category, { passed, total }]) => `${category} ${passed}/${total}`)
    .join(", ");
}

describe("offline answers on the development set", () => {
  let outcomes: Outcome[] = [];

  beforeAll(async () => {
    const cases = (await loadEvalCases(DEV_SET)).filter(
      (evalCase) => !evalCase.id.startsWith("dx-"),
    );
    outcomes = [];
    for (const evalCase of cases) {
      const { answer, sources } = await answerOffline({ messages: evalCase.messages, retriever });
      outcomes.push({ evalCase, answer, sources });
    }
  }, 180_000);

  it("states the key facts in at least 85% of answerable cases", () => {
    const answerable = outcomes.filter(({ evalCase }) => evalCase.answerable);
    expect(answerable.length).toBeGreaterThanOrEqual(80);
    const passes = ({ evalCase, answer }: Outcome) =>
      answer.answered && evalCase.keyFacts.every((fact) => hasKeyFact(answer.answer, fact));
    const misses = answerable
      .filter((outcome) => !passes(outcome))
      .map(({ evalCase, answer }) => `${evalCase.id}: ${answer.answer.slice(0, 160)}`);
    const rate = (answerable.length - misses.length) / answerable.length;
    console.info(`key facts ${rate.toFixed(3)} (${describeTallies(tallyBy(answerable, passes))})`);
    expect(rate, `misses:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.85);
  });

  it("declines at least 90% of unanswerable cases", () => {
    const unanswerable = outcomes.filter(({ evalCase }) => !evalCase.answerable);
    expect(unanswerable.length).toBeGreaterThanOrEqual(15);
    const passes = ({ answer }: Outcome) => !answer.answered;
    const misses = unanswerable
      .filter((outcome) => !passes(outcome))
      .map(({ evalCase, answer }) => `${evalCase.id}: ${answer.answer.slice(0, 160)}`);
    const rate = (unanswerable.length - misses.length) / unanswerable.length;
    console.info(`declined ${rate.toFixed(3)} (${describeTallies(tallyBy(unanswerable, passes))})`);
    expect(rate, `answered anyway:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("cites only retrieved sources, each with its full text", () => {
    for (const { evalCase, answer, sources } of outcomes) {
      for (const citation of answer.citations) {
        const source = sources.find((candidate) => candidate.n === citation.n);
        expect(source?.chunk.id, `${evalCase.id} cites [${citation.n}]`).toBe(citation.id);
        expect(citation.text).toBe(source?.chunk.text);
      }
      for (const marker of answer.answer.matchAll(/\[(\d+)\]/g)) {
        const n = Number(marker[1]);
        expect(
          answer.citations.some((citation) => citation.n === n),
          `${evalCase.id} marks [${n}]`,
        ).toBe(true);
      }
    }
  });

  it("states no figure its citations do not contain", () => {
    const flagged = outcomes
      .filter(({ answer }) => answer.answered && answer.unverified.length > 0)
      .map(({ evalCase, answer }) => `${evalCase.id}: ${answer.unverified.join(", ")}`);
    expect(flagged).toEqual([]);
  });

  it("rewrites follow-ups so that retrieval finds their evidence", () => {
    const followUps = outcomes.filter(
      ({ evalCase }) => evalCase.category === "follow-up" && evalCase.answerable,
    );
    const found = followUps.filter(({ evalCase, sources }) =>
      evalCase.evidence.some((evidence) =>
        sources.some(
          ({ chunk }) =>
            chunk.docId === evidence.docId && containsEvidence(chunk.text, evidence.text),
        ),
      ),
    );
    const rate = found.length / followUps.length;
    console.info(
      `follow-up rewrites: evidence retrieved for ${found.length}/${followUps.length}; ${followUps
        .map(({ evalCase, answer }) => `\n  ${answer.query}  ⇐  ${evalCase.standaloneQuestion}`)
        .join("")}`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});
