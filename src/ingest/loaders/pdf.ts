/**
 * @module PDF loader: the text layer through unpdf (pdf.js). Lines are rebuilt from positioned
 * text items so paragraph gaps and larger heading fonts survive — `extractText` flattens both to
 * single newlines — then lines are joined into paragraphs, repairing words hyphenated at line ends.
 */
import { extractTextItems, getDocumentProxy, getMeta, type StructuredTextItem } from "unpdf";
import type { TextBlock } from "../clean.ts";
import { type ParsedFile, UnloadableFileError } from "./structure.ts";

/** One rebuilt line of a page. */
export interface PdfLine {
  text: string;
  /** Baseline in PDF space (origin bottom-left): smaller is lower on the page. */
  y: number;
  fontSize: number;
  /** Horizontal extent of the line's text. */
  width: number;
  page: number;
}

/** Groups a page's text items into lines at end-of-line marks and baseline jumps. */
function readPageLines(items: StructuredTextItem[], page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: (PdfLine & { start: number; end: number }) | undefined;
  const close = () => {
    const text = current?.text.replace(/\s+/g, " ").trim();
    if (current && text) {
      const { y, fontSize, start, end } = current;
      lines.push({ text, y, fontSize, width: end - start, page });
    }
    current = undefined;
  };
  for (const item of items) {
    const jumped =
      current !== undefined &&
      item.str.trim() !== "" &&
      Math.abs(item.y - current.y) > Math.max(item.fontSize, current.fontSize) * 0.5;
    if (jumped) close();
    if (item.str) {
      if (current) {
        const gap = item.x - current.end;
        const spaced =
          gap > item.fontSize * 0.15 && !/\s$/.test(current.text) && !/^\s/.test(item.str);
        current.text += spaced ? ` ${item.str}` : item.str;
        current.end = item.x + item.width;
        current.fontSize = Math.max(current.fontSize, item.fontSize);
      } else {
        const { str: text, x, y, fontSize, width } = item;
        current = { text, y, fontSize, width, page, start: x, end: x + width };
      }
    }
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

const PAGE_NUMBER =
  /^(?:page\s*)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$|^第\s*\d+\s*页/i;

/**
 * Drops page numbers (a page's first or last line) and running headers/footers: a line (digits
 * ignored) that opens or closes more than half of the pages of a document of three pages or more.
 */
function dropPageFurniture(pages: PdfLine[][]): PdfLine[][] {
  const edgeCounts = new Map<string, number>();
  const shape = (text: string) => text.replace(/\d+/g, "#").toLowerCase();
  for (const lines of pages) {
    const edges = new Set(
      [lines[0], lines.at(-1)].flatMap((line) => (line ? [shape(line.text)] : [])),
    );
    for (const edge of edges) edgeCounts.set(edge, (edgeCounts.get(edge) ?? 0) + 1);
  }
  const running = (line: PdfLine) =>
    pages.length >= 3 && (edgeCounts.get(shape(line.text)) ?? 0) > pages.length / 2;
  return pages.map((lines) =>
    lines.filter((line, index) => {
      const atEdge = index === 0 || index === lines.length - 1;
      return !(atEdge && PAGE_NUMBER.test(line.text)) && !running(line);
    }),
  );
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The font size carrying the most characters. */
function findBodyFontSize(lines: PdfLine[]): number {
  const weights = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.fontSize * 2) / 2;
    weights.set(size, (weights.get(size) ?? 0) + line.text.length);
  }
  return [...weights.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

/** First elements of compounds that keep their hyphen across a line break (`high-` + `tech`). */
const COMPOUND_HEADS = new Set([
  "high",
  "low",
  "long",
  "short",
  "self",
  "non",
  "co",
  "cross",
  "multi",
  "inter",
  "well",
  "state",
  "foreign",
  "world",
  "first",
  "second",
  "third",
  "large",
  "small",
  "medium",
  "full",
  "part",
  "year",
  "one",
  "two",
  "three",
  "e",
]);

interface Vocabulary {
  words: Set<string>;
  hyphenated: Set<string>;
}

function buildVocabulary(lines: PdfLine[]): Vocabulary {
  const words = new Set<string>();
  const hyphenated = new Set<string>();
  for (const line of lines) {
    for (const match of line.text.matchAll(/\p{L}+(?:-\p{L}+)*/gu)) {
      const word = match[0].toLowerCase();
      if (word.includes("-")) hyphenated.add(word);
      else words.add(word);
    }
  }
  return { words, hyphenated };
}

/**
 * Joins the next line of a paragraph. A word broken by a hyphen is rejoined without it
 * (`develop-` + `ment`), unless the document spells the hyphenated form elsewhere or it is a
 * common compound the document never writes closed (`high-` + `tech`). Between CJK characters
 * no space is added.
 */
function joinPdfLines(previous: string, next: string, vocabulary: Vocabulary): string {
  const broken = /(\p{L}+)-$/u.exec(previous);
  const tail = /^\p{Ll}+/u.exec(next)?.[0];
  if (broken?.[1] && tail) {
    const head = broken[1];
    const joined = `${head}${tail}`.toLowerCase();
    const keepHyphen =
      vocabulary.hyphenated.has(`${head}-${tail}`.toLowerCase()) ||
      (!vocabulary.words.has(joined) && COMPOUND_HEADS.has(head.toLowerCase()));
    return keepHyphen ? `${previous}${next}` : `${previous.slice(0, -1)}${next}`;
  }
  if (/[\p{L}\p{N}]-$/u.test(previous)) return `${previous}${next}`;
  if (/\p{Script=Han}$/u.test(previous) && /^\p{Script=Han}/u.test(next))
    return `${previous}${next}`;
  return `${previous} ${next}`;
}

const SENTENCE_END = /[.!?。！？]["”’)）]?$/u;
const LIST_MARK = /^(?:[•●▪◦‣·*–-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s/u;

/**
 * Turns rebuilt lines into blocks. A paragraph ends at a vertical gap clearly larger than the
 * usual line spacing, at a larger font (a heading), or after a finished sentence on a line that
 * stops short of the full text width or ends a page. A short line without a full stop, and a list
 * item, start a new line in the same paragraph; any other line continues the previous one.
 */
export function buildPdfBlocks(pages: PdfLine[][]): TextBlock[] {
  const lines = dropPageFurniture(pages).flat();
  if (lines.length === 0) return [];
  const bodySize = findBodyFontSize(lines);
  const spacings: number[] = [];
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    if (previous && previous.page === line.page && Math.abs(line.fontSize - bodySize) < 0.5) {
      const spacing = previous.y - line.y;
      if (spacing > 0) spacings.push(spacing);
    }
  });
  const lineSpacing = median(spacings) ?? bodySize * 1.2;
  const widths = lines
    .filter((line) => Math.abs(line.fontSize - bodySize) < 0.5)
    .map((l) => l.width);
  const fullWidth = widths.sort((a, b) => a - b)[Math.floor(widths.length * 0.9)] ?? 0;
  const vocabulary = buildVocabulary(lines);

  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ text: paragraph.join("\n") });
    paragraph = [];
  };
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    const samePage = previous?.page === line.page;
    const gap = previous && samePage ? previous.y - line.y : 0;
    const isHeading = line.fontSize >= bodySize * 1.15 && line.text.length <= 150;
    if (isHeading) {
      endParagraph();
      const last = blocks.at(-1);
      const continues =
        last?.headingLevel !== undefined &&
        previous !== undefined &&
        samePage &&
        Math.abs(previous.fontSize - line.fontSize) < 0.5 &&
        gap <= line.fontSize * 1.6;
      if (last && continues) last.text = `${last.text} ${line.text}`;
      else blocks.push({ text: line.text, headingLevel: line.fontSize >= bodySize * 1.5 ? 1 : 2 });
      return;
    }
    const lastLine = paragraph.at(-1);
    const shortLine =
      samePage &&
      previous !== undefined &&
      previous.width < fullWidth * 0.7 &&
      !/\p{L}-$/u.test(lastLine ?? "");
    const breaks =
      lastLine === undefined ||
      (samePage && gap > lineSpacing * 1.4) ||
      ((shortLine || !samePage) && SENTENCE_END.test(lastLine));
    if (breaks) {
      endParagraph();
      paragraph.push(line.text);
    } else if (shortLine || LIST_MARK.test(line.text) || LIST_MARK.test(lastLine)) {
      paragraph.push(line.text);
    } else {
      paragraph[paragraph.length - 1] = joinPdfLines(lastLine, line.text, vocabulary);
    }
  });
  endParagraph();
  return blocks;
}

