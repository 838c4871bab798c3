/**
 * @module What visitors send and what is kept: answer feedback and inquiries to the investment
 * team. The request schemas validate HTTP input; the record schemas validate what a store reads
 * back, so a hand-edited or older row cannot reach staff exports unchecked.
 */
import { z } from "zod";
import { isEmail, MAX_EMAIL_LENGTH } from "../web/email.js";

/** Longest free-text message or comment accepted, in characters. */
export const MAX_TEXT_CHARS = 5000;
/** Longest question or answer copied into a record, in characters. */
export const MAX_TURN_CHARS = 20_000;
/** Most conversation turns an inquiry may attach. */
export const MAX_ATTACHED_TURNS = 100;

const requiredText = (max: number) =>
  z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).default("");
const about = (description: string) => ({ description });

/** Interface languages of the web page. */
export const Language = z.enum(["en", "zh"]);

/** Sectors an investor can name; labels live in the page's translations. */
export const SECTORS = [
  "manufacturing",
  "automotive",
  "electronics",
  "biomedicine",
  "digital",
  "logistics",
  "finance",
  "energy",
  "other",
] as const;

/** One source an answer cited, kept by title so staff can read a record without the index. */
export const CitedSource = z.object({
  n: z.number().int().min(1).max(999),
  id: z.string().max(200).default(""),
  docId: z.string().max(200).default(""),
  title: z.string().trim().max(500, "must be at most 500 characters"),
});
export type CitedSource = z.infer<typeof CitedSource>;

/** One turn of the conversation attached to an inquiry or feedback. */
export const AttachedTurn = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().max(MAX_TURN_CHARS, `must be at most ${MAX_TURN_CHARS} characters`),
  /** For an assistant turn: the sources its `[n]` markers point to. */
  citations: z.array(CitedSource).max(50, "must hold at most 50 sources").optional(),
});

const attachedConversation = z
  .array(AttachedTurn)
  .max(MAX_ATTACHED_TURNS, `must hold at most ${MAX_ATTACHED_TURNS} turns`)
  .default([]);

