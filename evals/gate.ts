/**
 * @module The gate's two commands: compare a run with the committed baseline of its dataset
 * (`--check`) and record a run as the new baseline of its dataset (`--update-baseline`). A run
 * made in another mode or with another embedder than the baseline is reported as not comparable
 * rather than judged.
 */
import {
  type BaselineFile,
  createBaseline,
  findRegressions,
  getDatasetName,
  readBaselineFile,
  writeBaselineFile,
} from "./baseline.ts";
import type { EvalReport, GateResult } from "./report/model.ts";

/** Compares `report` with its dataset's baseline in `file`. */
export async function checkGate({
  report,
  file,
}: {
  report: EvalReport;
  file: string;
}): Promise<GateResult> {
  const dataset = getDatasetName(report.run.dataset.path);
  const baseline = (await readBaselineFile(file))[dataset];
  if (!baseline) {
    return {
      baselineCommit: "none",
      regressions: [],
      incomparable: `no baseline for ${dataset} in ${file}; record one with \`npm run eval -- --update-baseline\``,
    };
  }
  const { mode, models } = report.run;
  const result: GateResult = { baselineCommit: baseline.commit, regressions: [] };
  if (baseline.mode !== mode || baseline.embedder !== models.embedder) {
    result.incomparable = `the baseline was recorded in ${baseline.mode} mode with ${baseline.embedder}; this run is ${mode} mode with ${models.embedder}`;
    return result;
  }
  result.regressions = findRegressions(report.summary, baseline);
  return result;
}

/**
 * Writes each report's deterministic metrics as its dataset's baseline, keeping its tolerances
 * and the other datasets' baselines.
 */
export async function updateBaseline({
  reports,
  file,
}: {
  reports: readonly EvalReport[];
  file: string;
}): Promise<void> {
  const baselines: BaselineFile = await readBaselineFile(file).catch(() => ({}));
  for (const report of reports) {
    const dataset = getDatasetName(report.run.dataset.path);
    const { run } = report;
    baselines[dataset] = createBaseline({
      summary: report.summary,
      run: {
        commit: run.commit,
        mode: run.mode,
        embedder: run.models.embedder,
        recordedAt: run.startedAt,
      },
      previous: baselines[dataset],
    });
  }
  await writeBaselineFile(file, baselines);
}
