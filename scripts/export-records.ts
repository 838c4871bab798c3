/**
 * @module `npm run inquiries:export` / `npm run feedback:export`: every stored inquiry or
 * feedback record as CSV (RFC 4180, spreadsheet formulas neutralised), newest first, to stdout
 * or to `--out <file>` (created readable by its owner only: it holds personal data).
 * Reads the records store directly (`DATABASE_URL`, else `RECORDS_URI`), so it needs access to
 * the store rather than the staff token.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { formatFeedbackCsv, formatInquiriesCsv } from "../src/records/csv.ts";
import { loadConfig } from "../src/runtime/node/env.ts";
import { createNodeRecordStores } from "../src/runtime/node/records.ts";

const USAGE = "Usage: npm run inquiries:export -- [--out file.csv] [--bom]  (or feedback:export)";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: "string", short: "o" },
    bom: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
const kind = positionals[0];
if (values.help || (kind !== "inquiries" && kind !== "feedback")) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
const stores = await createNodeRecordStores({
  config,
  onInvalid: (table, id, problem) =>
    console.error(`warning: skipped unreadable ${table} record ${id}: ${problem}`),
});
async function readCsv(): Promise<{ csv: string; count: number }> {
  if (kind === "inquiries") {
    const records = await stores.inquiries.list();
    return { csv: formatInquiriesCsv(records), count: records.length };
  }
  const records = await stores.feedback.list();
  return { csv: formatFeedbackCsv(records), count: records.length };
}

const { csv, count } = await readCsv().finally(() => stores.close());
// A byte-order mark makes Excel read the file as UTF-8 (names in Chinese, accents).
const output = values.bom ? `\uFEFF${csv}` : csv;

if (values.out) {
  await writeFile(values.out, output, { mode: 0o600 });
  console.error(`Wrote ${count} ${kind} row(s) to ${values.out}.`);
} else {
  process.stdout.write(output);
}
