/**
 * @module What the Official Account (`/wechat`) and WeCom (`/wecom`) callbacks share: the body
 * limit, the timestamp window, reading a decrypted message into a delivery for the coordinator,
 * and rendering its outcome as a passive text reply, encrypted when the request was.
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../../http/errors.ts";
import type { AppEnv } from "../../http/shared.ts";
import type { Logger } from "../../logger.ts";
import type { Delivery, Outcome } from "./coordinator.ts";
import { computeSignature, type MessageCrypto } from "./crypto.ts";
import { getRetryKey, InboundMessage, readIntent } from "./inbound.ts";
import { MAX_XML_BYTES, parseWeChatXml, renderWeChatXml, XmlError } from "./xml.ts";

/** Rejects bodies over {@link MAX_XML_BYTES} before they are read whole. */
export function limitBody(channel: string) {
  return bodyLimit({
    maxSize: MAX_XML_BYTES,
    onError: () => {
      throw new ApiError(
        413,
        `payload_too_large:${channel}`,
        `The body is larger than ${MAX_XML_BYTES} bytes.`,
      );
    },
  });
}

/** Whether `timestamp` (seconds) is within `maxSkewSeconds` of `nowMs`; 0 turns the check off. */
export function isFreshTimestamp(
  timestamp: string,
  nowMs: number,
  maxSkewSeconds: number,
): boolean {
  if (maxSkewSeconds === 0) return true;
  return Math.abs(nowMs - Number(timestamp) * 1000) <= maxSkewSeconds * 1000;
}

/** Throws the 401 for a failed check, logging why (never the secrets). */
export function reject(
  c: Context<AppEnv>,
  logger: Logger,
  channel: string,
  reason: string,
  message: string,
): never {
  logger.warn("callback rejected", { channel, reason, requestId: c.get("requestId") });
  throw new ApiError(401, `unauthorized:${channel}`, message);
}

/** Parses XML, turning parser failures into 400s. */
export function readXml(channel: string, body: string): Record<string, string> {
  try {
    return parseWeChatXml(body);
  } catch (error) {
    if (error instanceof XmlError) {
      throw new ApiError(
        error.reason === "too_large" ? 413 : 400,
        `${error.reason === "too_large" ? "payload_too_large" : "bad_request"}:${channel}`,
        error.message,
      );
    }
    throw error;
  }
}

/** Validates a decrypted message's fields and turns them into a delivery. */
export function readDelivery(
  channel: string,
  fields: Record<string, string>,
  receivedAt: number,
  keepAlive: Delivery["keepAlive"],
): { message: InboundMessage; delivery: Delivery } {
  const parsed = InboundMessage.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new ApiError(400, `bad_request:${channel}`, `Not a message: ${problems.join("; ")}`);
  }
  const message = parsed.data;
  return {
    message,
    delivery: {
      key: getRetryKey(message),
      user: message.FromUserName,
      intent: readIntent(message),
      createdAt: Number(message.CreateTime) * 1000,
      receivedAt,
      keepAlive,
    },
  };
}

/** The runtime's `waitUntil` where there is one (Workers), else nothing (Node keeps running). */
export function getKeepAlive(c: Context<AppEnv>): Delivery["keepAlive"] {
  try {
    const context = c.executionCtx;
    return (work) => context.waitUntil(work);
  } catch {
    return undefined;
  }
}

/** A random numeric nonce for encrypted replies. */
function createNonce(): string {
  const [value = 0] = crypto.getRandomValues(new Uint32Array(1));
  return String(value);
}

/**
 * The passive reply for an outcome: a text message addressed back to the sender, wrapped in the
 * encrypted envelope when `crypto` is given; `empty` is the body for "no reply".
 */
export async function renderOutcome({
  outcome,
  message,
  nowMs,
  empty,
  encryption,
}: {
  outcome: Outcome;
  message: InboundMessage;
  nowMs: number;
  empty: string;
  encryption?: { crypto: MessageCrypto; token: string } | undefined;
}): Promise<{ body: string; contentType: string }> {
  if (outcome.kind === "empty") return { body: empty, contentType: "text/plain; charset=utf-8" };
  const createTime = Math.floor(nowMs / 1000);
  const xml = renderWeChatXml({
    ToUserName: message.FromUserName,
    FromUserName: message.ToUserName,
    CreateTime: createTime,
    MsgType: "text",
    Content: outcome.text,
  });
  const contentType = "application/xml; charset=utf-8";
  if (!encryption) return { body: xml, contentType };
  const encrypt = await encryption.crypto.encrypt(xml);
  const timestamp = String(createTime);
  const nonce = createNonce();
  const signature = await computeSignature([encryption.token, timestamp, nonce, encrypt]);
  return {
    body: renderWeChatXml({
      Encrypt: encrypt,
      MsgSignature: signature,
      TimeStamp: createTime,
      Nonce: nonce,
    }),
    contentType,
  };
}
