import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeSignature,
  createMessageCrypto,
  decodeBase64,
  encodeBase64,
  isEncodingAesKey,
  isSameString,
  verifySignature,
  WeChatCryptoError,
} from "./crypto.ts";

// Plain callback signature (URL verification and plaintext mode) — wechatpy's own test:
// wechatpy/wechatpy, tests/test_utils.py, test_check_signature_should_ok / _should_fail.
const WECHATPY_PLAIN = {
  token: "test",
  timestamp: "1410685589",
  nonce: "test",
  signature: "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff",
};

// Official Account, deterministic encryption (fixed random prefix) — WeChat's official Java
// sample test (WXBizMsgCryptTest), as carried by WxJava: binarywang/WxJava (mirror read:
// xz-wtx/WxJava), weixin-java-common/src/test/java/me/chanjar/weixin/common/util/crypto/
// WxCryptUtilTest.java, testAesEncrypt / testAesEncrypt2.
const WXJAVA = {
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  appId: "wxb11529c136998cb6",
  random: "aaaabbbbccccdddd",
  message: "我是中文abcd123",
  ciphertext:
    "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
  message2:
    "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>",
  ciphertext2:
    "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb",
};

// Official Account, safe-mode message with msg_signature — WeChat's official WXBizMsgCrypt
// Python sample (Sample.py, © Tencent 2014), as carried in charlesXu86/Chatbot_CN,
// Chatbot_Web/impl/weixin/Sample.py ("测试解密接口").
const OFFICIAL_SAMPLE = {
  token: "spamtest",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  appId: "wx2c2769f8efd9abc2",
  timestamp: "1409735669",
  nonce: "1320562132",
  msgSignature: "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
  encrypt:
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=",
  plaintext:
    "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>",
};

// WeCom (work) crypto — wechatpy's tests: wechatpy/wechatpy, tests/test_crypto.py
// (wechatpy.work.crypto): test_check_signature_should_ok (encrypted echostr), test_encrypt_message
// (random prefix mocked to "1234567890123456") and test_decrypt_message.
const WECHATPY_WORK = {
  token: "123456",
  encodingAesKey: "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
  corpId: "wx49f0ab532d5d035a",
  echo: {
    signature: "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96",
    timestamp: "1411443780",
    nonce: "437374425",
    echostr:
      "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==",
  },
  reply: {
    random: "1234567890123456",
    timestamp: "1411525903",
    nonce: "461056294",
    message:
      "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>",
    encrypt:
      "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3",
    msgSignature: "407518b7649e86ef23978113f92d27afa9296533",
  },
  incoming: {
    signature: "74d92dfeb87ba7c714f89d98870ae5eb62dff26d",
    timestamp: "1411525903",
    nonce: "461056294",
    encrypt:
      "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=",
  },
};

// WeCom's official callback sample (XML): sbzhu/weworkapi_python, callback/Sample.py — the
// VerifyURL example (使用示例一) and the DecryptMsg example (使用示例二).
const WEWORKAPI = {
  token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
  encodingAesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
  corpId: "ww1436e0e65a779aee",
  verify: {
    signature: "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb",
    timestamp: "1476416373",
    nonce: "47744683",
    echostr:
      "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==",
  },
  message: {
    signature: "0c3914025cb4b4d68103f6bfc8db550f79dcf48e",
    timestamp: "1476422779",
    nonce: "1597212914",
    encrypt:
      "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+",
    plaintext:
      "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>",
  },
};

describe("computeSignature and verifySignature", () => {
  it("match wechatpy's plain callback signature", async () => {
    const { token, timestamp, nonce, signature } = WECHATPY_PLAIN;
    expect(await computeSignature([token, timestamp, nonce])).toBe(signature);
    expect(await verifySignature(signature, [nonce, token, timestamp])).toBe(true);
    expect(await verifySignature(signature.toUpperCase(), [token, timestamp, nonce])).toBe(true);
    expect(
      await verifySignature("f21891de399b4e33a1a93c9a7b8a8fffb5a443fe", [token, timestamp, nonce]),
    ).toBe(false);
    expect(await verifySignature(undefined, [token, timestamp, nonce])).toBe(false);
    expect(await verifySignature("", [token, timestamp, nonce])).toBe(false);
  });

  it("match the msg_signature of WeChat's official safe-mode sample", async () => {
    const { token, timestamp, nonce, encrypt, msgSignature } = OFFICIAL_SAMPLE;
    expect(await computeSignature([token, timestamp, nonce, encrypt])).toBe(msgSignature);
  });

  it("match the WeCom signatures of wechatpy's and WeCom's own samples", async () => {
    const { token, echo, reply, incoming } = WECHATPY_WORK;
    expect(await computeSignature([token, echo.timestamp, echo.nonce, echo.echostr])).toBe(
      echo.signature,
    );
    expect(await computeSignature([token, reply.timestamp, reply.nonce, reply.encrypt])).toBe(
      reply.msgSignature,
    );
    expect(
      await computeSignature([token, incoming.timestamp, incoming.nonce, incoming.encrypt]),
    ).toBe(incoming.signature);
    // wechatpy's test_check_signature_should_fail: one digit of the nonce changed.
    expect(
      await verifySignature(echo.signature, [token, echo.timestamp, "437374424", echo.echostr]),
    ).toBe(false);
    const { verify, message } = WEWORKAPI;
    expect(
      await computeSignature([WEWORKAPI.token, verify.timestamp, verify.nonce, verify.echostr]),
    ).toBe(verify.signature);
    expect(
      await computeSignature([WEWORKAPI.token, message.timestamp, message.nonce, message.encrypt]),
    ).toBe(message.signature);
  });

  it("compares in constant shape", () => {
    expect(isSameString("abc", "abc")).toBe(true);
    expect(isSameString("abc", "abd")).toBe(false);
    expect(isSameString("abc", "ab")).toBe(false);
  });
});

