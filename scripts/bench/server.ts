/**
 * @module The server under test: the server bundle started as `npm start` starts it, in its own
 * process on a free port of 127.0.0.1, with settings passed in the environment; and the memory
 * figures Linux keeps for it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../../src/testing/ports.ts";
import { buildServer, SERVER_BUNDLE } from "../build-server.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A running server. */
export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** The last lines the server wrote to stderr, for error messages. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** How `npm start` runs Node: the variables it sets and the arguments it passes. */
export interface StartCommand {
  env: Record<string, string>;
  args: string[];
}

/**
 * How `npm start` runs Node (`… && [VAR=value …] node <flags> dist/server.mjs` in package.json),
 * so the benchmark runs the server exactly as it is started, heap limits and allocator settings
 * included. The bundle is built first, as `npm start` builds it.
 */
export async function readStartCommand(): Promise<StartCommand> {
  const pkg = JSON.parse(await readFile(`${ROOT}/package.json`, "utf8")) as {
    scripts: Record<string, string>;
  };
  const start = pkg.scripts.start ?? "";
  const words = (start.split("&&").at(-1) ?? "").trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? "")) {
    const [name = "", value = ""] = (words.shift() ?? "").split(/=(.*)/s);
    env[name] = value;
  }
  const [command, ...args] = words;
  if (command !== "node" || !args.includes(SERVER_BUNDLE)) {
    throw new Error(`npm start does not end with \`node … ${SERVER_BUNDLE}\`: ${start}`);
  }
  await buildServer();
  return { env, args };
}

/**
 * Starts the server with `env` on top of a clean offline environment, as `npm start` does. The
 * process is Node itself (no npm or shell wrapper), so its pid is the server's and its
 * memory is measurable.
 */
export async function startServer(
  env: Record<string, string>,
  /** Node flags before `npm start`'s, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const port = await findFreePort();
  const start = await readStartCommand();
  const child = spawn(process.execPath, [...nodeArgs, ...start.args], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...start.env,
      // Empty values override a developer's `.env`: the benchmark is offline and channel-free.
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      EMBEDDER: "local",
      WECHAT_TOKEN: "",
      WECOM_TOKEN: "",
      WECOM_CORP_ID: "",
      WECOM_ENCODING_AES_KEY: "",
      ADMIN_TOKEN: "",
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (child.pid === undefined) throw new Error("The server did not start.");
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    child,
    exited,
    stderrTail: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` every 50 ms until it resolves true; rejects after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  { timeoutMs, what }: { timeoutMs: number; what: string },
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
}

/** A field of `/proc/<pid>/status` in MiB (`VmRSS`: now; `VmHWM`: the peak so far). */
export async function readMemoryMiB(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return Math.round((kib / 1024) * 10) / 10;
}
