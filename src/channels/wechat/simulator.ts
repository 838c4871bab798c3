/**
 * @module Requests as WeChat's and WeCom's servers send them — signed, and encrypted in
 * compatible and safe mode and for WeCom — and their replies read back (signature checked,
 * decrypted). Used by the tests and by `npm run wechat:sim`; runtime-neutral.
 */
import {
  computeSignature,
  createMessageCrypto,
  type MessageCrypto,
  verifySignature,
} from "./crypto.ts";
import { parseWeChatXml, toCdata } from "./xml.ts";

/** How an Official Account exchanges messages. */
export type OfficialAccountMode = "plain" | "compatible" | "safe";

/** A message as a user sends it; `type` defaults to `text`. */
export interface SimulatedMessage {
  type?: string;
  /** The text, or for `voice` the recognised speech. */
  content?: string;
  /** For `type: "event"`: `subscribe`, `unsubscribe`, `CLICK`… */
  event?: string;
  /** The sender's OpenID (WeCom: UserID). */
  from?: string;
  /** The account's original id (`gh_…`) or, for WeCom, the CorpID. */
  to?: string;
  msgId?: string;
  /** Seconds since the epoch. */
  createTime?: number;
  /** More fields, e.g. `{ AgentID: "1000002" }`. */
  extra?: Record<string, string>;
}

const BARE_FIELDS = new Set(["CreateTime", "MsgId", "AgentID"]);

/** Renders fields the way WeChat does: ids and times bare, other values in CDATA. */
function renderInbound(fields: Record<string, string>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => {
      const text = BARE_FIELDS.has(name) && /^\d+$/.test(value) ? value : toCdata(value);
      return `<${name}>${text}</${name}>`;
    })
    .join("");
  return `<xml>${body}</xml>`;
}

/** The plaintext XML of a simulated message. */
export function renderSimulatedMessage(message: SimulatedMessage): string {
  const type = message.type ?? "text";
  const fields: Record<string, string> = {
    ToUserName: message.to ?? "gh_0123456789ab",
    FromUserName: message.from ?? "o-simulated-user",
    CreateTime: String(message.createTime ?? Math.floor(Date.now() / 1000)),
    MsgType: type,
  };
  if (type === "text") fields.Content = message.content ?? "";
  if (type === "voice") {
    fields.MediaId = "simulated-media";
    fields.Format = "amr";
    if (message.content !== undefined) fields.Recognition = message.content;
  }
  if (type === "image")
    Object.assign(fields, { PicUrl: "https://example.com/a.jpg", MediaId: "m" });
  if (type === "location") {
    Object.assign(fields, {
      Location_X: "29.56",
      Location_Y: "106.55",
      Scale: "15",
      Label: "重庆",
    });
  }
  if (type === "link") {
    Object.assign(fields, { Title: "A link", Description: "", Url: "https://example.com/" });
  }
  if (type === "event") {
    fields.Event = message.event ?? "subscribe";
    fields.EventKey = "";
  }
  Object.assign(fields, message.extra);
  if (type !== "event") fields.MsgId = message.msgId ?? createMsgId();
  return renderInbound(fields);
}

/** A random 64-bit-looking message id. */
export function createMsgId(): string {
  const [high = 0, low = 0] = crypto.getRandomValues(new Uint32Array(2));
  return String(((BigInt(high) & 0x7fffffffn) << 32n) | BigInt(low));
}

const createNonce = () => String(crypto.getRandomValues(new Uint32Array(1))[0] ?? 0);

/** What an Official Account request is built from. */
export interface OfficialAccountRequestOptions {
  /** The callback URL, e.g. `http://localhost:8787/wechat`. */
  url: string;
  token: string;
  mode: OfficialAccountMode;
  /** The plaintext XML (see {@link renderSimulatedMessage}). */
  xml: string;
  appId?: string | undefined;
  encodingAesKey?: string | undefined;
  /** Seconds; default now. */
  timestamp?: number | undefined;
  nonce?: string | undefined;
  /** Replaces the computed signature, to test rejection. */
  signature?: string | undefined;
}

