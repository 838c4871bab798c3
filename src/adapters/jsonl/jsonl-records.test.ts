import { appendFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRecord, FeedbackRecord, type FeedbackRequest } from "../../records/schemas.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { createFeedback, describeRecordStore } from "../../testing/record-store-conformance.ts";
import { createJsonLinesRecordStore } from "./jsonl-records.ts";

describeRecordStore(
  "createJsonLinesRecordStore",
  async () => {
    const { dir, cleanup } = await createTempDir();
    const invalid: string[] = [];
    const open = (onInvalid?: (where: string) => void) =>
      createJsonLinesRecordStore({ folder: dir, schema: FeedbackRecord, onInvalid });
    const store = open((where) => invalid.push(where));
    return {
      store,
      reopen: async () => open(),
      writeInvalidRow: async (id) => {
        // A row past the store, in the day file the other rows went to.
        const [name] = (await readdir(dir)).filter((file) => file.endsWith(".jsonl"));
        await appendFile(path.join(dir, name ?? "2025-01-01.jsonl"), `{"id":"${id}"}\n`);
      },
      invalid,
      cleanup: async () => {
        await store.close();
        await cleanup();
      },
    };
  },
  // The suite expects the id of an unreadable row; this store names its file and line.
  { checksRows: false },
);

/** Feedback created at `iso`. */
const feedbackAt = (iso: string, question: string) =>
  createRecord<FeedbackRequest>(
    {
      rating: "up",
      question,
      answer: "a",
      citationIds: [],
      comment: "",
      citations: [],
      conversation: [],
    },
    new Date(iso),
  );

describe("createJsonLinesRecordStore", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await createTempDir()));
  afterEach(() => cleanup());

  it("keeps one file per UTC day, and retention deletes whole days and part of the cut-off day", async () => {
    const store = createJsonLinesRecordStore({ folder: dir, schema: FeedbackRecord });
    for (const [iso, question] of [
      ["2026-11-30T23:59:59.000Z", "old"],
      ["2026-12-01T08:00:00.000Z", "early"],
      ["2026-12-01T20:00:00.000Z", "late"],
      ["2026-12-02T09:00:00.000Z", "new"],
    ] as const) {
      await store.append(feedbackAt(iso, question));
    }
    expect((await readdir(dir)).toSorted()).toEqual([
      "2026-11-30.jsonl",
      "2026-12-01.jsonl",
      "2026-12-02.jsonl",
    ]);
    expect(await store.deleteBefore("2026-12-01T12:00:00.000Z")).toBe(2);
    expect((await readdir(dir)).toSorted()).toEqual(["2026-12-01.jsonl", "2026-12-02.jsonl"]);
    expect((await store.list()).map((r) => r.question)).toEqual(["new", "late"]);
    // Appends after retention still land, in the right day.
    await store.append(feedbackAt("2026-12-01T21:00:00.000Z", "later"));
    expect((await store.list({ limit: 2 })).map((r) => r.question)).toEqual(["new", "later"]);
    await store.close();
  });

  it("has an acknowledged record on disk at once, and reports unreadable lines by file and line", async () => {
    const invalid: string[] = [];
    const store = createJsonLinesRecordStore({
      folder: dir,
      schema: FeedbackRecord,
      onInvalid: (where) => invalid.push(where),
    });
    const record = createFeedback(1);
    await store.append(record);
    const file = path.join(dir, "2025-01-01.jsonl");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(record);
    await appendFile(file, `{"id":"bad"}\n`);
    expect(await store.list()).toEqual([record]);
    expect(invalid).toEqual(["2025-01-01.jsonl:2"]);
    await store.close();
  });

  it("removes a last line a crash cut short, and appends after it cleanly", async () => {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, "2025-01-01.jsonl");
    await writeFile(file, `${JSON.stringify(createFeedback(1))}\n{"id":"cut sh`);
    const invalid: string[] = [];
    const store = createJsonLinesRecordStore({
      folder: dir,
      schema: FeedbackRecord,
      onInvalid: (where) => invalid.push(where),
    });
    await store.append(createFeedback(2));
    expect((await store.list()).map((r) => r.question)).toEqual(["q2", "q1"]);
    expect(invalid).toEqual([]);
    await store.close();
  });

  it("copies the rows of the store the log used to live in, each once, then drops it", async () => {
    const old = [createFeedback(1), createFeedback(2), feedbackAt("2026-12-01T08:00:00Z", "x")];
    let dropped = 0;
    // Read in two batches, as a large table is.
    const legacy = async () =>
      dropped > 0
        ? undefined
        : { batches: [old.slice(0, 2), old.slice(2)], drop: async () => void dropped++ };
    // A first copy was cut short after it had written one of the rows.
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "2025-01-01.jsonl"), `${JSON.stringify(old[0])}\n`);
    const store = createJsonLinesRecordStore({ folder: dir, schema: FeedbackRecord, legacy });
    const added = createFeedback(3);
    await store.append(added);
    const ids = (await store.list()).map((r) => r.id);
    expect(ids.toSorted()).toEqual([...old, added].map((r) => r.id).toSorted());
    expect(dropped).toBe(1);
    await store.close();
  });

  it("tries the copy of the old store again when it failed", async () => {
    let attempts = 0;
    const legacy = async () => {
      attempts++;
      if (attempts === 1) throw new Error("old table unreadable");
      return attempts === 2
        ? { batches: [[createFeedback(1)]], drop: async () => undefined }
        : undefined;
    };
    const store = createJsonLinesRecordStore({ folder: dir, schema: FeedbackRecord, legacy });
    await expect(store.list()).rejects.toThrow("old table unreadable");
    expect((await store.list()).map((r) => r.question)).toEqual(["q1"]);
    expect(attempts).toBe(2);
    await store.close();
  });

  it("touches nothing until it is first used", async () => {
    let asked = 0;
    const store = createJsonLinesRecordStore({
      folder: path.join(dir, "log"),
      schema: FeedbackRecord,
      legacy: async () => {
        asked++;
        return undefined;
      },
    });
    await store.close();
    expect(asked).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });
});
