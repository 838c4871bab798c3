/**
 * @module An incoming WeChat or WeCom message, validated, and what it asks of the assistant: a
 * question (text, or voice WeChat has transcribed), a welcome (a new follower), a note on what
 * the assistant can read (images, locations, links, files, unknown types), or nothing (events
 * such as unsubscribe or location reports, which expect no reply).
 */
import { z } from "zod";

/** Longest question passed on, in characters (as for `/api/chat`). */
export const MAX_QUESTION_CHARS = 4000;

/** The fields of an incoming message this channel reads; others are ignored. */
export const InboundMessage = z.object({
  ToUserName: z.string().min(1).max(128),
  FromUserName: z.string().min(1).max(128),
  CreateTime: z.string().regex(/^\d{1,12}$/, "must be a Unix time in seconds"),
  MsgType: z.string().min(1).max(64),
  MsgId: z
    .string()
    .regex(/^\d{1,24}$/, "must be a decimal id")
    .optional(),
  Content: z.string().optional(),
  Recognition: z.string().optional(),
  Event: z.string().max(64).optional(),
  AgentID: z.string().max(32).optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

/** What a message asks for. */
export type Intent =
  | { kind: "question"; text: string }
  | { kind: "welcome" }
  | { kind: "capabilities" }
  | { kind: "none" };

/** Events a user triggers and that deserve a reply; the rest (unsubscribe, reports…) get none. */
const EVENTS_WANTING_CAPABILITIES = new Set(["click"]);

/** Reads what a message asks for. */
export function readIntent(message: InboundMessage): Intent {
  const type = message.MsgType.toLowerCase();
  if (type === "text" || type === "voice") {
    const text = (type === "text" ? message.Content : message.Recognition)?.trim() ?? "";
    if (text === "") return { kind: "capabilities" };
    return { kind: "question", text: text.slice(0, MAX_QUESTION_CHARS) };
  }
  if (type === "event") {
    const event = message.Event?.toLowerCase() ?? "";
    if (event === "subscribe") return { kind: "welcome" };
    return EVENTS_WANTING_CAPABILITIES.has(event) ? { kind: "capabilities" } : { kind: "none" };
  }
  return { kind: "capabilities" };
}

/**
 * The key WeChat's retries of one message share: its `MsgId`, or for events (which have none)
 * the sender and `CreateTime`, as WeChat's documentation recommends.
 */
export function getRetryKey(message: InboundMessage): string {
  return message.MsgId
    ? `msg:${message.MsgId}`
    : `evt:${message.FromUserName}:${message.CreateTime}`;
}
