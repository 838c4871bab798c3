import { describe, expect, it } from "vitest";
import { createTestSource } from "../../testing/answer-fixtures.ts";
import { tokenizeWords } from "../text.ts";
import type { Chunk, Retriever, SearchHit } from "../types.ts";
import { answerOffline, toCitations } from "./offline.ts";

const chunks: Chunk[] = [
  createTestSource(
    1,
    "In the first half of 2018, the total industrial output value was 32.34 billion yuan. The built area covers 21 square kilometers with 1056 enterprises entering the park.",
    { title: "Chongqing Bishan High-tech Industrial Development Zone", date: "2018" },
  ).chunk,
  createTestSource(
    2,
    "Chongqing High-tech Zone was established in March 1991 with the approval of the State Council.",
    { title: "Chongqing High-tech Industrial Development Zone: overview", date: "2012" },
  ).chunk,
  createTestSource(
    3,
    "Undertaker: Chongqing Investment Promotion Association\nTel: +86-023-67862888",
    { title: "Chongqing Bishan High-tech Industrial Development Zone", date: "2018" },
  ).chunk,
];

/** Ranks chunks by shared words with the query; records every query it is asked. */
function createWordRetriever(): Retriever & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    async search(query, options = {}) {
      queries.push(query);
      const words = new Set(tokenizeWords(query));
      const hits: SearchHit[] = chunks
        .map((chunk) => ({
          chunk,
          score: tokenizeWords(`${chunk.title} ${chunk.text}`).filter((word) => words.has(word))
            .length,
          ranks: {},
        }))
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score);
      return hits.slice(0, options.k ?? 5);
    },
  };
}

describe("answerOffline", () => {
  it("rewrites the follow-up, answers from numbered sources and cites only those", async () => {
    const retriever = createWordRetriever();
    const { answer, sources } = await answerOffline({
      messages: [
        { role: "user", content: "Tell me about Bishan High-tech Zone." },
        { role: "assistant", content: "It is a national high-tech zone." },
        { role: "user", content: "How many enterprises are in it?" },
      ],
      retriever,
      k: 2,
    });
    expect(answer).toMatchObject({
      answered: true,
      mode: "extractive",
      query: "How many enterprises are in Bishan High-tech Zone?",
      unverified: [],
    });
    expect(answer.answer).toContain("1056 enterprises");
    expect(sources.map((source) => source.n)).toEqual([1, 2]);
    for (const citation of answer.citations) {
      const source = sources.find((candidate) => candidate.n === citation.n);
      expect(source?.chunk.id).toBe(citation.id);
      expect(citation.text).toBe(source?.chunk.text);
    }
  });

  it("declines with a contact numbered after the retrieved sources", async () => {
    const { answer, sources } = await answerOffline({
      messages: [{ role: "user", content: "What is the corporate tax rate in Bishan?" }],
      retriever: createWordRetriever(),
      k: 1,
    });
    expect(answer.answered).toBe(false);
    expect(answer.answer).toContain("+86-023-67862888");
    const [citation] = answer.citations;
    expect(citation?.id).toBe("chunk-3");
    expect(citation?.n).toBeGreaterThan(1);
    expect(sources.some((source) => source.n === citation?.n)).toBe(true);
    expect(answer.unverified).toEqual([]);
  });

  it("adds English for the domain terms of a Chinese question to the search", async () => {
    const retriever = createWordRetriever();
    const { answer } = await answerOffline({
      messages: [{ role: "user", content: "璧山高新区2018年上半年的工业总产值是多少？" }],
      retriever,
    });
    expect(retriever.queries[0]).toMatch(/bishan/);
    expect(answer.answer).toContain("32.34 billion");
  });
});

describe("toCitations", () => {
  it("keeps only the cited sources, in citation order, with their full text", () => {
    const sources = chunks.map((chunk, index) => ({ n: index + 1, chunk }));
    expect(
      toCitations(sources, [2, 9]).map(({ n, id, docId, date }) => ({ n, id, docId, date })),
    ).toEqual([{ n: 2, id: "chunk-2", docId: "doc-2", date: "2012" }]);
  });
});
