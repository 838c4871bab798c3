/**
 * @module A RecordStore in JSON Lines files, one per UTC day (`2026-12-07.jsonl`), for a log that
 * gains a row per event: the question log. A log is written far more often than read, and
 * LanceDB is the wrong engine for that: every commit is a table version and a data fragment, and
 * the first commits alone grow the server by about 35 MiB that it never gives back (measured with
 * `npm run bench`: a WeChat burst peaks at 300 MiB with the log in LanceDB, 262 MiB with it in
 * files). Here an append is a line written and `fdatasync`ed with whatever else arrived meanwhile,
 * so an acknowledged record survives a crash; retention deletes whole days; listing reads the
 * newest days first and stops once it has the rows asked for.
 *
 * One writing process per folder, as for the LanceDB records. A line a crash cut short is
 * removed on first use (it was never acknowledged). Rows from an older store (`legacy`, the
 * LanceDB table the log used to live in) are copied in on first use, each once, then dropped.
 */
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  truncate,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { type RecordStore, type StoredRecord, selectNewest } from "../../records/types.ts";

export interface JsonLinesRecordStoreOptions<T extends StoredRecord> {
  /** The folder of day files, created on the first append. */
  folder: string;
  /** Checks rows read back. */
  schema: z.ZodType<T>;
  /** Told about lines that no longer parse (`file:line`); they are left out of `list`. */
  onInvalid?: (where: string, problem: string) => void;
  /**
   * Where the records used to be kept: read a batch at a time and copied in on first use, then
   * dropped; `undefined` when there is nothing to copy.
   */
  legacy?: () => Promise<
    | { batches: AsyncIterable<readonly T[]> | Iterable<readonly T[]>; drop: () => Promise<void> }
    | undefined
  >;
}

/** The store; `close` releases the open day file. */
export type JsonLinesRecordStore<T extends StoredRecord> = RecordStore<T> & {
  close(): Promise<void>;
};

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

type Waiting = { day: string; line: string; resolve: () => void; reject: (error: unknown) => void };

/** The UTC day of an ISO 8601 timestamp, checked, as the name of its file. */
function dayOf(isoTime: string): string {
  const day = isoTime.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`Not an ISO time: ${isoTime}`);
  return day;
}

/** `items` grouped by `key`, groups and items in their first order (`Map.groupBy`, Node 21+). */
function groupBy<V>(items: readonly V[], key: (item: V) => string): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

