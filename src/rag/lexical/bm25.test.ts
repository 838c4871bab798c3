import { describe, expect, it } from "vitest";
import { analyzeText } from "./analyzer.ts";
import { buildBm25Index, createBm25Searcher } from "./bm25.ts";
import { parseTextQuery } from "./text-query.ts";

const DOCUMENTS = [
  "Bishan High-tech Zone: industrial output value reached 32.34 billion yuan.",
  "The zone hosts laptop makers; laptops are exported by rail.",
  "Café owners in the old town.",
];
const index = buildBm25Index(DOCUMENTS);
const searcher = createBm25Searcher(index);
const search = (text: string, options: { allow?: (document: number) => boolean } = {}) =>
  searcher.search(parseTextQuery(text) ?? { terms: "", phrases: [] }, {
    limit: 10,
    getText: (document) => DOCUMENTS[document] ?? "",
    ...options,
  });

describe("analyzeText", () => {
  it("splits, lowercases, stems, drops stop words and folds accents, keeping positions", () => {
    expect(analyzeText("The Laptops were exported to Café-Zones")).toEqual([
      { term: "laptop", position: 1 },
      { term: "export", position: 3 },
      { term: "cafe", position: 5 },
      { term: "zone", position: 6 },
    ]);
  });

  it("drops tokens of 40 bytes or more", () => {
    expect(analyzeText(`${"x".repeat(40)} ok`)).toEqual([{ term: "ok", position: 1 }]);
  });
});

describe("BM25 search", () => {
  it("ranks the document holding more query terms first", () => {
    const hits = search("laptop exports");
    expect(hits.map((hit) => hit.document)).toEqual([1]);
    expect(search("zone output")[0]?.document).toBe(0);
  });

  it("requires quoted phrases in order", () => {
    expect(search('"output value"').map((hit) => hit.document)).toEqual([0]);
    expect(search('"value output"')).toEqual([]);
    expect(search('zone "laptop makers"').map((hit) => hit.document)).toEqual([1]);
  });

  it("applies the prefilter and survives queries with nothing to match", () => {
    expect(search("zone", { allow: (document) => document === 1 }).map((h) => h.document)).toEqual([
      1,
    ]);
    expect(search("the of and")).toEqual([]);
    expect(parseTextQuery("!!! ???")).toBeUndefined();
  });

  it("serialises as plain JSON", () => {
    expect(JSON.parse(JSON.stringify(index))).toEqual(index);
    expect(index.lengths).toHaveLength(DOCUMENTS.length);
  });
});
