/**
 * Hybrid retrieval over the seed index: a question naming a zone is answered from passages about
 * that zone before another zone's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanceRetriever } from "../adapters/lancedb/lance-retriever.ts";
import { createSeedIndex } from "../testing/index-fixture.ts";

let retriever: LanceRetriever;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ retriever, cleanup } = await createSeedIndex());
});
afterAll(() => cleanup());

describe("hybrid retrieval", () => {
  it("ranks the named zone's passages above another zone's that match more words", async () => {
    // The High-tech Zone overview speaks of land and development at length; Bishan's passages
    // are the ones that can answer.
    const [first] = await retriever.search("How much land in Bishan is already developed?", {
      k: 3,
    });
    expect(first?.chunk.docId).toBe("bishan-high-tech-zone");
  });

  it("leaves questions that name nothing to the words they match", async () => {
    const hits = await retriever.search("Which laptops are made in the world?", { k: 3 });
    expect(hits[0]?.chunk.text).toMatch(/laptops/i);
  });
});
