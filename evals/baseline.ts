/**
 * @module The regression gate: a committed baseline of the deterministic metrics with a
 * tolerance per metric, and the comparison that fails a run when a metric drops by more than its
 * tolerance, overall or in any category. Latency is machine-dependent and never gated.
 */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import {
  type MetricValues,
  QUALITY_METRICS,
  type QualityMetric,
  type Summary,
} from "./metrics/summary.ts";
import { EvalCategory } from "./schema.ts";

const Values = z.partialRecord(z.enum(QUALITY_METRICS), z.number().nullable());

/** How far a metric may drop: overall, and within one category (fewer cases, coarser steps). */
const Tolerance = z.object({ overall: z.number().min(0), category: z.number().min(0) });
export type Tolerance = z.infer<typeof Tolerance>;

export const Baseline = z.object({
  recordedAt: z.string(),
  commit: z.string(),
  /** The mode and embedder it was recorded with; a run in another setup is not comparable. */
  mode: z.string(),
  embedder: z.string().nullable(),
  cases: z.number().int(),
  tolerances: z.partialRecord(z.enum(QUALITY_METRICS), Tolerance),
  overall: Values,
  byCategory: z.partialRecord(EvalCategory, Values),
});
export type Baseline = z.infer<typeof Baseline>;

/**
 * Defaults for a new baseline. Offline runs are deterministic, so these absorb deliberate small
 * changes (a re-worded case, a chunker tweak), not noise; a category's tolerance lets about one
 * case in ten change.
 */
export const DEFAULT_TOLERANCE: Tolerance = { overall: 0.02, category: 0.1 };

/** One metric that dropped too far. */
export interface Regression {
  /** `overall` or a category. */
  scope: string;
  metric: QualityMetric;
  baseline: number;
  /** `null` when the category vanished from the run. */
  current: number | null;
  tolerance: number;
}

/** Absorbs floating-point error, so a drop of exactly the tolerance passes. */
const EPSILON = 1e-9;

function compareValues(
  scope: string,
  baseline: Partial<Record<QualityMetric, number | null>>,
  current: MetricValues | undefined,
  tolerances: Baseline["tolerances"],
): Regression[] {
  const regressions: Regression[] = [];
  for (const metric of QUALITY_METRICS) {
    const before = baseline[metric];
    if (before === null || before === undefined) continue;
    const limits = tolerances[metric] ?? DEFAULT_TOLERANCE;
    const tolerance = scope === "overall" ? limits.overall : limits.category;
    // A vanished category fails every metric; a metric that no longer applies (no declines left
    // to be precise about, no figures stated) is not worse.
    const after = current === undefined ? null : current[metric];
    if (current !== undefined && after === null) continue;
    if (after === null || before - after > tolerance + EPSILON) {
      regressions.push({ scope, metric, baseline: before, current: after, tolerance });
    }
  }
  return regressions;
}

/** Every metric, overall or per category, that dropped by more than its tolerance. */
export function findRegressions(summary: Summary, baseline: Baseline): Regression[] {
  const regressions = compareValues(
    "overall",
    baseline.overall,
    summary.overall,
    baseline.tolerances,
  );
  for (const [category, values] of Object.entries(baseline.byCategory)) {
    const current = summary.byCategory[category as EvalCategory];
    regressions.push(...compareValues(category, values ?? {}, current, baseline.tolerances));
  }
  return regressions;
}

const pickQuality = (values: MetricValues) =>
  Object.fromEntries(QUALITY_METRICS.map((metric) => [metric, values[metric]]));

/** A baseline of `summary`, keeping the tolerances of `previous` when there is one. */
export function createBaseline({
  summary,
  run,
  previous,
}: {
  summary: Summary;
  run: { commit: string; mode: string; embedder: string | null; recordedAt: string };
  previous?: Baseline | undefined;
}): Baseline {
  return {
    ...run,
    cases: summary.overall.cases,
    tolerances: Object.fromEntries(
      QUALITY_METRICS.map((metric) => [metric, previous?.tolerances[metric] ?? DEFAULT_TOLERANCE]),
    ),
    overall: pickQuality(summary.overall),
    byCategory: Object.fromEntries(
      Object.entries(summary.byCategory).map(([category, values]) => [
        category,
        pickQuality(values),
      ]),
    ),
  };
}

/** The baseline file: one baseline per dataset, by dataset name (`dev`, `holdout`). */
export const BaselineFile = z.record(z.string(), Baseline);
export type BaselineFile = z.infer<typeof BaselineFile>;

/** A dataset's name in the baseline file: its file name without `.jsonl` (`evals/dev.jsonl` → `dev`). */
export function getDatasetName(path: string): string {
  return (path.split(/[\\/]/).at(-1) ?? path).replace(/\.jsonl$/, "");
}

/** Reads a baseline file; empty when there is none. */
export async function readBaselineFile(file: string): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  return BaselineFile.parse(JSON.parse(text));
}

/** Writes a baseline file, datasets in name order, rounded so diffs stay readable. */
export async function writeBaselineFile(file: string, baselines: BaselineFile): Promise<void> {
  const round = (_key: string, value: unknown) =>
    typeof value === "number" && !Number.isInteger(value) ? Number(value.toFixed(4)) : value;
  const sorted = Object.fromEntries(
    Object.entries(baselines).sort(([a], [b]) => a.localeCompare(b)),
  );
  await writeFile(file, `${JSON.stringify(sorted, round, 2)}\n`);
}
