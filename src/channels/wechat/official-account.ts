/**
 * @module `/wechat`: the WeChat Official Account (公众号) callback. `GET` verifies the URL
 * (signature over token, timestamp and nonce; echo `echostr`). `POST` takes a message in
 * plaintext mode (`signature` only), or in compatible or safe mode (`encrypt_type=aes`: the
 * `msg_signature` covers `Encrypt`, the AppID is checked after decrypting, and the reply is
 * encrypted too). Requests failing a signature or the timestamp window are refused before anything
 * is computed. Answers come from the same assistant as `/api/chat`, within WeChat's 5-second rule.
 */
import { Hono } from "hono";
import { createOfficialAccountSender } from "../../adapters/wechat-api/api-client.ts";
import { ApiError } from "../../http/errors.ts";
import { createSenderLimit } from "../../http/rate-limit.ts";
import type { AppEnv } from "../../http/shared.ts";
import type { Logger } from "../../logger.ts";
import type { KeyValue } from "../../ports/key-value.ts";
import type { CreateHitStore } from "../../ports/rate-limit.ts";
import type { Assistant } from "../../rag/answer/types.ts";
import {
  getKeepAlive,
  isFreshTimestamp,
  limitBody,
  readDelivery,
  readXml,
  reject,
  renderOutcome,
} from "./callback.ts";
import { createReplyCoordinator, type ReplyTiming } from "./coordinator.ts";
import { createMessageCrypto, type MessageCrypto, verifySignature } from "./crypto.ts";
import { createConversationHistory } from "./history.ts";

const CHANNEL = "wechat";

/** The Official Account's settings, from `WECHAT_*`. */
export interface WeChatSettings {
  token: string;
  /** Needed for compatible and safe mode and for the customer-service API. */
  appId?: string | undefined;
  /** Needed for compatible and safe mode. */
  encodingAesKey?: string | undefined;
  /** Turns on sending late answers through the customer-service message API. */
  appSecret?: string | undefined;
  /** Largest accepted distance between a request's timestamp and now; 0 turns the check off. */
  maxSkewSeconds: number;
  /** Root of WeChat's server API. */
  apiBaseUrl: string;
  /** New questions a minute from one sender; more get a "slow down" reply. 0 or unset: no limit. */
  maxMessagesPerMinute?: number | undefined;
}

/** What the channel needs besides the assistant and the logger. */
export interface WeChatChannelOptions {
  settings: WeChatSettings;
  /** Conversation history, retry bookkeeping and the access token live here. */
  kv: KeyValue;
  fetch?: typeof fetch | undefined;
  now?: (() => number) | undefined;
  timing?: Partial<ReplyTiming> | undefined;
  /** Where the per-sender message counters live; per process when not given. */
  createHitStore?: CreateHitStore | undefined;
}

/** The `/wechat` sub-app. */
export function createWeChatRoutes({
  settings,
  kv,
  fetch,
  now = Date.now,
  timing,
  createHitStore,
  assistant,
  assistantFor,
  logger,
}: WeChatChannelOptions & {
  assistant: Assistant;
  assistantFor?: ((user: string) => Assistant) | undefined;
  logger: Logger;
}) {
  const { token, appId, encodingAesKey, appSecret } = settings;
  const sender =
    appId && appSecret
      ? createOfficialAccountSender({
          baseUrl: settings.apiBaseUrl,
          appId,
          appSecret,
          kv,
          fetch,
          now,
        })
      : undefined;
  const coordinator = createReplyCoordinator({
    channel: CHANNEL,
    assistant,
    assistantFor,
    kv,
    history: createConversationHistory({ kv, prefix: `${CHANNEL}:history:`, now }),
    sendLater: sender?.sendText,
    timing,
    limitSender: createSenderLimit({
      perMinute: settings.maxMessagesPerMinute ?? 0,
      name: `${CHANNEL}:sender`,
      now,
      createStore: createHitStore,
    }),
    logger,
    now,
  });
  let messageCrypto: Promise<MessageCrypto> | undefined;
  const getCrypto = () => {
    if (!appId || !encodingAesKey) {
      throw new ApiError(
        503,
        `not_configured:${CHANNEL}`,
        "An encrypted message arrived but the channel cannot decrypt it: set WECHAT_APP_ID and WECHAT_ENCODING_AES_KEY.",
      );
    }
    messageCrypto ??= createMessageCrypto({ encodingAesKey, receiveId: appId });
    return messageCrypto;
  };

  return new Hono<AppEnv>()
    .get(`/${CHANNEL}`, async (c) => {
      const { signature, timestamp = "", nonce = "", echostr } = c.req.query();
      if (!(await verifySignature(signature, [token, timestamp, nonce]))) {
        reject(c, logger, CHANNEL, "signature", "The signature does not match.");
      }
      if (!isFreshTimestamp(timestamp, now(), settings.maxSkewSeconds)) {
        reject(c, logger, CHANNEL, "timestamp", "The timestamp is outside the allowed window.");
      }
      if (echostr === undefined) {
        throw new ApiError(400, `bad_request:${CHANNEL}`, "echostr is missing.");
      }
      return c.text(echostr);
    })
    .post(`/${CHANNEL}`, limitBody(CHANNEL), async (c) => {
      const receivedAt = now();
      const query = c.req.query();
      const timestamp = query.timestamp ?? "";
      const nonce = query.nonce ?? "";
      if (!(await verifySignature(query.signature, [token, timestamp, nonce]))) {
        reject(c, logger, CHANNEL, "signature", "The signature does not match.");
      }
      if (!isFreshTimestamp(timestamp, receivedAt, settings.maxSkewSeconds)) {
        reject(c, logger, CHANNEL, "timestamp", "The timestamp is outside the allowed window.");
      }
      const encrypted = query.encrypt_type?.toLowerCase() === "aes";
      let fields = readXml(CHANNEL, await c.req.text());
      let crypto: MessageCrypto | undefined;
      if (encrypted) {
        crypto = await getCrypto();
        const encrypt = fields.Encrypt ?? "";
        if (!(await verifySignature(query.msg_signature, [token, timestamp, nonce, encrypt]))) {
          reject(c, logger, CHANNEL, "msg_signature", "The message signature does not match.");
        }
        let plaintext: string;
        try {
          plaintext = await crypto.decrypt(encrypt);
        } catch (error) {
          logger.warn("callback rejected", { channel: CHANNEL, reason: "decrypt", error });
          throw new ApiError(400, `bad_request:${CHANNEL}`, "The message could not be decrypted.");
        }
        fields = readXml(CHANNEL, plaintext);
      }
      const { message, delivery } = readDelivery(CHANNEL, fields, receivedAt, getKeepAlive(c));
      const outcome = await coordinator.handle(delivery);
      const { body, contentType } = await renderOutcome({
        outcome,
        message,
        nowMs: now(),
        empty: "success",
        encryption: crypto ? { crypto, token } : undefined,
      });
      return c.body(body, 200, { "content-type": contentType });
    });
}
