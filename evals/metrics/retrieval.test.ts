import { describe, expect, it } from "vitest";
import type { Evidence } from "../schema.ts";
import { dedupeEvidence, hitAt, isRelevant, ndcgAt, reciprocalRank } from "./retrieval.ts";

const first: Evidence = { docId: "a", text: "Bishan has 1056 enterprises." };
const second: Evidence = { docId: "b", text: "The zone was set up in March 1991." };
const noise = { docId: "a", text: "Something else entirely." };
const holdsFirst = { docId: "a", text: "Intro. Bishan has 1056 enterprises. More." };
const holdsSecond = { docId: "b", text: "The zone was set up in March 1991." };

describe("retrieval metrics", () => {
  it("finds the first relevant rank for hit@k and reciprocal rank", () => {
    const ranked = [noise, noise, holdsFirst];
    expect(hitAt(1, ranked, [first])).toBe(0);
    expect(hitAt(3, ranked, [first])).toBe(1);
    expect(hitAt(5, ranked, [first])).toBe(1);
    expect(reciprocalRank(ranked, [first])).toBeCloseTo(1 / 3);
  });

  it("scores an empty retrieval 0 everywhere", () => {
    expect(hitAt(5, [], [first])).toBe(0);
    expect(reciprocalRank([], [first])).toBe(0);
    expect(ndcgAt(10, [], [first])).toBe(0);
  });

  it("needs the evidence's own document", () => {
    expect(isRelevant({ docId: "other", text: holdsFirst.text }, [first])).toBe(false);
  });

  it("counts a passage cut by a chunk boundary when it holds most of the evidence", () => {
    expect(isRelevant({ docId: "a", text: "Earlier. Bishan has 1056 enterpr" }, [first])).toBe(
      true,
    );
  });

  it("computes nDCG@10 with one gain per evidence passage", () => {
    // Evidence at ranks 1 and 3: (1 + 1/log2 4) / (1 + 1/log2 3).
    const ranked = [holdsFirst, noise, holdsSecond];
    expect(ndcgAt(10, ranked, [first, second])).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)), 6);
    expect(ndcgAt(10, [holdsSecond, holdsFirst], [first, second])).toBe(1);
    expect(ndcgAt(2, [noise, noise, holdsFirst], [first])).toBe(0);
  });

  it("counts duplicated evidence and repeated passages once", () => {
    expect(dedupeEvidence([first, { ...first }, second])).toEqual([first, second]);
    expect(ndcgAt(10, [holdsFirst], [first, first])).toBe(1);
    expect(ndcgAt(10, [noise, holdsFirst, holdsFirst], [first])).toBeCloseTo(1 / Math.log2(3), 6);
  });

  it("caps nDCG at 1 when one passage holds several evidence passages", () => {
    const both = { docId: "a", text: "Bishan has 1056 enterprises. It grew fast." };
    const alsoA: Evidence = { docId: "a", text: "It grew fast." };
    expect(ndcgAt(10, [both], [first, alsoA])).toBe(1);
  });
});
