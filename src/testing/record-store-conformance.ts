/**
 * @module What every `RecordStore` must do, as one suite each store runs (memory, LanceDB,
 * PostgreSQL): ordering, limits, concurrent appends, retention and unreadable rows. The routes
 * filter, track and export on top of `list`, so a store that passes behaves the same behind them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRecord, type FeedbackRecord, type FeedbackRequest } from "../records/schemas.ts";
import type { RecordStore } from "../records/types.ts";

/** One store under test; `reopen` reads the same records through a new connection. */
export interface OpenedStore {
  store: RecordStore<FeedbackRecord>;
  reopen: () => Promise<RecordStore<FeedbackRecord>>;
  /** Writes a row the schema rejects, with this id, past the store (omitted where impossible). */
  writeInvalidRow?: (id: string) => Promise<void>;
  /** Ids the store reported as unreadable. */
  invalid?: string[];
  cleanup: () => Promise<void>;
}

/** Feedback number `n`, created `n` seconds into 2025. */
export const createFeedback = (n: number): FeedbackRecord =>
  createRecord<FeedbackRequest>(
    {
      rating: "down",
      question: `q${n}`,
      answer: `a${n}`,
      citationIds: [`c${n}`],
      comment: "",
      citations: [],
      conversation: [],
    },
    new Date(Date.UTC(2025, 0, 1, 0, 0, n)),
  );

/**
 * Registers the shared RecordStore tests for the store `open` creates; `checksRows` when the
 * store validates rows it reads back (the durable ones do; memory holds only what it was given).
 */
export function describeRecordStore(
  name: string,
  open: () => Promise<OpenedStore>,
  { checksRows }: { checksRows: boolean },
): void {
  describe(`${name}: the RecordStore contract`, () => {
    let opened: OpenedStore;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(() => opened.cleanup());

    it("lists nothing before the first record", async () => {
      expect(await opened.store.list()).toEqual([]);
      expect(await opened.store.list({ limit: 3 })).toEqual([]);
    });

    it("lists records newest first, whole and within a limit, also through a new connection", async () => {
      const records = Array.from({ length: 8 }, (_, n) => createFeedback(n));
      for (const record of records.toReversed()) await opened.store.append(record);
      const again = await opened.reopen();
      const listed = await again.list();
      expect(listed.map((r) => r.question)).toEqual(records.map((r) => r.question).reverse());
      expect(listed[0]).toEqual(records.at(-1));
      expect((await again.list({ limit: 2 })).map((r) => r.question)).toEqual(["q7", "q6"]);
    });

    it("keeps every one of 200 concurrent appends, each once", async () => {
      const records = Array.from({ length: 200 }, (_, n) => createFeedback(n % 60));
      await Promise.all(records.map((record) => opened.store.append(record)));
      const ids = (await (await opened.reopen()).list()).map((r) => r.id);
      expect(ids).toHaveLength(200);
      expect(new Set(ids)).toEqual(new Set(records.map((r) => r.id)));
    });

    it("deletes records created before a time (retention), and nothing else", async () => {
      expect(await opened.store.deleteBefore("2030-01-01T00:00:00.000Z")).toBe(0);
      const records = Array.from({ length: 6 }, (_, n) => createFeedback(n));
      for (const record of records) await opened.store.append(record);
      expect(await opened.store.deleteBefore(records[3]?.createdAt ?? "")).toBe(3);
      expect((await (await opened.reopen()).list()).map((r) => r.question)).toEqual([
        "q5",
        "q4",
        "q3",
      ]);
      // A hostile value deletes nothing, whether the store refuses it or matches no row.
      await opened.store.deleteBefore("2025' OR '1'='1").catch(() => 0);
      expect(await opened.store.list()).toHaveLength(3);
    });

    if (checksRows) {
      it("leaves out rows that no longer match the schema, and says which", async () => {
        await opened.store.append(createFeedback(1));
        await opened.writeInvalidRow?.("bad");
        expect((await opened.store.list()).map((r) => r.question)).toEqual(["q1"]);
        expect(opened.invalid).toEqual(["bad"]);
      });
    }
  });
}
