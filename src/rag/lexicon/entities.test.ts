import { describe, expect, it } from "vitest";
import { createEntityIndex } from "./entities.ts";

const index = createEntityIndex([
  {
    name: "Chongqing High-tech Zone",
    aliases: ["chongqing hightech zone", "hightech zone", "hightech"],
    docIds: ["overview"],
    mentions: 40,
    place: true,
  },
  { name: "Bishan High-tech Zone", aliases: ["bishan"], docIds: ["bishan"], mentions: 20 },
]);
const names = (text: string) => index.find(text).map((mention) => mention.entity.name);

describe("finding named things", () => {
  it("finds a zone by its full name, a shorter alias or one word", () => {
    expect(names("When was the Chongqing High-tech Zone founded?")).toEqual([
      "Chongqing High-tech Zone",
    ]);
    expect(names("How big is the high-tech zone?")).toEqual(["Chongqing High-tech Zone"]);
    expect(names("What does high-tech make?")).toEqual(["Chongqing High-tech Zone"]);
    expect(names("How many Bishan enterprises are there?")).toEqual(["Bishan High-tech Zone"]);
  });

  it("takes a one-word alias before a plural as describing it, not as a name", () => {
    // "high-tech zones" are many zones, not the High-tech Zone.
    expect(names("How many national high-tech zones does Chongqing have?")).toEqual([]);
    // Written in lowercase before any plural, it describes: "high-tech enterprises".
    expect(names("How many high-tech enterprises does Bishan have?")).toEqual([
      "Bishan High-tech Zone",
    ]);
  });
});
