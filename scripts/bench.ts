/**
 * @module `npm run bench [-- --duration 30 --connections 50]`: starts the server as `npm start`
 * starts it (its Node flags read from package.json), offline, and measures:
 * - start-up: a fresh clone's first start (empty index folder: the index is built first) to the
 *   first answer, and a restart on the existing index to ready;
 * - the ceiling (`GET /healthz`), then `GET /api/search` and `POST /api/chat` on **new
 *   questions** — the headline: every request a question the server has not cached, drawn in
 *   turn from the single-turn questions of both eval sets in several wordings, a list longer than
 *   the answer cache (`CACHE_ENTRIES`), so an LRU cache never holds the next one;
 * - the same routes on **repeated questions** (a short list, so every request is a cache hit);
 * - a WeChat burst: signed `POST /wechat` messages from 10,000 distinct senders at once on 200
 *   connections, the channel state they leave behind held in memory;
 * - peak RSS over the server's whole life, and which path serves searches (`/readyz`).
 * Prints the table, writes `data/bench-http.json` and regenerates `docs/performance.md`. A
 * benchmark, not a test.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { computeSignature } from "../src/channels/wechat/crypto.ts";
import { renderSimulatedMessage } from "../src/channels/wechat/simulator.ts";
import { parseConfig } from "../src/config.ts";
import { createTempDir } from "../src/testing/corpus.ts";
import { type LoadRequest, type LoadResult, runLoad } from "./bench/load.ts";
import { type BenchReport, checkGoals, renderMarkdown } from "./bench/report.ts";
import { readMemoryMiB, readStartCommand, startServer, waitUntil } from "./bench/server.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "50" },
    warmup: { type: "string", default: "3" },
    "log-level": { type: "string", default: "info" },
    /** Connections of the WeChat burst, and its distinct senders (one message each). */
    "burst-connections": { type: "string", default: "200" },
    "burst-senders": { type: "string", default: "10000" },
    /** Extra server settings, e.g. `--env MEMORY_INDEX_MB=0` to measure the LanceDB path. */
    env: { type: "string", multiple: true, default: [] },
    json: { type: "string", default: "data/bench-http.json" },
    docs: { type: "string", default: "docs/performance.md" },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const WARMUP = Number(values.warmup);
const LOG_LEVEL = values["log-level"] ?? "info";
const BURST_CONNECTIONS = Number(values["burst-connections"]);
/** Distinct WeChat senders in the burst (each leaves a history and a reply job behind). */
const BURST_SENDERS = Number(values["burst-senders"]);
/** Hand-written analysis below this line in the page survives regeneration. */
const NOTES_MARKER = "<!-- analysis: kept across runs -->";
const WECHAT_TOKEN = "benchtoken";

const extraEnv = Object.fromEntries(
  (values.env ?? []).map((pair) => pair.split(/=(.*)/s).slice(0, 2)),
) as Record<string, string>;
/** The answer and search caches' size as the server will read it. */
const cacheEntries = parseConfig({ ...extraEnv }).CACHE_ENTRIES;

/** The single-turn questions of both eval sets: realistic, varied, English and Chinese. */
async function readQuestions(): Promise<string[]> {
  const questions: string[] = [];
  for (const file of ["evals/dev.jsonl", "evals/holdout.jsonl"]) {
    const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
    for (const line of lines) {
      const entry = JSON.parse(line) as { messages: { role: string; content: string }[] };
      const content = entry.messages.length === 1 ? entry.messages[0]?.content : undefined;
      if (content) questions.push(content);
    }
  }
  return [...new Set(questions)];
}

/** Ways an investor might wrap the same question; each wording is a distinct cache key. */
const WORDINGS: ((question: string) => string)[] = [
  (q) => q,
  (q) => `Could you tell me: ${q}`,
  (q) => `${q} Thanks.`,
  (q) => `Quick question — ${q}`,
  (q) => `I am a foreign investor. ${q}`,
  (q) => `${q} Please cite your source.`,
];

/** Every question in every wording, interleaved, until the list outgrows `atLeast`. */
function varyQuestions(questions: readonly string[], atLeast: number): string[] {
  const varied: string[] = [];
  for (const wording of WORDINGS) {
    for (const question of questions) varied.push(wording(question));
    if (varied.length > atLeast) break;
  }
  if (varied.length <= atLeast) {
    throw new Error(`Only ${varied.length} distinct questions for a cache of ${atLeast}.`);
  }
  return varied;
}

const ask = (question: string) =>
  JSON.stringify({ messages: [{ role: "user", content: question }] });

/** Signed plain-mode WeChat text messages, each from its own sender with its own message id. */
async function createWeChatBurst(questions: readonly string[]): Promise<LoadRequest[]> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const requests: LoadRequest[] = [];
  for (let sender = 0; sender < BURST_SENDERS; sender++) {
    const nonce = String(100_000 + sender);
    const from = `o-bench-${sender.toString(36).padStart(6, "0")}`;
    const query = new URLSearchParams({
      signature: await computeSignature([WECHAT_TOKEN, timestamp, nonce]),
      timestamp,
      nonce,
      openid: from,
    });
    requests.push({
      path: `/wechat?${query}`,
      contentType: "text/xml",
      body: renderSimulatedMessage({
        from,
        content: questions[sender % questions.length] ?? "Hello",
        msgId: String(9_000_000_000 + sender),
        createTime: Number(timestamp),
      }),
    });
  }
  return requests;
}

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
    `${run.name.padEnd(34)} ${String(run.requestsPerSecond).padStart(6)} req/s  p50 ${run.latencyMs.p50} ms  p99 ${run.latencyMs.p99} ms  errors ${run.errors}${share}`,
  );
}

