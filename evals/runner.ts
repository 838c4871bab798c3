/**
 * @module Runs each case against a target: the reference query's retrieval, the answer to the
 * conversation (timed), and for follow-ups the retrieval of the query the assistant rewrote.
 * A failing request is recorded on its case; it never stops the run.
 */
import type { Observation } from "./observation.ts";
import { type EvalCase, lastQuestion } from "./schema.ts";
import { RETRIEVAL_DEPTH } from "./score.ts";
import type { EvalTarget } from "./targets/target.ts";

/** The query retrieval is judged on: a follow-up's standalone form, else the question. */
export function referenceQuery(evalCase: EvalCase): string {
  return evalCase.standaloneQuestion ?? lastQuestion(evalCase);
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs one case. */
export async function observeCase(target: EvalTarget, evalCase: EvalCase): Promise<Observation> {
  const observation: Observation = { id: evalCase.id, retrieved: [], latencyMs: 0 };
  const errors: string[] = [];
  try {
    observation.retrieved = await target.search(referenceQuery(evalCase), RETRIEVAL_DEPTH);
  } catch (error) {
    errors.push(`search: ${describeError(error)}`);
  }
  const started = performance.now();
  try {
    observation.answer = await target.answer(evalCase.messages);
  } catch (error) {
    errors.push(`answer: ${describeError(error)}`);
  }
  observation.latencyMs = Math.round(performance.now() - started);
  if (evalCase.category === "follow-up" && observation.answer) {
    try {
      observation.rewrittenRetrieved = await target.search(observation.answer.query, 5);
    } catch (error) {
      errors.push(`search (rewritten query): ${describeError(error)}`);
    }
  }
  if (errors.length > 0) observation.error = errors.join("; ");
  return observation;
}

/**
 * Runs every case, `concurrency` at a time (1 keeps latencies comparable), in dataset order.
 * `onCase` is told after each case.
 */
export async function observeCases({
  target,
  cases,
  concurrency = 1,
  onCase,
}: {
  target: EvalTarget;
  cases: readonly EvalCase[];
  concurrency?: number;
  onCase?: (done: number, total: number, observation: Observation) => void;
}): Promise<Observation[]> {
  const results: Observation[] = new Array(cases.length);
  // One untimed search first, so opening the index does not land in the first case's latency.
  const first = cases[0];
  if (first) await target.search(referenceQuery(first), 1).catch(() => undefined);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const evalCase = cases[index];
      if (!evalCase) continue;
      results[index] = await observeCase(target, evalCase);
      onCase?.(++done, cases.length, results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}
