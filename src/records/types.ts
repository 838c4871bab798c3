/**
 * @module Where feedback and inquiries are kept: a small append-and-list interface, so the Node
 * server (LanceDB), tests (memory) and a Worker (any key-value or SQL backend) swap the backend
 * without touching the routes.
 */
import type {
  FeedbackRecord,
  HandledRecord,
  InquiryRecord,
  InquiryUpdateRecord,
  QuestionRecord,
} from "./schemas.ts";

/** What every stored record carries. */
export interface StoredRecord {
  id: string;
  /** ISO 8601 timestamp, UTC. */
  createdAt: string;
}

/** An append-only collection of records. */
export interface RecordStore<T extends StoredRecord> {
  /** Resolves only once the record is committed: a crash after that must not lose it. */
  append(record: T): Promise<void>;
  /** Records, newest first; at most `limit` when given. */
  list(options?: { limit?: number }): Promise<T[]>;
  /** Deletes records created before `isoTime`; resolves with how many went. */
  deleteBefore(isoTime: string): Promise<number>;
}

/** The stores the app writes to. */
export interface RecordStores {
  feedback: RecordStore<FeedbackRecord>;
  inquiries: RecordStore<InquiryRecord>;
}

/** What the staff console keeps besides feedback and inquiries. */
export interface ConsoleStores {
  /** Every question from every channel (the question log). */
  questions: RecordStore<QuestionRecord>;
  /** Staff changes to inquiries (status, note); the latest per inquiry holds. */
  inquiryUpdates: RecordStore<InquiryUpdateRecord>;
  /** Groups of unanswered questions staff marked as handled. */
  handled: RecordStore<HandledRecord>;
}

/** Sorts newest first and applies the limit, as `list` promises. */
export function selectNewest<T extends StoredRecord>(records: T[], limit?: number): T[] {
  const sorted = records.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}

/**
 * The store cannot be reached (its database is down or unreachable). Routes answer 503 with
 * `message`, which tells the visitor what to do; `action` tells the operator, in the log.
 */
export class RecordsUnavailableError extends Error {
  override name = "RecordsUnavailableError";
  constructor(
    message: string,
    readonly action: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
