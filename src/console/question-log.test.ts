/**
 * The question log: one record per question from every channel, with what staff need and none
 * of what they must not have (IP addresses, raw WeChat/WeCom user ids); retention enforced; the
 * off switch; and answering unaffected when the log's store is slow or failing.
 */
import { describe, expect, it } from "vitest";
import { createMemoryRecordStore } from "../adapters/memory/records.ts";
import type { ConsoleDependencies } from "../app/app.ts";
import { setupChannels } from "../channels/wechat/test-support.ts";
import { createLogger } from "../logger.ts";
import type { HandledRecord, InquiryUpdateRecord, QuestionRecord } from "../records/schemas.ts";
import type { RecordStore } from "../records/types.ts";
import { createFakeAssistant } from "../testing/fake-assistant.ts";
import { TEST_ADMIN_TOKEN } from "../testing/records-app.ts";
import { createQuestionLog, guessLanguage, hashUser } from "./question-log.ts";

const HASH_KEY = "question-log-test-key-0123456789";
const CLIENT_IP = "203.0.113.77";
const OPEN_ID = "oWxYz-raw-openid-123456";
const WECOM_USER = "zhangsan-raw-wecom-id";

function consoleWith(questions: RecordStore<QuestionRecord>, settings = {}): ConsoleDependencies {
  return {
    stores: {
      questions,
      inquiryUpdates: createMemoryRecordStore<InquiryUpdateRecord>(),
      handled: createMemoryRecordStore<HandledRecord>(),
    },
    questionLog: { enabled: true, retentionDays: 30, hashKey: HASH_KEY, ...settings },
  };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe("the question log", () => {
  it("records every channel's questions with no IP address and only hashed messaging users", async () => {
    const questions = createMemoryRecordStore<QuestionRecord>();
    const { app, sendWeChat, sendWeCom } = setupChannels({
      console: consoleWith(questions),
      adminToken: TEST_ADMIN_TOKEN,
    });
    const headers = {
      "content-type": "application/json",
      "x-forwarded-for": CLIENT_IP,
      "x-real-ip": CLIENT_IP,
    };
    const web = await app.request("/api/chat", {
      method: "POST",
      headers,
      body: JSON.stringify({ messages: [{ role: "user", content: "What was Bishan's output?" }] }),
    });
    expect(web.status).toBe(200);
    const streamed = await app.request("/api/chat", {
      method: "POST",
      headers: { ...headers, accept: "text/event-stream" },
      body: JSON.stringify({
        messages: [
          { role: "user", content: "Tell me about Bishan." },
          { role: "assistant", content: "Bishan is a zone." },
          { role: "user", content: "璧山的产值是多少？" },
        ],
        stream: true,
      }),
    });
    await streamed.text();
    const api = await app.request("/v1/chat/completions", {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "x", messages: [{ role: "user", content: "Land prices?" }] }),
    });
    expect(api.status).toBe(200);
    expect((await sendWeChat({ content: "What incentives exist?", from: OPEN_ID })).status).toBe(
      200,
    );
    expect((await sendWeCom({ content: "有哪些优惠政策？", from: WECOM_USER })).status).toBe(200);

    await waitFor(() => questions.records.length === 5);
    const byChannel: Record<string, QuestionRecord[]> = {};
    for (const row of questions.records) {
      byChannel[row.channel] = [...(byChannel[row.channel] ?? []), row];
    }
    expect(Object.keys(byChannel).sort()).toEqual(["api", "web", "wechat", "wecom"]);
    const stored = JSON.stringify(questions.records);
    expect(stored).not.toContain(CLIENT_IP);
    expect(stored).not.toContain(OPEN_ID);
    expect(stored).not.toContain(WECOM_USER);

    const wechat = byChannel.wechat?.[0];
    expect(wechat?.userHash).toBe(await hashUser(HASH_KEY, "wechat", OPEN_ID));
    expect(wechat?.userHash).not.toBe(await hashUser("another-key-0123456789", "wechat", OPEN_ID));
    expect(byChannel.wecom?.[0]).toMatchObject({
      language: "zh",
      userHash: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    for (const row of byChannel.web ?? []) expect(row.userHash).toBeUndefined();

    const followUp = byChannel.web?.find((row) => row.turn === 2);
    expect(followUp).toMatchObject({
      question: "璧山的产值是多少？",
      language: "zh",
      answered: true,
      mode: "offline",
      cited: [
        {
          docId: "bishan-high-tech-zone",
          title: "Chongqing Bishan High-tech Industrial Development Zone",
        },
      ],
    });
    expect(followUp?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("records nothing when switched off", async () => {
    const questions = createMemoryRecordStore<QuestionRecord>();
    const { app } = setupChannels({ console: consoleWith(questions, { enabled: false }) });
    const res = await app.request("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "Hello?" }] }),
    });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(questions.records).toEqual([]);
  });

  it("deletes rows older than the retention period", async () => {
    const questions = createMemoryRecordStore<QuestionRecord>();
    const now = Date.UTC(2026, 5, 1);
    const day = 24 * 3600 * 1000;
    const old = (daysAgo: number): QuestionRecord => ({
      id: `old-${daysAgo}`,
      createdAt: new Date(now - daysAgo * day).toISOString(),
      channel: "web",
      language: "en",
      question: "old",
      standaloneQuestion: "",
      answered: true,
      mode: "offline",
      latencyMs: 1,
      cited: [],
      turn: 0,
    });
    for (const daysAgo of [45, 31, 29, 1]) await questions.append(old(daysAgo));
    const log = createQuestionLog({
      store: questions,
      settings: { enabled: true, retentionDays: 30, hashKey: HASH_KEY },
      logger: createLogger({ level: "silent" }),
      now: () => now,
    });
    const wrapped = log.wrap(createFakeAssistant().assistant, { channel: "web" });
    await wrapped.answer([{ role: "user", content: "new question" }]);
    await log.flush();
    expect(questions.records.map((row) => row.id).sort()).toEqual(
      [
        "old-1",
        "old-29",
        questions.records.find((row) => row.question === "new question")?.id,
      ].sort(),
    );

    const keepAll = createQuestionLog({
      store: questions,
      settings: { enabled: true, retentionDays: 0, hashKey: HASH_KEY },
      logger: createLogger({ level: "silent" }),
      now: () => now + 400 * day,
    });
    expect(await keepAll.purge()).toBe(0);
    expect(questions.records).toHaveLength(3);
  });

  it("never delays or fails an answer, whatever the store does", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line) });
    const failing: RecordStore<QuestionRecord> = {
      append: () => Promise.reject(new Error("disk full")),
      list: async () => [],
      deleteBefore: async () => 0,
    };
    const hanging: RecordStore<QuestionRecord> = {
      append: () => new Promise(() => {}),
      list: async () => [],
      deleteBefore: async () => 0,
    };
    for (const store of [failing, hanging]) {
      const log = createQuestionLog({
        store,
        settings: { enabled: true, retentionDays: 30, hashKey: HASH_KEY },
        logger,
      });
      const wrapped = log.wrap(createFakeAssistant().assistant, { channel: "api" });
      const started = performance.now();
      const answer = await wrapped.answer([{ role: "user", content: "Output?" }]);
      expect(answer.answered).toBe(true);
      expect(performance.now() - started).toBeLessThan(500);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(lines.join("\n")).toContain("question log write failed");
  });

  it("records a failed answer as an error and still throws it to the channel", async () => {
    const questions = createMemoryRecordStore<QuestionRecord>();
    const log = createQuestionLog({
      store: questions,
      settings: { enabled: true, retentionDays: 30, hashKey: HASH_KEY },
      logger: createLogger({ level: "silent" }),
    });
    const wrapped = log.wrap(createFakeAssistant({ notReady: true }).assistant, { channel: "web" });
    await expect(wrapped.answer([{ role: "user", content: "Hi" }])).rejects.toThrow();
    await log.flush();
    expect(questions.records[0]).toMatchObject({ mode: "error", answered: false });
  });
});

describe("guessLanguage", () => {
  it.each([
    ["What incentives exist?", "en"],
    ["有哪些优惠政策？", "zh"],
    ["Bishan 璧山", "zh"],
  ])("%j is %s", (text, expected) => expect(guessLanguage(text)).toBe(expected));
});
