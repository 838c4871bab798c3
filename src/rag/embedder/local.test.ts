import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import { createLocalEmbedder, DEFAULT_LOCAL_DIMENSIONS, embedText } from "./local.ts";

const BISHAN_OUTPUT =
  "In the first half of 2018, the total industrial output value was 32.34 billion yuan, an increase of 13.7% over the previous year.";
const UNRELATED =
  "By continuing to browse our site you agree to our use of cookies, revised Privacy Policy and Terms of Use.";

const cosine = (a: number[], b: number[]) =>
  a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
const norm = (vector: number[]) => Math.sqrt(cosine(vector, vector));

describe("createLocalEmbedder", () => {
  it("defaults to the measured dimension and names it in its id", () => {
    const embedder = createLocalEmbedder();
    expect(embedder.dimensions).toBe(DEFAULT_LOCAL_DIMENSIONS);
    expect(embedder.id).toBe(`local:hash-v2:${DEFAULT_LOCAL_DIMENSIONS}`);
  });

  it("respects the configured dimensions", async () => {
    const embedder = createLocalEmbedder({ dimensions: 64 });
    expect(embedder.id).toBe("local:hash-v2:64");
    const [vector] = await embedder.embedDocuments([BISHAN_OUTPUT]);
    expect(vector).toHaveLength(64);
    expect(await embedder.embedQuery("Bishan")).toHaveLength(64);
  });

  it.each([0, -1, 1.5, Number.NaN, 100_000])("rejects %s dimensions", (dimensions) => {
    expect(() => createLocalEmbedder({ dimensions })).toThrow(RangeError);
  });

  it("embeds documents and queries the same way, in input order", async () => {
    const embedder = createLocalEmbedder();
    const vectors = await embedder.embedDocuments([BISHAN_OUTPUT, UNRELATED]);
    expect(vectors[0]).toEqual(await embedder.embedQuery(BISHAN_OUTPUT));
    expect(vectors[1]).toEqual(await embedder.embedQuery(UNRELATED));
    expect(await embedder.embedDocuments([])).toEqual([]);
  });
});

describe("local embedding vectors", () => {
  it("are identical across calls, instances and fresh module loads", async () => {
    const first = await createLocalEmbedder().embedQuery(BISHAN_OUTPUT);
    await createLocalEmbedder().embedDocuments(
      Array.from({ length: 500 }, (_, i) => `filler ${i} text`),
    );
    expect(await createLocalEmbedder().embedQuery(BISHAN_OUTPUT)).toEqual(first);
    vi.resetModules();
    const fresh = await import("./local.ts");
    expect(await fresh.createLocalEmbedder().embedQuery(BISHAN_OUTPUT)).toEqual(first);
  });

  it("have not changed since hash-v2 (bump VERSION in local.ts if this must change)", () => {
    const vector = embedText(
      "Bishan High-tech Zone: output 32.34 billion yuan in 2018, 璧山高新区",
      256,
    );
    const digest = createHash("sha256")
      .update(vector.map((value) => value.toFixed(6)).join(","))
      .digest("hex");
    expect(digest.slice(0, 16)).toMatchInlineSnapshot(`"e9422ad54617dc8e"`);
  });

  it("are unit length", () => {
    for (const text of [BISHAN_OUTPUT, UNRELATED, "重庆", "2018", "x"]) {
      expect(norm(embedText(text, 512))).toBeCloseTo(1, 10);
    }
  });

  it("are all zeros, not NaN, for empty or stop-word-only text", () => {
    for (const text of ["", "   ", "the of and", "？！…", "🚀🚀"]) {
      const vector = embedText(text, 128);
      expect(vector).toHaveLength(128);
      expect(vector.every((value) => value === 0)).toBe(true);
    }
  });

  it("stay finite on long noisy input", () => {
    const noise = Array.from({ length: 5000 }, (_, i) =>
      String.fromCharCode((i * 7919) % 0xffff),
    ).join("");
    const vector = embedText(noise + BISHAN_OUTPUT.repeat(50), 256);
    expect(vector.every(Number.isFinite)).toBe(true);
    expect(norm(vector)).toBeCloseTo(1, 10);
  });

  it("put a question nearer its answer than an unrelated sentence", async () => {
    const corpus = await readFile(
      new URL("../../../corpus/bishan-high-tech-zone.txt", import.meta.url),
      "utf8",
    );
    expect(corpus).toContain(BISHAN_OUTPUT);
    const embedder = createLocalEmbedder();
    const [answer = [], unrelated = []] = await embedder.embedDocuments([BISHAN_OUTPUT, UNRELATED]);
    for (const question of [
      "industrial output of Bishan in 2018",
      "What was Bishan's industrial output value in the first half of 2018?",
      "industial outpt of bishan 2018",
    ]) {
      const query = await embedder.embedQuery(question);
      expect(cosine(query, answer), question).toBeGreaterThan(cosine(query, unrelated) + 0.1);
    }
  });

  it("match numbers written with and without separators or percent signs", () => {
    const base = embedText("lorries set off over 2,400 times, a growth of 48%", 1024);
    const same = embedText("lorries set off 2400 times, growth 48", 1024);
    const other = embedText("lorries set off 2500 times, growth 49", 1024);
    expect(cosine(same, base)).toBeGreaterThan(cosine(other, base) + 0.1);
  });

  it("embed 5,000 short chunks quickly", () => {
    const texts = Array.from(
      { length: 5000 },
      (_, i) => `${BISHAN_OUTPUT} Chunk ${i} ${UNRELATED}`,
    );
    const started = performance.now();
    for (const text of texts) embedText(text, DEFAULT_LOCAL_DIMENSIONS);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("runtime neutrality", () => {
  it("imports nothing from Node in the embedder or text utilities", async () => {
    for (const file of ["./local.ts", "../text.ts"]) {
      const source = await readFile(new URL(file, import.meta.url), "utf8");
      expect(source, file).not.toMatch(/from "node:|require\(/u);
    }
  });
});