describe("createMessageCrypto against published vectors", () => {
  it("encrypts WxJava's vectors byte for byte, Chinese included", async () => {
    const crypto = await createMessageCrypto({
      encodingAesKey: WXJAVA.encodingAesKey,
      receiveId: WXJAVA.appId,
    });
    expect(await crypto.encrypt(WXJAVA.message, { random: WXJAVA.random })).toBe(WXJAVA.ciphertext);
    expect(await crypto.encrypt(WXJAVA.message2, { random: WXJAVA.random })).toBe(
      WXJAVA.ciphertext2,
    );
    expect(await crypto.decrypt(WXJAVA.ciphertext)).toBe(WXJAVA.message);
    expect(await crypto.decrypt(WXJAVA.ciphertext2)).toBe(WXJAVA.message2);
  });

  it("decrypts the official safe-mode sample and checks its AppID", async () => {
    const crypto = await createMessageCrypto({
      encodingAesKey: OFFICIAL_SAMPLE.encodingAesKey,
      receiveId: OFFICIAL_SAMPLE.appId,
    });
    expect(await crypto.decrypt(OFFICIAL_SAMPLE.encrypt)).toBe(OFFICIAL_SAMPLE.plaintext);
    const other = await createMessageCrypto({
      encodingAesKey: OFFICIAL_SAMPLE.encodingAesKey,
      receiveId: "wxb11529c136998cb6",
    });
    await expect(other.decrypt(OFFICIAL_SAMPLE.encrypt)).rejects.toMatchObject({
      reason: "receiver",
    });
  });

  it("reproduces wechatpy's WeCom reply encryption and decrypts its echostr and message", async () => {
    const crypto = await createMessageCrypto({
      encodingAesKey: WECHATPY_WORK.encodingAesKey,
      receiveId: WECHATPY_WORK.corpId,
    });
    const { reply } = WECHATPY_WORK;
    expect(await crypto.encrypt(reply.message, { random: reply.random })).toBe(reply.encrypt);
    expect(await crypto.decrypt(WECHATPY_WORK.echo.echostr)).toMatch(/^\d+$/);
    const incoming = await crypto.decrypt(WECHATPY_WORK.incoming.encrypt);
    expect(incoming).toContain("<Content><![CDATA[test]]></Content>");
    expect(incoming).toContain("<FromUserName><![CDATA[messense]]></FromUserName>");
  });

  it("decrypts WeCom's official sample (a frame with 22 bytes of padding)", async () => {
    const crypto = await createMessageCrypto({
      encodingAesKey: WEWORKAPI.encodingAesKey,
      receiveId: WEWORKAPI.corpId,
    });
    expect(await crypto.decrypt(WEWORKAPI.verify.echostr)).toMatch(/^\d+$/);
    expect(await crypto.decrypt(WEWORKAPI.message.encrypt)).toBe(WEWORKAPI.message.plaintext);
  });
});

