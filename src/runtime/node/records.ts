/**
 * @module The Node wiring of the record stores: LanceDB tables `feedback`, `inquiries` and the
 * console's `questions`, `inquiry_updates` and `unanswered_handled` at
 * `RECORDS_URI`, apart from the index (which can be rebuilt; these cannot).
 */

import { createLanceRecordStore } from "../../adapters/lancedb/lance-records.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import type { Config } from "../../config.ts";
import {
  FeedbackRecord,
  HandledRecord,
  InquiryRecord,
  InquiryUpdateRecord,
  QuestionRecord,
} from "../../records/schemas.ts";
import type { ConsoleStores, RecordStores } from "../../records/types.ts";

/** Opens the record stores; tables are created on the first record. */
export async function createNodeRecordStores({
  config,
  onInvalid,
}: {
  config: Pick<Config, "RECORDS_URI">;
  onInvalid?: (table: string, id: string, problem: string) => void;
}): Promise<RecordStores & ConsoleStores> {
  // Read consistency 0: every listing sees records other processes committed.
  const db = await connectStore(config.RECORDS_URI, { readConsistencySeconds: 0 });
  const report = (table: string) => (id: string, problem: string) =>
    onInvalid?.(table, id, problem);
  return {
    feedback: createLanceRecordStore({
      db,
      table: "feedback",
      schema: FeedbackRecord,
      onInvalid: report("feedback"),
    }),
    inquiries: createLanceRecordStore({
      db,
      table: "inquiries",
      schema: InquiryRecord,
      onInvalid: report("inquiries"),
    }),
    questions: createLanceRecordStore({
      db,
      table: "questions",
      schema: QuestionRecord,
      onInvalid: report("questions"),
    }),
    inquiryUpdates: createLanceRecordStore({
      db,
      table: "inquiry_updates",
      schema: InquiryUpdateRecord,
      onInvalid: report("inquiry_updates"),
    }),
    handled: createLanceRecordStore({
      db,
      table: "unanswered_handled",
      schema: HandledRecord,
      onInvalid: report("unanswered_handled"),
    }),
  };
}
