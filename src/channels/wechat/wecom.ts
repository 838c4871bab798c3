/**
 * @module `/wecom`: the callback of a WeCom (企业微信) self-built application. Always encrypted:
 * `GET` verifies the URL by decrypting `echostr` (its `msg_signature` covers it) and echoing the
 * plaintext; `POST` messages are verified, decrypted, checked against the CorpID, answered like
 * the Official Account's, and replied to encrypted. With an agent id and secret, answers that miss
 * the 5-second window are sent through the application message API.
 */
import { Hono } from "hono";
import { createWeComSender } from "../../adapters/wechat-api/api-client.ts";
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

const CHANNEL = "wecom";

/** The application's settings, from `WECOM_*`. */
export interface WeComSettings {
  token: string;
  corpId: string;
  encodingAesKey: string;
  /** With `secret`, turns on sending late answers through the application message API. */
  agentId?: number | undefined;
  secret?: string | undefined;
  maxSkewSeconds: number;
  apiBaseUrl: string;
  /** New questions a minute from one sender; more get a "slow down" reply. 0 or unset: no limit. */
  maxMessagesPerMinute?: number | undefined;
}

/** What the channel needs besides the assistant and the logger. */
export interface WeComChannelOptions {
  settings: WeComSettings;
  kv: KeyValue;
  fetch?: typeof fetch | undefined;
  now?: (() => number) | undefined;
  timing?: Partial<ReplyTiming> | undefined;
  /** Where the per-sender message counters live; per process when not given. */
  createHitStore?: CreateHitStore | undefined;
}

/** The `/wecom` sub-app. */
export function createWeComRoutes({
  settings,
  kv,
  fetch,
  now = Date.now,
  timing,
  createHitStore,
  assistant,
  assistantFor,
  logger,
}: WeComChannelOptions & {
  assistant: Assistant;
  assistantFor?: ((user: string) => Assistant) | undefined;
  logger: Logger;
}) {
  const { token, corpId, encodingAesKey, agentId, secret } = settings;
  const sender =
    agentId !== undefined && secret
      ? createWeComSender({ baseUrl: settings.apiBaseUrl, corpId, secret, agentId, kv, fetch, now })
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
    messageCrypto ??= createMessageCrypto({ encodingAesKey, receiveId: corpId });
    return messageCrypto;
  };
  const decrypt = async (ciphertext: string) => {
    try {
      return await (await getCrypto()).decrypt(ciphertext);
    } catch (error) {
      logger.warn("callback rejected", { channel: CHANNEL, reason: "decrypt", error });
      throw new ApiError(400, `bad_request:${CHANNEL}`, "The message could not be decrypted.");
    }
  };

  return new Hono<AppEnv>()
    .get(`/${CHANNEL}`, async (c) => {
      const { msg_signature, timestamp = "", nonce = "" } = c.req.query();
      // Base64 has no spaces: a `+` sent unescaped arrives decoded as one.
      const echostr = (c.req.query("echostr") ?? "").replaceAll(" ", "+");
      if (!(await verifySignature(msg_signature, [token, timestamp, nonce, echostr]))) {
        reject(c, logger, CHANNEL, "msg_signature", "The signature does not match.");
      }
      if (!isFreshTimestamp(timestamp, now(), settings.maxSkewSeconds)) {
        reject(c, logger, CHANNEL, "timestamp", "The timestamp is outside the allowed window.");
      }
      return c.text(await decrypt(echostr));
    })
    .post(`/${CHANNEL}`, limitBody(CHANNEL), async (c) => {
      const receivedAt = now();
      const { msg_signature, timestamp = "", nonce = "" } = c.req.query();
      if (!isFreshTimestamp(timestamp, receivedAt, settings.maxSkewSeconds)) {
        reject(c, logger, CHANNEL, "timestamp", "The timestamp is outside the allowed window.");
      }
      const envelope = readXml(CHANNEL, await c.req.text());
      const encrypt = envelope.Encrypt ?? "";
      if (!(await verifySignature(msg_signature, [token, timestamp, nonce, encrypt]))) {
        reject(c, logger, CHANNEL, "msg_signature", "The signature does not match.");
      }
      const fields = readXml(CHANNEL, await decrypt(encrypt));
      const { message, delivery } = readDelivery(CHANNEL, fields, receivedAt, getKeepAlive(c));
      const outcome = await coordinator.handle(delivery);
      const { body, contentType } = await renderOutcome({
        outcome,
        message,
        nowMs: now(),
        empty: "",
        encryption: { crypto: await getCrypto(), token },
      });
      return c.body(body, 200, { "content-type": contentType });
    });
}
