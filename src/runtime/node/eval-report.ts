/**
 * @module The latest evaluation report (`npm run eval` writes `evals/reports/eval-<time>-….html`),
 * for the console's usage section to link to.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Reads the newest HTML report in `dir`, or `undefined` when there is none. */
export async function readLatestEvalReport(dir = "evals/reports"): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const latest = names
    .filter((name) => /^eval-.*\.html$/.test(name))
    .sort()
    .at(-1);
  return latest === undefined ? undefined : readFile(path.join(dir, latest), "utf8");
}
