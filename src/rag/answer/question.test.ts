import { describe, expect, it } from "vitest";
import { analyzeQuestion, getSubQuestions } from "./question.ts";
import { toStems } from "./vocabulary.ts";

const surfaces = (question: string) => analyzeQuestion(question).terms.map((term) => term.surface);

describe("analyzeQuestion", () => {
  it("tells the kind of fact asked for", () => {
    const types = {
      "How many enterprises are in Bishan?": "number",
      "What share of output comes from high-tech industries?": "share",
      "How much will be invested in the wafer line?": "money",
      "How big is Chongqing High-tech Zone?": "size",
      "When was the zone established?": "date",
      "What phone number should I call?": "contact",
      "What is the address of Bishan High-tech Zone?": "address",
      "Which computer company built its headquarters there?": "name",
      "Do the new rules favour electric car makers?": "general",
    };
    for (const [question, type] of Object.entries(types)) {
      expect(analyzeQuestion(question).type, question).toBe(type);
    }
  });

  it("keeps content words, folds investor wording into document wording, drops filler", () => {
    expect(
      surfaces("I'd like to visit the Bishan zone's office in person. What street is it on?"),
    ).toEqual(["bishan", "zone"]);
    const factories = analyzeQuestion("How much did factories in Bishan produce?").terms[0];
    expect(factories?.alternatives).toContainEqual(toStems("industrial"));
    expect(surfaces("Do the new rules favour electric car makers?")).toEqual([
      "rules",
      "favour",
      "electric car",
      "makers",
    ]);
  });

  it("marks names, years and the asked-for noun phrase", () => {
    const analysis = analyzeQuestion(
      "What was the total industrial output value of Bishan High-tech Zone in the first half of 2018?",
    );
    expect(analysis.years).toEqual(["2018"]);
    expect(analysis.terms.find((term) => term.surface === "bishan")?.name).toBe(true);
    const { focus } = analysis;
    expect(focus && analysis.terms[focus.head]?.surface).toBe("output");
    expect(focus?.modifiers.map((index) => analysis.terms[index]?.surface)).toEqual(["industrial"]);
  });

  it("treats a figure the question asserts as a claim about a count", () => {
    const analysis = analyzeQuestion("The documents say Bishan has 5,000 enterprises. Confirm it.");
    expect(analysis.type).toBe("number");
    expect(analysis.focus && analysis.terms[analysis.focus.head]?.surface).toBe("enterprises");
  });

  it("splits comparisons and two-part questions into questions of their own", () => {
    expect(
      getSubQuestions("Which is older, Chongqing High-tech Zone or Bishan High-tech Zone?"),
    ).toEqual([
      "Which is older Chongqing High-tech Zone?",
      "Which is older Bishan High-tech Zone?",
    ]);
    expect(
      getSubQuestions(
        "How does Bishan High-tech Zone's industrial output compare with that of the Xiyong Microelectronics Park?",
      ),
    ).toEqual([
      "What is industrial output of Bishan High-tech Zone?",
      "What is industrial output of Xiyong Microelectronics Park?",
    ]);
    expect(
      getSubQuestions(
        "When did Chongqing High-tech Zone get State Council approval, and when did it become a national demonstration zone?",
      )[1],
    ).toBe("when did Chongqing High-tech Zone become a national demonstration zone?");
    expect(getSubQuestions("How many enterprises are in Bishan?")).toEqual([]);
  });

  it("analyses Chinese questions through the glossary", () => {
    const analysis = analyzeQuestion("璧山高新区有多少家高新技术企业？");
    expect(analysis).toMatchObject({ chinese: true, type: "number" });
    expect(analysis.terms.map((term) => term.surface)).toContain("bishan");
    expect(analysis.focus && analysis.terms[analysis.focus.head]?.surface).toBe("enterprises");
  });
});
