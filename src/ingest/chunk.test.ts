import { describe, expect, it } from "vitest";
import type { SourceDocument } from "../rag/types.ts";
import { buildChunkContext, chunkDocument, getChunkerId, getChunkRowHash } from "./chunk.ts";

const paragraph = (n: number) =>
  `Paragraph ${n} describes the zone's industrial base, its research institutes and its transport links in enough words to matter.`;

const makeDocument = (overrides: Partial<SourceDocument> = {}): SourceDocument => ({
  id: "zone",
  path: "zone.txt",
  title: "A development zone",
  publisher: "Test",
  date: "2020",
  dateApproximate: false,
  language: "en",
  sections: [
    { heading: "", text: [1, 2, 3].map(paragraph).join("\n\n") },
    { heading: "Transport", text: [4, 5, 6, 7].map(paragraph).join("\n\n") },
  ],
  ...overrides,
});
const settings = { chunkSize: 300, chunkOverlap: 50 };

describe("chunkDocument", () => {
  it("keeps sections apart and carries title and section as context", async () => {
    const chunks = await chunkDocument(makeDocument(), settings);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.map((chunk) => chunk.position)).toEqual(chunks.map((_, index) => index));
    const transport = chunks.filter((chunk) => chunk.section === "Transport");
    expect(transport.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(300);
      expect(chunk.context).toBe(buildChunkContext(chunk));
      expect(chunk.context.startsWith("A development zone")).toBe(true);
    }
    expect(transport[0]?.context.startsWith("A development zone — Transport\n\n")).toBe(true);
    expect(transport.some((chunk) => chunk.text.includes("Paragraph 1 "))).toBe(false);
  });

  it("gives the same content the same id, run after run", async () => {
    const first = await chunkDocument(makeDocument(), settings);
    const second = await chunkDocument(makeDocument(), settings);
    expect(second.map((chunk) => chunk.id)).toEqual(first.map((chunk) => chunk.id));
    expect(new Set(first.map((chunk) => chunk.id)).size).toBe(first.length);
  });

  it("keeps ids of untouched passages when another passage changes", async () => {
    const before = await chunkDocument(makeDocument(), settings);
    const edited = makeDocument();
    edited.sections[1] = { heading: "Transport", text: [4, 5, 6, 8].map(paragraph).join("\n\n") };
    const after = await chunkDocument(edited, settings);
    const beforeIds = new Set(before.map((chunk) => chunk.id));
    const kept = after.filter((chunk) => beforeIds.has(chunk.id));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(after.length);
    expect(after.filter((chunk) => chunk.section === "").map((chunk) => chunk.id)).toEqual(
      before.filter((chunk) => chunk.section === "").map((chunk) => chunk.id),
    );
  });

  it("changes ids when the title changes, and tells metadata-only changes by row hash", async () => {
    const original = await chunkDocument(makeDocument(), settings);
    const retitled = await chunkDocument(makeDocument({ title: "Renamed zone" }), settings);
    expect(retitled[0]?.id).not.toBe(original[0]?.id);
    const redated = await chunkDocument(makeDocument({ date: "2021" }), settings);
    expect(redated[0]?.id).toBe(original[0]?.id);
    const [a, b] = [original[0], redated[0]];
    if (!a || !b) throw new Error("no chunks");
    expect(getChunkRowHash(b)).not.toBe(getChunkRowHash(a));
  });

  it("gives repeated passages distinct deterministic ids", async () => {
    const document = makeDocument({
      sections: [{ heading: "", text: `${paragraph(1)}\n\n${paragraph(1)}\n\n${paragraph(1)}` }],
    });
    const chunks = await chunkDocument(document, { chunkSize: 130, chunkOverlap: 0 });
    expect(chunks.length).toBe(3);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(3);
    expect(
      (await chunkDocument(document, { chunkSize: 130, chunkOverlap: 0 })).map((c) => c.id),
    ).toEqual(chunks.map((chunk) => chunk.id));
  });

  it("names the chunker by its settings", () => {
    expect(getChunkerId({ chunkSize: 700, chunkOverlap: 120 })).toBe("recursive-v2:700/120");
  });
});
