/**
 * @module An in-memory RecordStore, for tests and local experiments. Not durable.
 */
import { type RecordStore, type StoredRecord, selectNewest } from "../../records/types.ts";

/** A RecordStore that keeps records in an array. */
export function createMemoryRecordStore<T extends StoredRecord>(): RecordStore<T> & {
  records: T[];
} {
  const records: T[] = [];
  return {
    records,
    async append(record) {
      records.push(structuredClone(record));
    },
    async list(options = {}) {
      return selectNewest(records, options.limit);
    },
    async deleteBefore(isoTime) {
      const kept = records.filter((record) => record.createdAt >= isoTime);
      const removed = records.length - kept.length;
      records.splice(0, records.length, ...kept);
      return removed;
    },
  };
}
