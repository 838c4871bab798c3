import { describe, expect, it } from "vitest";
import { escapeRegExp, normalizeNumber, normalizeText, tokenizeWords } from "./text.ts";

describe("tokenizeWords", () => {
  it("lowercases and splits on anything that is not a letter or digit", () => {
    expect(tokenizeWords("Chongqing High-tech Zone (Bishan)!")).toEqual([
      "chongqing",
      "high",
      "tech",
      "zone",
      "bishan",
    ]);
  });

  it("keeps decimals, percentages and thousands separators inside one token", () => {
    expect(
      tokenizeWords("output was 32.34 billion yuan, up 13.7% over 2,400 trips and 1,056 firms."),
    ).toEqual([
      "output",
      "was",
      "32.34",
      "billion",
      "yuan",
      "up",
      "13.7%",
      "over",
      "2,400",
      "trips",
      "and",
      "1,056",
      "firms",
    ]);
  });

  it("does not glue a number to the next word across punctuation", () => {
    expect(tokenizeWords("In 2018,the park. 2015.It grew 5%a")).toEqual([
      "in",
      "2018",
      "the",
      "park",
      "2015",
      "it",
      "grew",
      "5%",
      "a",
    ]);
  });

  it("keeps r&d and apostrophes inside words, folds curly ones and drops possessive 's", () => {
    expect(tokenizeWords("China’s R&D and Chang’an's")).toEqual([
      "china",
      "r&d",
      "and",
      "chang'an",
    ]);
  });

  it("keeps a contraction's first part, as a stop-word list for split contractions expects", () => {
    expect(tokenizeWords("We're told they’ve said it'll do, don't I'm")).toEqual([
      "we",
      "told",
      "they",
      "said",
      "it",
      "do",
      "don",
      "i",
    ]);
  });

  it("makes each Chinese character a token and separates embedded numbers", () => {
    expect(tokenizeWords("重庆璧山2018年产值32.34亿元")).toEqual([
      "重",
      "庆",
      "璧",
      "山",
      "2018",
      "年",
      "产",
      "值",
      "32.34",
      "亿",
      "元",
    ]);
  });

  it("folds full-width forms", () => {
    expect(tokenizeWords("ＧＤＰ增长１３．７％")).toEqual(["gdp", "增", "长", "13.7%"]);
  });

  it("drops emoji, variation selectors and keycaps", () => {
    expect(tokenizeWords("🚀 invest 👍🏽 now ❤️ 1️⃣ 👨‍👩‍👧")).toEqual(["invest", "now", "1"]);
  });

  it("survives 5,000 characters of noise with only clean tokens", () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    let noise = "";
    while (noise.length < 5000) noise += String.fromCharCode(Math.floor(random() * 0x10000));
    const started = performance.now();
    const tokens = tokenizeWords(noise);
    expect(performance.now() - started).toBeLessThan(500);
    for (const token of tokens) {
      expect(token.length).toBeGreaterThan(0);
      expect(token).not.toMatch(/\s/u);
    }
  });

  it("returns nothing for empty or punctuation-only text", () => {
    expect(tokenizeWords("")).toEqual([]);
    expect(tokenizeWords(" ... —— ？！ ")).toEqual([]);
  });
});

describe("normalizeText", () => {
  it("lowercases ASCII and NFKC-folds the rest", () => {
    expect(normalizeText("Bishan")).toBe("bishan");
    expect(normalizeText("Ｂｉｓｈａｎ，２０１８")).toBe("bishan,2018");
  });
});

describe("normalizeNumber", () => {
  it.each([
    ["2,400", "2400"],
    ["1,234.50", "1234.5"],
    ["13.7%", "13.7%"],
    ["5.0", "5"],
    ["2018", "2018"],
    ["1,2,3", "1,2,3"],
  ])("normalises %s to %s", (token, expected) => {
    expect(normalizeNumber(token)).toBe(expected);
  });

  it("rejects tokens that are not plain numbers", () => {
    expect(normalizeNumber("5g")).toBeUndefined();
    expect(normalizeNumber("bishan")).toBeUndefined();
  });
});

describe("escapeRegExp", () => {
  it("makes a text match itself literally", () => {
    const text = "R&D (Chongqing) +2.5% [a]*";
    expect(new RegExp(escapeRegExp(text)).test(`in ${text} here`)).toBe(true);
    expect(new RegExp(escapeRegExp("a.c")).test("abc")).toBe(false);
  });
});
