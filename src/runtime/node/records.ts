/**
 * @module The Node wiring of the record stores. With `DATABASE_URL`, PostgreSQL: every replica
 * writes to the same database, safely. Without it, LanceDB tables `feedback`, `inquiries` and the
 * console's `inquiry_updates` and `unanswered_handled` at `RECORDS_URI`, apart from the index
 * (which can be rebuilt; these cannot), and the question log in day files in
 * `RECORDS_URI/question-log/` (a LanceDB table `questions` when `RECORDS_URI` is object storage):
 * one writing process only.
 */
import path from "node:path";
import { createJsonLinesRecordStore } from "../../adapters/jsonl/jsonl-records.ts";
import { createLanceRecordStore, scanLanceRecords } from "../../adapters/lancedb/lance-records.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import { createPostgresRecordStores } from "../../adapters/postgres/records.ts";
import type { Config } from "../../config.ts";
import { openRecordStores } from "../../records/kinds.ts";
import { QuestionRecord } from "../../records/schemas.ts";
import type { ConsoleStores, RecordStores } from "../../records/types.ts";

/** The stores, where they are, and how to check and close them. */
export type NodeRecordStores = RecordStores &
  ConsoleStores & {
    /** `postgres` or `lancedb`, for the start-up log. */
    kind: "postgres" | "lancedb";
    /** Reaches the store; rejects (with `RecordsUnavailableError` for Postgres) when it cannot. */
    check(): Promise<void>;
    close(): Promise<void>;
  };

/** Opens the record stores; tables are created on first use. */
export async function createNodeRecordStores({
  config,
  onInvalid,
  onIdleError,
  onCompactError,
}: {
  config: Pick<Config, "RECORDS_URI"> &
    Partial<Pick<Config, "DATABASE_URL" | "DATABASE_POOL_SIZE">>;
  onInvalid?: (table: string, id: string, problem: string) => void;
  /** Errors of idle database connections (a restart of PostgreSQL), which are not thrown. */
  onIdleError?: (error: Error) => void;
  /** A LanceDB table's periodic compaction failed (records are safe; it is tried again). */
  onCompactError?: (error: unknown) => void;
}): Promise<NodeRecordStores> {
  if (config.DATABASE_URL) {
    const stores = createPostgresRecordStores({
      connectionString: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      onInvalid,
      onIdleError,
    });
    return Object.assign(stores, { kind: "postgres" as const });
  }
  // Read consistency 0: every listing sees records other processes committed.
  // Small caches: records are appended and listed, never searched by an index.
  const db = await connectStore(config.RECORDS_URI, {
    readConsistencySeconds: 0,
    cacheMiB: { index: 8, metadata: 16 },
  });
  const report = (table: string) => (id: string, problem: string) =>
    onInvalid?.(table, id, problem);
  const tables = openRecordStores((table, schema) =>
    createLanceRecordStore({ db, table, schema, onInvalid: report(table), onCompactError }),
  );
  // The question log gains a row per question: on local disk it is kept in day files (see
  // jsonl-records.ts for why not LanceDB); rows an earlier version kept in LanceDB move there.
  // (The LanceDB `questions` store above is then never called, so its table is never made.)
  const log = isLocalPath(config.RECORDS_URI)
    ? createJsonLinesRecordStore({
        folder: path.join(config.RECORDS_URI, "question-log"),
        schema: QuestionRecord,
        onInvalid: (where, problem) => onInvalid?.("question-log", where, problem),
        legacy: async () => {
          if (!(await db.tableNames()).includes("questions")) return undefined;
          const batches = scanLanceRecords({
            db,
            table: "questions",
            schema: QuestionRecord,
            onInvalid: report("questions"),
          });
          return { batches, drop: () => db.dropTable("questions") };
        },
      })
    : undefined;
  return {
    kind: "lancedb",
    check: async () => {
      await db.tableNames();
    },
    close: async () => {
      await log?.close().catch(() => undefined);
      db.close();
    },
    ...tables,
    questions: log ?? tables.questions,
  };
}

/** Whether `uri` is a folder path rather than a URI (object storage: `s3://…`). */
function isLocalPath(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}
