/**
 * Three replicas of the real server (bundled and run as `npm start` runs it, each its own process
 * with its own records) share nothing but a real `redis-server`, and sit behind a round-robin
 * proxy in this test, as behind a load balancer. The LLM and WeChat's API are fakes over HTTP in
 * this process, so what the replicas ask of them can be counted:
 * - one WeChat message delivered three times, once to each replica: one computation, one reply;
 * - a follow-up on another replica sees the conversation;
 * - RATE_LIMIT_PER_MINUTE=10 admits 10 requests in all;
 * - access tokens: one fetch for all replicas, and one forced refresh when WeChat rejects it;
 * - Redis stopped: answers go on; started again: state is shared again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../../scripts/build-server.ts";
import {
  createMsgId,
  createOfficialAccountRequest,
  readSimulatedReply,
  renderSimulatedMessage,
  type SimulatedReply,
} from "../../channels/wechat/simulator.ts";
import { ACCOUNT } from "../../channels/wechat/test-support.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../testing/fake-openai.ts";
import { type FakeWeChatApi, startFakeWeChatApi } from "../../testing/fake-wechat-api.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { startRedisServer, type TestRedis } from "../../testing/redis-server.ts";
import { startServer } from "../../testing/server.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const APP_SECRET = "replica-test-secret";
/** This test's own bundle: another test may be writing the default one meanwhile. */
const BUNDLE = "dist/test/replicas-server.mjs";

interface Replica {
  url: string;
  child: ChildProcess;
  /** Parsed log lines so far. */
  logs: { level: string; message: string }[];
}

