/**
 * Several replicas, one records database: a real PostgreSQL (started by the test) and three real
 * servers (`node --import tsx src/runtime/node/main.ts`) sharing only `DATABASE_URL` and the seed index,
 * each with its own RECORDS_URI so a record kept locally would show. 200 inquiries posted at once,
 * round-robin across the replicas, must all be listed by every replica, each once. Then the
 * database is stopped: the replicas keep answering questions, refuse inquiries with 503, and
 * keep them again once it is back. A replica started while the database is unreachable starts,
 * says so, and refuses records with 503.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDir } from "../../testing/corpus.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { findFreePort } from "../../testing/ports.ts";
import { startTestPostgres, type TestPostgres } from "../../testing/postgres.ts";
import { TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const REPLICAS = 3;
const INQUIRIES = 200;

let postgres: TestPostgres;
let seed: Awaited<ReturnType<typeof createSeedIndex>>;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];
const urls: string[] = [];
const logs: string[] = [];

beforeAll(async () => {
  [postgres, seed] = await Promise.all([startTestPostgres(), createSeedIndex()]);
  const databaseUrl = await postgres.createDatabase("replicas");
  const temp = await createTempDir();
  cleanup = temp.cleanup;
  const started = await Promise.all(
    Array.from({ length: REPLICAS }, (_, n) =>
      startReplica(n, {
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        CORPUS_DIR: seed.corpusDir,
        LANCEDB_URI: seed.uri,
        RECORDS_URI: path.join(temp.dir, `records-${n}`),
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: "4",
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        RATE_LIMIT_PER_MINUTE: "0",
        EMBEDDER: "local",
        OPENAI_API_KEY: "",
        OPENAI_BASE_URL: "",
      }),
    ),
  );
  urls.push(...started);
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.allSettled([postgres?.stop(), seed?.cleanup(), cleanup?.()]);
});

/** Starts replica `n` and resolves with its URL once it listens. */
function startReplica(n: number, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/runtime/node/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    logs[n] = "";
    const onData = (data: string) => {
      logs[n] += data;
      const port = /"message":"listening".*?localhost:(\d+)/.exec(logs[n] ?? "")?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`replica ${n} exited (${code}) before listening:\n${logs[n]}`)),
    );
  });
}

const inquiry = (n: number) => ({
  name: `Investor ${n}`,
  email: `investor${n}@example.com`,
  country: "Germany",
  message: `Inquiry number ${n}.`,
  consent: true,
});

const postInquiry = (url: string, body: unknown) =>
  fetch(`${url}/api/inquiries`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function listInquiries(url: string): Promise<{ id: string; name: string }[]> {
  const res = await fetch(`${url}/api/inquiries?limit=1000`, {
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()).inquiries;
}

describe("three replicas sharing DATABASE_URL", () => {
  it("start even when the database cannot be reached, say so, and answer 503 for records", async () => {
    const nowhere = `postgresql://postgres@127.0.0.1:${await findFreePort()}/postgres`;
    const temp = await createTempDir();
    try {
      const url = await startReplica(REPLICAS, {
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        CORPUS_DIR: seed.corpusDir,
        LANCEDB_URI: seed.uri,
        RECORDS_URI: path.join(temp.dir, "records"),
        DATABASE_URL: nowhere,
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        EMBEDDER: "local",
        OPENAI_API_KEY: "",
        OPENAI_BASE_URL: "",
      });
      expect(logs[REPLICAS]).toMatch(/records store unavailable.*"store":"postgres"/);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const res = await postInquiry(url, inquiry(0));
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe("unavailable:records");
    } finally {
      children.at(-1)?.kill("SIGKILL");
      await temp.cleanup();
    }
  }, 120_000);

  it("says at start-up that records go to PostgreSQL", () => {
    for (const log of logs.slice(0, REPLICAS))
      expect(log).toMatch(/"message":"records".*"store":"postgres"/);
  });

  it("keeps all of 200 inquiries posted concurrently across the replicas, each once", async () => {
    const responses = await Promise.all(
      Array.from({ length: INQUIRIES }, (_, n) =>
        postInquiry(urls[n % REPLICAS] ?? "", inquiry(n)),
      ),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(INQUIRIES).fill(201));
    const acknowledged = await Promise.all(
      responses.map(async (res) => ((await res.json()) as { id: string }).id),
    );
    for (const url of urls) {
      const listed = await listInquiries(url);
      expect(listed).toHaveLength(INQUIRIES);
      expect(new Set(listed.map((row) => row.id))).toEqual(new Set(acknowledged));
      expect(new Set(listed.map((row) => row.name))).toEqual(
        new Set(Array.from({ length: INQUIRIES }, (_, n) => `Investor ${n}`)),
      );
    }
  }, 120_000);

  it("answers questions while the database is down, refuses inquiries with 503, and recovers", async () => {
    const [first = "", second = ""] = urls;
    await postgres.pause();
    try {
      const chat = await fetch(`${first}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ role: "user", content: "Bishan industrial output" }] }),
      });
      expect(chat.status).toBe(200);
      const refused = await postInquiry(second, inquiry(1000));
      expect(refused.status).toBe(503);
      const { error } = await refused.json();
      expect(error.code).toBe("unavailable:records");
      expect(error.message).toMatch(/try again/);
      expect(logs[1]).toMatch(/records store unavailable.*DATABASE_URL/);
    } finally {
      await postgres.resume();
    }
    expect((await postInquiry(second, inquiry(1001))).status).toBe(201);
    const names = (await listInquiries(first)).map((row) => row.name);
    expect(names).toContain("Investor 1001");
    expect(names).not.toContain("Investor 1000");
  }, 120_000);
});