/** A document-info title worth using: not empty, not a tool's placeholder or a file name. */
function isMeaningfulTitle(title: unknown): title is string {
  if (typeof title !== "string" || !title.trim()) return false;
  return !/^(untitled|microsoft (word|powerpoint|excel) - |document\d*$|slide\s*\d*$)|\.(docx?|pdf|pptx?|indd|xlsx?)$/i.test(
    title.trim(),
  );
}

function describePdfError(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return "password-protected PDF";
  const message = error instanceof Error ? error.message : String(error);
  return `not a readable PDF (${message})`;
}

/**
 * Reads a `.pdf` file's text layer. The document-info `Title`, else the first large-font heading,
 * hints the title; `Author` and the catalog language are hints too. A PDF without a text layer
 * (a scan) is refused with a reason.
 */
export async function parsePdfFile(bytes: Uint8Array): Promise<ParsedFile> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    throw new UnloadableFileError(describePdfError(error));
  }
  try {
    const { items } = await extractTextItems(pdf);
    const { info } = await getMeta(pdf);
    const blocks = buildPdfBlocks(
      items.map((pageItems, index) => readPageLines(pageItems, index + 1)),
    );
    if (blocks.length === 0) {
      throw new UnloadableFileError(
        "PDF has no text layer (a scanned image?); run OCR on it first",
      );
    }
    const heading = blocks.find((block) => block.headingLevel !== undefined)?.text;
    return {
      blocks,
      hints: {
        title: isMeaningfulTitle(info.Title) ? info.Title : heading,
        author: typeof info.Author === "string" ? info.Author : undefined,
        language: typeof info.Language === "string" ? info.Language : undefined,
      },
      inferHeadings: true,
      titleFromFirstLine: false,
    };
  } finally {
    await pdf.destroy();
  }
}
