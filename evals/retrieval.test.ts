import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Retriever } from "../src/rag/types.ts";
import { createSeedIndex } from "../src/testing/index-fixture.ts";
import { containsEvidence } from "./evidence.ts";
import { type EvalCase, lastQuestion, loadEvalCases } from "./schema.ts";

const DEV_SET = fileURLToPath(new URL("./dev.jsonl", import.meta.url));
let retriever: Retriever;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ retriever, cleanup } = await createSeedIndex());
});
afterAll(() => cleanup());

/** The question retrieval is asked: a follow-up's standalone form (rewriting is tested apart). */
const queryOf = (evalCase: EvalCase) => evalCase.standaloneQuestion ?? lastQuestion(evalCase);

describe("retrieval on the development set", () => {
  it("finds an evidence passage in the top 5 for at least 90% of answerable questions", async () => {
    const cases = (await loadEvalCases(DEV_SET)).filter(
      (evalCase) => evalCase.answerable && evalCase.evidence.length > 0,
    );
    expect(cases.length).toBeGreaterThanOrEqual(80);
    const misses: string[] = [];
    const byCategory = new Map<string, { hits: number; total: number }>();
    for (const evalCase of cases) {
      const hits = await retriever.search(queryOf(evalCase), { k: 5 });
      const found = hits.some(({ chunk }) =>
        evalCase.evidence.some(
          (evidence) =>
            evidence.docId === chunk.docId && containsEvidence(chunk.text, evidence.text),
        ),
      );
      const tally = byCategory.get(evalCase.category) ?? { hits: 0, total: 0 };
      tally.total++;
      if (found) tally.hits++;
      else misses.push(`${evalCase.id}: ${queryOf(evalCase)}`);
      byCategory.set(evalCase.category, tally);
    }
    const hitAt5 = (cases.length - misses.length) / cases.length;
    const report = [...byCategory]
      .map(([category, { hits, total }]) => `${category} ${hits}/${total}`)
      .join(", ");
    console.info(`hit@5 ${hitAt5.toFixed(3)} (${report})`);
    expect(
      hitAt5,
      `hit@5 ${hitAt5.toFixed(3)}; misses:\n${misses.join("\n")}`,
    ).toBeGreaterThanOrEqual(0.9);
  });
});
