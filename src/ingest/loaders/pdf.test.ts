import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPdf, INVESTMENT_GUIDE_PDF } from "../fixtures/make-pdf.ts";
import { parsePdfFile } from "./pdf.ts";
import { createTempCorpus, FIXTURE_ROOT, loadDocument, loadSkipReason } from "./test-support.ts";

describe("loading a .pdf file", () => {
  it("reads the text layer, the info title and font-size headings", async () => {
    const document = await loadDocument(FIXTURE_ROOT, "investment-guide.pdf");
    expect(document).toMatchObject({
      id: "investment-guide",
      title: "Liangjiang Investment Guide 2024",
      publisher: "unknown",
      date: "undated",
      language: "en",
    });
    expect(document.sections).toEqual([
      {
        heading: "",
        text: "The guide summarises incentives for foreign-invested enterprises. Corporate income tax is levied at 15% for encouraged industries, and the development zone offers rent subsidies for the first three years of high-tech manufacturing projects.",
      },
      {
        heading: "How to Apply",
        text: [
          "Applications are handled by the one-stop service centre. Bring the following documents:",
          "- business licence",
          "- project proposal",
          "Service centre address: 18 Keyuan Road, Liangjiang New Area, Chongqing. Tel: +86-23-6000-1234",
        ].join("\n"),
      },
    ]);
  });

  it("matches the bytes its generator writes", async () => {
    const { readFile } = await import("node:fs/promises");
    const committed = await readFile(`${FIXTURE_ROOT}investment-guide.pdf`);
    expect(new Uint8Array(committed)).toEqual(createPdf(INVESTMENT_GUIDE_PDF));
  });
});

describe("parsePdfFile", () => {
  it("leaves the caller's buffer intact (pdf.js detaches what it is given)", async () => {
    const bytes = createPdf({ pages: [["Some text on a page."]] });
    await parsePdfFile(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it("joins paragraphs across pages and drops running headers and page numbers", async () => {
    const header = "Chongqing Investment Report";
    const parsed = await parsePdfFile(
      createPdf({
        pages: [
          [header, "", "The first paragraph continues on the next page because it is", "1"],
          [header, "", "long, and it ends here.", "", "A second paragraph.", "2"],
          [header, "", "A third paragraph on its own page.", "3"],
        ],
      }),
    );
    expect(parsed.blocks).toEqual([
      {
        text: "The first paragraph continues on the next page because it is long, and it ends here.",
      },
      { text: "A second paragraph." },
      { text: "A third paragraph on its own page." },
    ]);
    expect(parsed.hints.title).toBeUndefined();
  });

  it("takes the first large heading as the title hint when the info title is a placeholder", async () => {
    const parsed = await parsePdfFile(
      createPdf({
        title: "Microsoft Word - draft3.docx",
        pages: [[{ text: "Bishan Park Brochure", size: 18 }, "", "Body text of the brochure."]],
      }),
    );
    expect(parsed.hints.title).toBe("Bishan Park Brochure");
  });

  it("keeps hyphens the document uses elsewhere and removes line-break hyphens", async () => {
    const parsed = await parsePdfFile(
      createPdf({
        pages: [
          [
            "Chengdu-Chongqing links and cross-border trade matter; so the Chengdu-",
            "Chongqing economic circle is said to drive the ever growing cross-",
            "border trade, and the zone supports the steady and balanced develop-",
            "ment of new industries across the whole of the region and beyond it.",
          ],
        ],
      }),
    );
    expect(parsed.blocks[0]?.text).toBe(
      "Chengdu-Chongqing links and cross-border trade matter; so the Chengdu-Chongqing economic circle is said to drive the ever growing cross-border trade, and the zone supports the steady and balanced development of new industries across the whole of the region and beyond it.",
    );
  });
});

describe("unusable PDFs", () => {
  let corpus: Awaited<ReturnType<typeof createTempCorpus>>;
  beforeAll(async () => {
    corpus = await createTempCorpus({
      "scan.pdf": createPdf({ pages: [[]] }),
      "broken.pdf": "%PDF-1.4\nthis is not really a PDF\n",
    });
  });
  afterAll(() => corpus.remove());

  it("skips a PDF without a text layer", async () => {
    expect(await loadSkipReason(corpus.root, "scan.pdf")).toMatch(/no text layer/);
  });

  it("skips a corrupt PDF", async () => {
    expect(await loadSkipReason(corpus.root, "broken.pdf")).toMatch(/^not a readable PDF/);
  });
});