/** Creates the store. Nothing is read or written before it is first used. */
export function createJsonLinesRecordStore<T extends StoredRecord>({
  folder,
  schema,
  onInvalid,
  legacy,
}: JsonLinesRecordStoreOptions<T>): JsonLinesRecordStore<T> {
  let handle: { day: string; file: FileHandle } | undefined;
  let waiting: Waiting[] = [];
  let writeQueued = false;
  let started = false;
  // One chain for everything that touches the files, so a listing never reads a line half
  // written and retention never rewrites a file under an append.
  let chain: Promise<void> = Promise.resolve();

  function enqueue<R>(work: () => Promise<R>): Promise<R> {
    if (!started) {
      started = true;
      // A first use that fails (the old table unreadable) is tried again on the next use.
      chain = prepare().catch((error: unknown) => {
        started = false;
        throw error;
      });
    }
    const result = chain.then(work);
    chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  const fileOf = (day: string) => path.join(folder, `${day}.jsonl`);

  /** The day files, newest first; none when the folder does not exist yet. */
  async function days(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return names
      .map((name) => DAY_FILE.exec(name)?.[1])
      .filter((day): day is string => day !== undefined)
      .sort()
      .reverse();
  }

  async function readDay(day: string): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(fileOf(day), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const records: T[] = [];
    for (const [index, line] of text.split("\n").entries()) {
      if (!line.trim()) continue;
      const where = `${day}.jsonl:${index + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        onInvalid?.(where, "not JSON");
        continue;
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) records.push(parsed.data);
      else onInvalid?.(where, parsed.error.issues[0]?.message ?? "invalid");
    }
    return records;
  }

  async function closeHandle(): Promise<void> {
    const open = handle;
    handle = undefined;
    await open?.file.close();
  }

  /** First use: cut a torn last line, then bring in the legacy rows. */
  async function prepare(): Promise<void> {
    const newest = (await days())[0];
    if (newest) {
      const text = await readFile(fileOf(newest), "utf8");
      if (text.length > 0 && !text.endsWith("\n")) {
        await truncate(
          fileOf(newest),
          Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1)),
        );
      }
    }
    const old = await legacy?.();
    if (!old) return;
    // A copy a crash interrupted may have written some of them already: each day's ids are read
    // once, and only ids are kept, so a large old table is copied without being held in memory.
    const known = new Map<string, Set<string>>();
    for await (const batch of old.batches) {
      for (const [day, records] of groupBy(batch, (record) => dayOf(record.createdAt))) {
        let ids = known.get(day);
        if (!ids) {
          ids = new Set((await readDay(day)).map((record) => record.id));
          known.set(day, ids);
        }
        const missing = records.filter((record) => !ids.has(record.id));
        if (missing.length === 0) continue;
        await mkdir(folder, { recursive: true });
        const file = await open(fileOf(day), "a");
        try {
          await file.write(missing.map((record) => `${JSON.stringify(record)}\n`).join(""));
          await file.datasync();
        } finally {
          await file.close();
        }
        for (const record of missing) ids.add(record.id);
      }
    }
    await old.drop();
  }

  async function writeWaiting(): Promise<void> {
    writeQueued = false;
    const group = waiting;
    waiting = [];
    for (const [day, entries] of groupBy(group, (entry) => entry.day)) {
      try {
        if (handle?.day !== day) {
          await closeHandle();
          await mkdir(folder, { recursive: true });
          handle = { day, file: await open(fileOf(day), "a") };
        }
        await handle.file.write(entries.map((entry) => entry.line).join(""));
        await handle.file.datasync();
        for (const entry of entries) entry.resolve();
      } catch (error) {
        for (const entry of entries) entry.reject(error);
      }
    }
  }

  return {
    append(record) {
      return new Promise<void>((resolve, reject) => {
        const day = dayOf(record.createdAt);
        waiting.push({ day, line: `${JSON.stringify(record)}\n`, resolve, reject });
        if (!writeQueued) {
          writeQueued = true;
          void enqueue(writeWaiting);
        }
      });
    },
    list(options = {}) {
      return enqueue(async () => {
        const records: T[] = [];
        for (const day of await days()) {
          records.push(...(await readDay(day)));
          // Days are read newest first, so the newest `limit` rows are in once a day fills it.
          if (options.limit !== undefined && records.length >= options.limit) break;
        }
        return selectNewest(records, options.limit);
      });
    },
    deleteBefore(isoTime) {
      if (!/^[0-9T:.Z-]+$/.test(isoTime)) {
        return Promise.reject(new RangeError(`Not an ISO time: ${isoTime}`));
      }
      const cutoff = dayOf(isoTime);
      return enqueue(async () => {
        let removed = 0;
        for (const day of await days()) {
          if (day > cutoff) continue;
          if (handle?.day === day) await closeHandle();
          const records = await readDay(day);
          const kept = records.filter((record) => record.createdAt >= isoTime);
          removed += records.length - kept.length;
          if (kept.length === 0) await rm(fileOf(day), { force: true });
          else if (kept.length < records.length) {
            // Written aside and renamed over: a crash leaves the old day or the new, never half.
            const temporary = `${fileOf(day)}.tmp`;
            await writeFile(
              temporary,
              kept.map((record) => `${JSON.stringify(record)}\n`).join(""),
            );
            await rename(temporary, fileOf(day));
          }
        }
        return removed;
      });
    },
    async close() {
      if (started) await enqueue(closeHandle);
    },
  };
}
