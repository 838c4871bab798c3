import { describe, expect, it } from "vitest";
import { isStopWord, stem, toStems } from "./words.ts";

describe("stem", () => {
  it.each([
    ["investments", "invest"],
    ["industries", "industri"],
    ["industrial", "industri"],
    ["established", "establish"],
    ["companies", "compani"],
  ])("stems %s as LanceDB's Snowball English stemmer does", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it("leaves numbers, CJK and mixed tokens alone", () => {
    expect(stem("32.34")).toBe("32.34");
    expect(stem("重")).toBe("重");
    expect(stem("r&d")).toBe("r&d");
  });
});

describe("toStems", () => {
  it("tokenizes and stems in order, keeping stop words so phrases match word for word", () => {
    expect(toStems("The zones of Chongqing")).toEqual(["the", "zone", "of", "chongq"]);
  });
});

describe("isStopWord", () => {
  it("uses NLTK's English list, as the full-text index does", () => {
    expect(isStopWord("the")).toBe(true);
    expect(isStopWord("which")).toBe(true);
    expect(isStopWord("zone")).toBe(false);
  });

  it("knows the object pronoun 'us', which NLTK's list lacks", () => {
    expect(isStopWord("us")).toBe(true);
    expect(isStopWord("we")).toBe(true);
    expect(isStopWord("usa")).toBe(false);
  });
});
