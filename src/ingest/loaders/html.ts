/**
 * @module HTML loader: parses the page with cheerio, removes page furniture (scripts, navigation,
 * banners, footers, share and comment widgets) by element, role and class/id vocabulary, and turns
 * the main content into paragraphs, list lines, table rows and `h1`–`h3` sections.
 */

import type { CheerioAPI } from "cheerio";
import * as cheerio from "cheerio";
import type { TextBlock } from "../clean.ts";
import type { MetadataHints } from "../metadata.ts";
import type { ParsedFile } from "./structure.ts";

/** A DOM node as cheerio's parser produces it. */
type DomNode = Exclude<Parameters<typeof cheerio.load>[0], string | Buffer | unknown[]>;

/** Never content: removed wherever they are. */
const INVISIBLE_ELEMENTS = "script, style, noscript, template, iframe, svg, canvas, object, embed";

/** Page furniture by element or ARIA role. */
const FURNITURE_ELEMENTS =
  "nav, header, footer, aside, button, dialog, [hidden], [aria-hidden='true'], [role='navigation'], [role='banner'], [role='contentinfo'], [role='search'], [role='dialog'], [role='alertdialog']";

/** Words in a class or id that mark page furniture rather than content. */
const NOISE_WORDS = new Set([
  "cookie",
  "cookies",
  "cookiebar",
  "consent",
  "gdpr",
  "banner",
  "breadcrumb",
  "breadcrumbs",
  "crumbs",
  "share",
  "sharing",
  "sharebar",
  "social",
  "comment",
  "comments",
  "menu",
  "submenu",
  "megamenu",
  "sidebar",
  "footer",
  "nav",
  "navbar",
  "navigation",
  "topnav",
  "subnav",
  "ad",
  "ads",
  "advert",
  "advertisement",
  "popup",
]);

/** Splits `mainNav`, `cookie-banner`, `site_footer2` into lower-case words. */
function readAttributeWords(value: string): string[] {
  return value
    .split(/[\s_\-:]+|(?<=\p{Ll})(?=\p{Lu})|\d+/u)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** `main`, else `[role=main]`, else the `article` with the most text, else `body`. */
function selectContentRoot($: CheerioAPI): DomNode | undefined {
  const main = $("main").get(0) ?? $("[role='main']").get(0);
  if (main) return main;
  const articles = $("article").toArray();
  const longest = articles.sort((a, b) => $(b).text().length - $(a).text().length)[0];
  return longest ?? $("body").get(0) ?? $.root().get(0);
}

/**
 * Removes furniture inside the content root. A `<form>` or an element matched only by its
 * class/id is kept when it holds most of the root's text: ASP.NET pages wrap the whole body in a
 * form, themes put `has-sidebar` on the content wrapper.
 */
function removePageFurniture($: CheerioAPI, root: DomNode): void {
  const $root = $(root);
  $root.find(INVISIBLE_ELEMENTS).remove();
  const total = collapseSpace($root.text()).length;
  const holdsMostText = (element: DomNode) => collapseSpace($(element).text()).length > total * 0.5;
  $root.find(FURNITURE_ELEMENTS).remove();
  $root.find("form").each((_, element) => {
    if (!holdsMostText(element)) $(element).remove();
  });
  $root.find("[class], [id]").each((_, element) => {
    const $element = $(element);
    const words = readAttributeWords(
      `${$element.attr("class") ?? ""} ${$element.attr("id") ?? ""}`,
    );
    if (words.some((word) => NOISE_WORDS.has(word)) && !holdsMostText(element)) $element.remove();
  });
}

const BLOCK_ELEMENTS = new Set([
  "address",
  "article",
  "blockquote",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "h4",
  "h5",
  "h6",
  "hgroup",
  "hr",
  "main",
  "p",
  "section",
  "summary",
]);

function collapseSpace(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, " ");
}

/** Walks the content tree, collecting blocks; inline text accumulates into the current line. */
class BlockWriter {
  readonly blocks: TextBlock[] = [];
  private lines: string[] = [];
  private line = "";
  private listDepth = 0;

  constructor(private readonly $: CheerioAPI) {}

  private endLine(): void {
    const line = this.line.trim();
    if (line) this.lines.push(line);
    this.line = "";
  }

