/**
 * @module Terminal progress for ingestion: a redrawn line on a TTY, plain lines in logs and CI.
 */
import type { IngestProgress, IngestSummary } from "../../adapters/lancedb/ingest-pipeline.ts";

/** A progress callback writing to `stream` (stderr by default). */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
): (event: IngestProgress) => void {
  const tty = stream.isTTY === true;
  let lastPercent = -1;
  const line = (text: string) => {
    if (tty) stream.write(`\r\x1b[2K${text}`);
    else stream.write(`${text}\n`);
  };
  return (event) => {
    switch (event.phase) {
      case "load":
        if (tty || event.done === event.total) {
          line(`loading ${event.done}/${event.total} ${event.path}`);
        }
        if (tty && event.done === event.total) stream.write("\n");
        break;
      case "skip":
        if (tty) stream.write("\n");
        stream.write(`warning: skipped ${event.path}: ${event.reason}\n`);
        break;
      case "embed": {
        const percent = event.total === 0 ? 100 : Math.floor((event.done / event.total) * 100);
        if (!tty && percent !== 100 && percent - lastPercent < 10) break;
        lastPercent = percent;
        const width = 24;
        const filled = Math.round((percent / 100) * width);
        line(
          `embedding [${"#".repeat(filled)}${".".repeat(width - filled)}] ${event.done}/${event.total} chunks`,
        );
        if (tty && event.done === event.total) stream.write("\n");
        break;
      }
      case "write":
        stream.write(`${event.message}\n`);
        break;
    }
  };
}

/** A human summary of one ingestion. */
export function formatSummary(summary: IngestSummary): string {
  const lines = [
    `Ingested ${summary.documents} documents into ${summary.chunks} chunks in ${(summary.milliseconds / 1000).toFixed(1)} s${summary.rebuilt ? " (new index)" : ""}.`,
    `  added ${summary.added}, updated ${summary.updated}, removed ${summary.removed}, unchanged ${summary.unchanged}`,
  ];
  if (summary.skipped.length > 0) {
    lines.push(`  skipped ${summary.skipped.length} file(s):`);
    for (const { path, reason } of summary.skipped) lines.push(`    ${path}: ${reason}`);
  }
  return lines.join("\n");
}
