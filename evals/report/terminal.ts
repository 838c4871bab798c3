/**
 * @module The report as plain-text tables for the terminal: one row per metric, one column per
 * category and overall; the judged metrics apart; the gate's verdict last.
 */
import { LATENCY_METRICS, type MetricValues, QUALITY_METRICS } from "../metrics/summary.ts";
import { formatValue, METRIC_LABELS } from "./labels.ts";
import type { EvalReport, GateResult } from "./model.ts";

/** Lays out rows as columns padded to their widest cell, the first left-aligned. */
export function formatTable(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) =>
          index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function metricsTable(report: EvalReport): string {
  const groups: [string, MetricValues][] = [
    ["overall", report.summary.overall],
    ...Object.entries(report.summary.byCategory).map(
      ([category, values]) => [category, values] as [string, MetricValues],
    ),
  ];
  const rows = [["metric", ...groups.map(([name]) => name)]];
  rows.push(["cases", ...groups.map(([, values]) => String(values.cases))]);
  for (const metric of QUALITY_METRICS) {
    rows.push([METRIC_LABELS[metric], ...groups.map(([, values]) => formatValue(values[metric]))]);
  }
  for (const metric of LATENCY_METRICS) {
    rows.push([
      METRIC_LABELS[metric],
      ...groups.map(([, values]) => formatValue(values[metric], true)),
    ]);
  }
  return formatTable(rows);
}

function judgedTable(judged: NonNullable<EvalReport["judged"]>): string {
  const groups = [["overall", judged.overall] as const, ...Object.entries(judged.byCategory)];
  return formatTable([
    ["LLM-judged (not gated)", ...groups.map(([name]) => name)],
    ["faithfulness", ...groups.map(([, values]) => formatValue(values?.faithfulness))],
    ["answer relevance", ...groups.map(([, values]) => formatValue(values?.relevance))],
    ["judged / errors", ...groups.map(([, values]) => `${values?.judged}/${values?.errors}`)],
  ]);
}

/** The gate's verdict in a few lines. */
export function formatGate(gate: GateResult): string {
  if (gate.incomparable) return `Gate: not comparable with the baseline — ${gate.incomparable}`;
  if (gate.regressions.length === 0) {
    return `Gate: passed (no metric dropped beyond its tolerance vs baseline ${gate.baselineCommit})`;
  }
  const lines = gate.regressions.map(
    (r) =>
      `  ${r.scope} ${METRIC_LABELS[r.metric]}: ${formatValue(r.baseline)} → ${formatValue(r.current)} (tolerance ${r.tolerance})`,
  );
  return [`Gate: FAILED — ${gate.regressions.length} regression(s):`, ...lines].join("\n");
}

/**
 * Several datasets' metrics side by side (each cell `dev / holdout`, in the reports' order), per
 * category in first-seen order across the reports.
 */
export function formatSideBySide(reports: readonly EvalReport[]): string {
  const names = ["overall"];
  for (const report of reports) {
    for (const category of Object.keys(report.summary.byCategory)) {
      if (!names.includes(category)) names.push(category);
    }
  }
  const valuesOf = (report: EvalReport, name: string): MetricValues | undefined =>
    name === "overall"
      ? report.summary.overall
      : report.summary.byCategory[name as keyof EvalReport["summary"]["byCategory"]];
  const cell = (pick: (values: MetricValues) => string) =>
    names.map((name) =>
      reports
        .map((report) => {
          const values = valuesOf(report, name);
          return values ? pick(values) : "·";
        })
        .join(" / "),
    );
  const rows = [["metric", ...names]];
  rows.push(["cases", ...cell((values) => String(values.cases))]);
  for (const metric of QUALITY_METRICS) {
    rows.push([METRIC_LABELS[metric], ...cell((values) => formatValue(values[metric]))]);
  }
  for (const metric of LATENCY_METRICS) {
    rows.push([METRIC_LABELS[metric], ...cell((values) => formatValue(values[metric], true))]);
  }
  const legend = reports.map((report) => report.run.dataset.path).join(" / ");
  return `Each cell: ${legend} (· no such cases, — metric does not apply)\n${formatTable(rows)}`;
}

/** The whole terminal report. */
export function formatTerminalReport(report: EvalReport): string {
  const { run } = report;
  const failing = report.cases.filter((c) => c.failures.length > 0).length;
  const parts = [
    `Eval ${run.dataset.path} (${run.dataset.cases} cases) · ${run.target} · mode ${run.mode} · embedder ${run.models.embedder ?? "?"}${run.models.chat ? ` · chat ${run.models.chat}` : ""} · prompts v${run.promptVersion ?? "?"} · commit ${run.commit}`,
    metricsTable(report),
  ];
  if (report.judged) parts.push(judgedTable(report.judged));
  if (run.fallbacks.length > 0) parts.push(`LLM fallbacks: ${run.fallbacks.length}`);
  parts.push(`${failing} of ${report.cases.length} cases have a failure (see the HTML report).`);
  if (report.gate) parts.push(formatGate(report.gate));
  return parts.join("\n\n");
}
