/**
 * @module One evaluation run: every case through the target, scored, optionally judged, and
 * gathered into the report that the terminal, JSON and HTML views show.
 */
import type { ChatModel } from "../src/rag/answer/types.ts";
import { describeFailures } from "./failures.ts";
import { readGitCommit } from "./git.ts";
import { type JudgeResult, judgeAnswer, summarizeJudgements } from "./judge/judge.ts";
import { JUDGE_PROMPT_VERSION } from "./judge/prompts.ts";
import { type CaseScore, summarize } from "./metrics/summary.ts";
import type { Observation } from "./observation.ts";
import type { CaseResult, EvalReport } from "./report/model.ts";
import { observeCases } from "./runner.ts";
import { type EvalCase, lastQuestion } from "./schema.ts";
import { scoreCase } from "./score.ts";
import type { EvalTarget } from "./targets/target.ts";

export interface RunEvalOptions {
  target: EvalTarget;
  cases: readonly EvalCase[];
  dataset: { path: string; sha256: string };
  /** Grades answered cases when given; its results never reach the gate. */
  judge?: ChatModel | undefined;
  concurrency?: number;
  onCase?: (done: number, total: number, observation: Observation) => void;
}

async function judgeAll(
  judge: ChatModel,
  cases: readonly EvalCase[],
  observations: readonly Observation[],
): Promise<(JudgeResult | undefined)[]> {
  const results: (JudgeResult | undefined)[] = [];
  for (const [index, evalCase] of cases.entries()) {
    const answer = observations[index]?.answer;
    results.push(
      answer?.answered
        ? await judgeAnswer({ model: judge, question: lastQuestion(evalCase), answer })
        : undefined,
    );
  }
  return results;
}

/** Runs the suite and builds its report (without the gate's verdict). */
export async function runEval(options: RunEvalOptions): Promise<EvalReport> {
  const { target, cases, judge } = options;
  const startedAt = new Date();
  const observations = await observeCases({
    target,
    cases,
    concurrency: options.concurrency,
    onCase: options.onCase,
  });
  const scores = cases.map((evalCase, index) =>
    scoreCase(evalCase, observations[index] as Observation),
  );
  const judgements = judge ? await judgeAll(judge, cases, observations) : [];
  const results: CaseResult[] = cases.map((evalCase, index) => {
    const observation = observations[index] as Observation;
    const score = scores[index] as CaseScore;
    return {
      id: evalCase.id,
      category: evalCase.category,
      answerable: evalCase.answerable,
      messages: evalCase.messages,
      standaloneQuestion: evalCase.standaloneQuestion,
      evidence: evalCase.evidence,
      keyFacts: evalCase.keyFacts,
      answer: observation.answer,
      error: observation.error,
      retrieved: observation.retrieved
        .slice(0, 5)
        .map(({ id, docId, text }) => ({ id, docId, text })),
      score,
      judge: judgements[index],
      failures: describeFailures(evalCase, observation, score),
    };
  });
  const info = await target.describe();
  const judged = results.flatMap((r) =>
    r.judge ? [{ category: r.category, result: r.judge }] : [],
  );
  return {
    run: {
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      commit: await readGitCommit(),
      target: info.target,
      mode: info.mode,
      models: { embedder: info.embedder, chat: info.chatModel, judge: judge?.id ?? null },
      promptVersion: info.promptVersion,
      judgePromptVersion: judge ? JUDGE_PROMPT_VERSION : null,
      index: info.index,
      dataset: { ...options.dataset, cases: cases.length },
      fallbacks: target.fallbacks(),
    },
    summary: summarize(scores),
    ...(judge ? { judged: summarizeJudgements(judged) } : {}),
    cases: results,
  };
}
