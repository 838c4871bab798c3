/**
 * @module Document metadata at the corpus boundary: the schema for sidecar `*.meta.json` files and
 * Markdown front matter, document ids, language detection, and the defaults applied when a field
 * is missing.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { DocumentMetadata } from "../rag/types.ts";

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real calendar date. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  if (month === undefined) return true;
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) return false;
  if (day === undefined) return true;
  const dayNumber = Number(day);
  const daysInMonth = new Date(Date.UTC(Number(year), monthNumber, 0)).getUTCDate();
  return dayNumber >= 1 && dayNumber <= daysInMonth;
}

/** YAML front matter turns `2025-02-26` into a Date and `2018` into a number; accept both. */
function coerceYamlDate(value: unknown): unknown {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  return value;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** Lower-cases the primary subtag and upper-cases a two-letter region: `zh-cn` → `zh-CN`. */
function canonicaliseLanguage(tag: string): string {
  return tag
    .split("-")
    .map((part, index) => {
      if (index === 0) return part.toLowerCase();
      if (part.length === 2) return part.toUpperCase();
      if (part.length === 4) return part[0]?.toUpperCase() + part.slice(1).toLowerCase();
      return part.toLowerCase();
    })
    .join("-");
}

const text = z.string().trim().min(1, "must not be empty");

/** What a sidecar `<file>.meta.json` or Markdown front matter may declare; every field optional. */
export const DocumentMeta = z.object({
  title: text.optional(),
  /** The title in Simplified Chinese, shown to Chinese readers (`title_zh` in sidecar files). */
  title_zh: text
    .refine((value) => /\p{Script=Han}/u.test(value), { message: "must be written in Chinese" })
    .optional(),
  publisher: text.optional(),
  date: z
    .preprocess(
      coerceYamlDate,
      z
        .string()
        .trim()
        .refine((value) => value === "undated" || isIsoDate(value), {
          message: 'must be YYYY, YYYY-MM, YYYY-MM-DD (a real date) or "undated"',
        }),
    )
    .optional(),
  dateApproximate: z.boolean({ error: "must be true or false" }).optional(),
  language: z
    .string()
    .trim()
    .regex(LANGUAGE_TAG, "must be a language tag such as en, zh or zh-CN")
    .transform(canonicaliseLanguage)
    .optional(),
  sourceUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  author: text.optional(),
  seedFile: text.optional(),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

/** The result of validating declared metadata: the metadata, or one message naming every bad field. */
export type DocumentMetaResult = { ok: true; meta: DocumentMeta } | { ok: false; error: string };

/**
 * Validates declared metadata. `source` names where it came from (e.g. `guide.txt.meta.json`) and
 * starts the error message. `null` values count as missing, as YAML writes an empty field that way.
 */
export function parseDocumentMeta(data: unknown, source: string): DocumentMetaResult {
  if (data === undefined || data === null) return { ok: true, meta: {} };
  if (typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, error: `${source}: expected an object of metadata fields` };
  }
  const present = Object.fromEntries(
    Object.entries(data).filter(([, value]) => value !== null && value !== undefined),
  );
  const parsed = DocumentMeta.safeParse(present);
  if (parsed.success) return { ok: true, meta: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    return `field "${field}" ${issue.message}`;
  });
  return { ok: false, error: `${source}: ${problems.join("; ")}` };
}

/**
 * The document id: the corpus-relative path without its extension, lower-cased, with every run of
 * characters outside `[a-z0-9]` turned into `-` (`policies/tax.md` → `policies-tax`). A name with
 * no such characters at all (e.g. only Chinese) gets `doc-` and a short hash of the path.
 */
export function createDocumentId(path: string): string {
  const withoutExtension = path.replace(/\\/g, "/").replace(/\.[^./]+$/, "");
  const id = withoutExtension
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (id) return id;
  return `doc-${createHash("sha256").update(path).digest("hex").slice(0, 10)}`;
}

/** A readable title from a file name: `policies/tax-incentives_2024.md` → `Tax incentives 2024`. */
export function humaniseFileName(path: string): string {
  const base = path.replace(/\\/g, "/").split("/").pop() ?? path;
  const words = base
    .replace(/\.[^.]+$/, "")
    .replace(/[-_.]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!words) return path;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN = /\p{Script=Latin}/gu;

function countMatches(value: string, pattern: RegExp): number {
  return value.match(pattern)?.length ?? 0;
}

/**
 * Guesses the language from the script of the letters: a text whose letters are at least 30% CJK
 * is Chinese (Japanese or Korean when kana or hangul dominate those), anything else English.
 * One Han character carries about a word, so 30% already means mostly-Chinese prose.
 */
export function detectLanguage(value: string): string {
  const han = countMatches(value, HAN);
  const kana = countMatches(value, KANA);
  const hangul = countMatches(value, HANGUL);
  const latin = countMatches(value, LATIN);
  const cjk = han + kana + hangul;
  if (cjk === 0 || cjk / (cjk + latin) < 0.3) return "en";
  if (hangul > han + kana) return "ko";
  if (kana > 0 && kana * 5 >= han) return "ja";
  return "zh";
}

/**
 * Turns a date found inside a document (`2025-02-26T10:00:00+08:00`, `2025/2/6`, `2025-02`) into
 * `YYYY[-MM[-DD]]`, or `undefined` when it is not recognisably a date.
 */
export function normaliseDateHint(value: string): string | undefined {
  const match = /^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?=$|[T\s])/.exec(value);
  if (!match) return undefined;
  const [, year, month, day] = match;
  const parts = [year, month?.padStart(2, "0"), day?.padStart(2, "0")].filter(
    (part): part is string => part !== undefined,
  );
  const date = parts.join("-");
  return isIsoDate(date) ? date : undefined;
}

/** Metadata a loader found inside the document itself; lower priority than declared metadata. */
export interface MetadataHints {
  title?: string | undefined;
  publisher?: string | undefined;
  date?: string | undefined;
  language?: string | undefined;
  sourceUrl?: string | undefined;
  author?: string | undefined;
}

/** Keeps only the hints that would pass the schema, so a sloppy page never blocks its own loading. */
function sanitiseHints(hints: MetadataHints): DocumentMeta {
  const candidate = {
    title: hints.title?.replace(/\s+/g, " ").trim() || undefined,
    publisher: hints.publisher?.replace(/\s+/g, " ").trim() || undefined,
    date: hints.date ? normaliseDateHint(hints.date) : undefined,
    language: hints.language?.trim() || undefined,
    sourceUrl: hints.sourceUrl?.trim() || undefined,
    author: hints.author?.trim() || undefined,
  };
  const valid: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(candidate)) {
    if (value === undefined) continue;
    const field = DocumentMeta.shape[key as keyof typeof candidate];
    const parsed = field.safeParse(value);
    if (parsed.success && parsed.data !== undefined) valid[key] = parsed.data;
  }
  return valid as DocumentMeta;
}

/** Everything `SourceDocument` needs besides path and sections. */
export type ResolvedMetadata = DocumentMetadata & { dateApproximate: boolean };

/**
 * Applies the precedence declared metadata > hints found in the document > defaults: publisher
 * `"unknown"`, date `"undated"`, title from the file name, language detected from `text`.
 */
export function resolveDocumentMetadata(input: {
  path: string;
  declared: DocumentMeta;
  hints: MetadataHints;
  text: string;
}): ResolvedMetadata {
  const hints = sanitiseHints(input.hints);
  const merged: DocumentMeta = { ...hints, ...input.declared };
  const resolved: ResolvedMetadata = {
    id: createDocumentId(input.path),
    title: merged.title ?? humaniseFileName(input.path),
    publisher: merged.publisher ?? "unknown",
    date: merged.date ?? "undated",
    language: merged.language ?? detectLanguage(input.text),
    dateApproximate: merged.dateApproximate ?? false,
  };
  if (merged.sourceUrl) resolved.sourceUrl = merged.sourceUrl;
  if (merged.title_zh) resolved.titleZh = merged.title_zh;
  return resolved;
}
