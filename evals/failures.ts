/**
 * @module Why a case failed, in words for the report: every metric that fell short on it.
 */
import { hasKeyFact, unsupportedFigures } from "./metrics/answer.ts";
import { isRelevant } from "./metrics/retrieval.ts";
import type { CaseScore } from "./metrics/summary.ts";
import type { Observation } from "./observation.ts";
import type { EvalCase } from "./schema.ts";

/** The reasons `evalCase` failed; empty when it passed. */
export function describeFailures(
  evalCase: EvalCase,
  observation: Observation,
  score: CaseScore,
): string[] {
  const reasons: string[] = [];
  const { answer } = observation;
  if (observation.error) reasons.push(`request failed: ${observation.error}`);
  if (answer && score.figuresFaithfulness !== null && score.figuresFaithfulness < 1) {
    const figures = unsupportedFigures(answer.answer, answer.citations);
    reasons.push(`figures no cited source states: ${figures.join(", ")}`);
  }
  if (!evalCase.answerable) {
    if (answer?.answered) reasons.push("answered a question it should have declined");
    return reasons;
  }
  if (score.hitAt5 === 0) reasons.push("no evidence passage in the top 5 retrieved");
  if (answer && !answer.answered) reasons.push("declined an answerable question");
  const missing = evalCase.keyFacts.filter((fact) => !hasKeyFact(answer?.answer ?? "", fact));
  if (missing.length > 0) {
    reasons.push(`missing key facts: ${missing.map((fact) => JSON.stringify(fact)).join(", ")}`);
  }
  if (answer && score.citationPrecision !== null && score.citationPrecision < 1) {
    const stray = answer.citations.filter((c) => !isRelevant(c, evalCase.evidence));
    reasons.push(`citations without evidence: ${stray.map((c) => `[${c.n}]`).join(" ")}`);
  }
  if (score.followUp === 0) {
    reasons.push(
      `follow-up not resolved (rewritten query: ${JSON.stringify(answer?.query ?? "")})`,
    );
  }
  return reasons;
}
