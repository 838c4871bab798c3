/**
 * @module Markdown loader: YAML front matter through gray-matter, `#`/`##` headings as sections,
 * and markdown syntax stripped so only readable text reaches the index.
 */
import matter from "gray-matter";
import type { TextBlock } from "../clean.ts";
import { decodeTextFile } from "./decode-text.ts";
import { type ParsedFile, UnloadableFileError } from "./structure.ts";

function refuseExecutableFrontMatter(): object {
  throw new UnloadableFileError("JavaScript front matter is not allowed; use YAML");
}

/** gray-matter `eval`s `---js` front matter by default; corpus files must never run code. */
const FRONT_MATTER_OPTIONS = {
  engines: {
    js: { parse: refuseExecutableFrontMatter },
    javascript: { parse: refuseExecutableFrontMatter },
  },
};

const CJK_END = /\p{Script=Han}$/u;
const CJK_START = /^\p{Script=Han}/u;

/** Joins a soft-wrapped line to the previous one: a space, except between two CJK characters. */
function joinWrapped(previous: string, next: string): string {
  if (!previous) return next;
  return CJK_END.test(previous) && CJK_START.test(next) ? previous + next : `${previous} ${next}`;
}

function stripEmphasis(text: string): string {
  return text
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, "$2")
    .replace(/~~(?=\S)([^\n]*?\S)~~/g, "$1")
    .replace(/(?<![\p{L}\p{N}*\\])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, "$1")
    .replace(/(?<![\p{L}\p{N}_\\])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, "$1");
}

/**
 * Removes inline markdown: images keep their alt text, links their text, emphasis markers and
 * inline HTML tags go, code spans keep their content verbatim, backslash escapes are resolved.
 */
export function stripInlineMarkdown(line: string): string {
  return line
    .split(/(`+)([^`]*?)\1/)
    .map((part, index) => {
      if (index % 3 === 2) return part;
      if (index % 3 === 1) return "";
      const withoutLinks = part
        .replace(/!\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")
        .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, "$1")
        .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")
        .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
        .replace(/\[\^[^\]]+\]/g, "")
        .replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/g, "$1")
        .replace(/<([^>\s@]+@[^>\s]+)>/g, "$1")
        .replace(/<br\s*\/?>/gi, " ")
        .replace(/<\/?[A-Za-z][^>]*>/g, "");
      return stripEmphasis(withoutLinks).replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, "$1");
    })
    .join("")
    .trim();
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^\s{0,3}(=+|-+)\s*$/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|(\d+[.)]))\s+(.*)$/;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s+\S+/;

/** Converts a markdown body (front matter removed) into paragraph and heading blocks. */
export function readMarkdownBlocks(markdown: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let lines: string[] = [];
  let hardBreak = false;
  let fence: { marker: string; lines: string[] } | undefined;

  const flush = () => {
    const text = lines.map(stripInlineMarkdown).filter(Boolean).join("\n");
    if (text) blocks.push({ text });
    lines = [];
    hardBreak = false;
  };
  const pushHeading = (level: number, text: string) => {
    const heading = stripInlineMarkdown(text);
    if (!heading) return;
    blocks.push(level <= 2 ? { text: heading, headingLevel: level } : { text: heading });
  };

  const source = markdown.replace(/\r\n?/g, "\n").replace(/<!--[\s\S]*?-->/g, "");
  for (const raw of source.split("\n")) {
    if (fence) {
      const closing = raw.trim();
      if (closing.startsWith(fence.marker) && /^[`~]+$/.test(closing)) {
        const code = fence.lines.join("\n").trim();
        if (code) blocks.push({ text: code });
        fence = undefined;
      } else {
        fence.lines.push(raw);
      }
      continue;
    }
    const fenceMatch = FENCE.exec(raw);
    if (fenceMatch?.[1]) {
      flush();
      fence = { marker: fenceMatch[1], lines: [] };
      continue;
    }
    const line = raw.replace(/^\s{0,3}(>\s?)+/, "");
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading?.[1] !== undefined && heading[2] !== undefined) {
      flush();
      pushHeading(heading[1].length, heading[2]);
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline?.[1] && lines.length === 1 && !LIST_ITEM.test(lines[0] ?? "")) {
      const text = lines[0] ?? "";
      lines = [];
      pushHeading(underline[1].startsWith("=") ? 1 : 2, text);
      continue;
    }
    if (line.includes("|") && TABLE_DIVIDER.test(line)) continue;
    if (RULE.test(line) || REFERENCE_DEFINITION.test(line)) {
      flush();
      continue;
    }
    if (TABLE_ROW.test(line)) {
      const cells = line
        .trim()
        .replace(/^\||\|$/g, "")
        .split(/(?<!\\)\|/);
      lines.push(cells.map((cell) => cell.trim()).join(" | "));
      hardBreak = true;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      lines.push(item[1] ? `${item[1]} ${item[2] ?? ""}` : (item[2] ?? ""));
      hardBreak = false;
      continue;
    }
    const content = line.trim();
    if (lines.length === 0 || hardBreak) {
      lines.push(content);
    } else {
      lines[lines.length - 1] = joinWrapped(lines.at(-1) ?? "", content);
    }
    hardBreak = / {2,}$|\\$/.test(line);
    if (hardBreak) lines[lines.length - 1] = (lines.at(-1) ?? "").replace(/\\$/, "").trim();
  }
  if (fence) {
    const code = fence.lines.join("\n").trim();
    if (code) blocks.push({ text: code });
  }
  flush();
  return blocks;
}

/** Reads a `.md` file: front matter (declared metadata) and blocks; the first `#` heading hints the title. */
export function parseMarkdownFile(bytes: Uint8Array): ParsedFile {
  const source = decodeTextFile(bytes).replace(/^\uFEFF/, "");
  let parsed: { data: Record<string, unknown>; content: string };
  try {
    parsed = matter(source, FRONT_MATTER_OPTIONS);
  } catch (error) {
    if (error instanceof UnloadableFileError) throw error;
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UnloadableFileError(`invalid front matter: ${message}`);
  }
  const blocks = readMarkdownBlocks(parsed.content);
  const title = blocks.find((block) => block.headingLevel === 1)?.text;
  return {
    blocks,
    hints: { title },
    frontMatter: Object.keys(parsed.data).length > 0 ? parsed.data : undefined,
    inferHeadings: false,
    titleFromFirstLine: false,
  };
}
