/**
 * @module The WeChat Official Account (`/wechat`) and WeCom (`/wecom`) callbacks in
 * `/openapi.json`. Their handlers live in `src/channels/wechat/` as plain Hono routes: they speak
 * WeChat's signed XML, not JSON, and are called by WeChat's servers, not by API clients.
 */
import { z } from "@hono/zod-openapi";
import { errorResponse, type Registry } from "../../http/responses.ts";

const query = (name: string, description: string, required = false) => ({
  name,
  in: "query" as const,
  required,
  description,
  schema: { type: "string" as const },
});

const TIMESTAMP = query(
  "timestamp",
  "Seconds since 1970 when WeChat signed the request; refused outside `WECHAT_MAX_SKEW_SECONDS`.",
  true,
);
const NONCE = query("nonce", "A random string WeChat includes in the signature.", true);

const CHANNELS = {
  wechat: {
    name: "WeChat Official Account",
    settings: "WECHAT_TOKEN",
    verify: [
      query("signature", "SHA-1 over the sorted token, `timestamp` and `nonce`.", true),
      TIMESTAMP,
      NONCE,
      query("echostr", "A string to echo back, proving the server holds the token.", true),
    ],
    deliver: [
      query("signature", "SHA-1 over the sorted token, `timestamp` and `nonce`.", true),
      TIMESTAMP,
      NONCE,
      query("openid", "The sender's OpenID (the body says the same)."),
      query("encrypt_type", "`aes` when the message is encrypted (compatible or safe mode)."),
      query(
        "msg_signature",
        "For encrypted messages: SHA-1 over the token, `timestamp`, `nonce` and the ciphertext.",
      ),
    ],
  },
  wecom: {
    name: "WeCom application",
    settings: "WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY",
    verify: [
      query(
        "msg_signature",
        "SHA-1 over the sorted token, `timestamp`, `nonce` and `echostr`.",
        true,
      ),
      TIMESTAMP,
      NONCE,
      query(
        "echostr",
        "An encrypted string to decrypt and return, proving the server holds the key.",
        true,
      ),
    ],
    deliver: [
      query(
        "msg_signature",
        "SHA-1 over the sorted token, `timestamp`, `nonce` and the ciphertext.",
        true,
      ),
      TIMESTAMP,
      NONCE,
    ],
  },
} as const;

function channelErrors(channel: keyof typeof CHANNELS) {
  const { settings } = CHANNELS[channel];
  return {
    400: errorResponse("The request is not a message this channel can read.", [
      { code: `bad_request:${channel}`, message: "The message could not be decrypted." },
    ]),
    401: errorResponse("The signature does not match, or the timestamp is too old.", [
      { code: `unauthorized:${channel}`, message: "The signature does not match." },
    ]),
    503: errorResponse(`The channel is off: set ${settings} and restart.`, [
      {
        code: `not_configured:${channel}`,
        message: `The ${channel} channel is off. Set ${settings} and restart.`,
      },
    ]),
  };
}

/** Documents both channels' callbacks. */
export function registerChannelDocs(registry: Registry) {
  for (const channel of ["wechat", "wecom"] as const) {
    const { name, verify, deliver } = CHANNELS[channel];
    const errors = channelErrors(channel);
    registry.registerPath({
      method: "get",
      path: `/${channel}`,
      summary: `${name}: URL verification`,
      description: `Called by ${name === "WeCom application" ? "WeCom" : "WeChat"} when the callback URL is saved in its console; answers the (decrypted) \`echostr\` as plain text.`,
      parameters: [...verify],
      responses: {
        200: {
          description: "The `echostr`, as plain text",
          content: { "text/plain": { schema: z.string() } },
        },
        ...errors,
      },
    });
    registry.registerPath({
      method: "post",
      path: `/${channel}`,
      summary: `${name}: a user's message`,
      description:
        "A signed (and, in compatible or safe mode, encrypted) XML message. Answered with a passive text reply within WeChat's 5-second window when the answer is ready, else with an empty reply and the answer sent later through the customer-service API. WeChat's retries of one message are answered once.",
      parameters: [...deliver],
      request: {
        body: {
          required: true,
          description: "WeChat's message XML (`<xml><ToUserName>…</xml>`), at most 64 KiB",
          content: { "application/xml": { schema: z.string() } },
        },
      },
      responses: {
        200: {
          description:
            "A passive reply (XML, encrypted when the request was), or `success` / an empty body when the answer follows later",
          content: {
            "application/xml": { schema: z.string() },
            "text/plain": { schema: z.string() },
          },
        },
        ...errors,
        413: errorResponse("The body is larger than 64 KiB.", [
          { code: `payload_too_large:${channel}`, message: "The body is larger than 65536 bytes." },
        ]),
      },
    });
  }
}
