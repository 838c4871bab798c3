/**
 * @module RecordStore on PostgreSQL (`DATABASE_URL`): every replica writes through its own
 * connection pool into one table, and PostgreSQL serialises the inserts, so records written by
 * several machines at once are all kept — unlike LanceDB on local files, which takes one writer.
 * One table holds every kind of record as JSON (as D1 does on Workers), so the record schemas
 * grow without migrations; rows are checked with the record's zod schema when read back.
 *
 * The table is created on first use under an advisory lock: `CREATE TABLE IF NOT EXISTS` alone
 * can fail with a unique violation when two replicas run it at the same moment
 * (https://www.postgresql.org/docs/current/sql-createtable.html makes no promise for that race).
 * When the database cannot be reached, calls fail with `RecordsUnavailableError` (503), and the
 * schema is tried again on the next call.
 */
import { createRequire } from "node:module";
import type pg from "pg";
import type { z } from "zod";
import { openRecordStores } from "../../records/kinds.ts";
import {
  type ConsoleStores,
  type RecordStore,
  type RecordStores,
  RecordsUnavailableError,
  type StoredRecord,
} from "../../records/types.ts";

/** What the Postgres stores are opened with. */
export interface PostgresRecordOptions {
  /** `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** Connections per process. Default 10. */
  poolSize?: number;
  /** Table name (tests use one per test). Default `records`. */
  table?: string;
  /** How long to wait for a connection before the call fails as unavailable. Default 5000. */
  connectTimeoutMs?: number;
  /** Told about rows that no longer parse; they are left out of `list`. */
  onInvalid?: (kind: string, id: string, problem: string) => void;
  /** Told about errors of idle connections (the server restarting, say), which are not thrown. */
  onIdleError?: (error: Error) => void;
}

/** The stores, with a connectivity check for start-up and `close` for shutdown and tests. */
export type PostgresRecordStores = RecordStores &
  ConsoleStores & {
    /** Connects and creates the table if needed; rejects with `RecordsUnavailableError`. */
    check(): Promise<void>;
    close(): Promise<void>;
  };

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** ISO 8601 date-time in UTC, as `createRecord` stamps it. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** What the visitor reads in the 503; the operator's action goes to the log. */
const UNAVAILABLE_MESSAGE =
  "Records cannot be saved or read right now because the records database is unavailable. Nothing was stored: please try again in a few minutes.";
const UNAVAILABLE_ACTION =
  "Check that PostgreSQL at DATABASE_URL is running and reachable from this server (host, port, credentials, network rules); requests succeed again as soon as it is.";

/**
 * SQLSTATE classes that are the caller's or the schema's fault, not an outage: data exceptions
 * (22), integrity constraints (23), syntax or access rules (42). They propagate unchanged.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const NOT_AN_OUTAGE = /^(22|23|42)/;

function toUnavailable(error: unknown): unknown {
  if (error instanceof RecordsUnavailableError || error instanceof RangeError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && NOT_AN_OUTAGE.test(code)) return error;
  return new RecordsUnavailableError(UNAVAILABLE_MESSAGE, UNAVAILABLE_ACTION, { cause: error });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Opens a pool on `connectionString`; nothing connects until the first call. */
export function createPostgresRecordStores(options: PostgresRecordOptions): PostgresRecordStores {
  const table = options.table ?? "records";
  if (!IDENTIFIER.test(table)) throw new RangeError(`Not a table name: ${table}`);
  // Loaded when a database is configured: a server without `DATABASE_URL` does not carry it.
  const { Pool } = createRequire(import.meta.url)("pg") as typeof pg;
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle connection's error (the server restarting) would end the process.
  pool.on("error", (error) => options.onIdleError?.(error));

  let created: Promise<void> | undefined;
  const createTable = async () => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      // One replica creates the table while the others wait, then find it there.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`records-table:${table}`]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
        kind text NOT NULL,
        id text NOT NULL,
        created_at timestamptz NOT NULL,
        json text NOT NULL,
        PRIMARY KEY (kind, id)
      )`);
      await client.query(
        `CREATE INDEX IF NOT EXISTS ${table}_kind_created_at ON ${table} (kind, created_at DESC)`,
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const ready = () => {
    created ??= createTable().catch((error: unknown) => {
      created = undefined;
      throw error;
    });
    return created;
  };
  /** Runs `work` once the table exists, with outages reported as `RecordsUnavailableError`. */
  const run = async <R>(work: () => Promise<R>): Promise<R> => {
    try {
      await ready();
      return await work();
    } catch (error) {
      throw toUnavailable(error);
    }
  };

  function createStore<T extends StoredRecord>(kind: string, schema: z.ZodType<T>): RecordStore<T> {
    return {
      append: (record) =>
        run(async () => {
          // Idempotent: a client retrying an append whose acknowledgement was lost adds nothing.
          await pool.query(
            `INSERT INTO ${table} (kind, id, created_at, json) VALUES ($1, $2, $3, $4)
             ON CONFLICT (kind, id) DO NOTHING`,
            [kind, record.id, record.createdAt, JSON.stringify(record)],
          );
        }),
      list: ({ limit } = {}) =>
        run(async () => {
          // LIMIT NULL is LIMIT ALL.
          const { rows } = await pool.query<{ id: string; json: string }>(
            `SELECT id, json FROM ${table} WHERE kind = $1
             ORDER BY created_at DESC, id DESC LIMIT $2`,
            [kind, limit ?? null],
          );
          const records: T[] = [];
          for (const row of rows) {
            const parsed = schema.safeParse(parseJson(row.json));
            if (parsed.success) records.push(parsed.data);
            else options.onInvalid?.(kind, row.id, parsed.error.issues[0]?.message ?? "invalid");
          }
          return records;
        }),
      deleteBefore: async (isoTime) => {
        if (!ISO_TIME.test(isoTime)) throw new RangeError(`Not an ISO time: ${isoTime}`);
        return run(async () => {
          const result = await pool.query(
            `DELETE FROM ${table} WHERE kind = $1 AND created_at < $2`,
            [kind, isoTime],
          );
          return result.rowCount ?? 0;
        });
      },
    };
  }

  return {
    ...openRecordStores(createStore),
    check: () => run(async () => undefined),
    close: () => pool.end(),
  };
}
