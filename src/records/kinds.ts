/**
 * @module The kinds of record the app keeps, each with the name backends store it under (a
 * LanceDB table, a `kind` column in PostgreSQL and D1) and its schema, so every backend opens the
 * same stores under the same names from one list.
 */
import type { z } from "zod";
import {
  FeedbackRecord,
  HandledRecord,
  InquiryRecord,
  InquiryUpdateRecord,
  QuestionRecord,
} from "./schemas.ts";
import type { ConsoleStores, RecordStore, RecordStores, StoredRecord } from "./types.ts";

const RECORD_KINDS = {
  feedback: { name: "feedback", schema: FeedbackRecord },
  inquiries: { name: "inquiries", schema: InquiryRecord },
  questions: { name: "questions", schema: QuestionRecord },
  inquiryUpdates: { name: "inquiry_updates", schema: InquiryUpdateRecord },
  handled: { name: "unanswered_handled", schema: HandledRecord },
} as const;

/** Opens one store: `name` as the backend stores the kind, `schema` to check rows read back. */
export type OpenRecordStore = <T extends StoredRecord>(
  name: string,
  schema: z.ZodType<T>,
) => RecordStore<T>;

/** Every store the app writes to, each opened by `open` under its kind's name. */
export function openRecordStores(open: OpenRecordStore): RecordStores & ConsoleStores {
  const { feedback, inquiries, questions, inquiryUpdates, handled } = RECORD_KINDS;
  return {
    feedback: open(feedback.name, feedback.schema),
    inquiries: open(inquiries.name, inquiries.schema),
    questions: open(questions.name, questions.schema),
    inquiryUpdates: open(inquiryUpdates.name, inquiryUpdates.schema),
    handled: open(handled.name, handled.schema),
  };
}
