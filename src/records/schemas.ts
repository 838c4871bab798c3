/**
 * @module What visitors send and what is kept: answer feedback and inquiries to the investment
 * team. The request schemas validate HTTP input; the record schemas validate what a store reads
 * back, so a hand-edited or older row cannot reach staff exports unchecked.
 */
import { z } from "zod";
import { isEmail, MAX_EMAIL_LENGTH } from "../app/web/email.js";

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
});
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

const Stored = { id: z.string().min(1), createdAt: z.iso.datetime() };

/** Feedback as stored. */
export const FeedbackRecord = FeedbackRequest.extend(Stored);
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;

/** One turn of the conversation attached to an inquiry. */
export const AttachedTurn = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().max(MAX_TURN_CHARS, `must be at most ${MAX_TURN_CHARS} characters`),
});

/** A request to be contacted by the investment team. */
export const InquiryRequest = z.object({
  name: requiredText(200).meta(about("Who to reply to.")),
  company: optionalText(200).meta(about("The investor's company, if any.")),
  // The page checks the same rule before sending (src/app/web/email.js), so they agree.
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
  conversation: z
    .array(AttachedTurn)
    .max(MAX_ATTACHED_TURNS, `must hold at most ${MAX_ATTACHED_TURNS} turns`)
    .default([])
    .meta(about("The chat so far, when the investor chose to attach it.")),
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