/** Thumbs up or down on one answer, with an optional comment. */
export const FeedbackRequest = z.object({
  rating: z
    .enum(["up", "down"], { error: 'must be "up" or "down"' })
    .meta(about("Whether the answer helped.")),
  question: requiredText(MAX_TURN_CHARS).meta(about("The question that was answered.")),
  answer: requiredText(MAX_TURN_CHARS).meta(about("The answer, as shown.")),
  citationIds: z
    .array(z.string().min(1).max(200))
    .max(50, "must hold at most 50 ids")
    .default([])
    .meta(about("The ids of the passages the answer cited.")),
  comment: optionalText(MAX_TEXT_CHARS).meta(about("What was useful, wrong or missing.")),
  language: Language.optional().meta(about("The interface language the visitor used.")),
  standaloneQuestion: z
    .string()
    .trim()
    .max(MAX_TURN_CHARS)
    .optional()
    .meta(
      about("The standalone question retrieval ran on (a follow-up rewritten with its context)."),
    ),
  answered: z.boolean().optional().meta(about("False when the assistant declined.")),
  citations: z
    .array(CitedSource)
    .max(50, "must hold at most 50 sources")
    .default([])
    .meta(about("The sources the answer cited, with their titles.")),
  conversation: attachedConversation.meta(
    about("The conversation up to and including the rated answer."),
  ),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

const Stored = { id: z.string().min(1), createdAt: z.iso.datetime() };

/** Feedback as stored. */
export const FeedbackRecord = FeedbackRequest.extend(Stored);
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;

/** A request to be contacted by the investment team. */
export const InquiryRequest = z.object({
  name: requiredText(200).meta(about("Who to reply to.")),
  company: optionalText(200).meta(about("The investor's company, if any.")),
  // The page checks the same rule before sending (src/web/email.js), so they agree.
  email: z
    .string({ error: "must be a valid email address, such as name@company.com" })
    .trim()
    .max(MAX_EMAIL_LENGTH, `must be at most ${MAX_EMAIL_LENGTH} characters`)
    .refine(isEmail, "must be a valid email address, such as name@company.com")
    .meta({
      format: "email",
      description:
        "An address with a domain of two or more labels (`name@company.com`; `name@company` is refused).",
    }),
  country: requiredText(100).meta(about("The investor's country or region.")),
  sector: z
    .enum(SECTORS, { error: `must be one of ${SECTORS.join(", ")}` })
    .default("other")
    .meta(about("The sector the investor is interested in.")),
  message: requiredText(MAX_TEXT_CHARS).meta(about("The investor's plans and questions.")),
  consent: z
    .literal(true, { error: "must be given so the team may contact you" })
    .meta(about("The investor agrees to be stored and contacted; must be `true`.")),
  conversation: attachedConversation.meta(
    about("The chat so far, when the investor chose to attach it."),
  ),
  language: Language.optional().meta(about("The interface language the visitor used.")),
});
export type InquiryRequest = z.infer<typeof InquiryRequest>;

/** An inquiry as stored. */
export const InquiryRecord = InquiryRequest.extend(Stored);
export type InquiryRecord = z.infer<typeof InquiryRecord>;

/** Stamps a validated request with an id and the time it was received. */
export function createRecord<T extends object>(
  request: T,
  now: Date = new Date(),
): T & { id: string; createdAt: string } {
  return { id: crypto.randomUUID(), createdAt: now.toISOString(), ...request };
}

/** Where staff are in following up an inquiry. */
export const InquiryStatus = z.enum(["new", "contacted", "closed"], {
  error: 'must be "new", "contacted" or "closed"',
});
export type InquiryStatus = z.infer<typeof InquiryStatus>;

/** A staff change to an inquiry (`PATCH /api/inquiries/:id`); the latest one per inquiry holds. */
export const InquiryUpdateRecord = z.object({
  ...Stored,
  inquiryId: z.string().min(1),
  status: InquiryStatus,
  note: z.string().max(MAX_TEXT_CHARS),
});
export type InquiryUpdateRecord = z.infer<typeof InquiryUpdateRecord>;

/** Channels a question can come from. */
export const QuestionChannel = z.enum(["web", "api", "wechat", "wecom"]);
export type QuestionChannel = z.infer<typeof QuestionChannel>;

/** One question as the question log keeps it: never an IP address or a raw messaging user id. */
export const QuestionRecord = z.object({
  ...Stored,
  channel: QuestionChannel,
  /** `en`, `zh` or another language tag guessed from the question. */
  language: z.string().max(20),
  question: z.string().max(MAX_TURN_CHARS),
  /** The standalone question retrieval ran on. */
  standaloneQuestion: z.string().max(MAX_TURN_CHARS).default(""),
  answered: z.boolean(),
  /** `offline`, `llm`, `fallback` (LLM configured, answered offline) or `error`. */
  mode: z.enum(["offline", "llm", "fallback", "error"]),
  latencyMs: z.number().int().nonnegative(),
  /** Titles and ids of the documents the answer cited. */
  cited: z.array(z.object({ docId: z.string(), title: z.string() })).default([]),
  /** WeChat/WeCom only: a keyed hash of the user id, so one user's questions can be grouped. */
  userHash: z.string().optional(),
  /** Turns before the question in the conversation (0 for a first question). */
  turn: z.number().int().nonnegative().default(0),
});
export type QuestionRecord = z.infer<typeof QuestionRecord>;

/** Staff marked a group of unanswered questions as handled (a document was added, say). */
export const HandledRecord = z.object({
  ...Stored,
  /** The ids of the questions and feedback in the group when it was marked. */
  itemIds: z.array(z.string()).max(10_000),
  note: z.string().max(MAX_TEXT_CHARS).default(""),
});
export type HandledRecord = z.infer<typeof HandledRecord>;
