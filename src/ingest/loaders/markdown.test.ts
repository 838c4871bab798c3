import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMarkdownBlocks, stripInlineMarkdown } from "./markdown.ts";
import {
  createTempCorpus,
  FIXTURE_ROOT,
  loadDocument,
  loadSkipReason,
  readAllText,
} from "./test-support.ts";

describe("stripInlineMarkdown", () => {
  it.each([
    ["See the [official portal](https://x.example/a_(b)) now", "See the official portal now"],
    ["![Aerial view](park.png)", "Aerial view"],
    ["**Bold**, __bold__, *it*, _it_ and ~~gone~~", "Bold, bold, it, it and gone"],
    ["Keep snake_case_names and 5 * 3 * 2", "Keep snake_case_names and 5 * 3 * 2"],
    ["Run `npm *install*` first", "Run npm *install* first"],
    [
      "Mail <invest@example.gov.cn> or <https://example.gov.cn>",
      "Mail invest@example.gov.cn or https://example.gov.cn",
    ],
    ["Escaped \\*stars\\* and a note[^1]", "Escaped *stars* and a note"],
    ['Line<br>with <span class="x">tags</span>', "Line with tags"],
  ])("%j → %j", (input, output) => {
    expect(stripInlineMarkdown(input)).toBe(output);
  });
});

describe("readMarkdownBlocks", () => {
  it("joins soft-wrapped lines, keeps list items and code as lines", () => {
    expect(
      readMarkdownBlocks(
        [
          "Setext Title",
          "============",
          "",
          "A paragraph that is",
          "wrapped by the author.",
          "",
          "> Quoted text",
          "",
          "1. First step",
          "2. Second step",
          "",
          "---",
          "",
          "```ts",
          "const rate = 0.15;",
          "```",
          "<!-- staff note -->",
          "重庆",
          "两江新区",
        ].join("\n"),
      ),
    ).toEqual([
      { text: "Setext Title", headingLevel: 1 },
      { text: "A paragraph that is wrapped by the author." },
      { text: "Quoted text" },
      { text: "1. First step\n2. Second step" },
      { text: "const rate = 0.15;" },
      { text: "重庆两江新区" },
    ]);
  });
});

describe("loading a .md file", () => {
  it("merges front matter over the sidecar and makes #/## headings sections", async () => {
    const document = await loadDocument(FIXTURE_ROOT, "investment-faq.md");
    expect(document).toMatchObject({
      id: "investment-faq",
      title: "Investment FAQ for Foreign Enterprises",
      publisher: "Chongqing Investment Promotion Bureau",
      date: "2024-03-01",
      language: "en",
      sourceUrl: "https://invest.example.gov.cn/faq",
      dateApproximate: false,
    });
    expect(document.sections.map((section) => section.heading)).toEqual([
      "Investment FAQ",
      "Company registration",
      "Fees",
    ]);
    const text = readAllText(document);
    expect(text).toContain(
      "Staff-maintained answers to frequent questions from foreign investors. See the official portal for forms.",
    );
    expect(text).toContain(
      "Registration takes about five working days once documents are complete.",
    );
    expect(text).toContain("Map of the service centre");
    expect(text).toContain(
      "Passport copy of the legal representative\nLease agreement for the office",
    );
    expect(text).toContain("Service | Fee\nBusiness licence | Free\nCompany seal | 200 yuan");
    expect(text).toContain("Hotline: 023-6000 8888");
    expect(text).not.toMatch(/https?:|\*\*|\]\(|```|^#/m);
  });

  it("takes the title from the first # heading and does not repeat it as a section", async () => {
    const document = await loadDocument(FIXTURE_ROOT, "policies/tax-incentives.md");
    expect(document.title).toBe("Tax Incentives in the Western Region");
    expect(document.sections).toEqual([
      {
        heading: "",
        text: "Encouraged industries in the western region pay corporate income tax at 15%.",
      },
    ]);
  });

  describe("bad front matter", () => {
    let corpus: Awaited<ReturnType<typeof createTempCorpus>>;
    beforeAll(async () => {
      corpus = await createTempCorpus({
        "bad-field.md": "---\ndate: 12 March\nlanguage: en\n---\n\nText.\n",
        "bad-yaml.md": "---\ntitle: [unclosed\n---\n\nText.\n",
        "script.md": "---js\n{ title: (globalThis.__ran = true, 'x') }\n---\n\nText.\n",
      });
    });
    afterAll(() => corpus.remove());

    it("reports an invalid field with the file and field name", async () => {
      const reason = await loadSkipReason(corpus.root, "bad-field.md");
      expect(reason).toContain("bad-field.md front matter");
      expect(reason).toContain('field "date"');
    });

    it("reports unparsable YAML", async () => {
      expect(await loadSkipReason(corpus.root, "bad-yaml.md")).toMatch(/^invalid front matter/);
    });

    it("never evaluates JavaScript front matter", async () => {
      expect(await loadSkipReason(corpus.root, "script.md")).toMatch(/JavaScript front matter/);
      expect((globalThis as { __ran?: boolean }).__ran).toBeUndefined();
    });
  });
});
