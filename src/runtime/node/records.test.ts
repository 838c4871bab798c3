/**
 * The Node record stores on local files: the question log in day files beside the LanceDB tables,
 * and a log an earlier version kept in LanceDB carried over without loss.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLanceRecordStore, scanLanceRecords } from "../../adapters/lancedb/lance-records.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import { QuestionRecord } from "../../records/schemas.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { createNodeRecordStores } from "./records.ts";

const question = (n: number): QuestionRecord => ({
  id: `q-${n}`,
  createdAt: new Date(Date.UTC(2026, 11, 1 + (n % 3), 9, 0, n)).toISOString(),
  channel: "web",
  language: "en",
  question: `Question ${n}?`,
  standaloneQuestion: `Question ${n}?`,
  answered: n % 2 === 0,
  mode: "offline",
  latencyMs: 10,
  cited: [],
  turn: 0,
});

describe("createNodeRecordStores on local files", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await createTempDir()));
  afterEach(() => cleanup());

  it("keeps the question log in day files, not in a LanceDB table, across a restart", async () => {
    const RECORDS_URI = path.join(dir, "records");
    const stores = await createNodeRecordStores({ config: { RECORDS_URI } });
    await Promise.all([0, 1, 2, 3].map((n) => stores.questions.append(question(n))));
    await stores.close();
    expect((await readdir(path.join(RECORDS_URI, "question-log"))).toSorted()).toEqual([
      "2026-12-01.jsonl",
      "2026-12-02.jsonl",
      "2026-12-03.jsonl",
    ]);
    const again = await createNodeRecordStores({ config: { RECORDS_URI } });
    expect((await again.questions.list()).map((q) => q.id)).toEqual(["q-2", "q-1", "q-3", "q-0"]);
    const db = await connectStore(RECORDS_URI);
    expect(await db.tableNames()).not.toContain("questions");
    await again.close();
  });

  it("carries a question log kept in LanceDB by an earlier version into the files, each row once", async () => {
    const RECORDS_URI = path.join(dir, "records");
    const db = await connectStore(RECORDS_URI);
    const old = createLanceRecordStore({ db, table: "questions", schema: QuestionRecord });
    await Promise.all([0, 1, 2].map((n) => old.append(question(n))));
    const stores = await createNodeRecordStores({ config: { RECORDS_URI } });
    await stores.questions.append(question(5));
    expect((await stores.questions.list()).map((q) => q.id).toSorted()).toEqual([
      "q-0",
      "q-1",
      "q-2",
      "q-5",
    ]);
    expect(await (await connectStore(RECORDS_URI)).tableNames()).not.toContain("questions");
    await stores.close();
    const again = await createNodeRecordStores({ config: { RECORDS_URI } });
    expect(await again.questions.list()).toHaveLength(4);
    await again.close();
  });

  it("copies a large LanceDB log batch by batch, every row once", async () => {
    const RECORDS_URI = path.join(dir, "records");
    const db = await connectStore(RECORDS_URI);
    const old = createLanceRecordStore({ db, table: "questions", schema: QuestionRecord });
    const rows = Array.from({ length: 2500 }, (_, n) => ({ ...question(n), id: `old-${n}` }));
    await Promise.all(rows.map((row) => old.append(row)));
    let batches = 0;
    const scan = scanLanceRecords({ db, table: "questions", schema: QuestionRecord });
    for await (const batch of scan) if (batch.length > 0) batches++;
    expect(batches).toBeGreaterThan(1);
    const stores = await createNodeRecordStores({ config: { RECORDS_URI } });
    const ids = (await stores.questions.list()).map((q) => q.id);
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
    await stores.close();
  });
});
