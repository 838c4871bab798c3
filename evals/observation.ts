/**
 * @module What running one case against the assistant yields, however it was reached
 * (in-process or over HTTP): the ranked passages, the answer and the time it took.
 */
import { z } from "zod";

export const ObservedPassage = z.object({
  id: z.string(),
  docId: z.string(),
  title: z.string(),
  date: z.string(),
  text: z.string(),
});
export type ObservedPassage = z.infer<typeof ObservedPassage>;

/** The answer fields the evaluation reads (a subset of the product's `Answer`). */
export const ObservedAnswer = z.object({
  answer: z.string(),
  answered: z.boolean(),
  mode: z.enum(["llm", "extractive"]),
  citations: z.array(ObservedPassage.extend({ n: z.number().int() })),
  unverified: z.array(z.string()),
  query: z.string(),
  fallback: z.object({ from: z.literal("llm"), reason: z.string() }).optional(),
});
export type ObservedAnswer = z.infer<typeof ObservedAnswer>;

export interface Observation {
  id: string;
  /** Top passages for the reference query (a follow-up's standalone form, else the question). */
  retrieved: ObservedPassage[];
  /** Follow-ups only: top passages for the query the assistant itself rewrote. */
  rewrittenRetrieved?: ObservedPassage[];
  /** Absent when the request failed; `error` says why. */
  answer?: ObservedAnswer;
  error?: string;
  /** Wall time of the answer request. */
  latencyMs: number;
}
