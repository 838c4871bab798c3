/**
 * @module The 5-second rule. WeChat (and WeCom) wait about 5 s for a reply, then drop the
 * connection and deliver the same message again — three deliveries in all — and show the user
 * "该公众号暂时无法提供服务" if none is answered in time. So one answer is computed per message,
 * whichever delivery comes first, and every delivery waits on that one computation:
 *
 * - ready within ~4.5 s of a delivery → it is the reply, and any later delivery gets the same;
 * - not ready, and a way to send later is configured (the customer-service message API) → reply
 *   nothing (`success`) and send the answer when it is ready;
 * - not ready, not the last delivery → hold the connection past WeChat's timeout, so WeChat
 *   delivers again and the next delivery waits on the same computation;
 * - not ready on the last delivery → reply "still working"; the user's next message gets it.
 *
 * Answers and the "answer waiting" marks live in the `KeyValue` store, and so does the claim on a
 * message: with a store several processes share (Redis), a message delivered to three replicas is
 * computed by one and the others wait for its stored answer. The computations in flight live in
 * this process's memory.
 */

import type { SenderLimit } from "../../http/rate-limit.ts";
import { hashForLog, type Logger } from "../../logger.ts";
import type { KeyValue } from "../../ports/key-value.ts";
import type { Assistant } from "../../rag/answer/types.ts";
import { IndexNotReadyError } from "../../rag/errors.ts";
import type { ConversationHistory } from "./history.ts";
import type { Intent } from "./inbound.ts";
import {
  CAPABILITIES_REPLY,
  composeAnswerReply,
  composeFailure,
  composeNotReady,
  composeSlowDown,
  composeStillWorking,
  detectLanguage,
  getEarlierAnswerNote,
  isFetchRequest,
  type Language,
  type ReplyContent,
  renderReply,
  WELCOME_REPLY,
} from "./replies.ts";

/** Time limits of the exchange with WeChat, in milliseconds. */
export interface ReplyTiming {
  /** When a delivery is answered at the latest if it must be: WeChat gives up after 5 s. */
  replyDeadlineMs: number;
  /** How long an earlier delivery is held, past WeChat's timeout, so that WeChat retries. */
  retryHoldMs: number;
  /** Deliveries WeChat makes of one message: the first and its retries. */
  maxDeliveries: number;
  /** A delivery this long after the message was created is treated as the last. */
  lastDeliveryAfterMs: number;
  /** Longest an answer may take before it is abandoned. */
  answerTimeoutMs: number;
  /**
   * Without a way to send late answers: how long the model may take before the answer is
   * composed offline instead, so that it is ready for WeChat's last delivery.
   */
  modelBudgetMs: number;
  /** How often a process computing an answer renews its claim on the message. */
  claimRenewMs: number;
  /**
   * A claim not renewed for this long belongs to a process that went away (a replica restarted
   * mid-answer): a waiting process computes the answer itself rather than wait out
   * `answerTimeoutMs`, which outlasts WeChat's deliveries.
   */
  claimStaleMs: number;
}

/** WeChat's limits, with half a second to spare for the network. */
export const DEFAULT_REPLY_TIMING: ReplyTiming = {
  replyDeadlineMs: 4500,
  retryHoldMs: 6000,
  maxDeliveries: 3,
  lastDeliveryAfterMs: 9000,
  answerTimeoutMs: 60_000,
  // The third delivery comes about 10 s after the first and is answered 4.5 s after it arrives.
  modelBudgetMs: 12_500,
  claimRenewMs: 3000,
  claimStaleMs: 10_000,
};

/** One delivery of a message by WeChat. */
export interface Delivery {
  /** The key WeChat's deliveries of one message share (`getRetryKey`). */
  key: string;
  /** The sender: an OpenID or a WeCom UserID. */
  user: string;
  intent: Intent;
  /** When WeChat created the message (`CreateTime`), in ms. */
  createdAt: number;
  /** When this delivery arrived, in ms. */
  receivedAt: number;
  /** Keeps work going after the response is sent (a Worker's `waitUntil`). */
  keepAlive?: ((work: Promise<unknown>) => void) | undefined;
}

/** The reply to a delivery: text, or nothing (`success`). */
export type Outcome = { kind: "text"; text: string } | { kind: "empty" };

/** What the coordinator works with. */
export interface ReplyCoordinatorOptions {
  /** Channel name for logs and the prefix of its keys, e.g. `wechat`. */
  channel: string;
  assistant: Assistant;
  /** The assistant to answer `user` with (e.g. one recording questions under a hash of the id). */
  assistantFor?: ((user: string) => Assistant) | undefined;
  kv: KeyValue;
  history: ConversationHistory;
  /** Sends a text outside the reply; without it, late answers wait for the user's next message. */
  sendLater?: ((user: string, text: string) => Promise<void>) | undefined;
  timing?: Partial<ReplyTiming> | undefined;
  /** Counts each sender's new questions (not WeChat's retries); over the limit, a "slow down" reply. */
  limitSender?: SenderLimit | undefined;
  logger: Logger;
  now?: (() => number) | undefined;
}

