/**
 * @module Shared setup for the channel tests: the app with a fake assistant and the WeChat
 * channels wired as `createApp` wires them, and helpers that send what WeChat sends.
 */

import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import type { ConsoleDependencies } from "../../app/app.ts";
import { createApp } from "../../app/app.ts";
import { createLogger } from "../../logger.ts";
import type { Retriever } from "../../rag/types.ts";
import { createFakeAssistant, type FakeAssistantOptions } from "../../testing/fake-assistant.ts";
import type { ReplyTiming } from "./coordinator.ts";
import { createMessageCrypto } from "./crypto.ts";
import type { WeChatSettings } from "./official-account.ts";
import {
  createOfficialAccountRequest,
  createWeComRequest,
  type OfficialAccountMode,
  readSimulatedReply,
  renderSimulatedMessage,
  type SimulatedMessage,
} from "./simulator.ts";
import type { WeComSettings } from "./wecom.ts";

/** WeChat's published sample account (WxJava's WxCryptUtilTest; the official Java sample). */
export const ACCOUNT = {
  token: "pamtest",
  appId: "wxb11529c136998cb6",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

/** WeCom's published sample application (sbzhu/weworkapi_python, callback/Sample.py). */
export const CORP = {
  token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
  corpId: "ww1436e0e65a779aee",
  encodingAesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};

/** Short limits so slow paths take milliseconds; WeChat's real ones are in DEFAULT_REPLY_TIMING. */
export const FAST_TIMING: Partial<ReplyTiming> = {
  replyDeadlineMs: 100,
  retryHoldMs: 150,
  maxDeliveries: 3,
  lastDeliveryAfterMs: 60_000,
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const retriever: Retriever = { search: async () => [] };

export interface ChannelTestOptions {
  assistant?: FakeAssistantOptions;
  wechat?: Partial<WeChatSettings> | false;
  wecom?: Partial<WeComSettings> | false;
  timing?: Partial<ReplyTiming>;
  now?: () => number;
  log?: string[];
  /** The staff console (its question log wraps each channel). */
  console?: ConsoleDependencies;
  adminToken?: string;
}

/** The app with both channels on (unless switched off), and senders for each. */
export function setupChannels(options: ChannelTestOptions = {}) {
  const fake = createFakeAssistant(options.assistant);
  const kv = createMemoryKeyValue(options.now ? { now: options.now } : {});
  const timing = options.timing ?? FAST_TIMING;
  const log = options.log;
  const app = createApp({
    retriever,
    assistant: fake.assistant,
    getStatus: async () => ({ ready: false, reason: "test", action: "none" }),
    logger: createLogger(
      log ? { level: "debug", write: (line) => log.push(line) } : { level: "silent" },
    ),
    defaultK: 5,
    console: options.console,
    adminToken: options.adminToken,
    wechat:
      options.wechat === false
        ? undefined
        : {
            settings: {
              token: ACCOUNT.token,
              appId: ACCOUNT.appId,
              encodingAesKey: ACCOUNT.encodingAesKey,
              maxSkewSeconds: 300,
              apiBaseUrl: "http://127.0.0.1:1",
              ...options.wechat,
            },
            kv,
            now: options.now,
            timing,
          },
    wecom:
      options.wecom === false
        ? undefined
        : {
            settings: {
              token: CORP.token,
              corpId: CORP.corpId,
              encodingAesKey: CORP.encodingAesKey,
              maxSkewSeconds: 300,
              apiBaseUrl: "http://127.0.0.1:1",
              ...options.wecom,
            },
            kv,
            now: options.now,
            timing,
          },
  });
  const accountCrypto = createMessageCrypto({
    encodingAesKey: ACCOUNT.encodingAesKey,
    receiveId: ACCOUNT.appId,
  });
  const corpCrypto = createMessageCrypto({
    encodingAesKey: CORP.encodingAesKey,
    receiveId: CORP.corpId,
  });
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000);

  /** Sends a message to `/wechat` as WeChat would, and reads the reply back. */
  async function sendWeChat(
    message: SimulatedMessage,
    request: { mode?: OfficialAccountMode; timestamp?: number; signature?: string } = {},
  ) {
    const built = await createOfficialAccountRequest({
      url: "http://localhost/wechat",
      token: ACCOUNT.token,
      appId: ACCOUNT.appId,
      encodingAesKey: ACCOUNT.encodingAesKey,
      mode: request.mode ?? "plain",
      xml: renderSimulatedMessage({ createTime: nowSeconds(), ...message }),
      timestamp: request.timestamp ?? nowSeconds(),
      signature: request.signature,
    });
    const response = await app.request(built);
    return readSimulatedReply(response, { token: ACCOUNT.token, crypto: await accountCrypto });
  }

  /** Sends a message to `/wecom` as WeCom would, and reads the reply back. */
  async function sendWeCom(message: SimulatedMessage) {
    const built = await createWeComRequest({
      url: "http://localhost/wecom",
      ...CORP,
      xml: renderSimulatedMessage({
        to: CORP.corpId,
        createTime: nowSeconds(),
        extra: { AgentID: "1000002" },
        ...message,
      }),
      timestamp: nowSeconds(),
    });
    const response = await app.request(built);
    return readSimulatedReply(response, { token: CORP.token, crypto: await corpCrypto });
  }

  return { ...fake, app, kv, sendWeChat, sendWeCom };
}
