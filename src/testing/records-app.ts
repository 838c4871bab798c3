/**
 * @module An app wired with in-memory record stores and the fake assistant, for route tests of
 * feedback, inquiries and the page.
 */

import { createMemoryRecordStore } from "../adapters/memory/records.ts";
import { createApp } from "../app/app.ts";
import type { DocumentManager } from "../channels/console/documents.ts";
import type { QuestionLogSettings } from "../console/question-log.ts";
import type { WebAssets } from "../http/web-assets.ts";
import { createLogger } from "../logger.ts";
import type { KeyValue } from "../ports/key-value.ts";
import type { Assistant } from "../rag/answer/types.ts";
import type {
  FeedbackRecord,
  HandledRecord,
  InquiryRecord,
  InquiryUpdateRecord,
  QuestionRecord,
} from "../records/schemas.ts";
import type { RecordStores } from "../records/types.ts";
import { createFakeAssistant } from "./fake-assistant.ts";

/** A token long enough for the config's rule. */
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/** The app with memory stores (`records` overrides them, e.g. with a failing store). */
export function createRecordsApp(
  options: {
    adminToken?: string;
    records?: Partial<RecordStores>;
    web?: WebAssets;
    assistant?: Assistant;
    sessions?: KeyValue;
    sessionHours?: number;
    questionLog?: Partial<QuestionLogSettings>;
    documents?: DocumentManager;
  } = {},
) {
  const feedback = createMemoryRecordStore<FeedbackRecord>();
  const inquiries = createMemoryRecordStore<InquiryRecord>();
  const stores = {
    questions: createMemoryRecordStore<QuestionRecord>(),
    inquiryUpdates: createMemoryRecordStore<InquiryUpdateRecord>(),
    handled: createMemoryRecordStore<HandledRecord>(),
  };
  const app = createApp({
    retriever: { search: async () => [] },
    assistant: options.assistant ?? createFakeAssistant().assistant,
    getStatus: async () => ({ ready: false, reason: "test", action: "none" }),
    logger: createLogger({ level: "silent" }),
    defaultK: 5,
    records: { feedback, inquiries, ...options.records },
    adminToken: options.adminToken,
    web: options.web,
    console: {
      stores,
      questionLog: {
        enabled: true,
        retentionDays: 90,
        hashKey: "test-hash-key-0123456789",
        ...options.questionLog,
      },
      sessions: options.sessions,
      sessionHours: options.sessionHours,
      documents: options.documents,
    },
  });
  const postJson = (path: string, body: unknown) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  /** GET with `Authorization: Bearer <token>`, or with no such header when `token` is undefined. */
  const getWithToken = (path: string, token: string | undefined) =>
    app.request(path, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { app, feedback, inquiries, stores, postJson, getWithToken };
}
