/**
 * @module Scores one case from what the assistant did with it (see the metric modules for each
 * definition).
 */
import {
  citationPrecision,
  figuresFaithfulness,
  hasKeyFact,
  keyFactRecall,
} from "./metrics/answer.ts";
import { hitAt, ndcgAt, reciprocalRank } from "./metrics/retrieval.ts";
import type { CaseScore } from "./metrics/summary.ts";
import type { Observation } from "./observation.ts";
import { type EvalCase, USEFULNESS_CATEGORIES } from "./schema.ts";

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

/**
 * An open question or a greeting is answered usefully when the assistant answers (never
 * declines) and states at least `minKeyFacts` of the case's key facts.
 */
export function scoreUsefulness(evalCase: EvalCase, observation: Observation): number {
  const { answer } = observation;
  if (!answer?.answered) return 0;
  const stated = evalCase.keyFacts.filter((fact) => hasKeyFact(answer.answer, fact)).length;
  return stated >= (evalCase.minKeyFacts ?? evalCase.keyFacts.length) ? 1 : 0;
}

/** The per-case values the summary averages. */
export function scoreCase(evalCase: EvalCase, observation: Observation): CaseScore {
  const { answer } = observation;
  const { answerable, evidence } = evalCase;
  const ranked = observation.retrieved;
  const answered = answer?.answered === true;
  // Open questions and greetings have no single passage or fact to find: they are judged on
  // usefulness instead of retrieval, key-fact recall and citation precision.
  const open = USEFULNESS_CATEGORIES.has(evalCase.category);
  const factual = answerable && !open;
  return {
    id: evalCase.id,
    category: evalCase.category,
    answerable,
    declined: answer !== undefined && !answer.answered,
    hitAt1: factual ? hitAt(1, ranked, evidence) : null,
    hitAt5: factual ? hitAt(5, ranked, evidence) : null,
    reciprocalRank: factual ? reciprocalRank(ranked, evidence) : null,
    ndcgAt10: factual ? ndcgAt(RETRIEVAL_DEPTH, ranked, evidence) : null,
    keyFactRecall: factual ? (keyFactRecall(answer?.answer ?? "", evalCase.keyFacts) ?? 0) : null,
    // A decline cites contact passages, not an answer's sources: only answers are judged.
    citationPrecision:
      factual && answered ? citationPrecision(answer?.citations ?? [], evidence) : null,
    answeredRate: answerable ? (answered ? 1 : 0) : null,
    usefulness: open ? scoreUsefulness(evalCase, observation) : null,
    figuresFaithfulness: answer ? figuresFaithfulness(answer.answer, answer.citations) : null,
    followUp: evalCase.category === "follow-up" ? scoreFollowUp(evalCase, observation) : null,
    latencyMs: observation.latencyMs,
  };
}
