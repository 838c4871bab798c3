/**
 * A body over the limit, sent by a real keep-alive client (Node's own fetch) to a real server:
 * the client gets its 413 and its next request succeeds, whether the server closed the connection
 * (`Connection: close`) or read the rest of the body.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../logger.ts";
import { createFakeAssistant } from "../../testing/fake-assistant.ts";
import { startServer } from "../../testing/server.ts";
import { createApp } from "../app.ts";
import { DEFAULT_HARDENING } from "./index.ts";

let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  const app = createApp({
    retriever: { search: async () => [] },
    assistant: createFakeAssistant().assistant,
    getStatus: async () => ({ ready: false, reason: "test", action: "none" }),
    logger: createLogger({ level: "silent" }),
    defaultK: 5,
    hardening: { ...DEFAULT_HARDENING, rateLimitPerMinute: 0 },
    getPeerAddress: (c) => getConnInfo(c).remote.address,
  });
  server = await startServer(app.fetch);
});
afterAll(() => server.close());

const twoMegabytes = JSON.stringify({
  messages: [{ role: "user", content: "x".repeat(2 * 1024 * 1024) }],
});

describe("a rejected body on a keep-alive connection", () => {
  it("gets its 413 and the client's next request on that connection works", async () => {
    for (let round = 0; round < 3; round++) {
      const rejected = await fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: twoMegabytes,
      });
      expect(rejected.status).toBe(413);
      expect((await rejected.json()).error.code).toBe("payload_too_large");
      const next = await fetch(`${server.url}/healthz`);
      expect(next.status).toBe(200);
      expect(await next.json()).toEqual({ status: "ok" });
    }
  });

  it("also when the body is streamed without a declared length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const rejected = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(rejected.status).toBe(413);
    await rejected.arrayBuffer();
    const next = await fetch(`${server.url}/healthz`);
    expect(next.status).toBe(200);
  });
});