  private endBlock(): void {
    this.endLine();
    if (this.lines.length > 0) this.blocks.push({ text: this.lines.join("\n") });
    this.lines = [];
  }

  private writeTable(node: DomNode): void {
    this.endBlock();
    const rows = this.$(node)
      .find("tr")
      .toArray()
      .map((row) =>
        this.$(row)
          .children("th, td")
          .toArray()
          .map((cell) => collapseSpace(this.$(cell).text()).trim())
          .filter(Boolean)
          .join(" | "),
      )
      .filter(Boolean);
    const caption = collapseSpace(this.$(node).children("caption").text()).trim();
    const lines = caption ? [caption, ...rows] : rows;
    if (lines.length > 0) this.blocks.push({ text: lines.join("\n") });
  }

  write(node: DomNode): void {
    if (node.type === "root") {
      this.writeChildren(node);
      return;
    }
    if (node.type === "text") {
      this.line += collapseSpace(node.data);
      return;
    }
    if (node.type !== "tag" || !("name" in node)) return;
    const name = node.name.toLowerCase();
    if (name === "br") {
      this.endLine();
      return;
    }
    if (name === "h1" || name === "h2" || name === "h3") {
      this.endBlock();
      const text = collapseSpace(this.$(node).text()).trim();
      if (text) this.blocks.push({ text, headingLevel: Number(name[1]) });
      return;
    }
    if (name === "table") {
      this.writeTable(node);
      return;
    }
    if (name === "pre") {
      this.endBlock();
      const text = this.$(node).text().trim();
      if (text) this.blocks.push({ text });
      return;
    }
    if (name === "ul" || name === "ol") {
      if (this.listDepth === 0) this.endBlock();
      this.listDepth += 1;
      this.writeChildren(node);
      this.listDepth -= 1;
      if (this.listDepth === 0) this.endBlock();
      return;
    }
    if (name === "li") {
      this.endLine();
      this.writeChildren(node);
      this.endLine();
      return;
    }
    const isBlock = BLOCK_ELEMENTS.has(name);
    if (isBlock && this.listDepth === 0) this.endBlock();
    else if (isBlock) this.endLine();
    this.writeChildren(node);
    if (isBlock && this.listDepth === 0) this.endBlock();
    else if (isBlock) this.endLine();
  }

  private writeChildren(node: DomNode): void {
    if (!("children" in node)) return;
    for (const child of node.children) this.write(child);
  }

  finish(): TextBlock[] {
    this.endBlock();
    return this.blocks;
  }
}

function readHints($: CheerioAPI): MetadataHints {
  const meta = (selector: string) => $(selector).first().attr("content")?.trim() || undefined;
  const pageTitle = collapseSpace($("title").first().text()).trim();
  const h1 = collapseSpace($("h1").first().text()).trim();
  const title =
    meta("meta[property='og:title']") ??
    (h1 && pageTitle.includes(h1) ? h1 : undefined) ??
    (pageTitle || h1 || undefined);
  return {
    title,
    publisher: meta("meta[property='og:site_name']"),
    author: meta("meta[name='author']"),
    date:
      meta("meta[property='article:published_time']") ??
      $("time[datetime]").first().attr("datetime")?.trim(),
    language: $("html").attr("lang")?.trim() || undefined,
    sourceUrl: $("link[rel='canonical']").attr("href")?.trim() || meta("meta[property='og:url']"),
  };
}

/**
 * Reads an `.html` file (encoding from BOM or `<meta charset>`, UTF-8 otherwise). Metadata comes
 * from `og:title`/`<title>`/`h1`, `og:site_name`, `meta[name=author]`,
 * `article:published_time`/`<time datetime>`, `<html lang>` and the canonical link.
 */
export function parseHtmlFile(bytes: Uint8Array): ParsedFile {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Without a BOM or charset declaration the HTML standard assumes windows-1252; files staff save
  // today are UTF-8.
  const $ = cheerio.loadBuffer(buffer, { encoding: { defaultEncoding: "utf-8" } });
  const hints = readHints($);
  const root = selectContentRoot($);
  const writer = new BlockWriter($);
  if (root) {
    removePageFurniture($, root);
    writer.write(root);
  }
  return { blocks: writer.finish(), hints, inferHeadings: false, titleFromFirstLine: false };
}
