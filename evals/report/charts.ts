/**
 * @module Inline SVG bar charts for the HTML report: no scripts, no external files. Labels are
 * escaped; bars for metrics that do not apply are drawn as a dash.
 */
import { escapeHtml } from "./escape.ts";

export interface Bar {
  label: string;
  value: number | null;
}

const ROW = 22;
const LABEL_WIDTH = 100;
const BAR_WIDTH = 180;
const VALUE_WIDTH = 56;

/**
 * A horizontal bar chart. Values are drawn against `max` (1 for ratios); `format` writes the
 * value beside its bar.
 */
export function renderBarChart({
  title,
  bars,
  max = 1,
  format = (value: number) => value.toFixed(3),
}: {
  title: string;
  bars: readonly Bar[];
  max?: number;
  format?: (value: number) => string;
}): string {
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const height = ROW * bars.length + 28;
  const rows = bars.map((bar, index) => {
    const y = 24 + index * ROW;
    const label = `<text x="0" y="${y + 14}" class="label">${escapeHtml(bar.label)}</text>`;
    if (bar.value === null) {
      return `${label}<text x="${LABEL_WIDTH}" y="${y + 14}" class="value">—</text>`;
    }
    const length = max > 0 ? Math.max(0, Math.min(1, bar.value / max)) * BAR_WIDTH : 0;
    const tone =
      max === 1 ? (bar.value >= 0.9 ? "good" : bar.value >= 0.7 ? "fair" : "poor") : "neutral";
    return [
      label,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${BAR_WIDTH}" height="${ROW - 8}" class="track"/>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${length.toFixed(1)}" height="${ROW - 8}" class="bar ${tone}"/>`,
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 6}" y="${y + 14}" class="value">${escapeHtml(format(bar.value))}</text>`,
    ].join("");
  });
  return `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-label="${escapeHtml(title)}"><text x="0" y="14" class="title">${escapeHtml(title)}</text>${rows.join("")}</svg>`;
}
