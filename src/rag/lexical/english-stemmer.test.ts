import { describe, expect, it } from "vitest";
import { stemEnglish } from "./english-stemmer.ts";

// Pairs from the Snowball English sample vocabulary and output
// (https://snowballstem.org/algorithms/english/stemmer.html).
const SAMPLES: [string, string][] = [
  ["consign", "consign"],
  ["consigned", "consign"],
  ["consignment", "consign"],
  ["consistency", "consist"],
  ["consistently", "consist"],
  ["consolation", "consol"],
  ["consolatory", "consolatori"],
  ["consolidating", "consolid"],
  ["consolingly", "consol"],
  ["conspicuously", "conspicu"],
  ["conspiracy", "conspiraci"],
  ["constable", "constabl"],
  ["knackeries", "knackeri"],
  ["kneeling", "kneel"],
  ["knightly", "knight"],
  ["knitting", "knit"],
  ["knives", "knive"],
  ["hoping", "hope"],
  ["hopping", "hop"],
  ["generously", "generous"],
  ["generation", "generat"],
  ["communities", "communiti"],
  ["cried", "cri"],
  ["ties", "tie"],
  ["gas", "gas"],
  ["gaps", "gap"],
  ["kiwis", "kiwi"],
  ["happily", "happili"],
  ["saying", "say"],
  ["yearly", "year"],
  ["enterprises", "enterpris"],
  ["industrial", "industri"],
  ["investments", "invest"],
  ["established", "establish"],
  ["technology", "technolog"],
];

describe("stemEnglish", () => {
  it.each(SAMPLES)("stems %s to %s", (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it("keeps the exceptional forms and short words", () => {
    expect(stemEnglish("skies")).toBe("sky");
    expect(stemEnglish("news")).toBe("news");
    expect(stemEnglish("succeeding")).toBe("succeed");
    expect(stemEnglish("by")).toBe("by");
    expect(stemEnglish("2018")).toBe("2018");
    expect(stemEnglish("重庆")).toBe("重庆");
  });
});
