import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../config.ts";
import { getWeChatSettings, getWeComSettings } from "./settings.ts";

const KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

const problemsOf = (env: Record<string, string>) => {
  try {
    parseConfig(env);
    return "valid";
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
};

describe("WeChat and WeCom settings", () => {
  it("leave both channels off by default, with WeChat's official API hosts", () => {
    const config = parseConfig({});
    expect(getWeChatSettings(config)).toBeUndefined();
    expect(getWeComSettings(config)).toBeUndefined();
    expect(config.WECHAT_MAX_SKEW_SECONDS).toBe(300);
    expect(config.WECHAT_API_BASE_URL).toBe("https://api.weixin.qq.com");
    expect(config.WECOM_API_BASE_URL).toBe("https://qyapi.weixin.qq.com");
  });

  it("turn the Official Account on with a token alone (plaintext mode) or with all keys", () => {
    expect(getWeChatSettings(parseConfig({ WECHAT_TOKEN: "pamtest" }))).toMatchObject({
      token: "pamtest",
      appId: undefined,
      encodingAesKey: undefined,
    });
    const full = parseConfig({
      WECHAT_TOKEN: "pamtest",
      WECHAT_APP_ID: "wxb11529c136998cb6",
      WECHAT_ENCODING_AES_KEY: KEY,
      WECHAT_APP_SECRET: "secret",
      WECHAT_MAX_SKEW_SECONDS: "0",
      WECHAT_API_BASE_URL: "http://127.0.0.1:9999",
      WECHAT_RATE_LIMIT_PER_MINUTE: "5",
    });
    expect(getWeChatSettings(full)).toEqual({
      token: "pamtest",
      appId: "wxb11529c136998cb6",
      encodingAesKey: KEY,
      appSecret: "secret",
      maxSkewSeconds: 0,
      apiBaseUrl: "http://127.0.0.1:9999",
      maxMessagesPerMinute: 5,
    });
  });

  it("turn WeCom on with token, CorpID and key, and active replies with agent id and secret", () => {
    const config = parseConfig({
      WECOM_TOKEN: "QDG6eK",
      WECOM_CORP_ID: "ww1436e0e65a779aee",
      WECOM_ENCODING_AES_KEY: KEY,
      WECOM_AGENT_ID: "1000002",
      WECOM_SECRET: "s",
    });
    expect(getWeComSettings(config)).toMatchObject({
      corpId: "ww1436e0e65a779aee",
      agentId: 1000002,
    });
  });

  it("report every problem at once, without echoing secrets", () => {
    const message = problemsOf({
      WECHAT_TOKEN: "not a token!",
      WECHAT_ENCODING_AES_KEY: "too-short-secret",
      WECHAT_MAX_SKEW_SECONDS: "-1",
    });
    expect(message).toMatch(/WECHAT_TOKEN: must be 3–32 letters or digits/);
    expect(message).toMatch(/WECHAT_ENCODING_AES_KEY: must be the 43-character EncodingAESKey/);
    expect(message).toMatch(/WECHAT_MAX_SKEW_SECONDS/);
    expect(message).not.toContain("too-short-secret");
    expect(message).not.toContain("not a token!");
  });

  it("name the setting a partial configuration lacks", () => {
    expect(problemsOf({ WECHAT_APP_SECRET: "s" })).toMatch(/WECHAT_TOKEN: is required/);
    expect(problemsOf({ WECHAT_TOKEN: "pamtest", WECHAT_ENCODING_AES_KEY: KEY })).toMatch(
      /WECHAT_APP_ID: is required with WECHAT_ENCODING_AES_KEY/,
    );
    expect(problemsOf({ WECOM_TOKEN: "QDG6eK" })).toMatch(
      /WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY together/,
    );
    expect(
      problemsOf({
        WECOM_TOKEN: "QDG6eK",
        WECOM_CORP_ID: "ww1",
        WECOM_ENCODING_AES_KEY: KEY,
        WECOM_AGENT_ID: "1",
      }),
    ).toMatch(/WECOM_AGENT_ID and WECOM_SECRET go together/);
  });
});
