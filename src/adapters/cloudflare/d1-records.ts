/**
 * @module Feedback, inquiries and the staff console's records (question log, inquiry changes,
 * handled marks) on Workers: a D1 database (`RECORDS_DB`), one table holding
 * every record as JSON, created on first use. D1 commits a write before the call resolves, as
 * `RecordStore.append` promises. Without the binding the routes answer 503 saying what to bind,
 * rather than accepting an inquiry nobody will read.
 */
import type { z } from "zod";
import { ApiError } from "../../http/errors.ts";
import { openRecordStores } from "../../records/kinds.ts";
import type {
  ConsoleStores,
  RecordStore,
  RecordStores,
  StoredRecord,
} from "../../records/types.ts";
import type { D1DatabaseBinding } from "./bindings.ts";

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (kind, id)
)`;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function createD1RecordStore<T extends StoredRecord>({
  ready,
  db,
  kind,
  schema,
  onInvalid,
}: {
  ready: () => Promise<unknown>;
  db: D1DatabaseBinding;
  kind: string;
  schema: z.ZodType<T>;
  onInvalid?: ((id: string, problem: string) => void) | undefined;
}): RecordStore<T> {
  return {
    async append(record) {
      await ready();
      await db
        .prepare("INSERT INTO records (kind, id, created_at, json) VALUES (?, ?, ?, ?)")
        .bind(kind, record.id, record.createdAt, JSON.stringify(record))
        .run();
    },
    async list({ limit } = {}) {
      await ready();
      const statement =
        limit === undefined
          ? db
              .prepare("SELECT id, json FROM records WHERE kind = ? ORDER BY created_at DESC")
              .bind(kind)
          : db
              .prepare(
                "SELECT id, json FROM records WHERE kind = ? ORDER BY created_at DESC LIMIT ?",
              )
              .bind(kind, limit);
      const { results } = await statement.all<{ id: string; json: string }>();
      const records: T[] = [];
      for (const row of results) {
        const parsed = schema.safeParse(parseJson(row.json));
        if (parsed.success) records.push(parsed.data);
        else onInvalid?.(row.id, parsed.error.issues[0]?.message ?? "invalid");
      }
      return records;
    },
    async deleteBefore(isoTime) {
      await ready();
      const result = (await db
        .prepare("DELETE FROM records WHERE kind = ? AND created_at < ?")
        .bind(kind, isoTime)
        .run()) as { meta?: { changes?: number } } | undefined;
      return result?.meta?.changes ?? 0;
    },
  };
}

/** Record stores in the D1 database `db`. */
export function createD1RecordStores({
  db,
  onInvalid,
}: {
  db: D1DatabaseBinding;
  onInvalid?: (kind: string, id: string, problem: string) => void;
}): RecordStores & ConsoleStores {
  let created: Promise<unknown> | undefined;
  const ready = () => {
    created ??= db
      .prepare(CREATE_TABLE)
      .run()
      .catch((error: unknown) => {
        created = undefined;
        throw error;
      });
    return created;
  };
  return openRecordStores((kind, schema) =>
    createD1RecordStore({
      ready,
      db,
      kind,
      schema,
      onInvalid: (id, problem) => onInvalid?.(kind, id, problem),
    }),
  );
}

/** Stores that refuse every call with 503 and the binding to add. */
export function createUnboundRecordStores(): RecordStores & ConsoleStores {
  const refuse = async (): Promise<never> => {
    throw new ApiError(
      503,
      "not_configured:records",
      "Feedback and inquiries are not stored on this deployment: bind a D1 database as RECORDS_DB (see wrangler.toml) and redeploy.",
    );
  };
  const store = { append: refuse, list: refuse, deleteBefore: refuse };
  return {
    feedback: store,
    inquiries: store,
    questions: store,
    inquiryUpdates: store,
    handled: store,
  };
}
