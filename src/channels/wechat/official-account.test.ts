import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWeChatApi, startFakeWeChatApi } from "../../testing/fake-wechat-api.ts";
import { computeSignature, createMessageCrypto } from "./crypto.ts";
import { MAX_REPLY_BYTES, measureUtf8 } from "./replies.ts";
import { createMsgId, readSimulatedReply } from "./simulator.ts";
import { ACCOUNT, FAST_TIMING, setupChannels, sleep } from "./test-support.ts";

const USER = "oia2TjjewbmiOUlr6X-1crbLOvLw";
const ask = (content: string, extra: { msgId?: string; from?: string } = {}) => ({
  content,
  from: USER,
  ...extra,
});

async function verifyUrl(
  app: ReturnType<typeof setupChannels>["app"],
  query: Record<string, string>,
): Promise<Response> {
  return app.request(`/wechat?${new URLSearchParams(query)}`);
}

describe("GET /wechat (URL verification)", () => {
  it("echoes echostr when the signature matches", async () => {
    const { app } = setupChannels();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = await computeSignature([ACCOUNT.token, timestamp, "nonce1"]);
    const res = await verifyUrl(app, { signature, timestamp, nonce: "nonce1", echostr: "echo-42" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("echo-42");
  });

  it("refuses a wrong or missing signature and a stale timestamp", async () => {
    const { app } = setupChannels();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const wrong = await verifyUrl(app, {
      signature: "0".repeat(40),
      timestamp,
      nonce: "n",
      echostr: "e",
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized:wechat" } });
    expect((await verifyUrl(app, { timestamp, nonce: "n", echostr: "e" })).status).toBe(401);
    const old = String(Number(timestamp) - 301);
    const stale = await verifyUrl(app, {
      signature: await computeSignature([ACCOUNT.token, old, "n"]),
      timestamp: old,
      nonce: "n",
      echostr: "e",
    });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/timestamp/);
  });
});

describe("POST /wechat in the three modes", () => {
  it.each(["plain", "compatible", "safe"] as const)(
    "answers a text message in %s mode, encrypted when the request was",
    async (mode) => {
      const { sendWeChat, calls, text, citation } = setupChannels();
      const reply = await sendWeChat(ask("What was Bishan's output in H1 2018?"), { mode });
      expect(reply.status).toBe(200);
      expect(reply.encrypted).toBe(mode !== "plain");
      if (reply.encrypted) expect(reply.signatureValid).toBe(true);
      expect(reply.fields).toMatchObject({
        ToUserName: USER,
        FromUserName: "gh_0123456789ab",
        MsgType: "text",
      });
      expect(reply.content).toBe(`${text}\n\nSources:\n[1] ${citation.title}, ${citation.date}`);
      expect(calls).toEqual([[{ role: "user", content: "What was Bishan's output in H1 2018?" }]]);
    },
  );

  it("decrypts WeChat's official safe-mode sample end to end and replies encrypted", async () => {
    // WeChat's official WXBizMsgCrypt Python sample (Sample.py, © Tencent), as carried in
    // charlesXu86/Chatbot_CN, Chatbot_Web/impl/weixin/Sample.py.
    const sample = {
      token: "spamtest",
      appId: "wx2c2769f8efd9abc2",
      timestamp: "1409735669",
      nonce: "1320562132",
      msgSignature: "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
      encrypt:
        "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=",
    };
    const { app, calls } = setupChannels({
      // The sample dates from 2014: replaying it needs the timestamp check off.
      wechat: { token: sample.token, appId: sample.appId, maxSkewSeconds: 0 },
    });
    const query = new URLSearchParams({
      signature: await computeSignature([sample.token, sample.timestamp, sample.nonce]),
      timestamp: sample.timestamp,
      nonce: sample.nonce,
      openid: "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
      encrypt_type: "aes",
      msg_signature: sample.msgSignature,
    });
    const res = await app.request(`/wechat?${query}`, {
      method: "POST",
      body: `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[${sample.encrypt}]]></Encrypt></xml>`,
    });
    const reply = await readSimulatedReply(res, {
      token: sample.token,
      crypto: await createMessageCrypto({
        encodingAesKey: ACCOUNT.encodingAesKey,
        receiveId: sample.appId,
      }),
    });
    expect(reply).toMatchObject({ status: 200, encrypted: true, signatureValid: true });
    expect(reply.fields?.ToUserName).toBe("oyORnuP8q7ou2gfYjqLzSIWZf0rs");
    expect(calls).toEqual([[{ role: "user", content: "abcdteT" }]]);
  });
});

describe("POST /wechat refuses what it cannot trust, computing nothing", () => {
  it("refuses bad and missing signatures", async () => {
    const { sendWeChat, app, calls } = setupChannels();
    expect((await sendWeChat(ask("hi"), { signature: "f".repeat(40) })).status).toBe(401);
    const unsigned = await app.request("/wechat?timestamp=1&nonce=2", {
      method: "POST",
      body: "<xml><MsgType>text</MsgType></xml>",
    });
    expect(unsigned.status).toBe(401);
    expect(calls).toEqual([]);
  });

  it("refuses a safe-mode message whose msg_signature does not cover its Encrypt", async () => {
    const { app, calls } = setupChannels();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const crypto = await createMessageCrypto({
      encodingAesKey: ACCOUNT.encodingAesKey,
      receiveId: ACCOUNT.appId,
    });
    const encrypt = await crypto.encrypt(
      `<xml><ToUserName>gh</ToUserName><FromUserName>${USER}</FromUserName><CreateTime>${timestamp}</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>`,
    );
    const post = async (msgSignature: string | undefined, body: string) => {
      const query = new URLSearchParams({
        signature: await computeSignature([ACCOUNT.token, timestamp, "n"]),
        timestamp,
        nonce: "n",
        encrypt_type: "aes",
      });
      if (msgSignature) query.set("msg_signature", msgSignature);
      return app.request(`/wechat?${query}`, { method: "POST", body });
    };
    const envelope = (value: string) => `<xml><Encrypt><![CDATA[${value}]]></Encrypt></xml>`;
    expect((await post(undefined, envelope(encrypt))).status).toBe(401);
    expect((await post("0".repeat(40), envelope(encrypt))).status).toBe(401);
    const tampered = `${encrypt.slice(0, 10)}${encrypt[10] === "A" ? "B" : "A"}${encrypt.slice(11)}`;
    const signedOriginal = await computeSignature([ACCOUNT.token, timestamp, "n", encrypt]);
    expect((await post(signedOriginal, envelope(tampered))).status).toBe(401);
    // Signed, but not a ciphertext of this account: refused after the signature check.
    const garbage = btoa("x".repeat(64));
    const signedGarbage = await computeSignature([ACCOUNT.token, timestamp, "n", garbage]);
    expect((await post(signedGarbage, envelope(garbage))).status).toBe(400);
    const foreign = await (
      await createMessageCrypto({ encodingAesKey: ACCOUNT.encodingAesKey, receiveId: "wxother" })
    ).encrypt("<xml><MsgType>text</MsgType></xml>");
    const signedForeign = await computeSignature([ACCOUNT.token, timestamp, "n", foreign]);
    const wrongApp = await post(signedForeign, envelope(foreign));
    expect(wrongApp.status).toBe(400);
    expect(await wrongApp.text()).toMatch(/could not be decrypted/);
    expect(calls).toEqual([]);
  });

  it("refuses stale timestamps unless the check is off", async () => {
    const { sendWeChat, calls } = setupChannels();
    const now = Math.floor(Date.now() / 1000);
    const stale = await sendWeChat(ask("hi"), { timestamp: now - 301 });
    expect(stale.status).toBe(401);
    expect(stale.raw).toMatch(/timestamp/);
    expect((await sendWeChat(ask("hi"), { timestamp: now + 301 })).status).toBe(401);
    expect(calls).toEqual([]);
    const open = setupChannels({ wechat: { maxSkewSeconds: 0 } });
    expect((await open.sendWeChat(ask("hi"), { timestamp: 1_409_735_669 })).status).toBe(200);
  });

  it("refuses malformed, oversized and entity-declaring XML", async () => {
    const { app, calls } = setupChannels();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const query = new URLSearchParams({
      signature: await computeSignature([ACCOUNT.token, timestamp, "n"]),
      timestamp,
      nonce: "n",
    });
    const post = (body: string) => app.request(`/wechat?${query}`, { method: "POST", body });
    const malformed = await post("<xml><MsgType>text</MsgType><Content>unclosed</xml>");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "bad_request:wechat" } });
    expect((await post("")).status).toBe(400);
    expect((await post("<xml><Content>no other fields</Content></xml>")).status).toBe(400);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol1;</Content><MsgId>1</MsgId></xml>`;
    const refused = await post(bomb);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/DOCTYPE/);
    const huge = await post(`<xml><Content><![CDATA[${"a".repeat(70_000)}]]></Content></xml>`);
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: "payload_too_large:wechat" } });
    expect(calls).toEqual([]);
  });

  it("refuses an encrypted message when no EncodingAESKey is configured", async () => {
    const { sendWeChat } = setupChannels({ wechat: { encodingAesKey: undefined } });
    const reply = await sendWeChat(ask("hi"), { mode: "safe" });
    expect(reply.status).toBe(503);
    expect(reply.raw).toMatch(/WECHAT_ENCODING_AES_KEY/);
  });
});

describe("message types", () => {
  it("treats voice with a Recognition as text", async () => {
    const { sendWeChat, calls, text } = setupChannels();
    const reply = await sendWeChat({
      type: "voice",
      content: "璧山的工业产值是多少？",
      from: USER,
    });
    expect(reply.content).toContain(text);
    expect(reply.content).toContain("来源：");
    expect(calls).toEqual([[{ role: "user", content: "璧山的工业产值是多少？" }]]);
  });

  it("welcomes a new follower with example questions", async () => {
    const { sendWeChat, calls } = setupChannels();
    const reply = await sendWeChat({ type: "event", event: "subscribe", from: USER });
    expect(reply.content).toMatch(/Welcome/);
    expect(reply.content).toMatch(/欢迎/);
    expect(reply.content).toMatch(/Bishan/);
    expect(measureUtf8(reply.content ?? "")).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    expect(calls).toEqual([]);
  });

  it.each([
    ["image", {}],
    ["location", {}],
    ["link", {}],
    ["video", {}],
    ["shortvideo", {}],
    ["file", {}],
    ["something-new", {}],
    ["voice", { content: undefined }],
    ["text", { content: "   " }],
    ["event", { event: "CLICK" }],
  ])("answers %s with what the assistant can do", async (type, extra) => {
    const { sendWeChat, calls } = setupChannels();
    const reply = await sendWeChat({ type, from: USER, ...extra });
    expect(reply.status).toBe(200);
    expect(reply.content).toMatch(/only read text/);
    expect(calls).toEqual([]);
  });

  it.each(["unsubscribe", "LOCATION", "VIEW", "TEMPLATESENDJOBFINISH"])(
    "replies nothing to the %s event",
    async (event) => {
      const { sendWeChat, calls } = setupChannels();
      const reply = await sendWeChat({ type: "event", event, from: USER });
      expect(reply).toMatchObject({ status: 200, empty: true, raw: "success" });
      expect(calls).toEqual([]);
    },
  );
});

describe("over-long answers", () => {
  it.each([
    ["Chinese", "重庆两江新区是国家级新区。".repeat(400)],
    ["English", "Chongqing's Liangjiang New Area is a state-level new area. ".repeat(80)],
    ["emoji", "🇨🇳👨‍👩‍👧‍👦🏭".repeat(300)],
  ])("shortens a %s answer to 2,048 bytes at a character boundary", async (_name, answerText) => {
    const { sendWeChat } = setupChannels({ assistant: { answerText } });
    const reply = await sendWeChat(ask("Tell me everything about Liangjiang."), { mode: "safe" });
    const content = reply.content ?? "";
    expect(measureUtf8(content)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    expect(measureUtf8(content)).toBeGreaterThan(MAX_REPLY_BYTES - 200);
    expect(content).not.toContain("\uFFFD");
    const [body = ""] = content.split("\n\nSources:");
    expect(body.endsWith("…")).toBe(true);
    expect(answerText.startsWith(body.slice(0, -1).trimEnd())).toBe(true);
    expect(content).toMatch(/Sources:\n\[1\] Chongqing Bishan/);
  });
});

describe("the 5-second rule", () => {
  it("computes once when retries arrive while the answer is computed, answering each the same", async () => {
    const { sendWeChat, calls, text } = setupChannels({
      assistant: { delayMs: 200 },
      timing: { ...FAST_TIMING, replyDeadlineMs: 2000, retryHoldMs: 3000 },
    });
    const msgId = createMsgId();
    const deliveries = [0, 30, 60].map(async (delay) => {
      await sleep(delay);
      return sendWeChat(ask("Output?", { msgId }), { mode: "safe" });
    });
    const replies = await Promise.all(deliveries);
    expect(calls).toHaveLength(1);
    for (const reply of replies) expect(reply.content).toContain(text);
    expect(new Set(replies.map((reply) => reply.content)).size).toBe(1);
    const late = await sendWeChat(ask("Output?", { msgId }));
    expect(late.content).toBe(replies[0]?.content);
    expect(calls).toHaveLength(1);
  });

  it("without an app secret, holds early deliveries so WeChat retries, and a retry gets the answer", async () => {
    const { sendWeChat, calls, text } = setupChannels({ assistant: { delayMs: 220 } });
    const msgId = createMsgId();
    const started = Date.now();
    const first = await sendWeChat(ask("Output?", { msgId }));
    // Held past the reply deadline: WeChat would have dropped the connection and retried.
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST_TIMING.retryHoldMs ?? 0);
    expect(first.empty).toBe(true);
    const second = await sendWeChat(ask("Output?", { msgId }));
    expect(second.content).toContain(text);
    expect(calls).toHaveLength(1);
  });

  it("without an app secret, says 'still working' on the last delivery and answers the next message", async () => {
    const { sendWeChat, calls, text, kv } = setupChannels({ assistant: { delayMs: 600 } });
    const msgId = createMsgId();
    const deliveries = await Promise.all(
      [0, 20, 40].map(async (delay) => {
        await sleep(delay);
        return sendWeChat(ask("What was Bishan's output?", { msgId }));
      }),
    );
    const [first, second, last] = deliveries;
    expect(first?.empty).toBe(true);
    expect(second?.empty).toBe(true);
    expect(last?.content).toMatch(/still putting your answer together.*send any message/i);
    await sleep(700);
    const next = await sendWeChat(ask("1"));
    expect(next.content).toContain(text);
    expect(next.content).not.toMatch(/previous question/);
    expect(calls).toHaveLength(1);
    expect(await kv.get(`wechat:pending:${USER}`)).toBeUndefined();
    // The message after that is a new question again (slow too, so this delivery is held).
    const after = await sendWeChat(ask("And in 2019?"));
    expect(after.empty).toBe(true);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.at(-1)).toEqual({ role: "user", content: "And in 2019?" });
  });

  it("gives the earlier answer to a new question that arrives first, asking to resend it", async () => {
    const { sendWeChat, calls } = setupChannels({ assistant: { delayMs: 300 } });
    const msgId = createMsgId();
    for (let delivery = 0; delivery < 3; delivery++) {
      void sendWeChat(ask("What was Bishan's output?", { msgId }));
    }
    await sleep(400);
    const next = await sendWeChat(ask("What about Liangjiang New Area?"));
    expect(next.content).toMatch(/^Here is the answer to your previous question/);
    expect(next.content).toMatch(/send it again/);
    expect(calls).toHaveLength(1);
  });

  describe("with an app secret", () => {
    let api: FakeWeChatApi;
    beforeAll(async () => {
      api = await startFakeWeChatApi({ appId: ACCOUNT.appId, appSecret: "the-app-secret" });
    });
    afterAll(() => api.close());

    const setup = (log?: string[]) => {
      api.sent.length = 0;
      return setupChannels({
        assistant: { delayMs: 600 },
        wechat: { appSecret: "the-app-secret", apiBaseUrl: api.url },
        log,
      });
    };

    it("replies success in time and delivers the answer through the customer-service API", async () => {
      const { sendWeChat, calls, text, citation } = setup();
      const msgId = createMsgId();
      const started = Date.now();
      const reply = await sendWeChat(ask("What was Bishan's output?", { msgId }), { mode: "safe" });
      expect(Date.now() - started).toBeLessThan(550);
      expect(reply).toMatchObject({ status: 200, empty: true, raw: "success" });
      const [sent] = await api.waitForSent(1);
      expect(sent).toMatchObject({ api: "custom", touser: USER });
      expect(sent?.content).toBe(`${text}\n\nSources:\n[1] ${citation.title}, ${citation.date}`);
      // A retry WeChat sends anyway is not answered twice.
      const retry = await sendWeChat(ask("What was Bishan's output?", { msgId }));
      expect(retry.empty).toBe(true);
      await sleep(50);
      expect(api.sent).toHaveLength(1);
      expect(calls).toHaveLength(1);
    });

    it("keeps the answer for the next message when the API refuses it", async () => {
      const { sendWeChat, text } = setup();
      api.failNextSends(45015);
      await sendWeChat(ask("What was Bishan's output?"));
      await sleep(700);
      expect(api.sent).toHaveLength(0);
      const next = await sendWeChat(ask("ok"));
      expect(next.content).toContain(text);
    });

    it("logs a token error from WeChat with what to do, and keeps the answer", async () => {
      const log: string[] = [];
      const { sendWeChat, text } = setup(log);
      api.failNextTokenFetches(40164);
      await sendWeChat(ask("What was Bishan's output?"));
      await sleep(700);
      expect(api.sent).toHaveLength(0);
      const warning = log.find((line) => line.includes("late answer could not be sent"));
      expect(warning).toMatch(/WeChat access token failed: errcode 40164/);
      expect(warning).toMatch(/IP whitelist/);
      expect(log.join("\n")).not.toContain("the-app-secret");
      const next = await sendWeChat(ask("ok"));
      expect(next.content).toContain(text);
    });
  });
});

describe("conversation history", () => {
  it("gives the assistant each user's earlier turns, so follow-ups work", async () => {
    const { sendWeChat, calls } = setupChannels({
      assistant: { answerWith: (messages) => `Answer ${messages.length}` },
    });
    await sendWeChat(ask("What was Bishan's output in H1 2018?"));
    await sendWeChat(ask("How many enterprises are in it?"));
    await sendWeChat(ask("Who runs Liangjiang?", { from: "another-user" }));
    expect(calls[1]).toEqual([
      { role: "user", content: "What was Bishan's output in H1 2018?" },
      { role: "assistant", content: "Answer 1" },
      { role: "user", content: "How many enterprises are in it?" },
    ]);
    expect(calls[2]).toEqual([{ role: "user", content: "Who runs Liangjiang?" }]);
  });

  it("keeps a bounded number of turns and forgets an idle conversation", async () => {
    let now = Date.now();
    const { sendWeChat, calls } = setupChannels({ now: () => now });
    for (let turn = 0; turn < 12; turn++) await sendWeChat(ask(`Question ${turn}`));
    expect(calls.at(-1)).toHaveLength(9);
    expect(calls.at(-1)?.[0]).toEqual({ role: "user", content: "Question 7" });
    now += 31 * 60 * 1000;
    await sendWeChat(ask("A new topic"));
    expect(calls.at(-1)).toEqual([{ role: "user", content: "A new topic" }]);
  });
});

describe("an unconfigured channel", () => {
  it("answers 503 naming the settings to set", async () => {
    const { app } = setupChannels({ wechat: false, wecom: false });
    const wechat = await app.request("/wechat", { method: "POST", body: "<xml/>" });
    expect(wechat.status).toBe(503);
    const body = (await wechat.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_configured:wechat");
    expect(body.error.message).toMatch(/WECHAT_TOKEN/);
    const wecom = await app.request("/wecom?echostr=x");
    expect(wecom.status).toBe(503);
    expect(await wecom.text()).toMatch(/WECOM_CORP_ID/);
  });
});

describe("logs", () => {
  it("say why a request was refused without echoing secrets or message text", async () => {
    const log: string[] = [];
    const { sendWeChat } = setupChannels({ log });
    await sendWeChat(ask("my secret question"), { signature: "f".repeat(40) });
    const lines = log.join("\n");
    expect(lines).toMatch(/callback rejected/);
    expect(lines).toMatch(/"reason":"signature"/);
    expect(lines).not.toContain(ACCOUNT.token);
    expect(lines).not.toContain("my secret question");
  });
});
