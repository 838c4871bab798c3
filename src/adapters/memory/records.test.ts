import type { FeedbackRecord } from "../../records/schemas.ts";
import { describeRecordStore } from "../../testing/record-store-conformance.ts";
import { createMemoryRecordStore } from "./records.ts";

describeRecordStore(
  "createMemoryRecordStore",
  async () => {
    const store = createMemoryRecordStore<FeedbackRecord>();
    return { store, reopen: async () => store, cleanup: async () => undefined };
  },
  { checksRows: false },
);
