import { describe, expect, it } from "vitest";
import {
  citationPrecision,
  extractNumbers,
  figuresFaithfulness,
  hasKeyFact,
  keyFactRecall,
  unsupportedFigures,
} from "./answer.ts";

describe("keyFactRecall", () => {
  it("matches regardless of case, whitespace and thousands separators", () => {
    expect(hasKeyFact("There are 1,056  Enterprises.", "1056 enterprises")).toBe(true);
    expect(hasKeyFact("There are 1056 enterprises.", "1,056")).toBe(true);
    expect(hasKeyFact("Output: 32.34\u00a0BILLION yuan", "32.34 billion")).toBe(true);
    expect(hasKeyFact("It is “first five”.", '"first five"')).toBe(true);
  });

  it("accepts any one alternative", () => {
    expect(hasKeyFact("It has seven key institutes", ["7 key", "seven key"])).toBe(true);
    expect(hasKeyFact("It has institutes", ["7 key", "seven key"])).toBe(false);
  });

  it("is the share of facts stated, and null without facts", () => {
    expect(
      keyFactRecall("March 1991, Liangjiang", ["March 1991", "ASUS", "Liangjiang"]),
    ).toBeCloseTo(2 / 3);
    expect(keyFactRecall("", ["March 1991"])).toBe(0);
    expect(keyFactRecall("anything", [])).toBeNull();
  });
});

describe("citationPrecision", () => {
  const evidence = [{ docId: "a", text: "Bishan has 1056 enterprises." }];
  const good = { id: "1", docId: "a", text: "Bishan has 1056 enterprises. More." };
  const stray = { id: "2", docId: "a", text: "Unrelated." };

  it("is the share of distinct cited passages holding evidence", () => {
    expect(citationPrecision([good, stray], evidence)).toBe(0.5);
    expect(citationPrecision([good, good, stray], evidence)).toBe(0.5);
    expect(citationPrecision([good], [...evidence, ...evidence])).toBe(1);
  });

  it("is null with no citations or no evidence", () => {
    expect(citationPrecision([], evidence)).toBeNull();
    expect(citationPrecision([good], [])).toBeNull();
  });
});

describe("figuresFaithfulness", () => {
  const source = {
    text: "Output was 32.34 billion yuan, up 13.7%, with 1056 firms.",
    date: "2018",
  };

  it("extracts canonical figures, skipping citation markers and glued digits", () => {
    expect(extractNumbers("1,056 firms [1], 5.50 and 013 in H1 [2, 3]")).toEqual([
      "1056",
      "5.5",
      "13",
    ]);
  });

  it("is the share of distinct figures some cited source states", () => {
    expect(figuresFaithfulness("32.34 billion [1], up 13.7% in 2018; 1,056 firms", [source])).toBe(
      1,
    );
    expect(figuresFaithfulness("32.34 billion and 99 parks [1]", [source])).toBe(0.5);
    expect(unsupportedFigures("32.34 billion and 99 parks [1]", [source])).toEqual(["99"]);
  });

  it("is null when the answer states no figures, 0 when nothing is cited", () => {
    expect(figuresFaithfulness("No figures here [1].", [source])).toBeNull();
    expect(figuresFaithfulness("It was 32.34 billion.", [])).toBe(0);
  });
});
