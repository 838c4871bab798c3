/**
 * Investor intents in LLM mode, against a fake OpenAI-compatible server over real HTTP: the model
 * gets the task for the question's intent and the sources it needs, and a NO_ANSWER becomes a
 * decline in the question's language that never pastes the question in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanceRetriever } from "../../adapters/lancedb/lance-retriever.ts";
import { createOpenAIChatModel } from "../../adapters/openai/chat.ts";
import { loadProjectPrompts } from "../../testing/answer-fixtures.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../testing/fake-openai.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import type { Prompts } from "../prompts.ts";
import { createAssistant } from "./assistant.ts";
import type { Assistant } from "./types.ts";

let retriever: LanceRetriever;
let cleanup: () => Promise<void>;
let fake: FakeOpenAI;
let prompts: Prompts;
let assistant: Assistant;

beforeAll(async () => {
  ({ retriever, cleanup } = await createSeedIndex());
  fake = await startFakeOpenAI();
  prompts = await loadProjectPrompts();
  assistant = createAssistant({
    retriever,
    k: 8,
    llm: {
      model: createOpenAIChatModel({
        baseURL: fake.baseURL,
        model: "fake",
        timeoutMs: 5_000,
        maxRetries: 0,
      }),
      prompts,
      deadlineMs: 5_000,
    },
  });
});
afterAll(async () => {
  await fake.close();
  await cleanup();
});

/** The text of the last answer prompt the model received. */
const lastPrompt = () =>
  JSON.stringify(fake.requests.filter((request) => request.path.includes("chat")).at(-1)?.body);

describe("intents in LLM mode", () => {
  it("asks for a welcome, with every document as a source, on a greeting", async () => {
    fake.reset();
    fake.chat = () => "Hello! I answer questions about Chongqing's development zones [1].";
    const answer = await assistant.answer([{ role: "user", content: "hi" }]);
    expect(answer.mode).toBe("llm");
    expect(answer.intent).toBe("greeting");
    expect(answer.answered).toBe(true);
    const prompt = lastPrompt();
    expect(prompt).toMatch(/greeting\. Reply with a short welcome/);
    for (const title of ["Bishan", "Regulations", "Core Urban Area", "Processing Trade"]) {
      expect(prompt).toContain(title);
    }
  });

  it("asks for several facts about the place on an overview", async () => {
    fake.reset();
    fake.chat = () => "Bishan High-tech Zone was established in 2015 [1].";
    const answer = await assistant.answer([{ role: "user", content: "Tell me about Bishan." }]);
    expect(answer.intent).toBe("overview");
    expect(lastPrompt()).toMatch(/3 to 5 key facts/);
  });

  it("declines a task no source answers without asking the model", async () => {
    fake.reset();
    fake.chat = () => "Your flight is booked [1].";
    const answer = await assistant.answer([
      { role: "user", content: "Book me a flight to Chongqing for Monday" },
    ]);
    expect(answer.answered).toBe(false);
    expect(answer.answer).toMatch(/outside what my sources cover/);
    expect(fake.requests.filter((request) => request.path.includes("chat"))).toHaveLength(0);
  });

  it("declines in Chinese, with a contact, when the model finds no answer", async () => {
    fake.reset();
    fake.chat = () => "NO_ANSWER";
    const question = "企业所得税税率是多少？";
    const answer = await assistant.answer([{ role: "user", content: question }]);
    expect(answer.answered).toBe(false);
    expect(answer.answer).toMatch(/^(?:抱歉|资料中没有)/);
    expect(answer.answer).not.toContain("企业所得税税率");
    expect(answer.answer).toMatch(/电话|邮件/);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it("declines in English without pasting the question in", async () => {
    fake.reset();
    fake.chat = () => "NO_ANSWER";
    const question = "I'm a German auto parts supplier. Which zone should I look at?";
    const answer = await assistant.answer([{ role: "user", content: question }]);
    expect(answer.answered).toBe(false);
    expect(answer.answer).not.toMatch(/German auto parts|about I'm/i);
    expect(answer.answer).toMatch(/contact|email/i);
  });
});
