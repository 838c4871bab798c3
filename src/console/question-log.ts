/**
 * @module The question log: one wrapper around the Assistant, applied to each channel from the
 * outside, that records every question with its channel, language, outcome, mode, latency and
 * cited documents. Recording never delays or fails an answer: the write runs beside it and its
 * errors are only logged. No IP address is ever recorded; WeChat and WeCom users are kept only
 * as a keyed hash (HMAC-SHA-256), so one user's questions can be told apart without the id.
 * Runtime-neutral (Web Crypto only).
 */
import type { Logger } from "../logger.ts";
import type { Answer, AnswerEvent, Assistant, ChatMessage } from "../rag/answer/types.ts";
import type { QuestionChannel, QuestionRecord } from "../records/schemas.ts";
import type { RecordStore } from "../records/types.ts";

/** The question log's settings (QUESTION_LOG, QUESTION_LOG_RETENTION_DAYS, QUESTION_LOG_HASH_KEY). */
export interface QuestionLogSettings {
  enabled: boolean;
  /** Rows older than this many days are deleted; 0 keeps them. */
  retentionDays: number;
  /** Secret for the user hashes (or its promise); see {@link deriveHashKey}. */
  hashKey: string | Promise<string>;
}

/** Who asked, as far as the log may know: the channel, and a messaging user id to hash. */
export interface QuestionSource {
  channel: QuestionChannel;
  /** WeChat/WeCom sender id; stored only as a keyed hash. */
  user?: string | undefined;
}

/** How often, at most, the log deletes rows past their retention. */
const PURGE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const encoder = new TextEncoder();

/**
 * The key the user hashes are made with: `QUESTION_LOG_HASH_KEY` when set, else one derived from
 * `ADMIN_TOKEN`, else a random one for this process (hashes then differ after a restart).
 */
export async function deriveHashKey(
  hashKey: string | undefined,
  adminToken: string | undefined,
): Promise<string> {
  if (hashKey) return hashKey;
  const seed = adminToken
    ? `question-log-hash-key:${adminToken}`
    : `question-log-hash-key:${crypto.randomUUID()}`;
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(seed));
  return toHex(new Uint8Array(digest));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A keyed hash of a messaging user id: the same user and key give the same 32 hex digits. */
export async function hashUser(key: string, channel: string, user: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = await crypto.subtle.sign(
    "HMAC",
    cryptoKey,
    encoder.encode(`${channel}:${user}`),
  );
  return toHex(new Uint8Array(signature)).slice(0, 32);
}

/** `zh` when the text holds Chinese characters, else `en`. */
export function guessLanguage(text: string): string {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text) ? "zh" : "en";
}

function modeOf(answer: Answer): QuestionRecord["mode"] {
  if (answer.mode === "llm") return "llm";
  return answer.fallback ? "fallback" : "offline";
}

function citedDocuments(answer: Answer): QuestionRecord["cited"] {
  const seen = new Map<string, string>();
  for (const citation of answer.citations) {
    if (!seen.has(citation.docId)) seen.set(citation.docId, citation.title);
  }
  return [...seen].map(([docId, title]) => ({ docId, title }));
}

export interface QuestionLogOptions {
  store: RecordStore<QuestionRecord>;
  settings: QuestionLogSettings;
  logger: Logger;
  now?: () => number;
}

/** The question log over `store`. */
export function createQuestionLog({ store, settings, logger, now = Date.now }: QuestionLogOptions) {
  const pending = new Set<Promise<unknown>>();
  let lastPurge = Number.NEGATIVE_INFINITY;

  /** Deletes rows past the retention period; resolves with how many went. */
  async function purge(): Promise<number> {
    lastPurge = now();
    if (settings.retentionDays <= 0) return 0;
    const cutoff = new Date(now() - settings.retentionDays * DAY_MS).toISOString();
    return store.deleteBefore(cutoff);
  }

  function track(work: Promise<unknown>): void {
    const guarded = work.catch((error: unknown) =>
      logger.warn("question log write failed", { error }),
    );
    pending.add(guarded);
    void guarded.finally(() => pending.delete(guarded));
  }

  async function write(
    source: QuestionSource,
    messages: ChatMessage[],
    started: number,
    answer: Answer | undefined,
  ): Promise<void> {
    const question = messages.at(-1)?.content ?? "";
    const record: QuestionRecord = {
      id: crypto.randomUUID(),
      createdAt: new Date(now()).toISOString(),
      channel: source.channel,
      language: guessLanguage(question),
      question: question.slice(0, 20_000),
      standaloneQuestion: (answer?.query ?? "").slice(0, 20_000),
      answered: answer?.answered ?? false,
      mode: answer ? modeOf(answer) : "error",
      latencyMs: Math.max(0, Math.round(now() - started)),
      cited: answer ? citedDocuments(answer) : [],
      turn: Math.max(0, messages.length - 1),
      ...(source.user
        ? { userHash: await hashUser(await settings.hashKey, source.channel, source.user) }
        : {}),
    };
    await store.append(record);
    if (now() - lastPurge >= PURGE_EVERY_MS) await purge();
  }

  /** Records one answered (or failed) question in the background. */
  function record(
    source: QuestionSource,
    messages: ChatMessage[],
    started: number,
    answer: Answer | undefined,
  ): void {
    if (!settings.enabled) return;
    track(write(source, messages, started, answer));
  }

  /** `assistant`, with every question it answers for `source` recorded. */
  function wrap(assistant: Assistant, source: QuestionSource): Assistant {
    if (!settings.enabled) return assistant;
    return {
      get mode() {
        return assistant.mode;
      },
      async *stream(messages, options): AsyncGenerator<AnswerEvent> {
        const started = now();
        let final: Answer | undefined;
        try {
          for await (const event of assistant.stream(messages, options)) {
            if (event.type === "done") {
              final = event.answer;
              // Recorded before the last event goes out: a Worker keeps running while it streams.
              record(source, messages, started, final);
            }
            yield event;
          }
        } finally {
          if (!final) record(source, messages, started, undefined);
        }
      },
      async answer(messages, options) {
        const started = now();
        let final: Answer | undefined;
        try {
          final = await assistant.answer(messages, options);
          return final;
        } finally {
          record(source, messages, started, final);
        }
      },
    };
  }

  return {
    settings,
    wrap,
    purge,
    /** Resolves when every write started so far has finished (a Worker's `waitUntil`). */
    flush: () => Promise.all([...pending]).then(() => undefined),
    /** Whether writes are still running. */
    get busy() {
      return pending.size > 0;
    },
  };
}

export type QuestionLog = ReturnType<typeof createQuestionLog>;
