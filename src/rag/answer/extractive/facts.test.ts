import { describe, expect, it } from "vitest";
import { createTestSource } from "../../../testing/answer-fixtures.ts";
import { createLexicon } from "../../lexicon/lexicon.ts";
import { EMPTY_LEXICON } from "../../lexicon/profile.ts";
import { prepareQuery } from "../../question/query.ts";
import { solveFact } from "./facts.ts";

const lexicon = createLexicon(EMPTY_LEXICON);

/** The chosen sentences for a question over sources made of the given texts. */
function choose(question: string, texts: readonly string[]): string[] {
  const sources = texts.map((text, index) => createTestSource(index + 1, text));
  const solution = solveFact({ query: prepareQuery(question, lexicon), sources, lexicon });
  expect(solution.gap).toBeUndefined();
  return solution.chosen.map((candidate) => candidate.sentence.text);
}

const FREIGHT = [
  "Rail freight trains leave the park for Europe every day.",
  "Air cargo flights leave the park every week.",
  "The park has five hotels for visitors.",
];

describe("solveFact", () => {
  it("adds the sentence holding the part of the question the best one leaves out", () => {
    const chosen = choose("Does the park offer rail freight and air cargo?", FREIGHT);
    expect(chosen).toHaveLength(2);
    expect(chosen.join(" ")).toMatch(/rail freight/i);
    expect(chosen.join(" ")).toMatch(/air cargo/i);
  });

  it("answers with one sentence when it covers the whole question", () => {
    expect(choose("Does the park offer rail freight to Europe?", FREIGHT)).toEqual([FREIGHT[0]]);
  });

  it("does not require the possessor of the asked-for thing (whose total) to be named", () => {
    const chosen = choose("What share of the city's total is the park's foreign trade?", [
      "The park's total foreign trade reached 371 billion yuan, 98.5% of the municipality.",
      "The park has five hotels for visitors.",
    ]);
    expect(chosen[0]).toMatch(/98\.5%/);
  });
});

describe("an asked-for noun the sources word otherwise", () => {
  const texts = [
    "Investment in fixed assets was 13.29 billion yuan in 2018.",
    "The park has five hotels for visitors.",
  ];
  const known = createLexicon({
    ...EMPTY_LEXICON,
    sentences: 2,
    vocabulary: Object.fromEntries(
      ["invest", "fix", "asset", "billion", "yuan", "park", "five", "hotel", "visitor"].map(
        (stemmed) => [stemmed, [stemmed, 1]],
      ),
    ),
    related: { spending: [["investment", 0.4]], wage: [["investment", 0.3]] },
    nouns: ["spending", "asset", "investment", "wage", "hotel", "park"],
  });
  const gapOf = (question: string) => {
    const sources = texts.map((text, index) => createTestSource(index + 1, text));
    const query = prepareQuery(question, known);
    return solveFact({ query, sources, lexicon: known }).gap;
  };

  it("is answered by a sentence holding a related wording, all its qualifiers and a figure", () => {
    expect(gapOf("How much fixed-asset spending did the park see?")).toBeUndefined();
  });

  it("stays absent when nothing qualifies it ('wage')", () => {
    expect(gapOf("How much wage did the park pay?")).toBe("focus-absent");
  });
});

describe("a noun that only names the kind of fact asked for", () => {
  it("is stated by a figure of that kind ('how much funding' by an amount)", () => {
    const chosen = choose("How much funding did the R&D center get?", [
      "It took eight years and 4.3 billion yuan to build the R&D center.",
      "The park has five hotels for visitors.",
    ]);
    expect(chosen[0]).toMatch(/4\.3 billion yuan/);
  });
});
