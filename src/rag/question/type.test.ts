import { describe, expect, it } from "vitest";
import { detectType, typeFit } from "./type.ts";

describe("the kind of fact a question asks for", () => {
  it.each([
    ["How long did it take to build the R&D center?", "duration"],
    ["How long does it take to register a company?", "duration"],
    ["How much time does customs clearance take?", "duration"],
    ["How long ago was the zone founded?", "date"],
    ["长安汽车研发中心建了多久？", "duration"],
    ["长安汽车研发中心花了几年建成？", "duration"],
    ["How many years did the R&D center take to build?", "duration"],
    ["开发区是什么时候成立的？", "date"],
    ["When was the zone founded?", "date"],
    ["How much money went into the project?", "money"],
    ["What share of foreign trade is in the zones?", "share"],
    ["How big is Bishan?", "size"],
    ["What is Bishan's address?", "address"],
    ["Which road is the zone's office on?", "address"],
    ["How many trips has the cross-border road freight service made?", "number"],
    ["How big is Bishan High-tech Zone?", "size"],
    ["How big is Chongqing's economy?", "number"],
    ["How much did Changan fork out for its R&D centre?", "money"],
    ["How much did factories in Bishan produce in 2018?", "money"],
    ["How much did Bishan's output grow in 2018?", "number"],
    ["What R&D investment ratio is planned by 2022?", "share"],
    ["How much land does the R&D campus cover?", "size"],
  ])("reads %j as a %s question", (question, type) => {
    expect(detectType(question)).toBe(type);
  });

  it("takes a growth rate as a weak answer to a share question, a share as a full one", () => {
    expect(typeFit("Output rose 5%, an increase of 13.7% over 2017.", "share")).toBeLessThan(0.5);
    expect(typeFit("Efficiency has increased by 15%-20%.", "share")).toBeLessThan(0.5);
    expect(typeFit("High-tech industries account for 45% of output.", "share")).toBe(1);
    expect(typeFit("Trade reached 371 billion, 98.5% of the total, up 20%.", "share")).toBe(1);
  });

  it("takes a span of time as the answer to a duration question, and a date or count not", () => {
    expect(typeFit("It took eight years to build the center.", "duration")).toBe(1);
    expect(typeFit("Registration takes 3 working days.", "duration")).toBe(1);
    expect(typeFit("The center opened in 2020.", "duration")).toBe(0);
    expect(typeFit("It has 150 projects.", "duration")).toBe(0);
    // "a year-on-year increase" is a comparison, not a span.
    expect(typeFit("Output rose 17.92%, a year-on-year increase.", "duration")).toBe(0);
  });
});
