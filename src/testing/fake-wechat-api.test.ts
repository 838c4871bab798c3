import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeWeChatApi, startFakeWeChatApi } from "./fake-wechat-api.ts";

let now: number;
let api: FakeWeChatApi;
beforeEach(async () => {
  now = Date.parse("2026-03-02T02:00:00Z");
  api = await startFakeWeChatApi({ appId: "wx-app", appSecret: "the-secret", now: () => now });
});
afterEach(() => api.close());

type TokenAnswer = { access_token?: string; expires_in?: number; errcode?: number };

async function stableToken(body: Record<string, unknown>): Promise<TokenAnswer> {
  const response = await fetch(`${api.url}/cgi-bin/stable_token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credential", appid: "wx-app", ...body }),
  });
  return (await response.json()) as TokenAnswer;
}
const normal = () => stableToken({ secret: "the-secret", force_refresh: false });
const forced = () => stableToken({ secret: "the-secret", force_refresh: true });

async function send(token: string | undefined) {
  const response = await fetch(
    `${api.url}/cgi-bin/message/custom/send?access_token=${token ?? ""}`,
    {
      method: "POST",
      body: JSON.stringify({ touser: "openid", msgtype: "text", text: { content: "hi" } }),
    },
  );
  return ((await response.json()) as { errcode: number }).errcode;
}

describe("the fake stable_token endpoint", () => {
  it("gives every caller the same token while it is valid, with the seconds left", async () => {
    const first = await normal();
    now += 1000 * 1000;
    const second = await normal();
    expect(second.access_token).toBe(first.access_token);
    expect(first.expires_in).toBe(7200);
    expect(second.expires_in).toBe(6200);
    expect(await send(second.access_token)).toBe(0);
  });

  it("renews in the token's last five minutes; the old one works until it expires", async () => {
    const first = await normal();
    now += (7200 - 299) * 1000;
    const second = await normal();
    expect(second.access_token).not.toBe(first.access_token);
    expect(await send(first.access_token)).toBe(0);
    now += 300 * 1000;
    expect(await send(first.access_token)).toBe(42001);
    expect(await send(second.access_token)).toBe(0);
  });

  it("replaces the token on force_refresh, not again within 30 s, at most 20 times a day", async () => {
    const first = await normal();
    const second = await forced();
    expect(second.access_token).not.toBe(first.access_token);
    expect(await send(first.access_token)).toBe(40001);
    now += 29_000;
    expect((await forced()).access_token).toBe(second.access_token);
    for (let count = 2; count <= 20; count++) {
      now += 30_000;
      expect((await forced()).access_token).toMatch(/^token-/);
    }
    now += 30_000;
    expect(await forced()).toMatchObject({ errcode: 45009 });
    expect(api.tokenFetches.filter((fetch) => fetch.forceRefresh)).toHaveLength(22);
  });

  it("answers errors as WeChat shapes them", async () => {
    expect(await stableToken({ secret: "wrong" })).toMatchObject({ errcode: 40125 });
    expect(await stableToken({ appid: "wx-other", secret: "the-secret" })).toMatchObject({
      errcode: 40013,
    });
    expect(await stableToken({ grant_type: "password", secret: "the-secret" })).toMatchObject({
      errcode: 40002,
    });
    const get = await fetch(`${api.url}/cgi-bin/stable_token`);
    expect(await get.json()).toMatchObject({ errcode: 43002, errmsg: "require POST method" });
    api.failNextTokenFetches(-1);
    expect(await normal()).toMatchObject({ errcode: -1 });
    expect(await normal()).toMatchObject({ access_token: expect.any(String) });
  });
});
