import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempCorpus, FIXTURE_ROOT, loadDocument, readAllText } from "./test-support.ts";
import { parseTxtFile } from "./txt.ts";

const encode = (text: string) => new TextEncoder().encode(text);

describe("parseTxtFile", () => {
  it("strips a BOM and splits paragraphs at blank lines", () => {
    const parsed = parseTxtFile(encode("\uFEFFFirst line\r\nsame paragraph\r\n\r\n\r\nSecond"));
    expect(parsed.blocks).toEqual([{ text: "First line\nsame paragraph" }, { text: "Second" }]);
    expect(parsed.inferHeadings).toBe(true);
  });

  it("accepts UTF-16 with a byte-order mark", () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from("Zone", "utf16le")]);
    expect(parseTxtFile(utf16).blocks).toEqual([{ text: "Zone" }]);
  });

  it.each([
    ["NUL bytes", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), /binary/],
    [
      "GBK bytes",
      new Uint8Array(Array.from({ length: 40 }, (_, i) => (i % 2 ? 0xc7 : 0xd6))),
      /UTF-8/,
    ],
  ])("refuses %s", (_, bytes, reason) => {
    expect(() => parseTxtFile(bytes)).toThrow(reason);
  });
});

describe("loading a .txt file", () => {
  let corpus: Awaited<ReturnType<typeof createTempCorpus>>;
  beforeAll(async () => {
    corpus = await createTempCorpus({
      "zone-guide.txt": [
        "SiteName Title",
        "",
        "Yubei Industrial Park Guide",
        "",
        "The park was set up in 2005 and covers 30 square kilometres.",
        "",
        "Land and Rent",
        "",
        "Industrial land costs 300,000 yuan per mu.",
        "Standard factories rent for 15 yuan per square metre.",
        "",
        "Home | Contact Us | Sitemap",
        "Copyright © 2024 Yubei Park. All rights reserved.",
      ].join("\n"),
    });
  });
  afterAll(() => corpus.remove());

  it("takes the title from the first line and sections from heading-like lines", async () => {
    const document = await loadDocument(corpus.root, "zone-guide.txt");
    expect(document).toMatchObject({
      id: "zone-guide",
      path: "zone-guide.txt",
      title: "Yubei Industrial Park Guide",
      publisher: "unknown",
      date: "undated",
      dateApproximate: false,
      language: "en",
    });
    expect(document.sections).toEqual([
      { heading: "", text: "The park was set up in 2005 and covers 30 square kilometres." },
      {
        heading: "Land and Rent",
        text: "Industrial land costs 300,000 yuan per mu.\nStandard factories rent for 15 yuan per square metre.",
      },
    ]);
  });

  it("detects Chinese and removes Chinese licence lines", async () => {
    const document = await loadDocument(FIXTURE_ROOT, "policies/zh-notice.txt");
    expect(document).toMatchObject({
      id: "policies-zh-notice",
      title: "重庆高新区投资指南",
      language: "zh",
    });
    expect(readAllText(document)).toContain("联系电话：023-68600000");
    expect(readAllText(document)).not.toContain("ICP");
  });
});
