/**
 * Faults at the HTTP level: a model that is down, slow, garbled or cut off mid-stream is answered
 * offline within each channel's deadline and marked; an index that is missing or was built by
 * another embedder makes `/readyz` and the answering routes say what to run, without a crash.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLanceRetriever, type LanceRetriever } from "../adapters/lancedb/lance-retriever.ts";
import { connectStore } from "../adapters/lancedb/lancedb.ts";
import { createMemoryKeyValue } from "../adapters/memory/key-value.ts";
import { createOpenAIChatModel } from "../adapters/openai/chat.ts";
import { createMessageCrypto } from "../channels/wechat/crypto.ts";
import {
  createOfficialAccountRequest,
  readSimulatedReply,
  renderSimulatedMessage,
} from "../channels/wechat/simulator.ts";
import { ACCOUNT } from "../channels/wechat/test-support.ts";
import { createLogger } from "../logger.ts";
import { createAssistant } from "../rag/answer/assistant.ts";
import { createLocalEmbedder } from "../rag/embedder/index.ts";
import { loadProjectPrompts } from "../testing/answer-fixtures.ts";
import { type ChatReply, type FakeOpenAI, startFakeOpenAI } from "../testing/fake-openai.ts";
import { createSeedIndex } from "../testing/index-fixture.ts";
import { parseSse } from "../testing/sse.ts";
import { createApp } from "./app.ts";

let seed: Awaited<ReturnType<typeof createSeedIndex>>;
let fake: FakeOpenAI;

beforeAll(async () => {
  seed = await createSeedIndex();
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  await seed.cleanup();
});
afterEach(() => fake.reset());

const QUESTION = "What was Bishan's total industrial output in the first half of 2018?";
const LLM_DEADLINE_MS = 1_500;

async function createLlmApp(retriever: LanceRetriever = seed.retriever) {
  const model = createOpenAIChatModel({
    baseURL: fake.baseURL,
    model: "fake-model",
    timeoutMs: 10_000,
    maxRetries: 0,
  });
  const assistant = createAssistant({
    retriever,
    k: 8,
    llm: { model, prompts: await loadProjectPrompts(), deadlineMs: LLM_DEADLINE_MS },
  });
  return createApp({
    retriever,
    assistant,
    getStatus: () => retriever.getStatus(),
    logger: createLogger({ level: "silent" }),
    defaultK: 5,
    wechat: {
      settings: { ...ACCOUNT, maxSkewSeconds: 300, apiBaseUrl: "http://127.0.0.1:1" },
      kv: createMemoryKeyValue(),
      // One delivery, answered by 1.2 s — before the model's own deadline — so the channel's
      // budget must cut the model short. (WeChat's: 4.5 s per delivery, three deliveries.)
      timing: { replyDeadlineMs: 1_200, maxDeliveries: 1, modelBudgetMs: 800 },
    },
  });
}

const chat = (body: unknown) =>
  new Request("http://localhost/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const FAULTS: [string, ChatReply][] = [
  ["down (503)", { kind: "error", status: 503 }],
  ["slow (never answers)", { kind: "hang" }],
  ["garbage", { kind: "raw", body: "<html>502 Bad Gateway" }],
  [
    "a broken stream",
    { kind: "broken-stream", text: "Bishan's output was 32.34 billion yuan [1].", afterChunks: 2 },
  ],
];

describe("a failing model", () => {
  it.each(FAULTS)(
    "%s: /api/chat answers offline, marked, within the deadline",
    async (_name, reply) => {
      fake.chat = () => reply;
      const app = await createLlmApp();
      const started = performance.now();
      const res = await app.request(chat({ messages: [{ role: "user", content: QUESTION }] }));
      expect(performance.now() - started).toBeLessThan(LLM_DEADLINE_MS + 1_500);
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer).toMatchObject({
        mode: "extractive",
        answered: true,
        fallback: { from: "llm" },
      });
      expect(answer.answer).toContain("32.34 billion");
    },
  );

  it("slow: the SSE stream ends with the offline answer, marked", async () => {
    fake.chat = () => ({ kind: "hang" });
    const app = await createLlmApp();
    const res = await app.request(
      chat({ messages: [{ role: "user", content: QUESTION }], stream: true }),
    );
    const events = parseSse(await res.text());
    const done = JSON.parse(events.at(-1)?.data ?? "{}");
    expect(events.at(-1)?.event).toBe("done");
    expect(done).toMatchObject({ mode: "extractive", fallback: { from: "llm" } });
    expect(done.answer).toContain("32.34 billion");
  });

  it("slow: /wechat replies with the offline answer before WeChat's deadline", async () => {
    fake.chat = () => ({ kind: "hang" });
    const app = await createLlmApp();
    const crypto = await createMessageCrypto({
      encodingAesKey: ACCOUNT.encodingAesKey,
      receiveId: ACCOUNT.appId,
    });
    const request = await createOfficialAccountRequest({
      url: "http://localhost/wechat",
      mode: "safe",
      ...ACCOUNT,
      xml: renderSimulatedMessage({ content: QUESTION, from: "o-slow-model" }),
    });
    const started = performance.now();
    const reply = await readSimulatedReply(await app.request(request), {
      token: ACCOUNT.token,
      crypto,
    });
    expect(performance.now() - started).toBeLessThan(1_200);
    expect(reply.content).toContain("32.34 billion");
  });
});

describe("an index that cannot serve", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cq-faults-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, () => Promise<LanceRetriever>, RegExp][] = [
    [
      "missing",
      async () =>
        createLanceRetriever({
          db: await connectStore(path.join(dir, "empty")),
          embedder: createLocalEmbedder(),
          refreshSeconds: 0,
        }),
      /No index has been built yet/,
    ],
    [
      "built by another embedder",
      async () =>
        createLanceRetriever({
          db: await connectStore(seed.uri),
          embedder: createLocalEmbedder({ dimensions: 64 }),
          refreshSeconds: 0,
        }),
      /built with embedder .* but the server is configured with/,
    ],
  ];

  it.each(cases)(
    "%s: /readyz and the answering routes answer 503 with what to run",
    async (_name, open, reason) => {
      const app = await createLlmApp(await open());
      const ready = await app.request("/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: "not_ready",
        reason: expect.stringMatching(reason),
        action: expect.stringContaining("npm run ingest"),
      });
      const ask = { messages: [{ role: "user", content: QUESTION }] };
      for (const request of [
        chat(ask),
        chat({ ...ask, stream: true }),
        new Request("http://localhost/api/search?q=output"),
        new Request("http://localhost/v1/chat/completions", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(ask),
        }),
      ]) {
        const res = await app.request(request);
        expect(res.status).toBe(503);
        const body = await res.json();
        expect(body.error.code).toBe("index_not_ready");
        expect(body.error.message).toMatch(reason);
        expect(body.error.message).toContain("npm run ingest");
      }
      expect((await app.request("/healthz")).status).toBe(200);
    },
  );
});
