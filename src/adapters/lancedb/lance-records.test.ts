import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRecord, FeedbackRecord, type FeedbackRequest } from "../../records/schemas.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { createLanceRecordStore } from "./lance-records.ts";
import { connectStore } from "./lancedb.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await createTempDir()));
afterEach(() => cleanup());

const feedback = (n: number): FeedbackRecord =>
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

async function openStore(onInvalid?: (id: string, problem: string) => void) {
  const db = await connectStore(path.join(dir, "records"), { readConsistencySeconds: 0 });
  return {
    db,
    store: createLanceRecordStore({ db, table: "feedback", schema: FeedbackRecord, onInvalid }),
  };
}

describe("createLanceRecordStore", () => {
  it("lists nothing before the first record, without creating the table", async () => {
    const { db, store } = await openStore();
    expect(await store.list()).toEqual([]);
    expect(await db.tableNames()).toEqual([]);
  });

  it("keeps concurrent appends and lists them newest first, also from a new connection", async () => {
    const { store } = await openStore();
    const records = Array.from({ length: 8 }, (_, n) => feedback(n));
    await Promise.all(records.map((record) => store.append(record)));
    const again = (await openStore()).store;
    const listed = await again.list();
    expect(listed.map((r) => r.question)).toEqual(records.map((r) => r.question).reverse());
    expect(listed[0]).toEqual(records.at(-1));
    expect((await again.list({ limit: 2 })).map((r) => r.question)).toEqual(["q7", "q6"]);
  });

  it("commits concurrent appends in a few table versions, each resolved once it is committed", async () => {
    const { db, store } = await openStore();
    const records = Array.from({ length: 200 }, (_, n) => feedback(n % 60));
    await Promise.all(records.map((record) => store.append(record)));
    expect(await (await openStore()).store.list()).toHaveLength(200);
    // One version to create the table, then one per batch: far fewer than one per record.
    expect(await (await db.openTable("feedback")).version()).toBeLessThan(20);
  });

  it("deletes records created before a time (question-log retention), and nothing else", async () => {
    const { store, db } = await openStore();
    expect(await store.deleteBefore("2030-01-01T00:00:00.000Z")).toBe(0);
    expect(await db.tableNames()).toEqual([]);
    const records = Array.from({ length: 6 }, (_, n) => feedback(n));
    for (const record of records) await store.append(record);
    const cutoff = records[3]?.createdAt ?? "";
    expect(await store.deleteBefore(cutoff)).toBe(3);
    expect((await (await openStore()).store.list()).map((r) => r.question)).toEqual([
      "q5",
      "q4",
      "q3",
    ]);
    await expect(store.deleteBefore("2025' OR '1'='1")).rejects.toThrow(RangeError);
    expect(await store.list()).toHaveLength(3);
  });

  it("leaves out rows that no longer match the schema, and says which", async () => {
    const problems: string[] = [];
    const { db, store } = await openStore((id) => problems.push(id));
    await store.append(feedback(1));
    const table = await db.openTable("feedback");
    await table.add([{ id: "bad", created_at: "x", json: "{not json" }]);
    expect((await store.list()).map((r) => r.question)).toEqual(["q1"]);
    expect(problems).toEqual(["bad"]);
  });
});
