/**
 * An inquiry acknowledged with 201 survives the server being SIGKILLed right after: the real
 * server, bundled and started as `npm start` starts it (`node dist/server.mjs`), runs as a child
 * process over a temporary corpus, index and records store, is killed the moment the 201 arrives,
 * and is started again. Its first start builds the missing index (the ingestion script, found
 * next to the sources, in a child process) and serves the chat page's files.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, SERVER_BUNDLE } from "../../../scripts/build-server.ts";
import { copySeedCorpus, createTempDir } from "../../testing/corpus.ts";
import { TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
let env: Record<string, string>;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await buildServer();
  const temp = await createTempDir();
  cleanup = temp.cleanup;
  const corpusDir = path.join(temp.dir, "corpus");
  await copySeedCorpus(corpusDir);
  env = {
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    CORPUS_DIR: corpusDir,
    LANCEDB_URI: path.join(temp.dir, "lancedb"),
    RECORDS_URI: path.join(temp.dir, "records"),
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    EMBEDDER: "local",
    OPENAI_API_KEY: "",
    OPENAI_BASE_URL: "",
  };
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await cleanup();
});

/** Starts the server bundle in one process and resolves with its URL. */
function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_BUNDLE], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    const onData = (data: string) => {
      output += data;
      const port = /"message":"listening".*?localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, child });
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    );
  });
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
}

describe("inquiry durability", () => {
  it("keeps an inquiry acknowledged just before the server was killed", async () => {
    const first = await startServerProcess();
    const res = await fetch(`${first.url}/api/inquiries`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Kill Test",
        email: "kill@example.com",
        country: "Singapore",
        message: "Please call me back.",
        consent: true,
      }),
    });
    expect(res.status).toBe(201);
    // Killed as soon as the status arrives, without waiting for anything else.
    first.child.kill("SIGKILL");
    expect(await exited(first.child)).toBe("SIGKILL");

    const second = await startServerProcess();
    const list = await fetch(`${second.url}/api/inquiries`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(list.status).toBe(200);
    const { inquiries } = await list.json();
    expect(inquiries).toEqual([
      expect.objectContaining({ name: "Kill Test", email: "kill@example.com", consent: true }),
    ]);
    // The bundle found the chat page's files next to the sources.
    const page = await fetch(`${second.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html[\s>]/i);
    second.child.kill("SIGKILL");
    await exited(second.child);
  }, 120_000);
});
