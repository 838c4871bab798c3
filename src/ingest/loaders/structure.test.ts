import { describe, expect, it } from "vitest";
import { detectHeadings, dropTitleEcho, groupSections, isHeadingLike } from "./structure.ts";

describe("isHeadingLike", () => {
  it.each([
    "Industrial Foundation",
    "Scientific Research Strength",
    "Planning positioning.",
    "Improved Corridors, Platforms, and Environment",
    "Why invest in Chongqing?",
    "3.2 Land Use",
    "第二章 投资环境",
    "重庆高新区投资指南",
  ])("%j is heading-like", (line) => {
    expect(isHeadingLike(line)).toBe(true);
  });

  it.each([
    "At Chang’an Automobile Global R&D Center, the number of R&D personnel ranks first among the staff.",
    "By ZHAN CHEN|Feb 26,2025",
    "Contact number: 023-41407196",
    "the zone covers 73 square kilometres",
    "Address: No. 8 Shuangxing Avenue",
    "For details see www.example.com",
    "Nowadays, 1 in every four laptops purchased worldwide was made here.",
  ])("%j is not", (line) => {
    expect(isHeadingLike(line)).toBe(false);
  });
});

describe("detectHeadings", () => {
  it("marks a lone heading-like line followed by a paragraph", () => {
    const blocks = detectHeadings([
      { text: "Intro paragraph of the page, long enough to be prose." },
      { text: "Planning positioning." },
      { text: "By 2015, the zone will reach a GDP of 80 billion yuan." },
    ]);
    expect(blocks[1]).toEqual({ text: "Planning positioning", headingLevel: 2 });
  });

  it("leaves a page title followed by another heading, and a caption title, as text", () => {
    const blocks = detectHeadings([
      { text: "Chongqing High-tech Industrial Development Zone" },
      { text: "Overview of New District" },
      { text: "The zone was established in March 1991." },
      { text: "Chongqing Urban Area" },
      { text: "The central urban areas have strived to lead upgrades. (Photo/ Vivian Yan)" },
      { text: "Last heading" },
    ]);
    expect(blocks.map((block) => block.headingLevel)).toEqual([
      undefined,
      2,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("dropTitleEcho", () => {
  it("drops a first line that repeats the title or most of it", () => {
    const rest = [{ text: "Body." }];
    expect(dropTitleEcho([{ text: "Zone Overview" }, ...rest], "Zone overview")).toEqual(rest);
    expect(
      dropTitleEcho(
        [{ text: "Chongqing High-tech Industrial Development Zone" }, ...rest],
        "Chongqing High-tech Industrial Development Zone: overview",
      ),
    ).toEqual(rest);
  });

  it("keeps a first line that only shares a word with the title", () => {
    const blocks = [{ text: "Overview" }, { text: "Body." }];
    expect(dropTitleEcho(blocks, "Chongqing High-tech Zone: overview")).toBe(blocks);
  });
});

describe("groupSections", () => {
  it("puts text before the first heading under an empty heading", () => {
    expect(
      groupSections([
        { text: "Lead." },
        { text: "Costs", headingLevel: 2 },
        { text: "Rent is low." },
        { text: "Rates are fixed." },
      ]),
    ).toEqual([
      { heading: "", text: "Lead." },
      { heading: "Costs", text: "Rent is low.\n\nRates are fixed." },
    ]);
  });

  it("folds an empty heading into the deeper heading below it and drops other empty ones", () => {
    expect(
      groupSections([
        { text: "Tax incentives", headingLevel: 2 },
        { text: "Corporate income tax", headingLevel: 3 },
        { text: "15% for encouraged industries." },
        { text: "Empty", headingLevel: 2 },
        { text: "Fees", headingLevel: 2 },
        { text: "None." },
      ]),
    ).toEqual([
      { heading: "Tax incentives — Corporate income tax", text: "15% for encouraged industries." },
      { heading: "Fees", text: "None." },
    ]);
  });
});
