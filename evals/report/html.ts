/**
 * @module The self-contained HTML report: run details, the metrics table, one SVG chart per
 * metric across categories, the judged metrics apart, the gate, and the failing cases. Inline
 * CSS, no scripts, no external requests; every untrusted string is escaped.
 */
import {
  LATENCY_METRICS,
  type LatencyMetric,
  type MetricValues,
  QUALITY_METRICS,
  type QualityMetric,
} from "../metrics/summary.ts";
import { renderBarChart } from "./charts.ts";
import { escapeHtml } from "./escape.ts";
import { renderFailingCases } from "./html-cases.ts";
import { formatValue, METRIC_LABELS } from "./labels.ts";
import type { EvalReport } from "./model.ts";
import { formatGate, formatSideBySide } from "./terminal.ts";

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d232a}
table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #dde;padding:.25rem .6rem;text-align:right}
th:first-child,td:first-child,.info td{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chart text{font:12px system-ui,sans-serif}.chart .title{font-weight:600}.track{fill:#eef}
.good{fill:#2e8b57}.fair{fill:#d9a21b}.poor{fill:#c8423b}.neutral{fill:#4a6fa5}
.case{border:1px solid #dde;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}.case summary{cursor:pointer}
.tag{background:#eef;border-radius:4px;padding:0 .3rem;font-size:12px}.muted{color:#667}.error{color:#c8423b}
blockquote{margin:.2rem 0 .6rem 1rem;color:#334;white-space:pre-wrap}.reasons{color:#c8423b}.hit{background:#2e8b57;color:#fff;border-radius:4px;padding:0 .3rem;font-size:12px}
.turn{margin:.2rem 0}.answer{white-space:pre-wrap;background:#f6f7fb;padding:.5rem}pre{white-space:pre-wrap}`;

function groupsOf(report: EvalReport): [string, MetricValues][] {
  return [
    ["overall", report.summary.overall],
    ...(Object.entries(report.summary.byCategory) as [string, MetricValues][]),
  ];
}

function metricsTable(groups: [string, MetricValues][]): string {
  const head = `<tr><th>metric</th>${groups.map(([name]) => `<th>${escapeHtml(name)}</th>`).join("")}</tr>`;
  const row = (label: string, cells: string[]) =>
    `<tr><td>${escapeHtml(label)}</td>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
  const rows = [
    row(
      "cases",
      groups.map(([, v]) => String(v.cases)),
    ),
  ];
  for (const metric of [...QUALITY_METRICS, ...LATENCY_METRICS]) {
    const ms = (LATENCY_METRICS as readonly string[]).includes(metric);
    rows.push(
      row(
        METRIC_LABELS[metric],
        groups.map(([, v]) => formatValue(v[metric], ms)),
      ),
    );
  }
  return `<table>${head}${rows.join("")}</table>`;
}

function chartFor(metric: QualityMetric | LatencyMetric, groups: [string, MetricValues][]) {
  const bars = groups.map(([label, values]) => ({ label, value: values[metric] }));
  if (!(LATENCY_METRICS as readonly string[]).includes(metric)) {
    return renderBarChart({ title: METRIC_LABELS[metric], bars });
  }
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));
  return renderBarChart({
    title: METRIC_LABELS[metric],
    bars,
    max,
    format: (v) => `${Math.round(v)} ms`,
  });
}

function judgedSection(judged: NonNullable<EvalReport["judged"]>): string {
  const groups = [["overall", judged.overall] as const, ...Object.entries(judged.byCategory)];
  const charts = (["faithfulness", "relevance"] as const).map((metric) =>
    renderBarChart({
      title: metric === "faithfulness" ? "faithfulness (judged)" : "answer relevance (judged)",
      bars: groups.map(([label, values]) => ({ label, value: values?.[metric] ?? null })),
    }),
  );
  return `<h2>LLM-judged metrics (not gated)</h2><div class="charts">${charts.join("")}</div>`;
}

function reportSection(report: EvalReport): string {
  const { run } = report;
  const e = escapeHtml;
  const groups = groupsOf(report);
  const info: [string, string][] = [
    ["started", run.startedAt],
    ["commit", run.commit],
    ["target", run.target],
    ["mode", run.mode],
    ["embedder", run.models.embedder ?? "unknown"],
    ["chat model", run.models.chat ?? "none"],
    ["judge model", run.models.judge ?? "none"],
    ["prompt version", String(run.promptVersion ?? "unknown")],
    [
      "dataset",
      `${run.dataset.path} (${run.dataset.cases} cases, sha256 ${run.dataset.sha256.slice(0, 12)})`,
    ],
    ["LLM fallbacks", String(run.fallbacks.length)],
  ];
  const charts = [...QUALITY_METRICS, ...LATENCY_METRICS].map((m) => chartFor(m, groups));
  return `<section><h2>${e(run.dataset.path)}</h2>
<table class="info">${info.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join("")}</table>
${report.gate ? `<pre>${e(formatGate(report.gate))}</pre>` : ""}
<h3>Metrics</h3>${metricsTable(groups)}
<div class="charts">${charts.join("")}</div>
${report.judged ? judgedSection(report.judged) : ""}
<h3>Failing cases</h3>${renderFailingCases(report.cases)}
<h3>Index manifest</h3><pre>${e(JSON.stringify(run.index, null, 2))}</pre></section>`;
}

/**
 * One HTML document for the runs of one or more datasets (dev and holdout): their metrics side
 * by side first, then each run in full.
 */
export function renderHtmlReports(reports: readonly EvalReport[]): string {
  const e = escapeHtml;
  const commit = reports[0]?.run.commit ?? "";
  const sideBySide =
    reports.length > 1 ? `<h2>Side by side</h2><pre>${e(formatSideBySide(reports))}</pre>` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Eval report ${e(commit)}</title><style>${STYLE}</style></head><body>
<h1>Evaluation report</h1>
${sideBySide}
${reports.map(reportSection).join("\n")}
</body></html>
`;
}

/** The whole report of one dataset as one HTML document. */
export function renderHtmlReport(report: EvalReport): string {
  return renderHtmlReports([report]);
}
