import { describe, expect, it } from "vitest";
import { createLexicon } from "../lexicon/lexicon.ts";
import { EMPTY_LEXICON } from "../lexicon/profile.ts";
import { prepareQuery } from "./query.ts";

const lexicon = createLexicon({
  ...EMPTY_LEXICON,
  entities: [
    {
      name: "Xiyong Microelectronics Park",
      aliases: ["xiyong microelectronics park", "xiyong"],
      docIds: ["trade-park"],
      mentions: 12,
      place: true,
    },
    {
      name: "Chongqing High-tech Zone",
      aliases: ["chongqing hightech zone", "chongqing hitech zone"],
      docIds: ["overview"],
      mentions: 20,
      place: true,
    },
  ],
});

/** The question's words taken as part of a name. */
function nameWords(question: string): string[] {
  return prepareQuery(question, lexicon)
    .terms.filter((term) => term.partOfName)
    .map((term) => term.surface);
}

describe("names in a question", () => {
  it("takes a short name followed by its own last word as one name ('the Xiyong park')", () => {
    expect(nameWords("When was the Xiyong park founded?")).toEqual(["xiyong", "park"]);
    expect(nameWords("How many companies are in Xiyong?")).toEqual(["xiyong"]);
    // Another noun after the name is what the question asks about.
    expect(nameWords("How many Xiyong companies export?")).toEqual(["xiyong"]);
  });

  it("reads a hyphenated name word split in two ('hi-tech') as the alias's one word", () => {
    expect(nameWords("When did the Chongqing hi-tech zone open?")).toEqual([
      "chongqing",
      "hi",
      "tech",
      "zone",
    ]);
  });
});

describe("the words a question is about", () => {
  const terms = (question: string) =>
    prepareQuery(question, lexicon).terms.map((term) => term.surface);

  it("leaves out the adjective of 'what is special about X': the question is about X", () => {
    expect(terms("What is special about the Xiyong park?")).not.toContain("special");
    expect(terms("What's so good about Xiyong?")).not.toContain("good");
    expect(terms("Which special zones are there?")).toContain("special");
  });

  it("leaves out the noun of a complex preposition ('in terms of'), not the same noun elsewhere", () => {
    expect(terms("What is the target in terms of output by 2022?")).not.toContain("terms");
    expect(terms("What are the payment terms for land?")).toContain("terms");
  });

  it("knows a plural for a noun whatever its singular ends in ('enterprises', 'taxes')", () => {
    const nouns = createLexicon({ ...EMPTY_LEXICON, nouns: ["enterprise", "tax", "company"] });
    const flags = (question: string) =>
      prepareQuery(question, nouns).terms.map((term) => [term.surface, term.noun]);
    expect(flags("How many enterprises, taxes, companies?")).toEqual([
      ["enterprises", true],
      ["taxes", true],
      ["companies", true],
    ]);
  });
});

describe("Chinese questions", () => {
  const chinese = createLexicon({
    ...EMPTY_LEXICON,
    chinese: { 多少: "", 有: "", 家: "home; family", 企业: "company; firm" },
    classifiers: ["家"],
  });
  const terms = (question: string) =>
    prepareQuery(question, chinese).terms.map((term) => term.surface);

  it("reads a classifier after a number or 多少 as counting, not as a word ('多少家企业')", () => {
    expect(terms("有多少家企业？")).toEqual(["company"]);
    expect(terms("有3家企业")).toEqual(["3", "company"]);
    // Elsewhere the same character is a word of its own.
    expect(terms("家企业")).toEqual(["home", "company"]);
  });
});

describe("names a question shortens", () => {
  const places = createLexicon({
    ...EMPTY_LEXICON,
    entities: [
      {
        name: "Chongqing International Biological City",
        aliases: ["chongqing international biological city"],
        docIds: ["urban"],
        mentions: 2,
        place: true,
      },
      {
        name: "Free Trade Zone",
        aliases: ["free trade zone"],
        docIds: ["urban"],
        mentions: 2,
        place: true,
      },
      {
        name: "Comprehensive Free Trade Zone",
        aliases: ["comprehensive free trade zone"],
        docIds: ["park"],
        mentions: 1,
        place: true,
      },
    ],
  });
  const named = (question: string) =>
    prepareQuery(question, places).entities.map((entity) => entity.name);

  it("finds a place by the last words of its name, capitalised ('the Biological City')", () => {
    expect(named("How fast is the Biological City growing?")).toEqual([
      "Chongqing International Biological City",
    ]);
  });

  it("does not guess when the words end several names, or are not written as a name", () => {
    expect(named("What is the Trade Zone?")).toEqual([]);
    expect(named("How fast is the biological city growing?")).toEqual([]);
  });
});

describe("compounds the corpus never says", () => {
  const withCompounds = createLexicon({ ...EMPTY_LEXICON, compounds: ["time zone"] });

  it("reads a WordNet compound as one word ('time zone'), not as 'time' and a 'zone'", () => {
    expect(
      prepareQuery("What time zone is Chongqing in?", withCompounds).terms.map((t) => t.surface),
    ).toContain("time zone");
    expect(withCompounds.isCompound("time zone")).toBe(true);
  });
});

describe("phrasal verbs", () => {
  const phrasal = createLexicon({ ...EMPTY_LEXICON, related: { "set up": [["establish", 0.7]] } });

  it("reads an inflected phrasal verb as the verb ('setting up' is 'set up')", () => {
    const { terms } = prepareQuery("Firms setting up in the zone", phrasal);
    const setUp = terms.find((term) => term.surface === "setting up");
    expect(setUp?.alternatives.map((alternative) => alternative.surface)).toContain("establish");
    expect(terms.map((term) => term.surface)).not.toContain("setting");
  });
});
