/**
 * @module `npm run bench [-- --duration 60 --connections 50]`: starts the server as a fresh clone
 * would (empty index folder, offline), times start-up to the first answer, then loads
 * `GET /healthz` (the ceiling), `GET /api/search` and `POST /api/chat` with autocannon and prints
 * requests/s, p50/p99 latency, errors, the ratio to the ceiling and peak RSS. Writes
 * `data/bench-http.json` and regenerates `docs/performance.md`. A benchmark, not a test.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTempDir } from "../src/testing/corpus.ts";
import { type LoadRequest, type LoadResult, runLoad } from "./bench/load.ts";
import { type BenchReport, checkGoals, renderMarkdown } from "./bench/report.ts";
import { readMemoryMiB, startServer, waitUntil } from "./bench/server.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    connections: { type: "string", default: "50" },
    warmup: { type: "string", default: "5" },
    "log-level": { type: "string", default: "info" },
    "node-options": { type: "string", default: "" },
    /** Extra server settings, e.g. `--env CACHE_ENTRIES=0` to measure without caches. */
    env: { type: "string", multiple: true, default: [] },
    json: { type: "string", default: "data/bench-http.json" },
    docs: { type: "string", default: "docs/performance.md" },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const WARMUP = Number(values.warmup);
const LOG_LEVEL = values["log-level"] ?? "info";
/** Hand-written analysis below this line in the page survives regeneration. */
const NOTES_MARKER = "<!-- analysis: kept across runs -->";

/** The single-turn questions of the development set: realistic, varied, English and Chinese. */
async function readQuestions(): Promise<string[]> {
  const lines = (await readFile("evals/dev.jsonl", "utf8")).split("\n").filter(Boolean);
  return lines
    .map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] })
    .filter((entry) => entry.messages.length === 1)
    .map((entry) => entry.messages[0]?.content ?? "")
    .filter(Boolean);
}

const ask = (question: string) =>
  JSON.stringify({ messages: [{ role: "user", content: question }] });

function git(...args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function print(run: LoadResult, ceiling?: LoadResult) {
  const share = ceiling
    ? ` (${((run.requestsPerSecond / ceiling.requestsPerSecond) * 100).toFixed(1)} % of ceiling)`
    : "";
  console.log(
    `${run.name.padEnd(16)} ${String(run.requestsPerSecond).padStart(6)} req/s  p50 ${run.latencyMs.p50} ms  p99 ${run.latencyMs.p99} ms  errors ${run.errors}${share}`,
  );
}

const questions = await readQuestions();
const { dir, cleanup } = await createTempDir("cq-bench-");
const load = os.loadavg();
const serverEnv = {
  LANCEDB_URI: path.join(dir, "lancedb"),
  RECORDS_URI: path.join(dir, "records"),
  LOG_LEVEL,
  RATE_LIMIT_PER_MINUTE: "1000000000",
  ...(values["node-options"] ? { NODE_OPTIONS: values["node-options"] } : {}),
  ...Object.fromEntries((values.env ?? []).map((pair) => pair.split(/=(.*)/s).slice(0, 2))),
};
const askFirst = (url: string) =>
  fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: ask(questions[0] ?? "What was Bishan's industrial output?"),
  }).then((res) => res.ok);

/** A fresh clone's first start: empty index folder, no compile cache; the index is built first. */
async function measureStartup() {
  const spawnedAt = performance.now();
  const server = await startServer({ ...serverEnv, TSX_DISABLE_CACHE: "1" });
  try {
    let listeningMs = 0;
    await waitUntil(
      async () => {
        if (!(await fetch(`${server.url}/healthz`)).ok) return false;
        listeningMs ||= performance.now() - spawnedAt;
        return askFirst(server.url);
      },
      { timeoutMs: 180_000, what: "the first answer" },
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${server.stderrTail()}`);
    });
    const firstAnswerMs = performance.now() - spawnedAt;
    return { listeningMs, firstAnswerMs, peakRssMiB: await readMemoryMiB(server.pid, "VmHWM") };
  } finally {
    await server.stop();
  }
}

const startup = await measureStartup();
const { listeningMs, firstAnswerMs } = startup;
console.log(
  `start-up to first answer: ${(firstAnswerMs / 1000).toFixed(1)} s (listening after ${(listeningMs / 1000).toFixed(1)} s)`,
);
// The load runs meet the server as it usually runs: restarted on an index that exists.
const server = await startServer(serverEnv);
let peakUnderLoad = 0;
const sampler = setInterval(() => {
  readMemoryMiB(server.pid, "VmRSS")
    .then((rss) => {
      peakUnderLoad = Math.max(peakUnderLoad, rss);
    })
    .catch(() => undefined);
}, 250);

try {
  await waitUntil(() => askFirst(server.url), { timeoutMs: 60_000, what: "the restarted server" });
  const plans: [string, LoadRequest[]][] = [
    ["GET /healthz", [{ path: "/healthz" }]],
    [
      "GET /api/search",
      questions.map((q) => ({ path: `/api/search?q=${encodeURIComponent(q)}&k=5` })),
    ],
    ["POST /api/chat", questions.map((q) => ({ path: "/api/chat", body: ask(q) }))],
  ];
  const results: LoadResult[] = [];
  for (const [name, requests] of plans) {
    const options = { name, url: server.url, requests, connections: CONNECTIONS };
    if (WARMUP > 0) await runLoad({ ...options, durationSeconds: WARMUP });
    peakUnderLoad = 0;
    const result = await runLoad({ ...options, durationSeconds: DURATION });
    results.push(result);
    print(result, results[0]);
  }
  const [ceiling, search, chat] = results as [LoadResult, LoadResult, LoadResult];
  const peakRssMiB = await readMemoryMiB(server.pid, "VmHWM");
  console.log(`peak RSS ${peakRssMiB} MiB (highest under load ${peakUnderLoad} MiB)`);

  const cpu = os.cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    commit: git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain") ? "+changes" : ""),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model.trim() ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      load,
    },
    settings: {
      durationSeconds: DURATION,
      connections: CONNECTIONS,
      logLevel: LOG_LEVEL,
      nodeOptions: values["node-options"] ?? "",
      env: values.env ?? [],
    },
    startup: {
      listeningMs: Math.round(listeningMs),
      firstAnswerMs: Math.round(firstAnswerMs),
      peakRssMiB: startup.peakRssMiB,
    },
    runs: { ceiling, search, chat },
    memory: { peakRssMiB, peakRssUnderLoadMiB: peakUnderLoad },
  };
  for (const check of checkGoals(report)) {
    console.log(`${check.met ? "met   " : "MISSED"} ${check.goal}: ${check.measured}`);
  }
  if (values.json) {
    await mkdir(path.dirname(values.json), { recursive: true });
    await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (values.docs) {
    const previous = await readFile(values.docs, "utf8").catch(() => "");
    const at = previous.indexOf(NOTES_MARKER);
    const notes = at >= 0 ? previous.slice(at) : `${NOTES_MARKER}\n`;
    await mkdir(path.dirname(values.docs), { recursive: true });
    await writeFile(values.docs, renderMarkdown(report, notes));
    console.log(`wrote ${values.json} and ${values.docs}`);
  }
} finally {
  clearInterval(sampler);
  await server.stop();
  await cleanup();
}
