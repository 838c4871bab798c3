import { describe, expect, it } from "vitest";
import { createLexicon } from "./lexicon.ts";
import { EMPTY_LEXICON } from "./profile.ts";

const lexicon = createLexicon({
  ...EMPTY_LEXICON,
  sentences: 40,
  vocabulary: {
    scientif: ["scientific", 6],
    scienc: ["science", 2],
    enterpris: ["enterprises", 9],
    administr: ["administrative", 1],
    center: ["center", 3],
    special: ["specialized", 2],
  },
  nouns: ["wage", "science", "centre", "labour"],
  otherWords: ["scientific", "tesla", "specialised"],
});

describe("words a question writes differently from the corpus", () => {
  it("corrects a typing error onto the corpus word", () => {
    expect(lexicon.correct("enterprizes")).toBe("enterprises");
  });

  it("reads a clipped word as the most frequent corpus word it begins ('sci-tech', 'admin')", () => {
    expect(lexicon.correct("sci")).toBe("scientific");
    expect(lexicon.correct("admin")).toBe("administrative");
  });

  it("reads the other variety's spelling as the corpus's ('centre', 'specialised')", () => {
    expect(lexicon.correct("centre")).toBe("center");
    expect(lexicon.correct("centres")).toBe("centers");
    expect(lexicon.correct("specialised")).toBe("specialized");
    // Only onto a word the corpus uses.
    expect(lexicon.correct("labour")).toBeUndefined();
  });

  it("leaves alone words English knows, words too short to say, and beginnings of nothing", () => {
    expect(lexicon.correct("tesla")).toBeUndefined();
    expect(lexicon.correct("sc")).toBeUndefined();
    expect(lexicon.correct("hotpo")).toBeUndefined();
    // A word whose stem the corpus has is its own word.
    expect(lexicon.correct("scienc")).toBeUndefined();
  });
});
