/**
 * @module `npm run eval`: runs the evaluation suite in-process (an index built from the corpus
 * into a temporary folder, in the configured mode) or against a running server (`--url`), prints
 * the metrics, writes JSON and HTML reports to `evals/reports/`, and with `--check` fails when a
 * metric dropped below the committed baseline by more than its tolerance.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { getDatasetName } from "../evals/baseline.ts";
import { checkGate, updateBaseline } from "../evals/gate.ts";
import { renderHtmlReports } from "../evals/report/html.ts";
import type { EvalReport } from "../evals/report/model.ts";
import { formatSideBySide, formatTerminalReport } from "../evals/report/terminal.ts";
import { runEval } from "../evals/run.ts";
import { EvalCategory, parseEvalCases } from "../evals/schema.ts";
import { createJudgeModel, parseEvalSettings } from "../evals/settings.ts";
import { createHttpTarget } from "../evals/targets/http.ts";
import { createInProcessTarget } from "../evals/targets/in-process.ts";
import { loadConfig } from "../src/runtime/node/env.ts";

const USAGE = `Usage: npm run eval -- [options]
  --url <base>          evaluate a running server (POST /api/chat, GET /api/search)
  --dataset <file>      JSONL dataset (repeatable; default evals/dev.jsonl and
                        evals/holdout.jsonl, reported side by side)
  --index <dir>         build the in-process index here (kept, updated incrementally)
                        instead of in a temporary folder
  --category <name>     only this category (repeatable; not with --check/--update-baseline)
  --concurrency <n>     cases run at once (default 1, which keeps latencies comparable)
  --check               exit 1 when a metric dropped beyond its tolerance vs the baseline
  --update-baseline     record this run's metrics as the new baseline
  --baseline <file>     baseline file (default evals/baseline.json)
  --out <dir>           report folder (default evals/reports)
LLM-judged metrics run when JUDGE_MODEL is set (with OPENAI_API_KEY or OPENAI_BASE_URL).`;

const DEFAULT_BASELINE = "evals/baseline.json";
/**
 * The development set (read its failures, tune on it) and the frozen held-out set (report its
 * aggregates only; never tune on its cases).
 */
const DEFAULT_DATASETS = ["evals/dev.jsonl", "evals/holdout.jsonl"];

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    dataset: { type: "string", multiple: true },
    index: { type: "string" },
    category: { type: "string", multiple: true },
    concurrency: { type: "string", default: "1" },
    check: { type: "boolean", default: false },
    "update-baseline": { type: "boolean", default: false },
    baseline: { type: "string", default: DEFAULT_BASELINE },
    out: { type: "string", default: "evals/reports" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
  fail("--concurrency must be a whole number from 1 to 32");
}
const categories = (values.category ?? []).map((name) => {
  const parsed = EvalCategory.safeParse(name);
  return parsed.success
    ? parsed.data
    : fail(`Unknown --category ${name}: ${EvalCategory.options.join(", ")}`);
});
if (categories.length > 0 && (values.check || values["update-baseline"])) {
  fail("--category runs part of the suite; the gate and the baseline need all of it.");
}

const config = loadConfig();
const datasetPaths = values.dataset?.length ? values.dataset : DEFAULT_DATASETS;
const datasets = await Promise.all(
  datasetPaths.map(async (datasetPath) => {
    const text = await readFile(datasetPath, "utf8").catch((error: Error) =>
      fail(`Cannot read the dataset ${datasetPath}: ${error.message}`),
    );
    const all = parseEvalCases(text, datasetPath);
    return {
      path: datasetPath,
      sha256: createHash("sha256").update(text).digest("hex"),
      cases: categories.length ? all.filter((c) => categories.includes(c.category)) : all,
    };
  }),
);

const { judge, target } = await (async () => ({
  judge: createJudgeModel(config, parseEvalSettings(process.env)),
  target: values.url
    ? createHttpTarget({ baseUrl: values.url })
    : await createInProcessTarget({
        config,
        indexDir: values.index,
        onWarning: (message) => console.error(`warning: ${message}`),
      }),
}))().catch((error: Error) => fail(`The evaluation could not start: ${error.message}`, 1));

const reports: EvalReport[] = [];
try {
  for (const dataset of datasets) {
    console.error(`${dataset.path}: ${dataset.cases.length} cases`);
    reports.push(
      await runEval({
        target,
        cases: dataset.cases,
        judge,
        concurrency,
        dataset: { path: dataset.path, sha256: dataset.sha256 },
        onCase: (done, total) => {
          if (done % 20 === 0 || done === total) console.error(`  ${done}/${total} cases`);
        },
      }),
    );
  }
} finally {
  await target.close();
}

let exitCode = 0;
if (values.check) {
  for (const report of reports) {
    const gate = await checkGate({ report, file: values.baseline });
    report.gate = gate;
    if (gate.incomparable) exitCode = Math.max(exitCode, 2);
    else if (gate.regressions.length > 0) exitCode = Math.max(exitCode, 1);
  }
}

await mkdir(values.out, { recursive: true });
const first = reports[0] as EvalReport;
const stamp = first.run.startedAt.replace(/[:.]/g, "-");
const base = path.join(values.out, `eval-${stamp}-${first.run.mode}`);
const written: string[] = [];
for (const report of reports) {
  const file = `${base}-${getDatasetName(report.run.dataset.path)}.json`;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  written.push(file);
}
await writeFile(`${base}.html`, renderHtmlReports(reports));
written.push(`${base}.html`);
for (const report of reports) {
  // Per dataset: the run and its gate (case failures are in the HTML report only, so a
  // held-out set's single failures are not read while tuning).
  console.log(`${formatTerminalReport(report)}\n`);
}
if (reports.length > 1) console.log(`${formatSideBySide(reports)}\n`);
console.log(`Reports: ${written.join(", ")}`);

if (values["update-baseline"]) {
  const failed = reports.flatMap((report) => report.cases).filter((c) => c.error).length;
  if (failed > 0)
    fail(`${failed} cases hit request errors; not recording them as the baseline.`, 1);
  if (first.run.mode !== "extractive" && values.baseline === DEFAULT_BASELINE) {
    fail(
      `${DEFAULT_BASELINE} is the offline baseline CI checks; record a ${first.run.mode}-mode baseline in another file with --baseline.`,
      1,
    );
  }
  await updateBaseline({ reports, file: values.baseline });
  console.log(`Baseline written to ${values.baseline}; review and commit it.`);
}
process.exit(exitCode);
