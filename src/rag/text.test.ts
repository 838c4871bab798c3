import { describe, expect, it } from "vitest";
import {
  isStopWord,
  normalizeNumber,
  normalizeText,
  stemWord,
  tokenizeWords,
  translateGlossaryTerms,
} from "./text.ts";

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
    expect(tokenizeWords("China’s R&D and Chang’an's don't")).toEqual([
      "china",
      "r&d",
      "and",
      "chang'an",
      "don't",
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

describe("stemWord", () => {
  it.each([
    [["investments", "investors", "investing", "investment", "invest"], "invest"],
    [["industry", "industries", "industrial"], "industr"],
    [["technology", "technological", "technologies"], "technolog"],
    [["innovation", "innovative", "innovate"], "innov"],
    [["developed", "developing", "development", "develop"], "develop"],
    [["zones", "zone"], "zone"],
  ])("collapses %j to one stem", (words, stem) => {
    for (const word of words) expect(stemWord(word)).toBe(stem);
  });

  it("leaves short words, numbers and mixed tokens alone", () => {
    expect(stemWord("gdp")).toBe("gdp");
    expect(stemWord("2018")).toBe("2018");
    expect(stemWord("r&d")).toBe("r&d");
    expect(stemWord("status")).toBe("status");
  });
});

describe("isStopWord", () => {
  it("knows function words but not content words", () => {
    expect(isStopWord("the")).toBe(true);
    expect(isStopWord("of")).toBe(true);
    expect(isStopWord("output")).toBe(false);
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

describe("translateGlossaryTerms", () => {
  it("gives English words for known Chinese terms, longest match first", () => {
    const english = translateGlossaryTerms("璧山高新区2018年上半年工业总产值是多少？");
    expect(english).toContain("bishan");
    expect(english).toContain("high-tech zone");
    expect(english).toContain("first half");
    expect(english).toContain("total industrial output value");
  });

  it("returns an empty string for English text and is safe with odd keys", () => {
    expect(translateGlossaryTerms("What is the output of Bishan?")).toBe("");
    expect(translateGlossaryTerms("__proto__ constructor 重庆")).toBe("chongqing");
  });
});
