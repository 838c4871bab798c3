import { describe, expect, it } from "vitest";
import { createApp } from "../../app/app.ts";
import { createLogger } from "../../logger.ts";
import type { Retriever } from "../../rag/types.ts";
import { createFakeAssistant, type FakeAssistantOptions } from "../../testing/fake-assistant.ts";
import { parseSse } from "../../testing/sse.ts";

const retriever: Retriever = { search: async () => [] };

function setup(options: FakeAssistantOptions = {}) {
  const fake = createFakeAssistant(options);
  const app = createApp({
    retriever,
    assistant: fake.assistant,
    getStatus: async () => ({ ready: false, reason: "test", action: "none" }),
    logger: createLogger({ level: "silent" }),
    defaultK: 5,
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.request("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { ...fake, app, post };
}

const ask = { messages: [{ role: "user", content: "What was Bishan's output in H1 2018?" }] };

describe("POST /api/chat", () => {
  it("answers with the contract's JSON", async () => {
    const { post, calls, citation, text } = setup();
    const res = await post(ask);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      answer: text,
      answered: true,
      mode: "extractive",
      citations: [citation],
      unverified: [],
      query: ask.messages[0]?.content,
    });
    expect(calls).toEqual([ask.messages]);
  });

  it.each([
    ["Accept header", ask, { accept: "text/event-stream" }],
    ["stream flag", { ...ask, stream: true }, {}],
  ])("streams sources, deltas and done in order (%s)", async (_name, body, headers) => {
    const { post, text } = setup();
    const res = await post(body, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await res.text());
    expect(events[0]?.event).toBe("sources");
    expect(events.at(-1)?.event).toBe("done");
    const deltas = events.filter((event) => event.event === "delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(events.slice(1, -1).every((event) => event.event === "delta")).toBe(true);
    expect(deltas.map((event) => JSON.parse(event.data).text).join("")).toBe(text);
    expect(JSON.parse(events.at(-1)?.data ?? "{}").answer).toBe(text);
  });

  it("ends a stream that fails mid-way with an error event", async () => {
    const { post } = setup({ failAfterDeltas: 2 });
    const events = parseSse(await (await post({ ...ask, stream: true })).text());
    expect(events.map((event) => event.event)).toEqual(["sources", "delta", "delta", "error"]);
    expect(JSON.parse(events.at(-1)?.data ?? "{}").code).toBe("stream_failed");
  });

  it("answers 503 with what to run, streaming or not, when the index is not ready", async () => {
    for (const body of [ask, { ...ask, stream: true }]) {
      const res = await setup({ notReady: true }).post(body);
      expect(res.status).toBe(503);
      expect((await res.json()).error.message).toContain("npm run ingest");
    }
  });

  it.each([
    ["malformed JSON", "{not json", "bad_request"],
    ["no messages", { messages: [] }, "bad_request:chat"],
    ["missing messages", {}, "bad_request:chat"],
    ["wrong role", { messages: [{ role: "system", content: "hi" }] }, "bad_request:chat"],
    [
      "assistant last",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "assistant", content: "b" },
        ],
      },
      "bad_request:chat",
    ],
    ["empty content", { messages: [{ role: "user", content: "   " }] }, "bad_request:chat"],
    [
      "huge content",
      { messages: [{ role: "user", content: "x".repeat(4001) }] },
      "bad_request:chat",
    ],
    ["non-string content", { messages: [{ role: "user", content: 42 }] }, "bad_request:chat"],
    [
      "too many turns",
      { messages: Array.from({ length: 41 }, () => ({ role: "user", content: "hi" })) },
      "bad_request:chat",
    ],
    ["array body", [1, 2], "bad_request:chat"],
  ])("rejects %s with a 400 JSON error", async (_name, body, code) => {
    const { post, calls } = setup();
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(3);
    expect(calls).toHaveLength(0);
  });

  it("rejects a body that is not JSON with 400 or 415, never 500", async () => {
    const { app } = setup();
    const res = await app.request("/api/chat", {
      method: "POST",
      body: "hello",
      headers: { "content-type": "text/plain" },
    });
    expect([400, 415]).toContain(res.status);
  });
});
