/**
 * The PostgreSQL record stores against a real PostgreSQL started by the test (see
 * `src/testing/postgres.ts`): the shared RecordStore contract, concurrent first use by several
 * processes' worth of pools, and outages reported as `RecordsUnavailableError`.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordsUnavailableError } from "../../records/types.ts";
import { findFreePort } from "../../testing/ports.ts";
import { startTestPostgres, type TestPostgres } from "../../testing/postgres.ts";
import { createFeedback, describeRecordStore } from "../../testing/record-store-conformance.ts";
import { createPostgresRecordStores } from "./records.ts";

let server: TestPostgres;
let url: string;
let tables = 0;

beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase("records_test");
}, 120_000);
afterAll(() => server?.stop());

describeRecordStore(
  "createPostgresRecordStores",
  async () => {
    const table = `records_${++tables}`;
    const invalid: string[] = [];
    const stores = createPostgresRecordStores({
      connectionString: url,
      table,
      onInvalid: (_kind, id) => invalid.push(id),
    });
    const others: { close(): Promise<void> }[] = [];
    return {
      store: stores.feedback,
      reopen: async () => {
        const again = createPostgresRecordStores({ connectionString: url, table });
        others.push(again);
        return again.feedback;
      },
      writeInvalidRow: async (id) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(
          `INSERT INTO ${table} (kind, id, created_at, json) VALUES ('feedback', $1, now(), '{not json')`,
          [id],
        );
        await client.end();
      },
      invalid,
      cleanup: async () => {
        await Promise.all([stores.close(), ...others.map((other) => other.close())]);
      },
    };
  },
  { checksRows: true },
);

describe("createPostgresRecordStores", () => {
  it("creates the table once when several replicas start writing at the same moment", async () => {
    const replicas = Array.from({ length: 6 }, () =>
      createPostgresRecordStores({ connectionString: url, table: "records_race", poolSize: 3 }),
    );
    const records = Array.from({ length: 60 }, (_, n) => createFeedback(n));
    await Promise.all(
      records.map((record, n) => replicas[n % replicas.length]?.feedback.append(record)),
    );
    expect(await replicas[0]?.feedback.list()).toHaveLength(60);
    await Promise.all(replicas.map((replica) => replica.close()));
  });

  it("keeps kinds apart and appends idempotently", async () => {
    const stores = createPostgresRecordStores({ connectionString: url, table: "records_kinds" });
    const record = createFeedback(1);
    await stores.feedback.append(record);
    await stores.feedback.append(record);
    expect(await stores.feedback.list()).toEqual([record]);
    expect(await stores.inquiries.list()).toEqual([]);
    await stores.close();
  });

  it("refuses a retention time that is not an ISO time, before asking the database", async () => {
    const stores = createPostgresRecordStores({ connectionString: url, table: "records_iso" });
    await expect(stores.questions.deleteBefore("2025' OR '1'='1")).rejects.toThrow(RangeError);
    await stores.close();
  });

  it("reports an unreachable database as unavailable, with what to do", async () => {
    const port = await findFreePort();
    const stores = createPostgresRecordStores({
      connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      connectTimeoutMs: 1000,
    });
    const failure = await stores.inquiries.append(createFeedback(1) as never).catch((e) => e);
    expect(failure).toBeInstanceOf(RecordsUnavailableError);
    expect(failure.message).toMatch(/try again/);
    expect(failure.action).toMatch(/DATABASE_URL/);
    await expect(stores.check()).rejects.toBeInstanceOf(RecordsUnavailableError);
    await stores.close();
  });

  it("fails while PostgreSQL is down and works again once it is back, without reopening", async () => {
    const idleErrors: Error[] = [];
    const stores = createPostgresRecordStores({
      connectionString: url,
      table: "records_outage",
      connectTimeoutMs: 1000,
      onIdleError: (error) => idleErrors.push(error),
    });
    await stores.feedback.append(createFeedback(1));
    await server.pause();
    try {
      await expect(stores.feedback.append(createFeedback(2))).rejects.toBeInstanceOf(
        RecordsUnavailableError,
      );
      await expect(stores.feedback.list()).rejects.toBeInstanceOf(RecordsUnavailableError);
    } finally {
      await server.resume();
    }
    await stores.feedback.append(createFeedback(3));
    expect((await stores.feedback.list()).map((r) => r.question)).toEqual(["q3", "q1"]);
    await stores.close();
  }, 60_000);
});
