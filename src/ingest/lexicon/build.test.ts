import { describe, expect, it } from "vitest";
import { createLexicon } from "../../rag/lexicon/lexicon.ts";
import { stem } from "../../rag/lexicon/words.ts";
import type { Chunk } from "../../rag/types.ts";
import { buildCorpusLexicon } from "./build.ts";

const TEXTS = [
  "Bishan High-tech Zone was established in 2015. The total industrial output value of Bishan High-tech Zone was 32.34 billion yuan.",
  "The manufacturing enterprises of Bishan High-tech Zone built five hotels and a processing trade centre.",
  "Many enterprises in the zone make intelligent equipment. Bishan High-tech Zone offers support funds to companies.",
  "Bishan District lies west of the city centre. Investors come to Bishan District for its parks, and many settle in Bishan.",
  "The regulations will take effect in March. They cover planning and land use.",
];

const CHUNKS: Chunk[] = TEXTS.map((text, position) => ({
  id: `c${position}`,
  docId: "bishan",
  title: "Bishan High-tech Zone",
  section: "",
  position,
  text,
  context: text,
  date: "2018",
  language: "en",
  sourceUrl: "",
}));

describe("buildCorpusLexicon", async () => {
  const data = await buildCorpusLexicon(CHUNKS, () => {});
  const lexicon = createLexicon(data);
  const related = (word: string) => new Map(data.related[word] ?? []);

  it("relates WordNet synonyms to the words the corpus uses, below an exact match", () => {
    const founded = related("found");
    expect(founded.get("established") ?? founded.get("establish")).toBeGreaterThan(0);
    for (const weight of founded.values()) expect(weight).toBeLessThan(1);
  });

  it("relates words used alike (GloVe) to corpus words, weaker than a strong wording", () => {
    const factories = related("factories");
    expect([...factories.keys()]).toContain("manufacturing");
    for (const weight of factories.values()) expect(weight).toBeLessThanOrEqual(0.45);
  });

  it("never makes a topic the corpus lacks look present", () => {
    // "tax" is near "income" in GloVe, but no wording stands strongly for it.
    for (const [, weight] of data.related.tax ?? []) expect(weight).toBeLessThan(0.5);
    expect(lexicon.sentenceFrequency(stem("tax"))).toBe(0);
  });

  it("counts the corpus's own words by sentence", () => {
    expect(lexicon.sentenceFrequency(stem("enterprises"))).toBe(2);
    expect(lexicon.sentenceFrequency(stem("hotels"))).toBe(1);
    expect(data.sentences).toBeGreaterThanOrEqual(TEXTS.length * 2);
  });

  it("knows the common nouns for who asks (an organisation or a person), not for things", () => {
    for (const word of ["company", "firms", "supplier", "maker", "investor"]) {
      expect(lexicon.isAgent(word), word).toBe(true);
    }
    for (const word of ["factory", "equipment", "chips", "zone"]) {
      expect(lexicon.isAgent(word), word).toBe(false);
    }
  });

  it("knows the words used mainly as verbs, in their regular forms", () => {
    for (const word of ["serves", "occupied", "run", "located"]) {
      expect(lexicon.isVerb(word), word).toBe(true);
    }
    for (const word of ["market", "output", "total", "host", "zone"]) {
      expect(lexicon.isVerb(word), word).toBe(false);
    }
  });

  it("lists WordNet compounds the corpus never says whose last word it uses", () => {
    // The test corpus says "zone" but never "time zone"; it never says "account" at all, so
    // "bank account" is absent word by word already.
    expect(lexicon.isCompound("time zone")).toBe(true);
    expect(lexicon.isCompound("bank account")).toBe(false);
  });

  it("knows CC-CEDICT's classifiers (measure words)", () => {
    expect(lexicon.isClassifier("家")).toBe(true);
    expect(lexicon.isClassifier("个")).toBe(true);
    expect(lexicon.isClassifier("企")).toBe(false);
  });

  it("finds the corpus's named things and what a bare name stands for", () => {
    const [mention] = lexicon.entities.find("How big is Bishan High-tech Zone?");
    expect(mention?.entity.name).toBe("Bishan High-tech Zone");
    const [bare] = lexicon.entities.find("Tell me about Bishan");
    expect(bare && lexicon.subjectOf(bare.entity).name).toBe("Bishan High-tech Zone");
  });

  it("keeps a Chinese word's common meanings and a later one the corpus says in full", () => {
    // CC-CEDICT: 施行 "to put in place; to put into practice; to take effect; to implement …".
    const meanings = data.chinese["施行"]?.split("; ") ?? [];
    expect(meanings.slice(0, 2)).toEqual(["to put in place", "to put into practice"]);
    expect(meanings).toContain("to take effect");
    expect(meanings).not.toContain("to implement");
    // A later one-word meaning ("enterprise") is not enough: it would widen the word too far.
    expect(data.chinese["企业"]).toBe("company; firm");
  });

  it("names only capitalised mentions in passages", () => {
    expect(
      lexicon.entities.namesIn("Bishan High-tech Zone grew.").has("Bishan High-tech Zone"),
    ).toBe(true);
    expect(lexicon.entities.namesIn("in bishan high-tech zones").size).toBe(0);
  });
});
