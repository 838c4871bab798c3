import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIChatModel } from "../../adapters/openai/chat.ts";
import { loadProjectPrompts } from "../../testing/answer-fixtures.ts";
import {
  type ChatRequestBody,
  type FakeOpenAI,
  startFakeOpenAI,
} from "../../testing/fake-openai.ts";
import { ChatModelError } from "../llm/errors.ts";
import type { Prompts } from "../prompts.ts";
import { rewriteWithLlm } from "./llm-rewrite.ts";
import type { ChatMessage } from "./types.ts";

const conversation: ChatMessage[] = [
  { role: "user", content: "Tell me about Bishan High-tech Zone." },
  { role: "assistant", content: "It is a national high-tech zone in western Chongqing [1]." },
  { role: "user", content: "它的面积有多大？" },
];

let prompts: Prompts;
let fake: FakeOpenAI;
beforeAll(async () => {
  prompts = await loadProjectPrompts();
});
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

function rewrite(messages: ChatMessage[]): Promise<string> {
  const model = createOpenAIChatModel({
    baseURL: fake.baseURL,
    model: "fake-chat",
    timeoutMs: 2_000,
    maxRetries: 0,
  });
  return rewriteWithLlm({ model, prompts, messages });
}

describe("rewriteWithLlm", () => {
  it("returns a first question as is, without calling the model", async () => {
    await expect(rewrite([{ role: "user", content: "  What is Bishan?  " }])).resolves.toBe(
      "What is Bishan?",
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("rewrites a follow-up from the conversation", async () => {
    fake.chat = () => "璧山高新区的面积有多大？";
    await expect(rewrite(conversation)).resolves.toBe("璧山高新区的面积有多大？");
    const body = fake.requests[0]?.body as ChatRequestBody;
    expect(body).toMatchObject({ temperature: 0 });
    expect(body.stream).toBeFalsy();
    const prompt = String(body.messages?.[0]?.content);
    expect(prompt).toContain("Tell me about Bishan High-tech Zone.");
    expect(prompt).toContain("<question>\n它的面积有多大？\n</question>");
    expect(prompt).toContain("write it in Chinese");
  });

  it("strips quotes around the question", async () => {
    fake.chat = () => ' "How large is Bishan High-tech Zone?"\n';
    await expect(rewrite(conversation)).resolves.toBe("How large is Bishan High-tech Zone?");
  });

  it.each([
    ["empty", "  "],
    ["several lines", "Standalone question:\nHow large is Bishan High-tech Zone?"],
    ["too long", `How large is ${"very ".repeat(100)}big Bishan?`],
  ])("rejects a reply that is %s", async (_case, text) => {
    fake.chat = () => text;
    const error = await rewrite(conversation).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ChatModelError);
    expect(error).toMatchObject({ kind: "invalid_output" });
  });

  it("passes on the model's failure", async () => {
    fake.chat = () => ({ kind: "error", status: 503 });
    await expect(rewrite(conversation)).rejects.toMatchObject({ kind: "http", status: 503 });
  });

  it("refuses a conversation that does not end with the user", async () => {
    await expect(rewrite(conversation.slice(0, 2))).rejects.toMatchObject({
      kind: "invalid_output",
    });
  });
});
