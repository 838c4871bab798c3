/**
 * Channel state stays bounded however many people write: histories, retry bookkeeping and the
 * computations kept in memory are capped, so memory stays flat through a promotional push.
 */
import { describe, expect, it } from "vitest";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { createSenderLimit } from "../../http/rate-limit.ts";
import { createLogger } from "../../logger.ts";
import { createFakeAssistant } from "../../testing/fake-assistant.ts";
import { createReplyCoordinator, type Delivery } from "./coordinator.ts";
import { createConversationHistory } from "./history.ts";

const MAX_ENTRIES = 2_000;
/** The coordinator keeps 1,000 settled computations, pruned before each new one is opened. */
const MAX_JOBS = 1_001;

function setup() {
  const kv = createMemoryKeyValue({ maxEntries: MAX_ENTRIES });
  const history = createConversationHistory({ kv, prefix: "wechat:history:" });
  const coordinator = createReplyCoordinator({
    channel: "wechat",
    assistant: createFakeAssistant({ answerWith: (messages) => `Answer ${messages.length} [1].` })
      .assistant,
    kv,
    history,
    limitSender: createSenderLimit({ perMinute: 1_000 }),
    timing: { replyDeadlineMs: 1_000, retryHoldMs: 1_000, maxDeliveries: 1 },
    logger: createLogger({ level: "silent" }),
  });
  return { kv, history, coordinator };
}

let sequence = 0;
const delivery = (user: string): Delivery => {
  sequence += 1;
  return {
    key: `msg:${sequence}`,
    user,
    intent: { kind: "question", text: `Question ${sequence} about Bishan?` },
    createdAt: Date.now(),
    receivedAt: Date.now(),
  };
};

describe("channel state under many users and messages", () => {
  it("stays within its bounds for 10,000 distinct senders", async () => {
    const { kv, coordinator } = setup();
    for (let user = 0; user < 10_000; user++) {
      const outcome = await coordinator.handle(delivery(`o-user-${user}`));
      expect(outcome.kind).toBe("text");
      if (user % 500 === 0) {
        expect(kv.size).toBeLessThanOrEqual(MAX_ENTRIES);
        expect(coordinator.jobsInMemory).toBeLessThanOrEqual(MAX_JOBS);
      }
    }
    expect(kv.size).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(coordinator.jobsInMemory).toBeLessThanOrEqual(MAX_JOBS);
  });

  it("keeps each conversation short however long it runs", async () => {
    const { kv, history, coordinator } = setup();
    for (let message = 0; message < 300; message++) {
      for (const user of ["o-a", "o-b", "o-c"]) await coordinator.handle(delivery(user));
    }
    for (const user of ["o-a", "o-b", "o-c"]) {
      const kept = await history.read(user);
      expect(kept.length).toBeLessThanOrEqual(8);
      expect(kept.every((turn) => turn.content.length <= 2_000)).toBe(true);
    }
    expect(kv.size).toBeLessThanOrEqual(MAX_ENTRIES);
  });
});
