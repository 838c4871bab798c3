import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LanceRetriever } from "../../adapters/lancedb/lance-retriever.ts";
import { createOpenAIChatModel } from "../../adapters/openai/chat.ts";
import { loadProjectPrompts } from "../../testing/answer-fixtures.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../testing/fake-openai.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import type { Prompts } from "../prompts.ts";
import { createAssistant } from "./assistant.ts";
import type { AnswerEvent, ChatMessage } from "./types.ts";

let retriever: LanceRetriever;
let cleanup: () => Promise<void>;
let fake: FakeOpenAI;
let prompts: Prompts;

beforeAll(async () => {
  ({ retriever, cleanup } = await createSeedIndex());
  fake = await startFakeOpenAI();
  prompts = await loadProjectPrompts();
});
afterAll(async () => {
  await fake.close();
  await cleanup();
});
afterEach(() => fake.reset());

const bishan: ChatMessage[] = [
  { role: "user", content: "What was Bishan's total industrial output in the first half of 2018?" },
];

function createLlmAssistant(deadlineMs = 5000) {
  const model = createOpenAIChatModel({
    baseURL: fake.baseURL,
    model: "fake-model",
    timeoutMs: 2000,
    maxRetries: 0,
  });
  const fallbacks: string[] = [];
  const assistant = createAssistant({
    retriever,
    k: 8,
    llm: { model, prompts, deadlineMs },
    onFallback: (reason) => fallbacks.push(reason),
  });
  return { assistant, fallbacks };
}

const chatBodies = () =>
  fake.requests
    .filter((request) => request.path === "/v1/chat/completions")
    .map((request) => JSON.stringify(request.body));

async function collect(events: AsyncGenerator<AnswerEvent>) {
  const seen: AnswerEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe("the assistant in offline mode", () => {
  const assistant = () => createAssistant({ retriever, k: 8 });

  it("answers with the figure, cited, and streams sources → deltas → done", async () => {
    const events = await collect(assistant().stream(bishan));
    expect(events[0]?.type).toBe("sources");
    expect(events.at(-1)?.type).toBe("done");
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error("no done");
    const { answer } = done;
    expect(answer).toMatchObject({ answered: true, mode: "extractive", unverified: [] });
    expect(answer.answer).toContain("32.34 billion");
    expect(answer.answer).toMatch(/\[\d\]/);
    const deltas = events.flatMap((event) => (event.type === "delta" ? [event.text] : []));
    expect(deltas.join("")).toBe(answer.answer);
    const sources = events[0]?.type === "sources" ? events[0].sources : [];
    for (const citation of answer.citations) {
      expect(sources.some((source) => source.id === citation.id && source.n === citation.n)).toBe(
        true,
      );
    }
  });

  it("declines what the corpus does not say, pointing to a human contact", async () => {
    const answer = await assistant().answer([
      { role: "user", content: "What is the corporate income tax rate in Bishan?" },
    ]);
    expect(answer.answered).toBe(false);
    expect(answer.answer).toMatch(/67862888|41407196|service@ichongqing\.info/);
    expect(answer.unverified).toEqual([]);
  });

  it("rewrites a follow-up from the conversation before retrieving", async () => {
    const answer = await assistant().answer([
      ...bishan,
      { role: "assistant", content: "As of 2018, it was 32.34 billion yuan [1]." },
      { role: "user", content: "How many enterprises are in it?" },
    ]);
    expect(answer.query).toMatch(/Bishan/i);
    expect(answer.answer).toMatch(/1,?056/);
  });
});

describe("the assistant in LLM mode against a fake OpenAI-compatible server", () => {
  it("sends numbered sources and the rewritten question, and streams the model's cited answer", async () => {
    fake.chat = (body) => {
      const system = JSON.stringify(body.messages);
      if (system.includes("standalone"))
        return "How many enterprises are in Bishan High-tech Zone?";
      return "As of 2018, 1056 enterprises had entered the park [1].";
    };
    const { assistant, fallbacks } = createLlmAssistant();
    const events = await collect(
      assistant.stream([
        ...bishan,
        { role: "assistant", content: "As of 2018, it was 32.34 billion yuan [1]." },
        { role: "user", content: "How many enterprises are in it?" },
      ]),
    );
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error("no done");
    expect(fallbacks).toEqual([]);
    expect(done.answer.mode).toBe("llm");
    expect(done.answer.query).toBe("How many enterprises are in Bishan High-tech Zone?");
    const answerPrompt = chatBodies().find((body) => body.includes('<source n=\\"1\\"'));
    expect(answerPrompt).toBeDefined();
    expect(answerPrompt).toContain('<source n=\\"2\\"');
    expect(events.filter((event) => event.type === "delta").length).toBeGreaterThan(0);
  });

  it("drops citation numbers that match no source and removes an invented figure", async () => {
    fake.chat = () =>
      "Bishan's output in the first half of 2018 was 32.34 billion yuan [1][9]. It will reach 999 billion yuan next year [1].";
    const { assistant } = createLlmAssistant();
    const answer = await assistant.answer(bishan);
    expect(answer.mode).toBe("llm");
    expect(answer.answer).not.toContain("[9]");
    expect(answer.answer).not.toContain("999");
    expect(answer.unverified).toContain("999");
    expect(answer.citations.every((citation) => citation.n <= 8)).toBe(true);
  });

  it.each([
    ["a 500", { kind: "error" as const, status: 500 }],
    ["a hang past the deadline", { kind: "hang" as const }],
    [
      "a broken stream",
      {
        kind: "broken-stream" as const,
        text: "Bishan's output was 32.34 billion yuan [1].",
        afterChunks: 2,
      },
    ],
    ["garbage", { kind: "raw" as const, body: "{not json" }],
  ])("falls back to the offline answer after %s", async (_name, reply) => {
    fake.chat = () => reply;
    const { assistant, fallbacks } = createLlmAssistant(1500);
    const started = performance.now();
    const answer = await assistant.answer(bishan);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(answer.mode).toBe("extractive");
    expect(answer.fallback?.from).toBe("llm");
    expect(answer.answer).toContain("32.34 billion");
    expect(fallbacks.length).toBeGreaterThan(0);
  });
});
