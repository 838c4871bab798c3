import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeWeChatApi, startFakeWeChatApi } from "../../testing/fake-wechat-api.ts";
import { createMemoryKeyValue } from "../memory/key-value.ts";
import {
  createOfficialAccountSender,
  createWeComSender,
  FORCE_REFRESH_LIMITS,
  WeChatApiError,
} from "./api-client.ts";

// One clock for the client and the fake, so tests can move time for both.
let now: number;
let api: FakeWeChatApi;
beforeEach(async () => {
  now = Date.parse("2026-03-02T02:00:00Z");
  api = await startFakeWeChatApi({ now: () => now });
});
afterEach(() => api.close());

function setup(overrides: { appSecret?: string } = {}) {
  const kv = createMemoryKeyValue({ now: () => now });
  const options = {
    baseUrl: `${api.url}/`,
    kv,
    appId: "wxb11529c136998cb6",
    appSecret: overrides.appSecret ?? "test-app-secret",
    busyRetryMs: 5,
    now: () => now,
  };
  return { kv, options, sender: createOfficialAccountSender(options) };
}

const forcedFetches = () => api.tokenFetches.filter((fetch) => fetch.forceRefresh).length;
const contents = () => api.sent.map((message) => message.content);

describe("createOfficialAccountSender", () => {
  it("fetches one stable token for concurrent callers, caches it and sends messages", async () => {
    const { sender } = setup();
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        sender.sendText(`openid-${index}`, `hello ${index}`),
      ),
    );
    await sender.sendText("openid-1", "again");
    expect(api.tokenFetches).toEqual([{ endpoint: "stable_token", forceRefresh: false }]);
    expect(api.sent).toHaveLength(11);
    expect(new Set(api.sent.map((message) => message.accessToken)).size).toBe(1);
    expect(api.sent.at(-1)).toMatchObject({ touser: "openid-1", content: "again" });
  });

  it("fetches one token, and forces one refresh, for processes sharing a store", async () => {
    const kv = createMemoryKeyValue({ now: () => now });
    const shared = () => createOfficialAccountSender({ ...setup().options, kv });
    const processes = [shared(), shared(), shared()];
    await Promise.all(processes.map((sender, index) => sender.sendText(`openid-${index}`, "hi")));
    expect(api.tokenFetches).toEqual([{ endpoint: "stable_token", forceRefresh: false }]);

    api.rejectStableToken();
    await Promise.all(
      processes.map((sender, index) => sender.sendText(`openid-${index}`, "again")),
    );
    expect(api.tokenFetches.slice(1)).toEqual([
      { endpoint: "stable_token", forceRefresh: false },
      { endpoint: "stable_token", forceRefresh: true },
    ]);
    expect(api.sent).toHaveLength(6);
  });

  it("gets the same token in every process while it is valid", async () => {
    const first = setup();
    const second = setup();
    await first.sender.sendText("openid-1", "from one");
    await second.sender.sendText("openid-1", "from two");
    await first.sender.sendText("openid-1", "from one again");
    expect(api.tokenFetches).toHaveLength(2);
    expect(forcedFetches()).toBe(0);
    expect(new Set(api.sent.map((message) => message.accessToken)).size).toBe(1);
  });

  it("forces one refresh when WeChat calls the token invalid, and retries the send once", async () => {
    const { sender } = setup();
    await sender.sendText("openid-1", "first");
    api.failNextSends(40001);
    await sender.sendText("openid-1", "after invalid credential (40001)");
    // A normal fetch first gives back the rejected token; then one forced refresh.
    expect(api.tokenFetches.map((fetch) => fetch.forceRefresh)).toEqual([false, false, true]);
    expect(contents()).toEqual(["first", "after invalid credential (40001)"]);
    expect(api.sent[0]?.accessToken).not.toBe(api.sent[1]?.accessToken);
  });

  it("shares one renewal between concurrent sends refused for the same token", async () => {
    const { sender } = setup();
    await sender.sendText("openid-1", "first");
    api.rejectStableToken();
    await Promise.all(
      Array.from({ length: 5 }, (_, index) => sender.sendText("openid-1", `after ${index}`)),
    );
    expect(api.tokenFetches.map((fetch) => fetch.forceRefresh)).toEqual([false, false, true]);
    expect(api.sent).toHaveLength(6);
  });

  it("renews an expired token without forcing, since a normal fetch gives a new one", async () => {
    const { sender } = setup();
    await sender.sendText("openid-1", "first");
    api.expireTokens();
    await sender.sendText("openid-1", "after expiry (42001)");
    expect(api.tokenFetches.map((fetch) => fetch.forceRefresh)).toEqual([false, false]);
    expect(contents()).toEqual(["first", "after expiry (42001)"]);
  });

  it("uses a token another process already forced instead of forcing again", async () => {
    const first = setup();
    const second = setup();
    await first.sender.sendText("openid-1", "one");
    await second.sender.sendText("openid-1", "two");
    api.failNextSends(40001);
    await first.sender.sendText("openid-1", "one forces");
    // The second process's token is now invalid; a normal fetch gives it the new one.
    await second.sender.sendText("openid-1", "two follows");
    expect(forcedFetches()).toBe(1);
    expect(api.sent[2]?.accessToken).toBe(api.sent[3]?.accessToken);
  });

  it("does not force again within 30 s, nor more than 20 times a day", async () => {
    const { sender } = setup();
    await sender.sendText("openid-1", "first");
    api.failNextSends(40001, 40001);
    // Forced once; the retry is refused too, and the error is reported, not retried again.
    await expect(sender.sendText("openid-1", "refused twice")).rejects.toMatchObject({
      errcode: 40001,
    });
    expect(forcedFetches()).toBe(1);
    now += FORCE_REFRESH_LIMITS.intervalMs - 1000;
    api.rejectStableToken();
    // Within 30 s: a normal fetch only, which gives back the refused token; the send fails.
    await expect(sender.sendText("openid-1", "within 30 s")).rejects.toMatchObject({
      errcode: 40001,
    });
    expect(forcedFetches()).toBe(1);
    for (let count = 2; count <= FORCE_REFRESH_LIMITS.perDay + 1; count++) {
      now += FORCE_REFRESH_LIMITS.intervalMs;
      api.rejectStableToken();
      await sender.sendText("openid-1", `force ${count}`).catch(() => {});
    }
    expect(forcedFetches()).toBe(FORCE_REFRESH_LIMITS.perDay);
    expect(contents().at(-1)).toBe(`force ${FORCE_REFRESH_LIMITS.perDay}`);
    // WeChat's day turns at midnight China time (16:00 UTC).
    now = Date.parse("2026-03-02T16:00:01Z");
    await sender.sendText("openid-1", "a new token the next day");
    api.rejectStableToken();
    await sender.sendText("openid-1", "the next day");
    expect(forcedFetches()).toBe(FORCE_REFRESH_LIMITS.perDay + 1);
    expect(contents().at(-1)).toBe("the next day");
  });

  it("refreshes the token in its last five minutes, as WeChat renews it then", async () => {
    const { sender } = setup();
    await sender.sendText("openid-1", "one");
    now += (7200 - 301) * 1000;
    await sender.sendText("openid-1", "two");
    expect(api.tokenRequests).toBe(1);
    now += 2000;
    await sender.sendText("openid-1", "three");
    expect(api.tokenFetches).toEqual([
      { endpoint: "stable_token", forceRefresh: false },
      { endpoint: "stable_token", forceRefresh: false },
    ]);
    expect(api.sent[1]?.accessToken).not.toBe(api.sent[2]?.accessToken);
  });

  it("retries once when WeChat is busy, and reports errors it cannot fix", async () => {
    const { sender } = setup();
    api.failNextSends(-1);
    await sender.sendText("openid-1", "after busy");
    expect(contents()).toEqual(["after busy"]);
    api.failNextSends(45015);
    const error = await sender.sendText("openid-1", "too late").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 45015 });
    expect(String(error)).toMatch(/48 hours/);
    api.failNextSends(-1, -1);
    await expect(sender.sendText("openid-1", "busy twice")).rejects.toMatchObject({ errcode: -1 });
  });

  it("reports an error body from stable_token with what to do", async () => {
    const { sender } = setup();
    api.failNextTokenFetches(40164);
    const error = await sender.sendText("openid-1", "x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(String(error)).toMatch(/WeChat access token failed: errcode 40164 .*IP whitelist/);
    // The next send fetches again and goes through.
    await sender.sendText("openid-1", "y");
    expect(contents()).toEqual(["y"]);
    api.failNextSends(40001);
    api.failNextTokenFetches(0, 45009);
    const quota = await sender.sendText("openid-1", "z").catch((caught: unknown) => caught);
    expect(String(quota)).toMatch(/errcode 45009 .*20 a day/);
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
  const wecom = () =>
    createWeComSender({
      baseUrl: api.url,
      kv: createMemoryKeyValue({ now: () => now }),
      corpId: "ww1436e0e65a779aee",
      secret: "test-corp-secret",
      agentId: 1000002,
      now: () => now,
    });

  it("sends application messages with the agent id", async () => {
    await wecom().sendText("ChenJiaShun", "你好");
    expect(api.sent).toEqual([
      expect.objectContaining({
        api: "wecom",
        touser: "ChenJiaShun",
        content: "你好",
        agentid: 1000002,
      }),
    ]);
    expect(api.tokenFetches).toEqual([{ endpoint: "gettoken", forceRefresh: false }]);
  });

  it("fetches a new token from gettoken when WeChat rejects the old one", async () => {
    const sender = wecom();
    await sender.sendText("ChenJiaShun", "first");
    api.expireTokens();
    await sender.sendText("ChenJiaShun", "after expiry");
    expect(api.tokenFetches.map((fetch) => fetch.endpoint)).toEqual(["gettoken", "gettoken"]);
    expect(contents()).toEqual(["first", "after expiry"]);
  });
});
