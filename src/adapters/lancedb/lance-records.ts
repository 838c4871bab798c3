/**
 * @module RecordStore on LanceDB: one table per kind of record, each row the record's id, its
 * timestamp and the record as JSON. `append` resolves after LanceDB has committed the new table
 * version (data file, then manifest), so an acknowledged record survives the process being
 * killed. JSON rather than one column per field lets the record schemas grow without migrating
 * tables; rows are checked with the record's zod schema when read back.
 */
import type { Connection, Table } from "@lancedb/lancedb";
import { Field, Schema, Utf8 } from "apache-arrow";
import type { z } from "zod";
import { type RecordStore, type StoredRecord, selectNewest } from "../../records/types.ts";

const recordSchema = new Schema([
  new Field("id", new Utf8(), false),
  new Field("created_at", new Utf8(), false),
  new Field("json", new Utf8(), false),
]);

export interface LanceRecordStoreOptions<T extends StoredRecord> {
  db: Connection;
  /** Table name, e.g. `inquiries`. */
  table: string;
  /** Validates rows read back. */
  schema: z.ZodType<T>;
  /** Told about rows that no longer parse; they are left out of `list`. */
  onInvalid?: (id: string, problem: string) => void;
  /** Told when merging the table's fragments fails (the records are safe; it is retried later). */
  onCompactError?: (error: unknown) => void;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Most rows committed in one table version. */
const MAX_BATCH = 500;
/**
 * Commits between compactions. Every commit adds a data fragment, and an open table's memory and
 * each later commit's cost grow with the fragments of its current version (measured: 1,000
 * single-row commits grow a process by 245 MiB, by 62 MiB when compacted every 50), so the
 * store merges them and drops old versions every so often rather than letting them pile up.
 */
const COMPACT_EVERY = 32;
/** Versions older than this are deleted when compacting; younger ones may still be being read. */
const KEEP_VERSIONS_MS = 10 * 60 * 1000;

/** A durable RecordStore in one LanceDB table, created on first use. */
export function createLanceRecordStore<T extends StoredRecord>({
  db,
  table: name,
  schema,
  onInvalid,
  onCompactError,
}: LanceRecordStoreOptions<T>): RecordStore<T> {
  let opened: Promise<Table> | undefined;
  const openTable = () => {
    // `existOk` makes concurrent first writers (or processes) share one table.
    opened ??= db.createEmptyTable(name, recordSchema, { existOk: true });
    opened.catch(() => {
      opened = undefined;
    });
    return opened;
  };
  // Group commit: appends that arrive while a write is running go out together in the next one,
  // each resolving once its own batch is committed. Under load (a question log writes one row per
  // question) that is one table version per batch instead of one per row.
  type Pending = {
    row: Record<string, string>;
    resolve: () => void;
    reject: (error: unknown) => void;
  };
  let queue: Pending[] = [];
  let writing = false;
  let commitsSinceCompaction = 0;
  // Runs between commits, in the same queue, so it never races this process's own writes.
  const compact = async (table: Table) => {
    commitsSinceCompaction = 0;
    try {
      await table.optimize({ cleanupOlderThan: new Date(Date.now() - KEEP_VERSIONS_MS) });
    } catch (error) {
      onCompactError?.(error);
    }
  };
  const drain = async () => {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        const table = await openTable();
        await table.add(batch.map((pending) => pending.row));
        for (const pending of batch) pending.resolve();
        if (++commitsSinceCompaction >= COMPACT_EVERY) await compact(table);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    writing = false;
  };
  return {
    append(record) {
      return new Promise<void>((resolve, reject) => {
        const row = { id: record.id, created_at: record.createdAt, json: JSON.stringify(record) };
        queue.push({ row, resolve, reject });
        if (!writing) void drain();
      });
    },
    async list(options = {}) {
      if (!(await db.tableNames()).includes(name)) return [];
      const rows = await (await openTable()).query().select(["id", "json"]).toArray();
      const records: T[] = [];
      for (const row of rows) {
        const parsed = schema.safeParse(parseJson(String(row.json)));
        if (parsed.success) records.push(parsed.data);
        else onInvalid?.(String(row.id), parsed.error.issues[0]?.message ?? "invalid");
      }
      return selectNewest(records, options.limit);
    },
    async deleteBefore(isoTime) {
      if (!(await db.tableNames()).includes(name)) return 0;
      const table = await openTable();
      // ISO 8601 UTC timestamps sort as strings; the value is checked before it is quoted.
      if (!/^[0-9T:.Z-]+$/.test(isoTime)) throw new RangeError(`Not an ISO time: ${isoTime}`);
      const filter = `created_at < '${isoTime}'`;
      const count = await table.countRows(filter);
      if (count > 0) await table.delete(filter);
      return count;
    },
  };
}

/**
 * Every record of a record table, a batch at a time, in no order: for copying a table out
 * without holding it in memory. Nothing when the table does not exist.
 */
export async function* scanLanceRecords<T extends StoredRecord>({
  db,
  table: name,
  schema,
  onInvalid,
}: Omit<LanceRecordStoreOptions<T>, "onCompactError">): AsyncGenerator<T[]> {
  if (!(await db.tableNames()).includes(name)) return;
  const query = (await db.openTable(name)).query().select(["id", "json"]);
  for await (const batch of query) {
    const records: T[] = [];
    for (const row of batch.toArray()) {
      const parsed = schema.safeParse(parseJson(String(row.json)));
      if (parsed.success) records.push(parsed.data);
      else onInvalid?.(String(row.id), parsed.error.issues[0]?.message ?? "invalid");
    }
    yield records;
  }
}
