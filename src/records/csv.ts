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

/** Renders an attached conversation as readable text in one cell. */
function formatConversation(turns: InquiryRecord["conversation"]): string {
  return turns.map((turn) => `${turn.role}: ${turn.content}`).join("\n\n");
}

/** Inquiries as CSV, one row each. */
export function formatInquiriesCsv(records: readonly InquiryRecord[]): string {
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
  ]);
  return formatCsv(header, rows);
}

/** Feedback as CSV, one row each; citation ids separated by spaces. */
export function formatFeedbackCsv(records: readonly FeedbackRecord[]): string {
  const header = ["id", "created_at", "rating", "question", "answer", "citation_ids", "comment"];
  const rows = records.map((r) => [
    r.id,
    r.createdAt,
    r.rating,
    r.question,
    r.answer,
    r.citationIds.join(" "),
    r.comment,
  ]);
  return formatCsv(header, rows);
}
