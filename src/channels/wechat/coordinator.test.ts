import { describe, expect, it } from "vitest";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { createLogger } from "../../logger.ts";
import type { KeyValue } from "../../ports/key-value.ts";
import { createFakeAssistant, type FakeAssistantOptions } from "../../testing/fake-assistant.ts";
import { createReplyCoordinator, type Delivery, type ReplyTiming } from "./coordinator.ts";
import { createConversationHistory } from "./history.ts";
import { FAST_TIMING } from "./test-support.ts";

function setup(
  options: FakeAssistantOptions = {},
  kv: KeyValue = createMemoryKeyValue(),
  timing: Partial<ReplyTiming> = {},
) {
  const fake = createFakeAssistant(options);
  const history = createConversationHistory({ kv, prefix: "test:history:" });
  const coordinator = createReplyCoordinator({
    channel: "test",
    assistant: fake.assistant,
    kv,
    history,
    timing: { ...FAST_TIMING, replyDeadlineMs: 1000, retryHoldMs: 1000, ...timing },
    logger: createLogger({ level: "silent" }),
  });
  return { ...fake, coordinator, history, kv };
}

const delivery = (text: string, key = "msg:1", user = "u1"): Delivery => ({
  key,
  user,
  intent: { kind: "question", text },
  createdAt: Date.now(),
  receivedAt: Date.now(),
});

describe("createReplyCoordinator", () => {
  it("says the index is not ready, and keeps failed exchanges out of the history", async () => {
    const { coordinator, history } = setup({ notReady: true });
    const outcome = await coordinator.handle(delivery("Bishan output?"));
    expect(outcome).toEqual({
      kind: "text",
      text: expect.stringMatching(/index is being prepared/),
    });
    expect(await history.read("u1")).toEqual([]);
  });

  it("apologises in the question's language when the answer fails", async () => {
    const { coordinator } = setup({ failAfterDeltas: 0 });
    const outcome = await coordinator.handle(delivery("璧山的产值是多少？"));
    expect(outcome).toEqual({ kind: "text", text: expect.stringMatching(/抱歉/) });
  });

  it("lets a second isolate wait for the answer another one is computing, sharing only the store", async () => {
    const kv = createMemoryKeyValue();
    const first = setup({ delayMs: 300 }, kv);
    const second = setup({}, kv);
    const computing = first.coordinator.handle(delivery("Bishan output?"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const retry = await second.coordinator.handle(delivery("Bishan output?"));
    expect(retry).toEqual(await computing);
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);
  });

  it("computes once when deliveries reach three processes at the same moment", async () => {
    const kv = createMemoryKeyValue();
    const replicas = [setup({ delayMs: 100 }, kv), setup({ delayMs: 100 }, kv), setup({}, kv)];
    const outcomes = await Promise.all(
      replicas.map((replica) => replica.coordinator.handle(delivery("Bishan output?"))),
    );
    expect(replicas.flatMap((replica) => replica.calls)).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ kind: "text" });
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
  });

  it("keeps waiting for a process that renews its claim, and takes over from one that went away", async () => {
    const kv = createMemoryKeyValue();
    const claims = { claimRenewMs: 50, claimStaleMs: 200 };
    // Slower than a claim lives unrenewed: only the renewals keep the other process waiting.
    const first = setup({ delayMs: 800 }, kv, claims);
    const second = setup({}, kv, claims);
    const computing = first.coordinator.handle(delivery("Bishan output?", "msg:slow"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const retried = await second.coordinator.handle(delivery("Bishan output?", "msg:slow"));
    expect(retried).toEqual(await computing);
    expect(retried).toMatchObject({ kind: "text" });
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);

    // A claim not renewed for longer than claimStaleMs: its process is gone; the retry computes.
    await kv.set("test:job:msg:gone", { startedAt: Date.now() - 300 });
    const outcome = await second.coordinator.handle(delivery("Bishan output?", "msg:gone"));
    expect(outcome).toMatchObject({ kind: "text" });
    expect(second.calls).toHaveLength(1);
  });

  it("serves a stored answer to a late retry after memory is gone", async () => {
    const kv = createMemoryKeyValue();
    const first = setup({}, kv);
    const answered = await first.coordinator.handle(delivery("Bishan output?"));
    const restarted = setup({ answerText: "a different answer" }, kv);
    expect(await restarted.coordinator.handle(delivery("Bishan output?"))).toEqual(answered);
    expect(restarted.calls).toHaveLength(0);
  });
});
