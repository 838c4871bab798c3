import { describe, expect, it } from "vitest";
import { createLexicon } from "../lexicon/lexicon.ts";
import { EMPTY_LEXICON } from "../lexicon/profile.ts";
import { findParts } from "./parts.ts";

const place = (name: string, aliases: string[], docId: string) => ({
  name,
  aliases,
  docIds: [docId],
  mentions: 5,
  place: true,
});

const lexicon = createLexicon({
  ...EMPTY_LEXICON,
  entities: [
    place("Bishan High-tech Zone", ["bishan hightech zone", "bishan"], "bishan"),
    place("Xiyong Microelectronics Park", ["xiyong microelectronics park", "xiyong"], "trade-park"),
    place("Shiqiaopu and Erlang", ["shiqiaopu and erlang", "shiqiaopu"], "overview"),
  ],
});

describe("a question about two named things at once", () => {
  it("asks it of each ('When were A and B founded?')", () => {
    const { parts, comparison } = findParts("When were Bishan and Xiyong founded?", lexicon);
    expect(comparison).toBe(false);
    expect(parts.map((part) => part.text)).toEqual([
      "When were Bishan founded?",
      "When were Xiyong founded?",
    ]);
    expect(parts.map((part) => part.excluded)).toEqual([["xiyong"], ["bishan"]]);
  });

  it("keeps 'the Xiyong park' whole and drops 'each'", () => {
    const { parts } = findParts(
      "How much did Bishan and the Xiyong park each produce in output value?",
      lexicon,
    );
    expect(parts.map((part) => part.text)).toEqual([
      "How much did Bishan produce in output value?",
      "How much did the Xiyong park produce in output value?",
    ]);
  });

  it("leaves a name that holds 'and' whole, and 'and' between a name and a common noun", () => {
    expect(findParts("Where are Shiqiaopu and Erlang?", lexicon).parts).toEqual([]);
    expect(
      findParts("Which industries do Bishan and its neighbours share?", lexicon).parts,
    ).toEqual([]);
  });
});

describe("a two-part question", () => {
  it("splits at ', and' before a question word, a yes-no first part included", () => {
    const { parts } = findParts(
      "Was Bishan among the first national zones, and how many national zones does Chongqing have?",
      lexicon,
    );
    expect(parts.map((part) => part.text)).toEqual([
      "Was Bishan among the first national zones",
      "how many national zones does Chongqing have?",
    ]);
  });
});

describe("a comparison", () => {
  it("splits 'Which …: A or B?' at a colon too, leaving out a request after the question", () => {
    const { parts, comparison } = findParts(
      "Which grew faster: Bishan's output in 2018 or Xiyong's output in 2020? Give both rates.",
      lexicon,
    );
    expect(comparison).toBe(true);
    expect(parts.map((part) => part.text)).toEqual([
      "Which grew faster Bishan's output in 2018?",
      "Which grew faster Xiyong's output in 2020?",
    ]);
  });
});
