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
import { type RecordStore, type StoredRecord, selectNewest } from "../records/types.ts";

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
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A durable RecordStore in one LanceDB table, created on first use. */
export function createLanceRecordStore<T extends StoredRecord>({
  db,
  table: name,
  schema,
  onInvalid,
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
  return {
    async append(record) {
      const table = await openTable();
      await table.add([
        { id: record.id, created_at: record.createdAt, json: JSON.stringify(record) },
      ]);
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