describe("createMessageCrypto refuses what it cannot trust", () => {
  const setup = () =>
    createMessageCrypto({ encodingAesKey: WXJAVA.encodingAesKey, receiveId: WXJAVA.appId });

  it("rejects keys that are not 43 Base64 characters", async () => {
    await expect(createMessageCrypto({ encodingAesKey: "short", receiveId: "wx" })).rejects.toThrow(
      RangeError,
    );
    expect(isEncodingAesKey(WXJAVA.encodingAesKey)).toBe(true);
    expect(isEncodingAesKey(`${WXJAVA.encodingAesKey}=`)).toBe(false);
    expect(isEncodingAesKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!")).toBe(false);
  });

  it("rejects bad Base64, bad lengths, tampered blocks and a wrong key", async () => {
    const crypto = await setup();
    const reasonOf = async (text: string) => {
      try {
        await crypto.decrypt(text);
        return "decrypted";
      } catch (error) {
        return error instanceof WeChatCryptoError ? error.reason : String(error);
      }
    };
    expect(await reasonOf("%%%not base64%%%")).toBe("base64");
    expect(await reasonOf("")).toBe("length");
    expect(await reasonOf(encodeBase64(new Uint8Array(40)))).toBe("length");
    const sealed = decodeBase64(WXJAVA.ciphertext);
    const tamperedLast = sealed.slice();
    tamperedLast[tamperedLast.length - 1] = (tamperedLast.at(-1) ?? 0) ^ 0x55;
    expect(["padding", "frame", "receiver"]).toContain(await reasonOf(encodeBase64(tamperedLast)));
    const tamperedFirst = sealed.slice();
    tamperedFirst[3] = (tamperedFirst[3] ?? 0) ^ 0x01;
    // Only the random prefix and the length field change: the frame no longer adds up.
    expect(["frame", "receiver"]).toContain(await reasonOf(encodeBase64(tamperedFirst)));
    const otherKey = await createMessageCrypto({
      encodingAesKey: WECHATPY_WORK.encodingAesKey,
      receiveId: WXJAVA.appId,
    });
    await expect(otherKey.decrypt(WXJAVA.ciphertext)).rejects.toBeInstanceOf(WeChatCryptoError);
  });

  it("refuses a random prefix that is not 16 bytes", async () => {
    const crypto = await setup();
    await expect(crypto.encrypt("x", { random: "short" })).rejects.toThrow(RangeError);
  });
});

describe("createMessageCrypto round trips (property)", () => {
  const keyArbitrary = fc
    .array(fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), {
      minLength: 43,
      maxLength: 43,
    })
    .map((chars) => chars.join(""));
  const receiverArbitrary = fc.stringMatching(/^(wx|ww)[0-9a-f]{16}$/);
  const chinese = fc
    .array(fc.integer({ min: 0x4e00, max: 0x9fff }), { maxLength: 200 })
    .map((codes) => String.fromCodePoint(...codes));
  const messageArbitrary = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 300 }),
    fc.string({ unit: "binary", maxLength: 300 }),
    chinese,
    fc.string({ maxLength: 2000 }),
  );

  it("decrypt(encrypt(m)) is m, for any key, receiver and text", async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArbitrary,
        receiverArbitrary,
        messageArbitrary,
        async (key, id, message) => {
          const crypto = await createMessageCrypto({ encodingAesKey: key, receiveId: id });
          const sealed = await crypto.encrypt(message);
          expect(decodeBase64(sealed).length % 32).toBe(0);
          expect(await crypto.decrypt(sealed)).toBe(message);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("round-trips frames whose length is already a multiple of 32 (a whole block of padding)", async () => {
    const receiveId = "wxb11529c136998cb6";
    const crypto = await createMessageCrypto({
      encodingAesKey: WXJAVA.encodingAesKey,
      receiveId,
    });
    // 16 random + 4 length + 18 AppID = 38 bytes around the message: 26 + 32k bytes fill blocks.
    const sizes = fc.integer({ min: 0, max: 40 }).map((k) => 26 + 32 * k);
    await fc.assert(
      fc.asyncProperty(sizes, fc.boolean(), async (size, useChinese) => {
        // "中" is 3 UTF-8 bytes; pad with ASCII to hit the exact byte size.
        const message = useChinese
          ? "中".repeat(Math.floor(size / 3)) + "a".repeat(size % 3)
          : "a".repeat(size);
        expect(new TextEncoder().encode(message).length).toBe(size);
        const sealed = decodeBase64(await crypto.encrypt(message));
        expect(sealed.length).toBe(16 + 4 + size + 18 + 32);
        expect(await crypto.decrypt(encodeBase64(sealed))).toBe(message);
      }),
      { numRuns: 60 },
    );
  });

  it("encrypts each padding length 1…32 the way the published vector does", async () => {
    const crypto = await createMessageCrypto({
      encodingAesKey: WXJAVA.encodingAesKey,
      receiveId: WXJAVA.appId,
    });
    for (let extra = 0; extra < 32; extra++) {
      const message = `${WXJAVA.message}${"x".repeat(extra)}`;
      const sealed = await crypto.encrypt(message, { random: WXJAVA.random });
      expect(await crypto.decrypt(sealed)).toBe(message);
    }
  });
});
