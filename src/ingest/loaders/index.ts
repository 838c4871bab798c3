/**
 * @module Loading corpus files: lists them, reads one file with the loader for its format, merges
 * declared metadata (sidecar `<file>.meta.json`, then Markdown front matter) over what the document
 * says about itself, cleans the text and groups it into sections. A bad file is reported as
 * skipped with a reason; loading never throws.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, isAbsolute, join } from "node:path";
import type { SourceDocument } from "../../rag/types.ts";
import { cleanBlocks, joinBlocks } from "../clean.ts";
import {
  type DocumentMetaResult,
  parseDocumentMeta,
  resolveDocumentMetadata,
} from "../metadata.ts";
import { parseHtmlFile } from "./html.ts";
import { parseMarkdownFile } from "./markdown.ts";
import { parsePdfFile } from "./pdf.ts";
import {
  detectHeadings,
  dropTitleEcho,
  groupSections,
  type ParsedFile,
  UnloadableFileError,
} from "./structure.ts";
import { parseTxtFile } from "./txt.ts";

/** What loading one corpus file produced: a document, or the reason it was left out. */
export type LoadOutcome =
  | { kind: "document"; document: SourceDocument }
  | { kind: "skipped"; path: string; reason: string };

type Loader = (bytes: Uint8Array) => ParsedFile | Promise<ParsedFile>;

const LOADERS: Record<string, Loader> = {
  ".txt": parseTxtFile,
  ".md": parseMarkdownFile,
  ".markdown": parseMarkdownFile,
  ".html": parseHtmlFile,
  ".htm": parseHtmlFile,
  ".pdf": parsePdfFile,
};

/** File extensions the corpus accepts. */
export const SUPPORTED_EXTENSIONS = Object.keys(LOADERS);

/** Larger files are refused rather than risking the ingest process's memory. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

const SIDECAR_SUFFIX = ".meta.json";

function isIgnoredName(name: string): boolean {
  return name.startsWith(".") || name.endsWith(SIDECAR_SUFFIX) || /^readme\.(md|txt)$/i.test(name);
}

async function isFileOrDirectory(entry: Dirent, path: string): Promise<"file" | "dir" | undefined> {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "dir";
  if (!entry.isSymbolicLink()) return undefined;
  const target = await stat(path).catch(() => undefined);
  return target?.isFile() ? "file" : undefined;
}

/**
 * Corpus-relative paths (forward slashes) of every candidate document under `root`, recursively,
 * sorted. Dotfiles and dot-folders, sidecar `*.meta.json` files and `README.md`/`README.txt` at any
 * level are left out; files of unsupported types are listed so loading can report them.
 */
export async function listCorpusFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string) => {
    const entries = await readdir(join(root, folder), { withFileTypes: true });
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      const kind = await isFileOrDirectory(entry, join(root, relative));
      if (kind === "dir") await visit(relative);
      else if (kind === "file") found.push(relative);
    }
  };
  await visit("");
  return found.sort();
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

async function readSidecar(root: string, path: string): Promise<DocumentMetaResult> {
  const sidecar = `${path}${SIDECAR_SUFFIX}`;
  let raw: string;
  try {
    raw = await readFile(join(root, sidecar), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, meta: {} };
    return { ok: false, error: `${sidecar}: cannot read (${describeError(error)})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, error: `${sidecar}: invalid JSON (${describeError(error)})` };
  }
  return parseDocumentMeta(data, sidecar);
}

function normaliseRelativePath(path: string): string | undefined {
  if (isAbsolute(path)) return undefined;
  const parts = path
    .replace(/\\/g, "/")
    .split("/")
    .filter((part) => part && part !== ".");
  if (parts.length === 0 || parts.includes("..")) return undefined;
  return parts.join("/");
}

async function loadFile(root: string, path: string): Promise<LoadOutcome> {
  const skip = (reason: string): LoadOutcome => ({ kind: "skipped", path, reason });
  const extension = extname(path).toLowerCase();
  const load = LOADERS[extension];
  if (!load) {
    const type = extension ? `"${extension}"` : "without an extension";
    return skip(`unsupported file type ${type}; supported: ${SUPPORTED_EXTENSIONS.join(", ")}`);
  }

  let bytes: Uint8Array;
  try {
    const info = await stat(join(root, path));
    if (!info.isFile()) return skip("not a regular file");
    if (info.size > MAX_FILE_BYTES) return skip(`file too large (${info.size} bytes)`);
    bytes = await readFile(join(root, path));
  } catch (error) {
    return skip(`cannot read file (${describeError(error)})`);
  }
  if (bytes.byteLength === 0) return skip("empty file");

  const sidecar = await readSidecar(root, path);
  if (!sidecar.ok) return skip(`invalid metadata: ${sidecar.error}`);

  let parsed: ParsedFile;
  try {
    parsed = await load(bytes);
  } catch (error) {
    if (error instanceof UnloadableFileError) return skip(error.message);
    return skip(`cannot parse ${extension.slice(1)} (${describeError(error)})`);
  }

  let declared = sidecar.meta;
  if (parsed.frontMatter !== undefined) {
    const frontMatter = parseDocumentMeta(parsed.frontMatter, `${path} front matter`);
    if (!frontMatter.ok) return skip(`invalid metadata: ${frontMatter.error}`);
    declared = { ...declared, ...frontMatter.meta };
  }

  let blocks = cleanBlocks(parsed.blocks);
  if (blocks.length === 0)
    return skip("no text (empty, or nothing left after removing boilerplate)");
  if (parsed.inferHeadings) blocks = detectHeadings(blocks);

  const hints = { ...parsed.hints };
  if (parsed.titleFromFirstLine && !hints.title) {
    const firstLine = blocks[0]?.text.split("\n")[0];
    if (firstLine && firstLine.length <= 150) hints.title = firstLine;
  }
  const metadata = resolveDocumentMetadata({ path, declared, hints, text: joinBlocks(blocks) });
  const sections = groupSections(dropTitleEcho(blocks, metadata.title));
  if (sections.length === 0) return skip("no text besides the title");
  return { kind: "document", document: { ...metadata, path, sections } };
}

/**
 * Loads one corpus file (`path` relative to `root`) into a cleaned, sectioned `SourceDocument`.
 * Unsupported, empty, binary, non-UTF-8, unreadable or unparsable files, and files with invalid
 * metadata, come back as `skipped` with a reason for staff; this function does not throw.
 */
export async function loadCorpusFile(input: { root: string; path: string }): Promise<LoadOutcome> {
  const path = normaliseRelativePath(input.path);
  if (!path) {
    return { kind: "skipped", path: input.path, reason: "path is not inside the corpus folder" };
  }
  try {
    return await loadFile(input.root, path);
  } catch (error) {
    return { kind: "skipped", path, reason: `unexpected error (${describeError(error)})` };
  }
}
