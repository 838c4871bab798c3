/**
 * @module Usage figures for the console's charts: questions per day by channel and by language,
 * and the answered/declined share, over the last `days` days (UTC).
 */
import type { QuestionRecord } from "../records/schemas.ts";

export interface DayCount {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  total: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
}

export interface UsageStats {
  days: DayCount[];
  totals: {
    questions: number;
    answered: number;
    declined: number;
    /** Questions whose answering failed (the index was not ready, say). */
    failed: number;
    byChannel: Record<string, number>;
    byLanguage: Record<string, number>;
    byMode: Record<string, number>;
  };
  /** Median answer time in milliseconds, or null with no questions. */
  medianLatencyMs: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts `questions` into one entry per day of the `days` days up to `now`, oldest first. */
export function computeUsage(
  questions: readonly QuestionRecord[],
  days: number,
  now: number = Date.now(),
): UsageStats {
  const today = Math.floor(now / DAY_MS);
  const first = today - days + 1;
  const list: DayCount[] = [];
  for (let day = first; day <= today; day++) {
    list.push({
      date: new Date(day * DAY_MS).toISOString().slice(0, 10),
      total: 0,
      byChannel: {},
      byLanguage: {},
    });
  }
  const totals: UsageStats["totals"] = {
    questions: 0,
    answered: 0,
    declined: 0,
    failed: 0,
    byChannel: {},
    byLanguage: {},
    byMode: {},
  };
  const latencies: number[] = [];
  for (const question of questions) {
    const day = Math.floor(Date.parse(question.createdAt) / DAY_MS);
    const entry = list[day - first];
    if (!entry) continue;
    entry.total++;
    bump(entry.byChannel, question.channel);
    bump(entry.byLanguage, question.language);
    totals.questions++;
    if (question.mode === "error") totals.failed++;
    else if (question.answered) totals.answered++;
    else totals.declined++;
    bump(totals.byChannel, question.channel);
    bump(totals.byLanguage, question.language);
    bump(totals.byMode, question.mode);
    latencies.push(question.latencyMs);
  }
  latencies.sort((a, b) => a - b);
  const median = latencies.length
    ? (latencies[Math.floor((latencies.length - 1) / 2)] ?? null)
    : null;
  return { days: list, totals, medianLatencyMs: median };
}
