/**
 * @module Unanswered questions, the team's to-do list of content gaps: questions the assistant
 * declined and answers rated thumbs-down, grouped by similar wording. Similarity is the Jaccard
 * index of the questions' term sets — English words (without common function words) and, for
 * Chinese, overlapping character pairs, since Chinese is written without spaces. Groups are
 * ordered by their newest question; a group staff marked as handled comes back when the
 * question is asked again.
 */
import type { FeedbackRecord, HandledRecord, QuestionRecord } from "../records/schemas.ts";

/** One declined question or thumbs-down answer. */
export interface UnansweredItem {
  id: string;
  kind: "declined" | "thumbs_down";
  createdAt: string;
  question: string;
  channel: string;
  language: string;
  /** The answer that was rated down, and the comment, for thumbs-down items. */
  answer?: string;
  comment?: string;
}

/** Similar items together. */
export interface UnansweredGroup {
  /** The newest item's id; stable while no newer similar question arrives. */
  id: string;
  /** Items not yet handled. */
  count: number;
  declined: number;
  thumbsDown: number;
  latest: UnansweredItem;
  /** Other phrasings in the group (up to 5, newest first). */
  examples: string[];
  /** Every item id in the group, for marking it handled. */
  itemIds: string[];
}

/** Groups whose term sets overlap at least this much are merged. */
export const SIMILARITY_THRESHOLD = 0.5;

const STOP_WORDS = new Set(
  "a an and are as at be by can do does for from how i in is it me my of on or our please tell the there this to was we what when where which who why will with you your about any".split(
    " ",
  ),
);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g;
/** Chinese function words, cut out before pairing so they do not glue unrelated characters. */
const CJK_STOP = /请问|什么|怎么|怎样|哪些|哪里|多少|是否|有没有|可以|[的了吗呢吧啊是在和与及有]/g;

/** The terms a question is compared by. */
export function questionTerms(text: string): Set<string> {
  const terms = new Set<string>();
  const lower = text.toLowerCase();
  for (const word of lower.replace(CJK, " ").match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length > 1 && !STOP_WORDS.has(word)) terms.add(word.replace(/(?<=\w{3})s$/, ""));
  }
  for (const run of lower.replace(CJK_STOP, " ").match(CJK) ?? []) {
    if (run.length === 1) terms.add(run);
    for (let i = 0; i + 1 < run.length; i++) terms.add(run.slice(i, i + 2));
  }
  return terms;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The declined questions and thumbs-down answers, as items. */
export function collectUnanswered(
  questions: readonly QuestionRecord[],
  feedback: readonly FeedbackRecord[],
): UnansweredItem[] {
  const items: UnansweredItem[] = [];
  for (const q of questions) {
    if (q.answered || q.mode === "error") continue;
    items.push({
      id: q.id,
      kind: "declined",
      createdAt: q.createdAt,
      question: q.standaloneQuestion || q.question,
      channel: q.channel,
      language: q.language,
    });
  }
  for (const f of feedback) {
    if (f.rating !== "down") continue;
    items.push({
      id: f.id,
      kind: "thumbs_down",
      createdAt: f.createdAt,
      question: f.standaloneQuestion || f.question,
      channel: "web",
      language: f.language ?? (/[\u3400-\u9fff]/.test(f.question) ? "zh" : "en"),
      answer: f.answer,
      comment: f.comment,
    });
  }
  return items.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * Groups items by similar question (each joins the group holding its most similar question, if
 * any reaches the threshold), leaving out groups whose every item was marked handled.
 */
export function groupUnanswered(
  items: readonly UnansweredItem[],
  handled: readonly HandledRecord[] = [],
  threshold = SIMILARITY_THRESHOLD,
): UnansweredGroup[] {
  const done = new Set(handled.flatMap((record) => record.itemIds));
  const groups: { items: UnansweredItem[]; terms: Set<string>[] }[] = [];
  const newestFirst = items.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const item of newestFirst) {
    const terms = questionTerms(item.question);
    let best: (typeof groups)[number] | undefined;
    let bestScore = 0;
    for (const group of groups) {
      for (const other of group.terms) {
        const score = jaccard(terms, other);
        if (score > bestScore) {
          bestScore = score;
          best = group;
        }
      }
    }
    const exact = groups.find((group) =>
      group.items.some(
        (other) => other.question.trim().toLowerCase() === item.question.trim().toLowerCase(),
      ),
    );
    const target = exact ?? (best && bestScore >= threshold ? best : undefined);
    if (target) {
      target.items.push(item);
      target.terms.push(terms);
    } else {
      groups.push({ items: [item], terms: [terms] });
    }
  }
  const result: UnansweredGroup[] = [];
  for (const group of groups) {
    const open = group.items.filter((item) => !done.has(item.id));
    const latest = open[0];
    if (!latest) continue;
    const phrasings = [...new Set(open.map((item) => item.question))];
    result.push({
      id: latest.id,
      count: open.length,
      declined: open.filter((item) => item.kind === "declined").length,
      thumbsDown: open.filter((item) => item.kind === "thumbs_down").length,
      latest,
      examples: phrasings.filter((text) => text !== latest.question).slice(0, 5),
      itemIds: group.items.map((item) => item.id),
    });
  }
  return result.toSorted((a, b) => b.latest.createdAt.localeCompare(a.latest.createdAt));
}
