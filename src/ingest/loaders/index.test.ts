import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyBoilerplateLine } from "../clean.ts";
import { listCorpusFiles, loadCorpusFile } from "./index.ts";
import {
  createTempCorpus,
  FIXTURE_ROOT,
  loadDocument,
  loadSkipReason,
  readAllText,
  SEED_ROOT,
} from "./test-support.ts";

describe("listCorpusFiles", () => {
  it("lists documents recursively, sorted, without dotfiles, sidecars or READMEs", async () => {
    expect(await listCorpusFiles(FIXTURE_ROOT)).toEqual([
      "bad-date.txt",
      "binary.txt",
      "boilerplate-only.txt",
      "brochure.docx",
      "empty.txt",
      "investment-faq.md",
      "investment-guide.pdf",
      "liangjiang-article.html",
      "policies/tax-incentives.md",
      "policies/zh-notice.txt",
    ]);
  });

  it("ignores READMEs and dot-folders at any level", async () => {
    const corpus = await createTempCorpus({
      "a.txt": "A",
      "sub/README.txt": "notes",
      "sub/readme.md": "notes",
      "sub/b.md": "B",
      ".git/config": "x",
      "sub/.cache/c.txt": "C",
    });
    try {
      expect(await listCorpusFiles(corpus.root)).toEqual(["a.txt", "sub/b.md"]);
    } finally {
      await corpus.remove();
    }
  });
});

describe("loadCorpusFile skips bad files with a reason", () => {
  let corpus: Awaited<ReturnType<typeof createTempCorpus>>;
  beforeAll(async () => {
    corpus = await createTempCorpus({
      "bad-json.txt": "Some text.",
      "bad-json.txt.meta.json": "{ title: 'not json' }",
      "latin1.txt": new Uint8Array(
        Buffer.from("Caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la carte", "latin1"),
      ),
      "folder.txt/inner.txt": "x",
    });
  });
  afterAll(() => corpus.remove());

  it.each([
    ["empty.txt", /^empty file$/],
    ["binary.txt", /^binary file/],
    ["brochure.docx", /^unsupported file type "\.docx"/],
    ["boilerplate-only.txt", /^no text/],
    ["bad-date.txt", /bad-date\.txt\.meta\.json: field "date" must be YYYY/],
  ])("%s", async (path, reason) => {
    expect(await loadSkipReason(FIXTURE_ROOT, path)).toMatch(reason);
  });

  it("reports invalid sidecar JSON, non-UTF-8 text, missing files and folders", async () => {
    expect(await loadSkipReason(corpus.root, "bad-json.txt")).toMatch(
      /^invalid metadata: bad-json\.txt\.meta\.json: invalid JSON/,
    );
    expect(await loadSkipReason(corpus.root, "latin1.txt")).toMatch(/not UTF-8/);
    expect(await loadSkipReason(corpus.root, "missing.txt")).toMatch(/^cannot read file \(ENOENT/);
    expect(await loadSkipReason(corpus.root, "folder.txt")).toBe("not a regular file");
  });

  it("refuses paths outside the corpus folder", async () => {
    for (const path of ["../secret.txt", "/etc/passwd", "a/../../b.txt", ""]) {
      const outcome = await loadCorpusFile({ root: corpus.root, path });
      expect(outcome).toMatchObject({
        kind: "skipped",
        reason: "path is not inside the corpus folder",
      });
    }
  });

  it("never throws, whatever the fixture", async () => {
    for (const path of await listCorpusFiles(FIXTURE_ROOT)) {
      await expect(loadCorpusFile({ root: FIXTURE_ROOT, path })).resolves.toHaveProperty("kind");
    }
  });
});

describe("the seed corpus", () => {
  const expectedHeadings: Record<string, string[]> = {
    "bishan-high-tech-zone.txt": [""],
    "central-urban-areas-high-quality-development.txt": [
      "",
      "Big Data Intelligence-driven Development",
      "The concentration of Strategic Technological Strength",
      "Improved Corridors, Platforms, and Environment",
    ],
    "chongqing-high-tech-zone-overview.txt": [
      "Overview of New District",
      "Industrial Foundation",
      "Scientific Research Strength",
      "Supporting system",
      "Planning positioning",
      "Spatial layout",
      "Location Division",
    ],
    "development-zone-regulations-2025.txt": [""],
    "high-tech-zone-processing-trade-park.txt": [
      "",
      "World center for microelectronics",
      "Xiyong leads world in R&D and talent base",
      "Self-reliance is key in developing processing trade",
    ],
  };

  it("lists the five seed documents", async () => {
    expect(await listCorpusFiles(SEED_ROOT)).toEqual(Object.keys(expectedHeadings));
  });

  it.each(Object.entries(expectedHeadings))(
    "%s yields sensible sections",
    async (path, headings) => {
      const document = await loadDocument(SEED_ROOT, path);
      expect(document.id).toBe(path.replace(/\.txt$/, ""));
      expect(document.sections.map((section) => section.heading)).toEqual(headings);
      for (const section of document.sections) {
        expect(section.text.trim()).not.toBe("");
        expect(section.heading.split(" ").length).toBeLessThanOrEqual(12);
        expect(classifyBoilerplateLine(section.heading)).toBeUndefined();
        expect(section.text.split("\n")).not.toContain(document.title);
      }
    },
  );

  it("takes metadata from the sidecars", async () => {
    const document = await loadDocument(SEED_ROOT, "development-zone-regulations-2025.txt");
    expect(document).toMatchObject({
      title:
        "Chongqing Development Zone Regulations to Take Effect on March 1, Boosting Foreign Trade Openness",
      publisher: "iChongqing",
      date: "2025-02-26",
      dateApproximate: false,
      language: "en",
      path: "development-zone-regulations-2025.txt",
    });
    const bishan = await loadDocument(SEED_ROOT, "bishan-high-tech-zone.txt");
    expect(bishan).toMatchObject({ date: "2018", dateApproximate: true });
  });

  it("keeps the contact facts and drops the boilerplate", async () => {
    const texts = await Promise.all(
      Object.keys(expectedHeadings).map(async (path) =>
        readAllText(await loadDocument(SEED_ROOT, path)),
      ),
    );
    const all = texts.join("\n\n");
    for (const fact of [
      "67862888",
      "41407196",
      "service@ichongqing.info",
      "No. 8 Shuangxing Avenue",
    ]) {
      expect(all).toContain(fact);
    }
    for (const gone of ["I Agree", "ICP", "cookies", "Leaving a message", "67230470"]) {
      expect(all).not.toContain(gone);
    }
  });
});
