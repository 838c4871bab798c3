/**
 * @module The WeChat and WeCom channel settings, read from the parsed config: `undefined` when a
 * channel is not configured, so its route answers 503 naming what to set.
 */
import type { Config } from "../../config.ts";
import type { WeChatSettings } from "./official-account.ts";
import type { WeComSettings } from "./wecom.ts";

/** What to set to turn each channel on, as told to whoever calls an unconfigured route. */
export const WECHAT_SETUP_HINT =
  "Set WECHAT_TOKEN (plus WECHAT_APP_ID and WECHAT_ENCODING_AES_KEY for compatible or safe mode, and WECHAT_APP_SECRET to send answers that take longer than 5 seconds) and restart.";
export const WECOM_SETUP_HINT =
  "Set WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY (plus WECOM_AGENT_ID and WECOM_SECRET to send answers that take longer than 5 seconds) and restart.";

/** The Official Account channel's settings, or `undefined` without `WECHAT_TOKEN`. */
export function getWeChatSettings(config: Config): WeChatSettings | undefined {
  if (!config.WECHAT_TOKEN) return undefined;
  return {
    token: config.WECHAT_TOKEN,
    appId: config.WECHAT_APP_ID,
    encodingAesKey: config.WECHAT_ENCODING_AES_KEY,
    appSecret: config.WECHAT_APP_SECRET,
    maxSkewSeconds: config.WECHAT_MAX_SKEW_SECONDS,
    apiBaseUrl: config.WECHAT_API_BASE_URL,
    maxMessagesPerMinute: config.WECHAT_RATE_LIMIT_PER_MINUTE,
  };
}

/** The WeCom channel's settings, or `undefined` unless token, CorpID and key are all set. */
export function getWeComSettings(config: Config): WeComSettings | undefined {
  const { WECOM_TOKEN: token, WECOM_CORP_ID: corpId, WECOM_ENCODING_AES_KEY: key } = config;
  if (!token || !corpId || !key) return undefined;
  return {
    token,
    corpId,
    encodingAesKey: key,
    agentId: config.WECOM_AGENT_ID,
    secret: config.WECOM_SECRET,
    maxSkewSeconds: config.WECHAT_MAX_SKEW_SECONDS,
    apiBaseUrl: config.WECOM_API_BASE_URL,
    maxMessagesPerMinute: config.WECHAT_RATE_LIMIT_PER_MINUTE,
  };
}
