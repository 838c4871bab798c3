/**
 * @module What every format loader returns, and the steps shared by all formats afterwards:
 * recognising headings in plain text, dropping a first line that only repeats the title, and
 * grouping blocks into sections.
 */
import type { Section } from "../../rag/types.ts";
import type { TextBlock } from "../clean.ts";
import type { MetadataHints } from "../metadata.ts";

/** A file as one format loader read it, before cleaning and metadata resolution. */
export interface ParsedFile {
  blocks: TextBlock[];
  /** Metadata found in the document itself (`<title>`, PDF info, …). */
  hints: MetadataHints;
  /** Metadata the file declares about itself (Markdown front matter), still unvalidated. */
  frontMatter?: unknown;
  /** The format has no heading markup, so headings are recognised from the layout of the text. */
  inferHeadings: boolean;
  /** Without a declared title, the first line of the cleaned text is the title. */
  titleFromFirstLine: boolean;
}

/** A file that cannot be turned into a document; the message is the reason reported to staff. */
export class UnloadableFileError extends Error {
  override name = "UnloadableFileError";
}

const NUMBERING =
  /^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.|第[一二三四五六七八九十百\d]+[章节条部分]|[一二三四五六七八九十]+、|\(?[一二三四五六七八九十\d]+\))\s*/u;

/**
 * A line that could be a heading: short (≤ 12 words, ≤ 30 CJK characters), starting with a capital,
 * a CJK character or a number, with no sentence punctuation or `label: value` inside, no byline,
 * link or separator bar. A trailing full stop is allowed on labels of up to four words
 * (`Planning positioning.`), not on sentences.
 */
export function isHeadingLike(line: string): boolean {
  if (line.length > 90 || /[|@]|https?:\/\/|www\./.test(line) || /^by\s/i.test(line)) return false;
  const body = line.replace(NUMBERING, "");
  if (!/^[\p{Lu}\p{Lo}\p{N}"“‘'(]/u.test(body) || !/\p{L}/u.test(body)) return false;
  const words = body.split(/\s+/).filter(Boolean);
  const cjk = /\p{Script=Han}/u.test(body);
  if (cjk ? body.length > 30 : words.length > 12) return false;
  if (/[.!?;。！？；](\s|$)/.test(body.slice(0, -1)) || /[:：]\s*\S/.test(body)) return false;
  const last = body.at(-1) ?? "";
  if (",;，；、-–—。".includes(last)) return false;
  if (last === "." && words.length > 4) return false;
  return true;
}

/** A caption paragraph: it ends with a photo credit such as `(Photo/Xinhua)` or `file photo)`. */
function isPhotoCaption(text: string): boolean {
  return /\((photo|image|picture|图)\b[^)]*\)\.?$|file (photo|image|picture)\)?\.?$/iu.test(text);
}

/**
 * Marks as headings (level 2) the paragraphs that are a single heading-like line followed by an
 * ordinary paragraph. A line followed by another heading-like line or by a photo caption stays
 * text: it is a page title or a caption title, not the start of a section. A trailing `.` or `:`
 * is dropped from the heading.
 */
export function detectHeadings(blocks: TextBlock[]): TextBlock[] {
  return blocks.map((block, index) => {
    if (block.headingLevel !== undefined || block.text.includes("\n")) return block;
    const next = blocks[index + 1];
    if (!next || next.headingLevel !== undefined || !isHeadingLike(block.text)) return block;
    if (!next.text.includes("\n") && isHeadingLike(next.text)) return block;
    if (isPhotoCaption(next.text)) return block;
    return { text: block.text.replace(/\s*[.:：]$/, ""), headingLevel: 2 };
  });
}

function toComparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Drops the first block when it is a single line repeating the document title (exactly, or as
 * most of it: a page heading `Chongqing High-tech Zone` under the title `Chongqing High-tech Zone:
 * overview`), so the title does not reappear as text or as a section.
 */
export function dropTitleEcho(blocks: TextBlock[], title: string): TextBlock[] {
  const [first, ...rest] = blocks;
  if (!first || first.text.includes("\n")) return blocks;
  const line = toComparable(first.text);
  const target = toComparable(title);
  if (!line || !target) return blocks;
  const shorter = Math.min(line.length, target.length);
  const longer = Math.max(line.length, target.length);
  const contained = target.includes(line) || line.includes(target);
  return contained && shorter >= 0.6 * longer ? rest : blocks;
}

interface OpenSection {
  heading: string;
  level: number;
  paragraphs: string[];
}

/**
 * Groups blocks into sections: each heading opens one, text before the first heading goes under
 * `""`. A heading with no text of its own directly above a deeper heading is folded into it
 * (`Tax incentives — Corporate income tax`); other empty sections are dropped.
 */
export function groupSections(blocks: TextBlock[]): Section[] {
  const open: OpenSection[] = [{ heading: "", level: 0, paragraphs: [] }];
  for (const block of blocks) {
    if (block.headingLevel === undefined) {
      open.at(-1)?.paragraphs.push(block.text);
    } else {
      open.push({ heading: block.text, level: block.headingLevel, paragraphs: [] });
    }
  }
  const sections: Section[] = [];
  open.forEach((section, index) => {
    const next = open[index + 1];
    if (section.paragraphs.length === 0) {
      if (next && section.heading && next.level > section.level) {
        next.heading = `${section.heading} — ${next.heading}`;
      }
      return;
    }
    sections.push({ heading: section.heading, text: section.paragraphs.join("\n\n") });
  });
  return sections;
}
