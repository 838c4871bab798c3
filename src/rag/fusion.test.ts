import { describe, expect, it } from "vitest";
import { fuseRankings, RRF_K } from "./fusion.ts";
import type { Chunk } from "./types.ts";

const chunk = (id: string): Chunk => ({
  id,
  docId: "doc",
  title: "Title",
  section: "",
  position: 0,
  text: id,
  context: id,
  date: "undated",
  language: "en",
  sourceUrl: "",
});

describe("fuseRankings", () => {
  it("ranks a chunk found by both retrievers above chunks found by one", () => {
    const hits = fuseRankings(
      { vector: [chunk("a"), chunk("b")], text: [chunk("c"), chunk("b")] },
      { k: 3 },
    );
    expect(hits.map((hit) => hit.chunk.id)).toEqual(["b", "a", "c"]);
    expect(hits[0]?.ranks).toEqual({ vector: 2, text: 2 });
    expect(hits[0]?.score).toBeCloseTo(2 / (RRF_K + 2));
  });

  it("cuts to k and tolerates empty lists", () => {
    expect(fuseRankings({ vector: [], text: [] }, { k: 5 })).toEqual([]);
    expect(
      fuseRankings({ vector: [chunk("a"), chunk("b"), chunk("c")], text: [] }, { k: 2 }),
    ).toHaveLength(2);
  });

  it("counts a chunk listed twice in one list once", () => {
    const [hit] = fuseRankings({ vector: [chunk("a"), chunk("a")], text: [] }, { k: 1 });
    expect(hit?.score).toBeCloseTo(1 / (RRF_K + 1));
  });

  it("applies weights", () => {
    const hits = fuseRankings(
      { vector: [chunk("a")], text: [chunk("b")] },
      {
        k: 2,
        weights: { vector: 1, text: 2 },
      },
    );
    expect(hits[0]?.chunk.id).toBe("b");
  });
});
