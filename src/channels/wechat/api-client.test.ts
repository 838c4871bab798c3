import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWeChatApi, startFakeWeChatApi } from "../../testing/fake-wechat-api.ts";
import { createMemoryKeyValue } from "../key-value.ts";
import { createOfficialAccountSender, createWeComSender, WeChatApiError } from "./api-client.ts";

let api: FakeWeChatApi;
beforeAll(async () => {
  api = await startFakeWeChatApi();
});
afterAll(() => api.close());

function setup(overrides: { appSecret?: string; now?: () => number } = {}) {
  api.sent.length = 0;
  api.tokenRequests = 0;
  const kv = createMemoryKeyValue(overrides.now ? { now: overrides.now } : {});
  const sender = createOfficialAccountSender({
    baseUrl: `${api.url}/`,
    kv,
    appId: "wxb11529c136998cb6",
    appSecret: overrides.appSecret ?? "test-app-secret",
    busyRetryMs: 5,
    now: overrides.now,
  });
  return { kv, sender };
}

describe("createOfficialAccountSender", () => {
  it("fetches one access token, caches it and sends customer-service messages", async () => {
    const { sender } = setup();
    await Promise.all([sender.sendText("openid-1", "你好"), sender.sendText("openid-2", "hello")]);
    await sender.sendText("openid-1", "again");
    expect(api.tokenRequests).toBe(1);
    expect(api.sent.map(({ touser, content }) => [touser, content])).toEqual([
      ["openid-1", "你好"],
      ["openid-2", "hello"],
      ["openid-1", "again"],
    ]);
  });

  it("fetches a new token when WeChat says the old one expired or is invalid", async () => {
    const { sender } = setup();
    await sender.sendText("openid-1", "first");
    api.expireTokens();
    await sender.sendText("openid-1", "after expiry (42001)");
    api.failNextSends(40001);
    await sender.sendText("openid-1", "after invalid credential (40001)");
    expect(api.tokenRequests).toBe(3);
    expect(api.sent.map((message) => message.content)).toEqual([
      "first",
      "after expiry (42001)",
      "after invalid credential (40001)",
    ]);
    expect(new Set(api.sent.map((message) => message.accessToken)).size).toBe(3);
  });

  it("refreshes the token shortly before it expires", async () => {
    let now = 1_700_000_000_000;
    const { sender } = setup({ now: () => now });
    await sender.sendText("openid-1", "one");
    now += (7200 - 301) * 1000;
    await sender.sendText("openid-1", "two");
    expect(api.tokenRequests).toBe(1);
    now += 2000;
    await sender.sendText("openid-1", "three");
    expect(api.tokenRequests).toBe(2);
  });

  it("retries once when WeChat is busy, and reports errors it cannot fix", async () => {
    const { sender } = setup();
    api.failNextSends(-1);
    await sender.sendText("openid-1", "after busy");
    expect(api.sent.map((message) => message.content)).toEqual(["after busy"]);
    api.failNextSends(45015);
    const error = await sender.sendText("openid-1", "too late").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 45015 });
    expect(String(error)).toMatch(/48 hours/);
    api.failNextSends(-1, -1);
    await expect(sender.sendText("openid-1", "busy twice")).rejects.toMatchObject({ errcode: -1 });
  });

  it("names a wrong secret without leaking it", async () => {
    const { sender } = setup({ appSecret: "wrong-secret" });
    const error = await sender.sendText("openid-1", "x").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errcode: 40125 });
    expect(String(error)).toMatch(/app secret/);
    expect(String(error)).not.toContain("wrong-secret");
  });

  it("reports an unreachable API by operation, not by URL", async () => {
    const sender = createOfficialAccountSender({
      baseUrl: "http://127.0.0.1:1",
      kv: createMemoryKeyValue(),
      appId: "wxb11529c136998cb6",
      appSecret: "test-app-secret",
    });
    const error = await sender.sendText("openid-1", "x").catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/WeChat access token failed/);
    expect(String(error)).not.toContain("test-app-secret");
  });
});

describe("createWeComSender", () => {
  it("sends application messages with the agent id", async () => {
    api.sent.length = 0;
    const sender = createWeComSender({
      baseUrl: api.url,
      kv: createMemoryKeyValue(),
      corpId: "ww1436e0e65a779aee",
      secret: "test-corp-secret",
      agentId: 1000002,
    });
    await sender.sendText("ChenJiaShun", "你好");
    expect(api.sent).toEqual([
      expect.objectContaining({
        api: "wecom",
        touser: "ChenJiaShun",
        content: "你好",
        agentid: 1000002,
      }),
    ]);
  });
});
