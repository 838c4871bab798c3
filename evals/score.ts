/**
 * @module Scores one case from what the assistant did with it (see the metric modules for each
 * definition).
 */
import { citationPrecision, figuresFaithfulness, keyFactRecall } from "./metrics/answer.ts";
import { hitAt, ndcgAt, reciprocalRank } from "./metrics/retrieval.ts";
import type { CaseScore } from "./metrics/summary.ts";
import type { Observation } from "./observation.ts";
import type { EvalCase } from "./schema.ts";

/** Passages retrieved per query: enough for nDCG@10. */
export const RETRIEVAL_DEPTH = 10;

/**
 * A follow-up is resolved when, for an answerable case, the query the assistant rewrote from the
 * conversation retrieves an evidence passage in its top 5 or the answer states every key fact
 * (an LLM may answer from the conversation itself); for an unanswerable one, when it declines.
 */
export function scoreFollowUp(evalCase: EvalCase, observation: Observation): number {
  const { answer } = observation;
  if (!answer) return 0;
  if (!evalCase.answerable) return answer.answered ? 0 : 1;
  const rewriteHit = hitAt(5, observation.rewrittenRetrieved ?? [], evalCase.evidence) === 1;
  const allFacts = keyFactRecall(answer.answer, evalCase.keyFacts) === 1;
  return rewriteHit || allFacts ? 1 : 0;
}

/** The per-case values the summary averages. */
export function scoreCase(evalCase: EvalCase, observation: Observation): CaseScore {
  const { answer } = observation;
  const { answerable, evidence } = evalCase;
  const ranked = observation.retrieved;
  const answered = answer?.answered === true;
  return {
    id: evalCase.id,
    category: evalCase.category,
    answerable,
    declined: answer !== undefined && !answer.answered,
    hitAt1: answerable ? hitAt(1, ranked, evidence) : null,
    hitAt5: answerable ? hitAt(5, ranked, evidence) : null,
    reciprocalRank: answerable ? reciprocalRank(ranked, evidence) : null,
    ndcgAt10: answerable ? ndcgAt(RETRIEVAL_DEPTH, ranked, evidence) : null,
    keyFactRecall: answerable
      ? (keyFactRecall(answer?.answer ?? "", evalCase.keyFacts) ?? 0)
      : null,
    // A decline cites contact passages, not an answer's sources: only answers are judged.
    citationPrecision:
      answerable && answered ? citationPrecision(answer?.citations ?? [], evidence) : null,
    figuresFaithfulness: answer ? figuresFaithfulness(answer.answer, answer.citations) : null,
    followUp: evalCase.category === "follow-up" ? scoreFollowUp(evalCase, observation) : null,
    latencyMs: observation.latencyMs,
  };
}
