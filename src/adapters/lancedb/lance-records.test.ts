import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FeedbackRecord } from "../../records/schemas.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { createFeedback, describeRecordStore } from "../../testing/record-store-conformance.ts";
import { createLanceRecordStore } from "./lance-records.ts";
import { connectStore } from "./lancedb.ts";

async function openStore(dir: string, onInvalid?: (id: string, problem: string) => void) {
  const db = await connectStore(path.join(dir, "records"), { readConsistencySeconds: 0 });
  return {
    db,
    store: createLanceRecordStore({ db, table: "feedback", schema: FeedbackRecord, onInvalid }),
  };
}

describeRecordStore(
  "createLanceRecordStore",
  async () => {
    const { dir, cleanup } = await createTempDir();
    const invalid: string[] = [];
    const { db, store } = await openStore(dir, (id) => invalid.push(id));
    return {
      store,
      reopen: async () => (await openStore(dir)).store,
      writeInvalidRow: async (id) => {
        await (await db.openTable("feedback")).add([{ id, created_at: "x", json: "{not json" }]);
      },
      invalid,
      cleanup,
    };
  },
  { checksRows: true },
);

describe("createLanceRecordStore on local files", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await createTempDir()));
  afterEach(() => cleanup());

  it("creates no table before the first record", async () => {
    const { db, store } = await openStore(dir);
    expect(await store.list()).toEqual([]);
    expect(await store.deleteBefore("2030-01-01T00:00:00.000Z")).toBe(0);
    expect(await db.tableNames()).toEqual([]);
  });

  it("commits concurrent appends in a few table versions, each resolved once it is committed", async () => {
    const { db, store } = await openStore(dir);
    const records = Array.from({ length: 200 }, (_, n) => createFeedback(n % 60));
    await Promise.all(records.map((record) => store.append(record)));
    expect(await (await openStore(dir)).store.list()).toHaveLength(200);
    // One version to create the table, then one per batch: far fewer than one per record.
    expect(await (await db.openTable("feedback")).version()).toBeLessThan(20);
  });

  it("merges the fragments of one-at-a-time appends now and then, keeping every record", async () => {
    const { db, store } = await openStore(dir);
    for (let n = 0; n < 100; n++) await store.append(createFeedback(n % 60));
    const table = await db.openTable("feedback");
    // One fragment per commit without compaction: 100 here.
    expect((await table.stats()).fragmentStats.numFragments).toBeLessThan(40);
    expect(await store.list()).toHaveLength(100);
  });

  it("refuses a retention time that is not an ISO time", async () => {
    const { store } = await openStore(dir);
    await store.append(createFeedback(1));
    await expect(store.deleteBefore("2025' OR '1'='1")).rejects.toThrow(RangeError);
  });
});
