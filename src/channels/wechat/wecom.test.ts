import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWeChatApi, startFakeWeChatApi } from "../../testing/fake-wechat-api.ts";
import { computeSignature, createMessageCrypto } from "./crypto.ts";
import { createMsgId, readSimulatedReply } from "./simulator.ts";
import { CORP, setupChannels } from "./test-support.ts";

// WeCom's official callback sample: sbzhu/weworkapi_python, callback/Sample.py (使用示例一 and
// 使用示例二); CORP in test-support.ts holds its token, CorpID and EncodingAESKey.
const OFFICIAL_VERIFY = {
  msg_signature: "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb",
  timestamp: "1476416373",
  nonce: "47744683",
  echostr:
    "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==",
};
const OFFICIAL_MESSAGE = {
  msg_signature: "0c3914025cb4b4d68103f6bfc8db550f79dcf48e",
  timestamp: "1476422779",
  nonce: "1597212914",
  body: "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>",
};

// wechatpy's WeCom test: wechatpy/wechatpy, tests/test_crypto.py, test_check_signature_should_ok.
const WECHATPY = {
  token: "123456",
  corpId: "wx49f0ab532d5d035a",
  encodingAesKey: "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
  msg_signature: "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96",
  timestamp: "1411443780",
  nonce: "437374425",
  echostr:
    "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==",
};

describe("GET /wecom (URL verification with an encrypted echostr)", () => {
  it("decrypts WeCom's official sample echostr", async () => {
    const { app } = setupChannels({ wecom: { maxSkewSeconds: 0 } });
    const res = await app.request(`/wecom?${new URLSearchParams(OFFICIAL_VERIFY)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1288432023552776189");
  });

  it("accepts the echostr with its + signs unescaped, as some proxies pass it", async () => {
    const { app } = setupChannels({ wecom: { maxSkewSeconds: 0 } });
    const { echostr, ...rest } = OFFICIAL_VERIFY;
    const res = await app.request(`/wecom?${new URLSearchParams(rest)}&echostr=${echostr}`);
    expect(await res.text()).toBe("1288432023552776189");
  });

  it("decrypts wechatpy's sample echostr", async () => {
    const { msg_signature, timestamp, nonce, echostr, ...settings } = WECHATPY;
    const { app } = setupChannels({ wecom: { ...settings, maxSkewSeconds: 0 } });
    const res = await app.request(
      `/wecom?${new URLSearchParams({ msg_signature, timestamp, nonce, echostr })}`,
    );
    expect(await res.text()).toBe("5927782489442352469");
  });

  it("refuses a wrong signature, a stale timestamp and another corp's echostr", async () => {
    const { app } = setupChannels();
    const wrong = await app.request(
      `/wecom?${new URLSearchParams({ ...OFFICIAL_VERIFY, nonce: "47744684" })}`,
    );
    expect(wrong.status).toBe(401);
    // The official sample's timestamp is from 2016: outside the default window.
    const stale = await app.request(`/wecom?${new URLSearchParams(OFFICIAL_VERIFY)}`);
    expect(stale.status).toBe(401);
    const other = setupChannels({ wecom: { corpId: "wwsomeoneelse", maxSkewSeconds: 0 } });
    const foreign = await other.app.request(`/wecom?${new URLSearchParams(OFFICIAL_VERIFY)}`);
    expect(foreign.status).toBe(400);
  });
});

describe("POST /wecom", () => {
  it("decrypts WeCom's official sample message, answers it and replies encrypted", async () => {
    const { app, calls, text } = setupChannels({ wecom: { maxSkewSeconds: 0 } });
    const { body, ...query } = OFFICIAL_MESSAGE;
    const res = await app.request(`/wecom?${new URLSearchParams(query)}`, {
      method: "POST",
      body,
    });
    const reply = await readSimulatedReply(res, {
      token: CORP.token,
      crypto: await createMessageCrypto({
        encodingAesKey: CORP.encodingAesKey,
        receiveId: CORP.corpId,
      }),
    });
    expect(reply).toMatchObject({ status: 200, encrypted: true, signatureValid: true });
    expect(reply.fields).toMatchObject({
      ToUserName: "ChenJiaShun",
      FromUserName: CORP.corpId,
      MsgType: "text",
    });
    expect(reply.content).toContain(text);
    expect(reply.content).toContain("来源：");
    expect(calls).toEqual([[{ role: "user", content: "你好" }]]);
  });

  it("refuses a bad signature and a message encrypted for another CorpID, computing nothing", async () => {
    const { app, calls } = setupChannels({ wecom: { maxSkewSeconds: 0 } });
    const { body, ...query } = OFFICIAL_MESSAGE;
    const bad = await app.request(
      `/wecom?${new URLSearchParams({ ...query, msg_signature: "0".repeat(40) })}`,
      { method: "POST", body },
    );
    expect(bad.status).toBe(401);
    const missing = await app.request(
      `/wecom?${new URLSearchParams({ timestamp: query.timestamp, nonce: query.nonce })}`,
      { method: "POST", body },
    );
    expect(missing.status).toBe(401);
    const foreign = await (
      await createMessageCrypto({ encodingAesKey: CORP.encodingAesKey, receiveId: "wwother" })
    ).encrypt(
      "<xml><ToUserName>wwother</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>",
    );
    const timestamp = "1476422779";
    const signature = await computeSignature([CORP.token, timestamp, "n", foreign]);
    const res = await app.request(
      `/wecom?${new URLSearchParams({ msg_signature: signature, timestamp, nonce: "n" })}`,
      { method: "POST", body: `<xml><Encrypt><![CDATA[${foreign}]]></Encrypt></xml>` },
    );
    expect(res.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it("welcomes, explains what it reads, and keeps each user's history", async () => {
    const { sendWeCom, calls } = setupChannels({
      assistant: { answerWith: (messages) => `Answer ${messages.length}` },
    });
    expect((await sendWeCom({ type: "event", event: "subscribe" })).content).toMatch(/Welcome/);
    expect((await sendWeCom({ type: "image" })).content).toMatch(/only read text/);
    expect((await sendWeCom({ type: "event", event: "enter_agent" })).raw).toBe("");
    await sendWeCom({ content: "Bishan output?", from: "zhangsan" });
    const follow = await sendWeCom({ content: "And enterprises?", from: "zhangsan" });
    expect(follow.content).toMatch(/^Answer 3/);
    expect(calls[1]).toHaveLength(3);
  });

  describe("with an agent id and secret", () => {
    let api: FakeWeChatApi;
    beforeAll(async () => {
      api = await startFakeWeChatApi({ corpId: CORP.corpId, corpSecret: "corp-secret" });
    });
    afterAll(() => api.close());

    it("replies nothing in time and sends the answer as an application message", async () => {
      const { sendWeCom, calls, text } = setupChannels({
        assistant: { delayMs: 300 },
        wecom: { agentId: 1000002, secret: "corp-secret", apiBaseUrl: api.url },
      });
      const msgId = createMsgId();
      const reply = await sendWeCom({ content: "Bishan output?", from: "zhangsan", msgId });
      expect(reply).toMatchObject({ status: 200, empty: true, raw: "" });
      const [sent] = await api.waitForSent(1);
      expect(sent).toMatchObject({ api: "wecom", touser: "zhangsan", agentid: 1000002 });
      expect(sent?.content).toContain(text);
      expect((await sendWeCom({ content: "Bishan output?", from: "zhangsan", msgId })).empty).toBe(
        true,
      );
      expect(calls).toHaveLength(1);
    });
  });
});
