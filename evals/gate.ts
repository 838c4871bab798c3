/**
 * @module The gate's two commands: compare a run with the committed baseline (`--check`) and
 * record a run as the new baseline (`--update-baseline`). A run made in another mode or with
 * another embedder than the baseline is reported as not comparable rather than judged.
 */
import { createBaseline, findRegressions, readBaseline, writeBaseline } from "./baseline.ts";
import type { EvalReport, GateResult } from "./report/model.ts";

/** Compares `report` with the baseline in `file`. */
export async function checkGate({
  report,
  file,
}: {
  report: EvalReport;
  file: string;
}): Promise<GateResult> {
  const baseline = await readBaseline(file);
  if (!baseline) {
    return {
      baselineCommit: "none",
      regressions: [],
      incomparable: `no baseline at ${file}; record one with \`npm run eval -- --update-baseline\``,
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

/** Writes `report`'s deterministic metrics as the baseline, keeping its tolerances. */
export async function updateBaseline({
  report,
  file,
}: {
  report: EvalReport;
  file: string;
}): Promise<void> {
  const previous = await readBaseline(file).catch(() => undefined);
  const { run } = report;
  await writeBaseline(
    file,
    createBaseline({
      summary: report.summary,
      run: {
        commit: run.commit,
        mode: run.mode,
        embedder: run.models.embedder,
        recordedAt: run.startedAt,
      },
      previous,
    }),
  );
}
