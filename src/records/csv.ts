/**
 * @module CSV for staff exports (RFC 4180): fields quoted when they hold a quote, comma or line
 * break, quotes doubled, CRLF between rows. Cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) get a leading apostrophe, as OWASP's "CSV
 * Injection" guidance recommends — visitors write these fields.
 */
import type { FeedbackRecord, InquiryRecord } from "./schemas.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, guarded against formula injection and quoted when needed. */
export function formatCsvCell(value: unknown): string {
  let text = value === undefined || value === null ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document: a header row, then one row per record. */
export function formatCsv(header: readonly string[], rows: readonly unknown[][]): string {
  return [header, ...rows].map((row) => `${row.map(formatCsvCell).join(",")}\r\n`).join("");
}

/** Renders an attached conversation as readable text in one cell, with each turn's sources. */
export function formatConversation(turns: InquiryRecord["conversation"]): string {
  return turns
    .map((turn) => {
      const sources = (turn.citations ?? []).map((source) => `[${source.n}] ${source.title}`);
      return `${turn.role}: ${turn.content}${sources.length ? `\n${sources.join("\n")}` : ""}`;
    })
    .join("\n\n");
}

/** Inquiries as CSV, one row each; status and note when staff track them. */
export function formatInquiriesCsv(
  records: readonly (InquiryRecord & { status?: string; note?: string })[],
): string {
  const header = [
    "id",
    "created_at",
    "name",
    "company",
    "email",
    "country",
    "sector",
    "message",
    "consent",
    "language",
    "conversation",
    "status",
    "note",
  ];
  const rows = records.map((r) => [
    r.id,
    r.createdAt,
    r.name,
    r.company,
    r.email,
    r.country,
    r.sector,
    r.message,
    r.consent ? "yes" : "no",
    r.language ?? "",
    formatConversation(r.conversation),
    r.status ?? "new",
    r.note ?? "",
  ]);
  return formatCsv(header, rows);
}

/** Feedback as CSV, one row each; cited sources as `[n] title` lines. */
export function formatFeedbackCsv(records: readonly FeedbackRecord[]): string {
  const header = [
    "id",
    "created_at",
    "rating",
    "question",
    "standalone_question",
    "answer",
    "answered",
    "cited",
    "comment",
    "conversation",
  ];
  const rows = records.map((r) => [
    r.id,
    r.createdAt,
    r.rating,
    r.question,
    r.standaloneQuestion ?? "",
    r.answer,
    r.answered === undefined ? "" : r.answered ? "yes" : "no",
    r.citations.length
      ? r.citations.map((source) => `[${source.n}] ${source.title}`).join("\n")
      : r.citationIds.join(" "),
    r.comment,
    formatConversation(r.conversation),
  ]);
  return formatCsv(header, rows);
}
