/**
 * @module LLM-judged metrics, optional and reported apart from the deterministic ones: the
 * faithfulness of an answer to its cited sources and its relevance to the question, each a 1–5
 * grade from a judge model scaled to 0–1. A reply that is not a valid grade counts as no grade.
 */
import { z } from "zod";
import type { ChatModel } from "../../src/rag/answer/types.ts";
import { mean } from "../metrics/summary.ts";
import type { ObservedAnswer } from "../observation.ts";
import type { EvalCategory } from "../schema.ts";
import { block, FAITHFULNESS_PROMPT, RELEVANCE_PROMPT } from "./prompts.ts";

const Grade = z.object({
  score: z.coerce.number().int().min(1).max(5),
  reason: z.string().optional(),
});

/** One metric's grade for one answer: `score` in 0–1, or the reason there is none. */
export type JudgeGrade = { score: number; reason?: string | undefined } | { error: string };

export interface JudgeResult {
  faithfulness: JudgeGrade;
  relevance: JudgeGrade;
}

/** Reads the grade out of a judge reply (tolerating code fences and text around the JSON). */
export function parseGrade(reply: string): JudgeGrade {
  const json = /\{[\s\S]*\}/.exec(reply)?.[0];
  if (!json) return { error: `no JSON in the judge's reply: ${reply.slice(0, 120)}` };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: `unparseable JSON in the judge's reply: ${json.slice(0, 120)}` };
  }
  const grade = Grade.safeParse(value);
  if (!grade.success) return { error: `not a 1-5 grade: ${json.slice(0, 120)}` };
  return { score: (grade.data.score - 1) / 4, reason: grade.data.reason };
}

async function grade(model: ChatModel, system: string, user: string): Promise<JudgeGrade> {
  try {
    const reply = await model.complete({
      messages: [
        { role: "system", content: system },
        { role: "user", content: user },
      ],
      temperature: 0,
      maxTokens: 200,
    });
    return parseGrade(reply);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Grades one answer to `question` on both metrics. */
export async function judgeAnswer({
  model,
  question,
  answer,
}: {
  model: ChatModel;
  question: string;
  answer: ObservedAnswer;
}): Promise<JudgeResult> {
  const sources = answer.citations.map((c) => `[${c.n}] ${c.title} (${c.date})\n${c.text}`);
  const [faithfulness, relevance] = await Promise.all([
    grade(
      model,
      FAITHFULNESS_PROMPT,
      `${block("sources", sources.join("\n\n"))}\n${block("answer", answer.answer)}`,
    ),
    grade(
      model,
      RELEVANCE_PROMPT,
      `${block("question", question)}\n${block("answer", answer.answer)}`,
    ),
  ]);
  return { faithfulness, relevance };
}

export interface JudgeValues {
  judged: number;
  errors: number;
  faithfulness: number | null;
  relevance: number | null;
}

const scoreOf = (g: JudgeGrade) => ("score" in g ? g.score : null);

function summarizeJudged(results: readonly JudgeResult[]): JudgeValues {
  return {
    judged: results.length,
    errors: results.filter((r) => "error" in r.faithfulness || "error" in r.relevance).length,
    faithfulness: mean(results.map((r) => scoreOf(r.faithfulness))),
    relevance: mean(results.map((r) => scoreOf(r.relevance))),
  };
}

/** Judged metrics overall and per category. */
export function summarizeJudgements(
  judged: readonly { category: EvalCategory; result: JudgeResult }[],
): { overall: JudgeValues; byCategory: Partial<Record<EvalCategory, JudgeValues>> } {
  const categories = [...new Set(judged.map((j) => j.category))];
  return {
    overall: summarizeJudged(judged.map((j) => j.result)),
    byCategory: Object.fromEntries(
      categories.map((category) => [
        category,
        summarizeJudged(judged.filter((j) => j.category === category).map((j) => j.result)),
      ]),
    ),
  };
}
