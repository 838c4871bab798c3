import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecordStores } from "../src/adapters/postgres/records.ts";
import { createRecord, type InquiryRequest } from "../src/records/schemas.ts";
import { createNodeRecordStores } from "../src/runtime/node/records.ts";
import { createTempDir } from "../src/testing/corpus.ts";
import { startTestPostgres, type TestPostgres } from "../src/testing/postgres.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);
let dir: string;
let cleanup: () => Promise<void>;
let env: NodeJS.ProcessEnv;

const inquiry: InquiryRequest = {
  name: '=HYPERLINK("http://evil")',
  company: "Acme, Ltd",
  email: "ana@example.com",
  country: "Germany",
  sector: "automotive",
  message: "Line one\nline two",
  consent: true,
  conversation: [{ role: "user", content: "Hi" }],
};

beforeAll(async () => {
  ({ dir, cleanup } = await createTempDir());
  env = { ...process.env, RECORDS_URI: path.join(dir, "records") };
  const stores = await createNodeRecordStores({ config: { RECORDS_URI: env.RECORDS_URI ?? "" } });
  await stores.inquiries.append(createRecord(inquiry, new Date("2025-03-01T08:00:00Z")));
  await stores.inquiries.append(
    createRecord({ ...inquiry, name: "Later" }, new Date("2025-03-02T08:00:00Z")),
  );
});
afterAll(() => cleanup());

const exportRecords = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/export-records.ts", ...args], {
    cwd: ROOT,
    env,
  });

describe("npm run inquiries:export", () => {
  it("prints every inquiry as escaped CSV, newest first, formulas neutralised", async () => {
    const { stdout } = await exportRecords("inquiries");
    const rows = stdout.split("\r\n");
    expect(rows[0]).toMatch(/^id,created_at,name,company,email/);
    expect(rows[1]).toContain(",Later,");
    expect(stdout).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(stdout).toContain('"Acme, Ltd"');
    expect(stdout).toContain('"Line one\nline two"');
    expect(rows).toHaveLength(4);
  });

  it("writes a private file with --out, and says how many records", async () => {
    const out = path.join(dir, "inquiries.csv");
    const { stderr } = await exportRecords("inquiries", "--out", out, "--bom");
    expect(stderr).toContain("Wrote 2 inquiries row(s)");
    const text = await readFile(out, "utf8");
    expect(text.startsWith("\uFEFFid,created_at")).toBe(true);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it("exports feedback too (empty store: just the header), and rejects an unknown kind", async () => {
    const { stdout } = await exportRecords("feedback");
    expect(stdout).toBe(
      "id,created_at,rating,question,standalone_question,answer,answered,cited,comment,conversation\r\n",
    );
    await expect(exportRecords("everything")).rejects.toMatchObject({ code: 2 });
  });
});

describe("npm run inquiries:export with DATABASE_URL", () => {
  let postgres: TestPostgres;
  let databaseUrl: string;
  beforeAll(async () => {
    postgres = await startTestPostgres();
    databaseUrl = await postgres.createDatabase("export_test");
    const stores = createPostgresRecordStores({ connectionString: databaseUrl });
    await stores.inquiries.append(
      createRecord({ ...inquiry, name: "From Postgres" }, new Date("2025-03-03T08:00:00Z")),
    );
    await stores.close();
  }, 120_000);
  afterAll(() => postgres?.stop());

  it("reads the PostgreSQL records, not RECORDS_URI, and exits once written", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/export-records.ts", "inquiries"],
      // A pool left open would keep the process alive past the timeout.
      { cwd: ROOT, env: { ...env, DATABASE_URL: databaseUrl }, timeout: 60_000 },
    );
    const rows = stdout.split("\r\n");
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(",From Postgres,");
  }, 90_000);
});