/** A `POST` as WeChat sends it to an Official Account in the given mode. */
export async function createOfficialAccountRequest(
  options: OfficialAccountRequestOptions,
): Promise<Request> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? createNonce();
  const url = new URL(options.url);
  url.searchParams.set(
    "signature",
    options.signature ?? (await computeSignature([options.token, timestamp, nonce])),
  );
  url.searchParams.set("timestamp", timestamp);
  url.searchParams.set("nonce", nonce);
  const fields = parseWeChatXml(options.xml);
  if (fields.FromUserName) url.searchParams.set("openid", fields.FromUserName);
  let body = options.xml;
  if (options.mode !== "plain") {
    if (!options.appId || !options.encodingAesKey) {
      throw new Error(`${options.mode} mode needs the AppID and the EncodingAESKey`);
    }
    const crypto = await createMessageCrypto({
      encodingAesKey: options.encodingAesKey,
      receiveId: options.appId,
    });
    const encrypt = await crypto.encrypt(options.xml);
    url.searchParams.set("encrypt_type", "aes");
    url.searchParams.set(
      "msg_signature",
      await computeSignature([options.token, timestamp, nonce, encrypt]),
    );
    body =
      options.mode === "safe"
        ? renderInbound({ ToUserName: fields.ToUserName ?? "", Encrypt: encrypt })
        : options.xml.replace(/<\/xml>\s*$/, `<Encrypt>${toCdata(encrypt)}</Encrypt></xml>`);
  }
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body,
  });
}

/** What a WeCom request is built from. */
export interface WeComRequestOptions {
  url: string;
  token: string;
  corpId: string;
  encodingAesKey: string;
  xml: string;
  agentId?: string | undefined;
  timestamp?: number | undefined;
  nonce?: string | undefined;
}

/** A `POST` as WeCom sends it to a self-built application (always encrypted). */
export async function createWeComRequest(options: WeComRequestOptions): Promise<Request> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? createNonce();
  const crypto = await createMessageCrypto({
    encodingAesKey: options.encodingAesKey,
    receiveId: options.corpId,
  });
  const encrypt = await crypto.encrypt(options.xml);
  const url = new URL(options.url);
  url.searchParams.set(
    "msg_signature",
    await computeSignature([options.token, timestamp, nonce, encrypt]),
  );
  url.searchParams.set("timestamp", timestamp);
  url.searchParams.set("nonce", nonce);
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: renderInbound({
      ToUserName: options.corpId,
      Encrypt: encrypt,
      AgentID: options.agentId ?? "1000002",
    }),
  });
}

/** A reply as read back. */
export interface SimulatedReply {
  status: number;
  raw: string;
  /** `success` or an empty body: nothing is shown to the user now. */
  empty: boolean;
  encrypted: boolean;
  /** Whether an encrypted reply's `MsgSignature` checks out. */
  signatureValid?: boolean;
  /** The reply's fields (decrypted). */
  fields?: Record<string, string>;
  /** The text the user sees. */
  content?: string;
}

/**
 * Reads a callback's reply: `success`/empty, a plaintext text message, or an encrypted envelope
 * (checked against `token` and decrypted with `crypto`).
 */
export async function readSimulatedReply(
  response: Response,
  { token, crypto }: { token: string; crypto?: MessageCrypto | undefined },
): Promise<SimulatedReply> {
  const raw = await response.text();
  const base = { status: response.status, raw };
  if (response.status !== 200) return { ...base, empty: false, encrypted: false };
  if (raw === "" || raw === "success") return { ...base, empty: true, encrypted: false };
  const outer = parseWeChatXml(raw);
  if (outer.Encrypt === undefined) {
    return { ...base, empty: false, encrypted: false, fields: outer, content: outer.Content };
  }
  if (!crypto) throw new Error("The reply is encrypted: give the crypto to read it.");
  const signatureValid = await verifySignature(outer.MsgSignature, [
    token,
    outer.TimeStamp ?? "",
    outer.Nonce ?? "",
    outer.Encrypt,
  ]);
  const fields = parseWeChatXml(await crypto.decrypt(outer.Encrypt));
  return {
    ...base,
    empty: false,
    encrypted: true,
    signatureValid,
    fields,
    content: fields.Content,
  };
}
