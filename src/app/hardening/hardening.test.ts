import { describe, expect, it } from "vitest";
import { setupChannels } from "../../channels/wechat/test-support.ts";
import { createLogger } from "../../logger.ts";
import type { Assistant } from "../../rag/answer/types.ts";
import { createFakeAssistant } from "../../testing/fake-assistant.ts";
import { createRecordsApp, TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";
import { createScriptedAssistant } from "../../testing/scripted-assistant.ts";
import { parseSse } from "../../testing/sse.ts";
import { createApp } from "../app.ts";
import { DEFAULT_HARDENING, type HardeningSettings } from "./index.ts";

const ask = { messages: [{ role: "user", content: "What was Bishan's output in H1 2018?" }] };

function setup(
  options: {
    hardening?: Partial<HardeningSettings>;
    assistant?: Assistant;
    peer?: () => string | undefined;
    log?: string[];
  } = {},
) {
  const log = options.log;
  return createApp({
    retriever: { search: async () => [] },
    assistant: options.assistant ?? createFakeAssistant().assistant,
    getStatus: async () => ({ ready: false, reason: "test", action: "none" }),
    logger: createLogger(log ? { write: (line) => log.push(line) } : { level: "silent" }),
    defaultK: 5,
    hardening: { ...DEFAULT_HARDENING, ...options.hardening },
    getPeerAddress: options.peer ?? (() => "203.0.113.7"),
  });
}

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** A body sent in chunks without Content-Length, as a client streaming a flood would. */
function streamedPost(path: string, bytes: number) {
  const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("body size limits", () => {
  const big = JSON.stringify({ messages: [{ role: "user", content: "x".repeat(70_000) }] });

  it.each(["/api/chat", "/v1/chat/completions", "/api/feedback", "/api/inquiries"])(
    "answers 413 JSON on %s, whether the size is declared or the body streamed",
    async (path) => {
      const { app } = createRecordsApp();
      const limit = DEFAULT_HARDENING.maxBodyBytes;
      for (const request of [
        postJson(path, "x".repeat(limit + 1)),
        streamedPost(path, limit + 1),
      ]) {
        const res = await app.request(request);
        expect(res.status).toBe(413);
        expect((await res.json()).error.code).toMatch(/^payload_too_large/);
      }
    },
  );

  it("follows MAX_BODY_KB", async () => {
    const app = setup({ hardening: { maxBodyBytes: 64 * 1024 } });
    expect((await app.request(postJson("/api/chat", big))).status).toBe(413);
    expect((await app.request(postJson("/api/chat", ask))).status).toBe(200);
  });

  it("answers 413 on /wechat beyond 64 KiB, before checking anything else", async () => {
    const { app } = setupChannels();
    const res = await app.request(streamedPost("/wechat?signature=x&timestamp=1&nonce=1", 70_000));
    expect(res.status).toBe(413);
  });

  it("keeps the message and history limits of /api/chat and /v1/chat/completions", async () => {
    const app = setup();
    const long = { messages: [{ role: "user", content: "x".repeat(4001) }] };
    const many = {
      messages: Array.from({ length: 41 }, (_, i) => ({
        role: i % 2 ? "assistant" : "user",
        content: "hi",
      })),
    };
    for (const body of [long, many]) {
      const res = await app.request(postJson("/api/chat", body));
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("bad_request:chat");
    }
    const completion = await app.request(postJson("/v1/chat/completions", long));
    expect(completion.status).toBe(400);
    const system = {
      messages: [
        { role: "system", content: "s".repeat(300_000) },
        { role: "user", content: "hi" },
      ],
    };
    expect((await app.request(postJson("/v1/chat/completions", system))).status).toBe(200);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once an address passes its budget, per address", async () => {
    let peer = "203.0.113.7";
    const app = setup({ hardening: { rateLimitPerMinute: 3 }, peer: () => peer });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.request("/api/search?q=a")).status);
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    const limited = await app.request(postJson("/api/chat", ask));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit")).toMatch(/limit=3, remaining=0/);
    expect((await limited.json()).error.code).toBe("rate_limited");
    expect((await app.request("/healthz")).status).toBe(200);
    peer = "203.0.113.8";
    expect((await app.request(postJson("/api/chat", ask))).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY says proxies set it", async () => {
    const spoofed = (n: number) => ({ "x-forwarded-for": `198.51.100.${n}` });
    const direct = setup({ hardening: { rateLimitPerMinute: 2 } });
    const proxied = setup({ hardening: { rateLimitPerMinute: 2, trustProxy: 1 } });
    const seen = async (app: ReturnType<typeof setup>) => {
      const statuses: number[] = [];
      for (let n = 0; n < 4; n++) {
        statuses.push((await app.request("/api/search?q=a", { headers: spoofed(n) })).status);
      }
      return statuses;
    };
    expect(await seen(direct)).toEqual([200, 200, 429, 429]);
    expect(await seen(proxied)).toEqual([200, 200, 200, 200]);
  });

  it("does not throttle the WeChat servers' address: WeChat is limited per sender instead", async () => {
    const { sendWeChat } = setupChannels({ wechat: { maxMessagesPerMinute: 2 } });
    const replies: string[] = [];
    for (let id = 1; id <= 3; id++) {
      const reply = await sendWeChat({ from: "openid-flood", content: "Output?", msgId: `${id}` });
      replies.push(reply.content ?? "");
    }
    expect(replies[0]).toContain("32.34");
    expect(replies[1]).toContain("32.34");
    expect(replies[2]).toMatch(/faster than I can answer\. Please ask again in about \d+ seconds/);
    const other = await sendWeChat({ from: "openid-other", content: "Output?", msgId: "4" });
    expect(other.content).toContain("32.34");
  });

  it("counts WeChat's retries of one message once", async () => {
    const { sendWeChat, calls } = setupChannels({ wechat: { maxMessagesPerMinute: 1 } });
    for (let delivery = 0; delivery < 3; delivery++) {
      const reply = await sendWeChat({ from: "openid-r", content: "Output?", msgId: "77" });
      expect(reply.content).toContain("32.34");
    }
    expect(calls).toHaveLength(1);
  });
});

describe("CORS", () => {
  const preflight = (origin: string) =>
    new Request("http://localhost/api/chat", {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });

  it("allows no other origin by default", async () => {
    const app = setup();
    const res = await app.request(preflight("https://elsewhere.example"));
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const get = await app.request("/api/search?q=a", {
      headers: { origin: "https://elsewhere.example" },
    });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows exactly the configured origins", async () => {
    const app = setup({ hardening: { corsOrigins: ["https://partner.example"] } });
    const allowed = await app.request(preflight("https://partner.example"));
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://partner.example");
    expect(allowed.headers.get("access-control-allow-methods")).toContain("POST");
    const other = await app.request(preflight("https://elsewhere.example"));
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("security headers", () => {
  it("come with API answers and the page, whose own CSP is kept", async () => {
    const { app } = createRecordsApp({
      web: { "index.html": "<!doctype html><title>t</title>" },
    });
    for (const path of ["/", "/api/search?q=a", "/nowhere"]) {
      const res = await app.request(path);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=/);
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
    const page = await app.request("/");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
  });
});

describe("staff endpoints", () => {
  it("every operation OpenAPI marks as staff-only refuses requests without the token", async () => {
    const { app } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
    const spec = await (await app.request("/openapi.json")).json();
    const guarded = Object.entries(
      spec.paths as Record<string, Record<string, { security?: unknown }>>,
    ).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security)
        .map(([method]) => ({
          path: path.replaceAll(/\{[^}]+\}/g, "x"),
          method: method.toUpperCase(),
        })),
    );
    expect(guarded.length).toBeGreaterThanOrEqual(9);
    for (const { path, method } of guarded) {
      // A fresh app per operation: wrong tokens count towards the sign-in lockout.
      const { app: fresh } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
      for (const authorization of [
        undefined,
        "Bearer wrong-token-0123456789",
        TEST_ADMIN_TOKEN.slice(1),
      ]) {
        const headers = authorization ? { authorization } : undefined;
        const res = await fresh.request(path, { method, headers });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
      const ok = await fresh.request(path, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      // Past the guard: answered, or refused for the (missing) body or id, or because this app
      // cannot change documents — never by the guard.
      expect([200, 400, 403, 404], `${method} ${path}`).toContain(ok.status);
      if (ok.status === 403) {
        expect((await ok.json()).error.code).toBe("read_only:documents");
      }
    }
  });
});

describe("request timeouts", () => {
  it("answer a slow API request with a JSON 503 and Retry-After, not a hang", async () => {
    const slow = createFakeAssistant({ delayMs: 2_000 }).assistant;
    const app = setup({ assistant: slow, hardening: { requestTimeoutMs: 200 } });
    const started = performance.now();
    const res = await app.request(postJson("/api/chat", ask));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await res.json()).error.code).toBe("timeout");
  });

  it("leave a stream that started in time to finish", async () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const { assistant } = createScriptedAssistant(() => ({ text: words, citations: [] }));
    const app = setup({ assistant, hardening: { requestTimeoutMs: 200 } });
    const started = performance.now();
    const res = await app.request(postJson("/api/chat", { ...ask, stream: true }));
    const events = parseSse(await res.text());
    expect(performance.now() - started).toBeGreaterThan(200);
    expect(events.at(-1)?.event).toBe("done");
  });
});

describe("the access log", () => {
  it("has one JSON line per request with id, method, path, status and time — no query, token or OpenID", async () => {
    const log: string[] = [];
    const app = setup({ log });
    await app.request("/api/search?q=my+secret+plans&k=3", {
      headers: { "x-request-id": "req-123" },
    });
    await app.request("/api/inquiries", {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    // The token is no hex string: a request id (a UUID) could contain a short hex one.
    await app.request("/wechat/oUser-OpenID-123?token=query-token-xyz");
    const lines = log.map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({
      level: "info",
      message: "request",
      requestId: "req-123",
      method: "GET",
      path: "/api/search",
      status: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(lines.every((line) => typeof line.requestId === "string")).toBe(true);
    const text = log.join("\n");
    for (const secret of [
      "secret plans",
      "my+secret",
      TEST_ADMIN_TOKEN,
      "oUser-OpenID-123",
      "query-token-xyz",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("logs WeChat senders only as a hash", async () => {
    const log: string[] = [];
    const { sendWeChat } = setupChannels({ log, wechat: { maxMessagesPerMinute: 1 } });
    await sendWeChat({ from: "oSecretOpenId42", content: "Output?", msgId: "1" });
    await sendWeChat({ from: "oSecretOpenId42", content: "Output?", msgId: "2" });
    const limited = log.map((line) => JSON.parse(line)).find((line) => line.retryAfterSeconds);
    expect(limited?.user).toMatch(/^[0-9a-f]{16}$/);
    expect(log.join("\n")).not.toContain("oSecretOpenId42");
  });
});