let redis: TestRedis;
let llm: FakeOpenAI;
let api: FakeWeChatApi;
let proxy: { url: string; close: () => Promise<void> };
const replicas: Replica[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** Waits (in the answer) this long for questions marked `#slow`: past WeChat's 5-second window. */
const SLOW_MS = 5500;

beforeAll(async () => {
  redis = await startRedisServer();
  cleanups.push(() => redis.close());
  llm = await startFakeOpenAI();
  cleanups.push(() => llm.close());
  llm.chat = (body) => {
    const prompt = JSON.stringify(body.messages ?? []);
    if (prompt.includes("standalone")) return "How many enterprises are in Bishan High-tech Zone?";
    if (prompt.includes("#slow")) {
      return {
        kind: "text",
        text: "Bishan focuses on intelligent equipment [1].",
        delayMs: SLOW_MS,
      };
    }
    if (prompt.includes("How many enterprises")) {
      return "As of 2018, 1056 enterprises had entered the park [1].";
    }
    return {
      kind: "text",
      text: "In the first half of 2018, Bishan's industrial output was 32.34 billion yuan [1].",
      delayMs: 300,
    };
  };
  api = await startFakeWeChatApi({ appId: ACCOUNT.appId, appSecret: APP_SECRET });
  cleanups.push(() => api.close());

  await buildServer({ outfile: BUNDLE });
  const index = await createSeedIndex();
  cleanups.push(index.cleanup);
  const temp = await createTempDir();
  cleanups.push(temp.cleanup);
  const env = {
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    CORPUS_DIR: index.corpusDir,
    LANCEDB_URI: index.uri,
    EMBEDDER: "local",
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: llm.baseURL,
    CHAT_MODEL: "fake-model",
    LLM_MAX_RETRIES: "0",
    REDIS_URL: redis.url,
    RATE_LIMIT_PER_MINUTE: "10",
    WECHAT_TOKEN: ACCOUNT.token,
    WECHAT_APP_ID: ACCOUNT.appId,
    WECHAT_APP_SECRET: APP_SECRET,
    WECHAT_API_BASE_URL: api.url,
    ADMIN_TOKEN: "",
  };
  replicas.push(
    ...(await Promise.all(
      [0, 1, 2].map((n) =>
        startReplica({ ...env, RECORDS_URI: path.join(temp.dir, `records-${n}`) }),
      ),
    )),
  );
  let next = 0;
  proxy = await startServer(async (request) => {
    const target = replicas[next++ % replicas.length];
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    for (const name of ["host", "connection", "content-length"]) headers.delete(name);
    const body = request.method === "GET" ? undefined : await request.arrayBuffer();
    return fetch(`${target?.url}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body,
    });
  });
  cleanups.push(() => proxy.close());
}, 240_000);

afterAll(async () => {
  for (const { child } of replicas) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Starts one replica and resolves once it listens. */
function startReplica(env: Record<string, string>): Promise<Replica> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const logs: Replica["logs"] = [];
    let output = "";
    let pending = "";
    const onData = (data: string) => {
      output += data;
      pending += data;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        try {
          logs.push(JSON.parse(line));
        } catch {
          // Not a log line (a warning from Node, say).
        }
      }
      const port = /"message":"listening".*?localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, child, logs });
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`replica exited (${code}) before listening:\n${output}`)),
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one delivery of a text message through the proxy. */
async function deliver({
  content,
  user,
  msgId,
}: {
  content: string;
  user: string;
  msgId: string;
}): Promise<SimulatedReply> {
  const request = await createOfficialAccountRequest({
    url: `${proxy.url}/wechat`,
    mode: "plain",
    token: ACCOUNT.token,
    xml: renderSimulatedMessage({ content, from: user, msgId }),
  });
  return readSimulatedReply(await fetch(request), { token: ACCOUNT.token });
}

/** Delivers one message three times at once: the proxy sends each delivery to another replica. */
async function deliverThrice(content: string, user: string) {
  const msgId = createMsgId();
  return Promise.all([0, 1, 2].map(() => deliver({ content, user, msgId })));
}

/** LLM requests that carry `text`: one computation of a question makes one. */
const llmRequestsWith = (text: string) =>
  llm.requests.filter(
    (request) =>
      request.path === "/v1/chat/completions" && JSON.stringify(request.body).includes(text),
  ).length;

/** Each replica's `/readyz` shared-state report. */
async function readSharedStates() {
  return Promise.all(
    replicas.map(async ({ url }) => {
      const body = (await (await fetch(`${url}/readyz`)).json()) as {
        sharedState?: { store: string; redis?: string };
      };
      return body.sharedState;
    }),
  );
}

async function waitForRedisState(state: "up" | "down") {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await readSharedStates();
    if (states.every((shared) => shared?.redis === state)) return;
    if (Date.now() > deadline) throw new Error(`replicas never all saw redis ${state}`);
    await sleep(100);
  }
}

/** Statuses of `count` searches through the proxy, sent one after another. */
async function searchStatuses(count: number) {
  const statuses: number[] = [];
  for (let n = 0; n < count; n++) {
    const response = await fetch(`${proxy.url}/api/search?q=Bishan+output`);
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

describe("three replicas sharing Redis", () => {
  it("answers a message delivered to three replicas once, and a follow-up from the history", async () => {
    expect(await readSharedStates()).toEqual(
      [0, 1, 2].map(() => ({ store: "redis", redis: "up" })),
    );
    const question = "What was Bishan's total industrial output in the first half of 2018?";
    const user = "o-replica-user-1";
    const replies = await deliverThrice(question, user);
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.content).toMatch(/32\.34 billion yuan/);
    }
    expect(new Set(replies.map((reply) => reply.content)).size).toBe(1);
    expect(llmRequestsWith(question)).toBe(1);

    // The next request goes to another replica than the last delivery: the history is shared.
    const followUp = await deliver({
      content: "How many enterprises are in it?",
      user,
      msgId: createMsgId(),
    });
    expect(followUp.content).toBeTruthy();
    const prompts = llm.requests.map((request) => JSON.stringify(request.body));
    const rewrite = prompts.find((body) => body.includes("standalone"));
    expect(rewrite).toContain("first half of 2018");
    expect(rewrite).toContain("32.34 billion yuan");
    const answerPrompt = prompts.find((body) =>
      body.includes("How many enterprises are in Bishan High-tech Zone?"),
    );
    expect(answerPrompt).toMatch(
      /<history>.*first half of 2018.*32\.34 billion yuan.*<\/history>/s,
    );
  }, 60_000);

  it("admits RATE_LIMIT_PER_MINUTE requests across all replicas, not that many each", async () => {
    const statuses = await searchStatuses(30);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
  }, 60_000);

  it("fetches one access token for all replicas, and forces one refresh when WeChat rejects it", async () => {
    const sendSlowAnswers = async (round: string) => {
      const sentBefore = api.sent.length;
      // One slow question per replica at once: each replies "success" and sends the answer later.
      const replies = await Promise.all(
        [0, 1, 2].map((n) =>
          deliver({
            content: `What does Bishan High-tech Zone focus on? #slow ${round}-${n}`,
            user: `o-token-user-${n}`,
            msgId: createMsgId(),
          }),
        ),
      );
      for (const reply of replies) expect(reply).toMatchObject({ empty: true, raw: "success" });
      await api.waitForSent(sentBefore + 3, 20_000);
    };
    await sendSlowAnswers("first");
    expect(api.tokenFetches).toEqual([{ endpoint: "stable_token", forceRefresh: false }]);

    api.rejectStableToken();
    await sendSlowAnswers("rejected");
    expect(api.tokenFetches.slice(1)).toEqual([
      { endpoint: "stable_token", forceRefresh: false },
      { endpoint: "stable_token", forceRefresh: true },
    ]);
    const tokens = api.sent.slice(-3).map((message) => message.accessToken);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(api.sent[0]?.accessToken);
  }, 90_000);

  it("keeps answering while Redis is away, and shares state again once it is back", async () => {
    await redis.stop();
    const downQuestion = "What is the Liangjiang New Area?";
    const down = await deliver({ content: downQuestion, user: "o-outage", msgId: createMsgId() });
    expect(down.status).toBe(200);
    expect(down.content).toBeTruthy();
    await waitForRedisState("down");

    await redis.start();
    await waitForRedisState("up");
    for (const { logs } of replicas) {
      const messages = logs.map((line) => line.message);
      expect(messages.filter((message) => message.startsWith("redis unavailable"))).toHaveLength(1);
      expect(messages.filter((message) => message.startsWith("redis back"))).toHaveLength(1);
    }
    const question = "What was Bishan's industrial output growth in the first half of 2018?";
    const replies = await deliverThrice(question, "o-after-outage");
    expect(replies.every((reply) => reply.content?.includes("32.34 billion yuan"))).toBe(true);
    expect(new Set(replies.map((reply) => reply.content)).size).toBe(1);
    expect(llmRequestsWith(question)).toBe(1);
    // Redis came back empty: a fresh shared window, again 10 in all.
    const statuses = await searchStatuses(15);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
  }, 90_000);
});
