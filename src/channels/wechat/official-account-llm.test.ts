import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanceRetriever } from "../../adapters/lancedb/lance-retriever.ts";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { createOpenAIChatModel } from "../../adapters/openai/chat.ts";
import { createApp } from "../../app/app.ts";
import { createLogger } from "../../logger.ts";
import { createAssistant } from "../../rag/answer/assistant.ts";
import { loadProjectPrompts } from "../../testing/answer-fixtures.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../testing/fake-openai.ts";
import { type FakeWeChatApi, startFakeWeChatApi } from "../../testing/fake-wechat-api.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { createMessageCrypto } from "./crypto.ts";
import {
  createOfficialAccountRequest,
  readSimulatedReply,
  renderSimulatedMessage,
} from "./simulator.ts";
import { ACCOUNT } from "./test-support.ts";

let retriever: LanceRetriever;
let cleanup: () => Promise<void>;
let llm: FakeOpenAI;
let api: FakeWeChatApi;

beforeAll(async () => {
  ({ retriever, cleanup } = await createSeedIndex());
  llm = await startFakeOpenAI();
  api = await startFakeWeChatApi({ appId: ACCOUNT.appId, appSecret: "the-app-secret" });
});
afterAll(async () => {
  await Promise.all([llm.close(), api.close()]);
  await cleanup();
});

const USER = "o-investor-1";
const rewritePrompts = () =>
  llm.requests
    .map((request) => JSON.stringify(request.body))
    .filter((body) => body.includes("standalone"));

async function setup() {
  const model = createOpenAIChatModel({
    baseURL: llm.baseURL,
    model: "fake-model",
    timeoutMs: 5000,
    maxRetries: 0,
  });
  const assistant = createAssistant({
    retriever,
    k: 6,
    llm: { model, prompts: await loadProjectPrompts(), deadlineMs: 5000 },
  });
  const app = createApp({
    retriever,
    assistant,
    getStatus: () => retriever.getStatus(),
    logger: createLogger({ level: "silent" }),
    defaultK: 5,
    wechat: {
      settings: {
        ...ACCOUNT,
        appSecret: "the-app-secret",
        maxSkewSeconds: 300,
        apiBaseUrl: api.url,
      },
      kv: createMemoryKeyValue(),
      timing: { replyDeadlineMs: 2500 },
    },
  });
  const crypto = await createMessageCrypto({
    encodingAesKey: ACCOUNT.encodingAesKey,
    receiveId: ACCOUNT.appId,
  });
  return async (content: string) => {
    const request = await createOfficialAccountRequest({
      url: "http://localhost/wechat",
      mode: "safe",
      ...ACCOUNT,
      xml: renderSimulatedMessage({ content, from: USER }),
    });
    return readSimulatedReply(await app.request(request), { token: ACCOUNT.token, crypto });
  };
}

describe("/wechat with the real pipeline and a fake LLM over HTTP", () => {
  it("answers in time, resolves a follow-up from the history, and sends a slow answer later", async () => {
    const send = await setup();
    llm.chat = (body) => {
      const prompt = JSON.stringify(body.messages ?? []);
      if (prompt.includes("standalone"))
        return "How many enterprises are in Bishan High-tech Zone?";
      if (prompt.includes("How many enterprises")) {
        return "As of 2018, 1056 enterprises had entered the park [1].";
      }
      return "In the first half of 2018, Bishan's industrial output was 32.34 billion yuan [1].";
    };

    const first = await send(
      "What was Bishan's total industrial output in the first half of 2018?",
    );
    expect(first.signatureValid).toBe(true);
    expect(first.content).toMatch(/32\.34 billion yuan \[1\]/);
    expect(first.content).toMatch(/Sources:\n\[1\] .+/);

    const followUp = await send("How many enterprises are in it?");
    expect(followUp.signatureValid).toBe(true);
    expect(followUp.content).toBeTruthy();
    // The earlier exchange reached the pipeline: the rewrite and the answer prompt both hold it.
    const [rewrite] = rewritePrompts();
    expect(rewrite).toContain("first half of 2018");
    expect(rewrite).toContain("32.34 billion yuan");
    const answerPrompt = JSON.stringify(llm.requests.at(-1)?.body);
    // The model answers the standalone question, with the conversation as history.
    expect(answerPrompt).toContain("How many enterprises are in Bishan High-tech Zone?");
    expect(answerPrompt).toMatch(
      /<history>.*first half of 2018.*32\.34 billion yuan.*<\/history>/s,
    );

    llm.chat = (body) => {
      const prompt = JSON.stringify(body.messages ?? []);
      if (prompt.includes("standalone")) return "What does the Bishan zone focus on?";
      return {
        kind: "text",
        text: "Bishan High-tech Zone focuses on intelligent equipment and new materials [1].",
        delayMs: 3500,
      };
    };
    const slow = await send("And what does it focus on?");
    expect(slow).toMatchObject({ status: 200, empty: true, raw: "success" });
    const [sent] = await api.waitForSent(1, 10_000);
    expect(sent).toMatchObject({ api: "custom", touser: USER });
    expect(sent?.content).toMatch(/intelligent equipment/);
    expect(sent?.content).toMatch(/Sources:/);
  });
});
