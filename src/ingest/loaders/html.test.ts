import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHtmlFile } from "./html.ts";
import { createTempCorpus, FIXTURE_ROOT, loadDocument, readAllText } from "./test-support.ts";

const encode = (text: string) => new TextEncoder().encode(text);

describe("loading an .html file", () => {
  it("reads metadata from the head", async () => {
    const document = await loadDocument(FIXTURE_ROOT, "liangjiang-article.html");
    expect(document).toMatchObject({
      id: "liangjiang-article",
      title: "Liangjiang Opens Semiconductor Park",
      publisher: "Example News Portal",
      date: "2024-05-12",
      language: "en-US",
      sourceUrl: "https://news.example.com/liangjiang-semiconductor-park",
    });
  });

  it("keeps the article, with h2/h3 sections, list lines and table rows", async () => {
    const document = await loadDocument(FIXTURE_ROOT, "liangjiang-article.html");
    expect(document.sections).toEqual([
      {
        heading: "",
        text: [
          "By Li Ming · May 12, 2024",
          "The Liangjiang New Area opened a 120 hectare semiconductor park on May 12, 2024, with investment of 8.5 billion yuan in its first phase. R&D centres and wafer plants will share a common utilities corridor.",
        ].join("\n\n"),
      },
      {
        heading: "Incentives for Investors",
        text: [
          "Foreign-invested enterprises in the park can apply for the following support:",
          "Corporate income tax at 15% for encouraged industries\nRent-free standard factory space for up to three years",
        ].join("\n\n"),
      },
      {
        heading: "Key figures",
        text: "Item | Value\nPlanned area | 120 hectares\nFirst-phase investment | 8.5 billion yuan",
      },
      {
        heading: "Contact",
        text: "Investment Service Centre\nAddress: 2 Jinyu Avenue, Yubei District, Chongqing\nTel: +86-23-6788-0000",
      },
    ]);
  });

  it("drops navigation, banners, footers, scripts, share and comment widgets", async () => {
    const text = readAllText(await loadDocument(FIXTURE_ROOT, "liangjiang-article.html"));
    for (const gone of [
      "Business",
      "About Us",
      "cookie",
      "Accept all",
      "Semiconductors",
      "Xinhua",
      "WeChat",
      "Great news",
      "Most Popular",
      "Copyright",
      "ICP",
      "dataLayer",
      "font-family",
    ]) {
      expect(text).not.toContain(gone);
    }
  });
});

describe("parseHtmlFile", () => {
  it("uses the body when there is no main or article, and keeps a form wrapping the page", () => {
    const parsed = parseHtmlFile(
      encode(`<html><head><title>Park Guide - City Portal</title></head><body>
        <form id="aspnetForm"><div id="topMenu"><a>Home</a><a>News</a></div>
        <div class="content"><h1>Park Guide</h1>
        <p>The park offers land at 300,000 yuan per mu and a one-stop service hall for investors.</p>
        <p>Applications are answered within five working days by the investment bureau.</p>
        <div class="ad-slot">Buy now</div></div></form></body></html>`),
    );
    expect(parsed.hints.title).toBe("Park Guide");
    expect(parsed.blocks).toEqual([
      { text: "Park Guide", headingLevel: 1 },
      {
        text: "The park offers land at 300,000 yuan per mu and a one-stop service hall for investors.",
      },
      { text: "Applications are answered within five working days by the investment bureau." },
    ]);
  });

  it("decodes the charset the page declares", () => {
    const head = encode('<html><head><meta charset="gbk"></head><body><p>');
    const chongqing = new Uint8Array([0xd6, 0xd8, 0xc7, 0xec]);
    const tail = encode("</p></body></html>");
    const parsed = parseHtmlFile(new Uint8Array([...head, ...chongqing, ...tail]));
    expect(parsed.blocks).toEqual([{ text: "重庆" }]);
  });

  it("falls back to <time datetime> and the <title> for metadata", () => {
    const parsed = parseHtmlFile(
      encode(
        '<html lang="zh-CN"><head><title>政策解读</title></head><body><article><time datetime="2023-07-01">7月1日</time><p>正文。</p></article></body></html>',
      ),
    );
    expect(parsed.hints).toMatchObject({
      title: "政策解读",
      date: "2023-07-01",
      language: "zh-CN",
    });
  });
});

describe("an HTML page that is only furniture", () => {
  let corpus: Awaited<ReturnType<typeof createTempCorpus>>;
  beforeAll(async () => {
    corpus = await createTempCorpus({
      "empty.html":
        "<html><body><nav>Home | News</nav><script>var a = 1;</script><footer>© 2024 Portal</footer></body></html>",
    });
  });
  afterAll(() => corpus.remove());

  it("is skipped", async () => {
    const { loadCorpusFile } = await import("./index.ts");
    const outcome = await loadCorpusFile({ root: corpus.root, path: "empty.html" });
    expect(outcome).toMatchObject({ kind: "skipped", reason: expect.stringMatching(/^no text/) });
  });
});
