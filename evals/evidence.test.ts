import { describe, expect, it } from "vitest";
import { containsEvidence, normalizeForMatch } from "./evidence.ts";

describe("containsEvidence", () => {
  const evidence =
    "The built area covers 21 square kilometers with 1056 enterprises entering the park.";

  it("matches whole evidence regardless of case and whitespace (NBSP included)", () => {
    expect(containsEvidence(`Intro. ${evidence.toUpperCase()} More.`, evidence)).toBe(true);
    expect(
      containsEvidence("covers 21\u00a0square   kilometers", "covers 21 square kilometers"),
    ).toBe(true);
  });

  it("matches evidence cut by a chunk boundary when most of it is there", () => {
    expect(containsEvidence(`Earlier text. ${evidence.slice(0, 60)}`, evidence)).toBe(true);
    expect(containsEvidence(`${evidence.slice(-60)} Later text.`, evidence)).toBe(true);
  });

  it("rejects passages holding only a fragment or nothing", () => {
    expect(containsEvidence(`Earlier text. ${evidence.slice(0, 20)}`, evidence)).toBe(false);
    expect(containsEvidence("Unrelated passage.", evidence)).toBe(false);
    expect(containsEvidence("anything", "   ")).toBe(false);
  });

  it("normalises compatibility forms", () => {
    expect(normalizeForMatch("Ｒ＆Ｄ\u00a0 Center")).toBe("r&d center");
  });
});