const questions = await readQuestions();
const newQuestions = varyQuestions(questions, cacheEntries);
const repeated = questions.slice(0, 50);
const startCommand = await readStartCommand();
const startLine = [
  ...Object.entries(startCommand.env).map(([name, value]) => `${name}=${value}`),
  "node",
  ...startCommand.args,
].join(" ");
console.log(
  `npm start: ${startLine}; ${newQuestions.length} distinct new questions for a cache of ${cacheEntries}`,
);
const { dir, cleanup } = await createTempDir("cq-bench-");
const load = os.loadavg();
const serverEnv = {
  LANCEDB_URI: path.join(dir, "lancedb"),
  RECORDS_URI: path.join(dir, "records"),
  LOG_LEVEL,
  RATE_LIMIT_PER_MINUTE: "1000000000",
  WECHAT_RATE_LIMIT_PER_MINUTE: "1000000000",
  WECHAT_TOKEN,
  ...extraEnv,
};
const askFirst = (url: string) =>
  fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: ask(questions[0] ?? "What was Bishan's industrial output?"),
  }).then((res) => res.ok);

/** A fresh clone's first start: empty index folder, no compile cache; the index is built first. */
async function measureFirstStart() {
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

const firstStart = await measureFirstStart();
console.log(
  `fresh clone: first answer after ${(firstStart.firstAnswerMs / 1000).toFixed(1)} s (listening after ${(firstStart.listeningMs / 1000).toFixed(1)} s, index built first)`,
);
// The load runs meet the server as it usually runs: restarted on an index that exists.
const restartedAt = performance.now();
const server = await startServer(serverEnv);
let peakUnderLoad = 0;
const sampler = setInterval(() => {
  readMemoryMiB(server.pid, "VmRSS")
    .then((rss) => {
      peakUnderLoad = Math.max(peakUnderLoad, rss);
    })
    .catch(() => undefined);
}, 100);

try {
  let serving = { path: "none", reason: "" };
  await waitUntil(
    async () => {
      const ready = await fetch(`${server.url}/readyz`);
      if (!ready.ok) return false;
      serving = ((await ready.json()) as { serving: typeof serving }).serving;
      return true;
    },
    { timeoutMs: 60_000, what: "the restarted server" },
  );
  const restartMs = performance.now() - restartedAt;
  const restRssMiB = await readMemoryMiB(server.pid, "VmRSS");
  console.log(
    `restart on the index: ready after ${(restartMs / 1000).toFixed(1)} s, RSS ${restRssMiB} MiB; searches served from ${serving.path} (${serving.reason})`,
  );
  const searchOf = (q: string) => ({ path: `/api/search?q=${encodeURIComponent(q)}&k=5` });
  const chatOf = (q: string) => ({ path: "/api/chat", body: ask(q) });
  const plans: { key: keyof BenchReport["runs"]; name: string; requests: LoadRequest[] }[] = [
    { key: "ceiling", name: "GET /healthz", requests: [{ path: "/healthz" }] },
    { key: "search", name: "GET /api/search (new)", requests: newQuestions.map(searchOf) },
    { key: "chat", name: "POST /api/chat (new)", requests: newQuestions.map(chatOf) },
    { key: "searchRepeated", name: "GET /api/search (repeated)", requests: repeated.map(searchOf) },
    { key: "chatRepeated", name: "POST /api/chat (repeated)", requests: repeated.map(chatOf) },
  ];
  const runs: Partial<BenchReport["runs"]> = {};
  const underLoad: Record<string, number> = {};
  for (const { key, name, requests } of plans) {
    const options = { name, url: server.url, requests, connections: CONNECTIONS };
    // The new-question runs warm up on other questions than they measure.
    const warmup = key === "search" || key === "chat" ? requests.slice(-200) : requests;
    if (WARMUP > 0) await runLoad({ ...options, requests: warmup, durationSeconds: WARMUP });
    peakUnderLoad = 0;
    const result = await runLoad({ ...options, durationSeconds: DURATION });
    runs[key] = result;
    underLoad[key] = peakUnderLoad;
    print(result, runs.ceiling);
  }
  // Signed just now: WeChat's timestamps must be within WECHAT_MAX_SKEW_SECONDS.
  const burst = await createWeChatBurst(questions);
  peakUnderLoad = 0;
  const wechatBurst = await runLoad({
    name: "POST /wechat (burst)",
    url: server.url,
    requests: burst,
    connections: BURST_CONNECTIONS,
    durationSeconds: 0,
    amount: burst.length,
  });
  underLoad.wechatBurst = peakUnderLoad;
  runs.wechatBurst = wechatBurst;
  print(wechatBurst, runs.ceiling);
  const peakRssMiB = await readMemoryMiB(server.pid, "VmHWM");
  console.log(
    `peak RSS ${peakRssMiB} MiB over the server's life (highest sampled: new search ${underLoad.search}, new chat ${underLoad.chat}, WeChat burst ${underLoad.wechatBurst} MiB)`,
  );

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
      startCommand: startLine,
      env: values.env ?? [],
      newQuestions: newQuestions.length,
      repeatedQuestions: repeated.length,
      cacheEntries,
      burst: {
        connections: BURST_CONNECTIONS,
        durationSeconds: wechatBurst.durationSeconds,
        senders: BURST_SENDERS,
      },
    },
    serving,
    startup: {
      listeningMs: Math.round(firstStart.listeningMs),
      firstAnswerMs: Math.round(firstStart.firstAnswerMs),
      peakRssMiB: firstStart.peakRssMiB,
      restartReadyMs: Math.round(restartMs),
      restRssMiB,
    },
    runs: runs as BenchReport["runs"],
    memory: { peakRssMiB, peakRssUnderLoadMiB: underLoad },
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