interface Job {
  user: string;
  language: Language;
  deliveries: number;
  /** The reply; never rejects. */
  content: Promise<ReplyContent>;
  settledAt?: number;
  /** What was done when a delivery's deadline passed: the answer goes by API, or with the next message. */
  late?: "send" | "next-message";
}

interface StoredJob {
  startedAt: number;
  /** When the process computing it last said it still is (absent: `startedAt`). */
  aliveAt?: number;
  content?: ReplyContent;
}

interface PendingAnswer {
  key: string;
}

/** How long answers and "answer waiting" marks are kept. */
const STATE_TTL_SECONDS = 60 * 60;
/** How long a settled computation stays in memory (later deliveries read the store). */
const JOB_MEMORY_MS = 2 * 60 * 1000;
const MAX_JOBS_IN_MEMORY = 1000;
const POLL_MS = 250;

const EMPTY: Outcome = { kind: "empty" };
const reply = (content: ReplyContent): Outcome => ({ kind: "text", text: renderReply(content) });

/** Resolves with `promise`'s value, or `undefined` once `ms` have passed. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
    promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Whether the answer goes out through the API: every delivery then replies nothing. */
const isHandedToApi = (job: Job) => job.late === "send";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Decides, for every delivery, what to reply and when — computing each answer once. */
export function createReplyCoordinator(options: ReplyCoordinatorOptions) {
  const { channel, assistant, kv, history, sendLater, logger } = options;
  const timing: ReplyTiming = { ...DEFAULT_REPLY_TIMING, ...options.timing };
  const now = options.now ?? Date.now;
  const jobs = new Map<string, Job>();
  const jobKey = (key: string) => `${channel}:job:${key}`;
  const pendingKey = (user: string) => `${channel}:pending:${user}`;

  function prune() {
    const cutoff = now() - JOB_MEMORY_MS;
    for (const [key, job] of jobs) {
      if (job.settledAt !== undefined && job.settledAt < cutoff) jobs.delete(key);
    }
    for (const [key, job] of jobs) {
      if (jobs.size <= MAX_JOBS_IN_MEMORY) break;
      if (job.settledAt !== undefined) jobs.delete(key);
    }
  }

  /** The stored reply of `key`, waiting while another isolate is still computing it. */
  async function readStored(key: string): Promise<ReplyContent | undefined> {
    for (;;) {
      const stored = await kv.get<StoredJob>(jobKey(key));
      if (!stored) return undefined;
      if (stored.content) return stored.content;
      if (now() - stored.startedAt > timing.answerTimeoutMs) return undefined;
      if (now() - (stored.aliveAt ?? stored.startedAt) > timing.claimStaleMs) return undefined;
      await sleep(POLL_MS);
    }
  }

  async function computeAnswer(user: string, question: string): Promise<ReplyContent> {
    const language = detectLanguage(question);
    const earlier = await history.read(user);
    try {
      // The assistant answers offline once the signal aborts: a slow or failing model still
      // leaves an answer in time for WeChat when it cannot be sent later.
      const budget = sendLater ? timing.answerTimeoutMs : timing.modelBudgetMs;
      const answerer = options.assistantFor?.(user) ?? assistant;
      const answer = await answerer.answer([...earlier, { role: "user", content: question }], {
        signal: AbortSignal.timeout(budget),
      });
      await history.append(user, [
        { role: "user", content: question },
        { role: "assistant", content: answer.answer },
      ]);
      return composeAnswerReply(answer, language);
    } catch (error) {
      if (error instanceof IndexNotReadyError) return composeNotReady(language);
      logger.error("answer failed", { channel, error });
      return composeFailure(language);
    }
  }

  /** The answer the user was told to fetch with their next message, if there is one. */
  async function takeEarlierAnswer(
    user: string,
    key: string,
    question: string,
  ): Promise<ReplyContent | undefined> {
    const pending = await kv.get<PendingAnswer>(pendingKey(user));
    if (!pending || pending.key === key) return undefined;
    const earlier = await (jobs.get(pending.key)?.content ?? readStored(pending.key));
    await clearPending(user, pending.key);
    if (!earlier) return undefined;
    if (isFetchRequest(question)) return earlier;
    return { ...earlier, note: getEarlierAnswerNote(detectLanguage(question)) };
  }

  /** Runs `work`, renewing the claim on `key` meanwhile so that waiting processes keep waiting. */
  async function renewingClaim<T>(key: string, work: () => Promise<T>): Promise<T> {
    const startedAt = now();
    let renewal: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      renewal = kv
        .set(jobKey(key), { startedAt, aliveAt: now() } satisfies StoredJob, {
          ttlSeconds: STATE_TTL_SECONDS,
        })
        .catch((error: unknown) => logger.warn("claim not renewed", { channel, error }));
    }, timing.claimRenewMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      // The answer is written after the last renewal, never overwritten by it.
      await renewal;
    }
  }

  async function resolveContent(delivery: Delivery, question: string): Promise<ReplyContent> {
    try {
      // One computation per message across every process sharing `kv`: the first to claim the
      // key computes; the others wait for the answer it stores.
      const claim: StoredJob = { startedAt: now() };
      if (!(await kv.setIfAbsent(jobKey(delivery.key), claim, { ttlSeconds: STATE_TTL_SECONDS }))) {
        const stored = await readStored(delivery.key);
        if (stored) return stored;
        // The claimant gave up or went away without an answer: compute here.
        await kv.set(jobKey(delivery.key), { startedAt: now() } satisfies StoredJob, {
          ttlSeconds: STATE_TTL_SECONDS,
        });
      }
      const content = await renewingClaim(delivery.key, async () => {
        return (
          (await takeEarlierAnswer(delivery.user, delivery.key, question)) ??
          (await computeAnswer(delivery.user, question))
        );
      });
      await kv.set(jobKey(delivery.key), { startedAt: now(), content } satisfies StoredJob, {
        ttlSeconds: STATE_TTL_SECONDS,
      });
      return content;
    } catch (error) {
      logger.error("reply failed", { channel, error });
      return composeFailure(detectLanguage(question));
    }
  }

  async function sendLate(job: Job, key: string, content: ReplyContent) {
    if (!sendLater) return;
    try {
      await sendLater(job.user, renderReply(content));
      logger.info("late answer sent through the API", { channel });
    } catch (error) {
      logger.warn("late answer could not be sent; the user's next message gets it", {
        channel,
        error,
      });
      await kv.set(pendingKey(job.user), { key } satisfies PendingAnswer, {
        ttlSeconds: STATE_TTL_SECONDS,
      });
    }
  }

  function openJob(delivery: Delivery, question: string): Job {
    const job: Job = {
      user: delivery.user,
      language: detectLanguage(question),
      deliveries: 0,
      content: resolveContent(delivery, question),
    };
    const settled = job.content
      .then(async (content) => {
        job.settledAt = now();
        if (job.late === "send") await sendLate(job, delivery.key, content);
      })
      .catch((error: unknown) => logger.error("late answer lost", { channel, error }));
    delivery.keepAlive?.(settled);
    return job;
  }

  async function handle(delivery: Delivery): Promise<Outcome> {
    const { intent } = delivery;
    if (intent.kind === "none") return EMPTY;
    if (intent.kind === "welcome") return reply(WELCOME_REPLY);
    if (intent.kind === "capabilities") return reply(CAPABILITIES_REPLY);

    prune();
    // WeChat's retries of a message (here or in another process) are not new questions.
    if (options.limitSender && !jobs.has(delivery.key) && !(await isKnownMessage(delivery.key))) {
      const wait = await options.limitSender(delivery.user);
      if (wait !== undefined && !jobs.has(delivery.key)) {
        logger.info("sender over the message limit", {
          channel,
          user: await hashForLog(delivery.user),
          retryAfterSeconds: wait,
        });
        return reply(composeSlowDown(detectLanguage(intent.text), wait));
      }
    }
    let job = jobs.get(delivery.key);
    if (!job) {
      job = openJob(delivery, intent.text);
      jobs.set(delivery.key, job);
    }
    job.deliveries += 1;
    if (isHandedToApi(job)) return EMPTY;

    const isLast =
      job.deliveries >= timing.maxDeliveries ||
      now() - delivery.createdAt >= timing.lastDeliveryAfterMs;
    const limit = sendLater || isLast ? timing.replyDeadlineMs : timing.retryHoldMs;
    const content = await within(job.content, limit - (now() - delivery.receivedAt));
    // Another delivery may have handed the answer to the API while this one waited.
    if (isHandedToApi(job)) return EMPTY;
    if (content) {
      if (job.late === "next-message") await clearPending(job.user, delivery.key);
      return reply(content);
    }
    if (sendLater) {
      job.late = "send";
      return EMPTY;
    }
    if (isLast) {
      job.late = "next-message";
      await kv.set(pendingKey(job.user), { key: delivery.key } satisfies PendingAnswer, {
        ttlSeconds: STATE_TTL_SECONDS,
      });
      return reply(composeStillWorking(job.language));
    }
    return EMPTY;
  }

  async function isKnownMessage(key: string) {
    return (await kv.get<StoredJob>(jobKey(key))) !== undefined;
  }

  async function clearPending(user: string, key: string) {
    const pending = await kv.get<PendingAnswer>(pendingKey(user));
    if (pending?.key === key) await kv.delete(pendingKey(user));
  }

  return {
    handle,
    /** Computations in memory (in flight or recently settled). */
    get jobsInMemory() {
      return jobs.size;
    },
  };
}

/** Decides what each delivery of a message gets. */
export type ReplyCoordinator = ReturnType<typeof createReplyCoordinator>;
