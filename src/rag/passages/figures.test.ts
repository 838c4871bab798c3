import { describe, expect, it } from "vitest";
import { extractFigures, findUnverifiedFigures, normalizeFigure } from "./figures.ts";

describe("figures", () => {
  it("extracts figures but not citation markers or digits inside words", () => {
    expect(
      extractFigures("Output was 32.34 billion [1], up 13.7% [2, 3]; 1,056 firms in H1."),
    ).toEqual(["32.34", "13.7%", "1,056"]);
    expect(extractFigures("RMB32 billion, US$50 billion, 2015年")).toEqual(["32", "50", "2015"]);
  });

  it("normalises separators, trailing zeros and leading zeros", () => {
    expect(normalizeFigure("1,056")).toBe("1056");
    expect(normalizeFigure("5.50")).toBe("5.5");
    expect(normalizeFigure("023")).toBe("23");
    expect(normalizeFigure("40%")).toBe("40%");
  });

  it("lists figures that no source contains, once each", () => {
    const sources = ["The built area covers 21 square kilometers with 1056 enterprises, up 13.7%."];
    expect(findUnverifiedFigures("There are 1,056 enterprises on 21 km² [1].", sources)).toEqual(
      [],
    );
    expect(findUnverifiedFigures("Output grew 15% and 15% again to 99 billion.", sources)).toEqual([
      "15%",
      "99",
    ]);
    expect(
      findUnverifiedFigures("As of 2018, growth was 13.7 percent.", sources, ["2018"]),
    ).toEqual([]);
    expect(findUnverifiedFigures("No figures here.", [])).toEqual([]);
  });
});

describe("figures in Chinese text", () => {
  it("sees digits right after Han characters", () => {
    expect(extractFigures("产值为32.34亿元，增长13.7%。")).toEqual(["32.34", "13.7%"]);
  });
});
