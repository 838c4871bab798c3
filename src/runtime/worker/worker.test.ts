/**
 * The same channel tests against the Worker running under workerd (wrangler's `startWorker`,
 * offline, with local KV and D1) and against the Node app served in this process, both answering
 * offline from one index: LanceDB on Node, a snapshot exported from it on the Worker.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastQuestion, loadEvalCases } from "../../../evals/schema.ts";
import { exportEdgeSnapshot } from "../../adapters/lancedb/edge-export.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { createMemoryRecordStore } from "../../adapters/memory/records.ts";
import { createApp } from "../../app/app.ts";
import { MODEL_ID } from "../../channels/openai/openai.ts";
import { createMessageCrypto } from "../../channels/wechat/crypto.ts";
import { getWeChatSettings, getWeComSettings } from "../../channels/wechat/index.ts";
import {
  createMsgId,
  createOfficialAccountRequest,
  createWeComRequest,
  readSimulatedReply,
  renderSimulatedMessage,
} from "../../channels/wechat/simulator.ts";
import { ACCOUNT, CORP } from "../../channels/wechat/test-support.ts";
import { parseConfig } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { createAssistant } from "../../rag/answer/assistant.ts";
import { parsePrompts } from "../../rag/prompts.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../testing/fake-openai.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { startServer } from "../../testing/server.ts";
import { parseSse } from "../../testing/sse.ts";
import { startTestWorker, type TestWorker } from "../../testing/worker.ts";
import { writeEdgeModules } from "../node/edge-bundle.ts";
import { readWebAssets } from "../node/web-assets.ts";

const DEV_SET = fileURLToPath(new URL("../../../evals/dev.jsonl", import.meta.url));
const ADMIN_TOKEN = "worker-test-admin-token-0123456789";

/** Settings both runtimes get: WeChat (all modes) and WeCom on, staff endpoints on. */
const SETTINGS = {
  WECHAT_TOKEN: ACCOUNT.token,
  WECHAT_APP_ID: ACCOUNT.appId,
  WECHAT_ENCODING_AES_KEY: ACCOUNT.encodingAesKey,
  WECOM_TOKEN: CORP.token,
  WECOM_CORP_ID: CORP.corpId,
  WECOM_ENCODING_AES_KEY: CORP.encodingAesKey,
  ADMIN_TOKEN,
  LOG_LEVEL: "warn",
};

const QUESTION = "What was Bishan's industrial output in the first half of 2018?";
const FACT = "32.34 billion yuan";

let seed: Awaited<ReturnType<typeof createSeedIndex>>;
let cleanupModules: () => Promise<void>;
let modulesDir: string;
let worker: TestWorker;
let node: Awaited<ReturnType<typeof startServer>>;
const urls: Record<"node" | "worker", string> = { node: "", worker: "" };

beforeAll(async () => {
  seed = await createSeedIndex();
  const snapshot = await exportEdgeSnapshot({ db: await connectStore(seed.uri) });
  const modules = await createTempDir("cq-edge-");
  cleanupModules = modules.cleanup;
  modulesDir = modules.dir;
  const web = await readWebAssets();
  await writeEdgeModules({ outDir: modules.dir, snapshot, web });

  worker = await startTestWorker(modules.dir, SETTINGS);
  urls.worker = (await worker.url).origin;

  const config = parseConfig(SETTINGS);
  const logger = createLogger({ level: "silent" });
  const kv = createMemoryKeyValue();
  const wechat = getWeChatSettings(config);
  const wecom = getWeComSettings(config);
  const app = createApp({
    retriever: seed.retriever,
    assistant: createAssistant({ retriever: seed.retriever, k: config.ANSWER_K }),
    getStatus: () => seed.retriever.getStatus(),
    logger,
    defaultK: config.SEARCH_K,
    records: { feedback: createMemoryRecordStore(), inquiries: createMemoryRecordStore() },
    adminToken: ADMIN_TOKEN,
    web,
    wechat: wechat && { settings: wechat, kv },
    wecom: wecom && { settings: wecom, kv },
  });
  node = await startServer(app.fetch);
  urls.node = node.url;
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([worker?.dispose(), node?.close()]);
  await Promise.allSettled([seed?.cleanup(), cleanupModules?.()]);
});

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe.each(["node", "worker"] as const)("channels on %s", (runtime) => {
  const base = () => urls[runtime];

  it("reports liveness and readiness with the index's embedder", async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      index: { embedder: { id: "local:hash-v2:1024" }, documents: 5 },
    });
  });

  it("searches with validation and document filters", async () => {
    const res = await fetch(`${base()}/api/search?q=${encodeURIComponent(QUESTION)}&k=3`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results).toHaveLength(3);
    expect(body.results[0].text).toContain(FACT);
    const filtered = await (
      await fetch(`${base()}/api/search?q=output&doc=bishan-high-tech-zone`)
    ).json();
    expect(
      filtered.results.every((r: { docId: string }) => r.docId === "bishan-high-tech-zone"),
    ).toBe(true);
    expect((await fetch(`${base()}/api/search?q=x&k=0`)).status).toBe(400);
  });

  it("answers /api/chat as JSON with citations", async () => {
    const res = await postJson(`${base()}/api/chat`, {
      messages: [{ role: "user", content: QUESTION }],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ answered: true, mode: "extractive" });
    expect(body.answer).toContain(FACT);
    expect(body.citations[0].docId).toBe("bishan-high-tech-zone");
  });

  it("streams /api/chat as server-sent events", async () => {
    const res = await postJson(
      `${base()}/api/chat`,
      { messages: [{ role: "user", content: QUESTION }] },
      { accept: "text/event-stream" },
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await res.text());
    expect(events[0]?.event).toBe("sources");
    expect(events.at(-1)?.event).toBe("done");
    const streamed = events
      .filter((event) => event.event === "delta")
      .map((event) => JSON.parse(event.data).text)
      .join("");
    expect(JSON.parse(events.at(-1)?.data ?? "{}").answer).toBe(streamed);
    expect(streamed).toContain(FACT);
  });

  it("serves the OpenAI-compatible API to the official client, streaming and not", async () => {
    const client = new OpenAI({ baseURL: `${base()}/v1`, apiKey: "unused", maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: MODEL_ID,
      messages: [{ role: "user", content: QUESTION }],
    });
    expect(completion.choices[0]?.message.content).toContain(FACT);
    const stream = await client.chat.completions.create({
      model: MODEL_ID,
      stream: true,
      messages: [{ role: "user", content: QUESTION }],
    });
    let content = "";
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? "";
    expect(content).toBe(completion.choices[0]?.message.content);
  });

  it.each(["plain", "safe"] as const)(
    "answers a WeChat message in %s mode, and its retry with the same reply",
    async (mode) => {
      const msgId = createMsgId();
      const send = async () => {
        const request = await createOfficialAccountRequest({
          url: `${base()}/wechat`,
          token: ACCOUNT.token,
          appId: ACCOUNT.appId,
          encodingAesKey: ACCOUNT.encodingAesKey,
          mode,
          xml: renderSimulatedMessage({ content: QUESTION, from: `o-${runtime}-${mode}`, msgId }),
        });
        return readSimulatedReply(await fetch(request), {
          token: ACCOUNT.token,
          crypto: await createMessageCrypto({
            encodingAesKey: ACCOUNT.encodingAesKey,
            receiveId: ACCOUNT.appId,
          }),
        });
      };
      const first = await send();
      expect(first.status).toBe(200);
      expect(first.encrypted).toBe(mode === "safe");
      if (first.encrypted) expect(first.signatureValid).toBe(true);
      expect(first.content).toContain(FACT);
      expect((await send()).content).toBe(first.content);
    },
  );

  it("answers a WeCom message (always encrypted)", async () => {
    const request = await createWeComRequest({
      url: `${base()}/wecom`,
      token: CORP.token,
      corpId: CORP.corpId,
      encodingAesKey: CORP.encodingAesKey,
      xml: renderSimulatedMessage({ content: QUESTION, to: CORP.corpId, from: `u-${runtime}` }),
    });
    const reply = await readSimulatedReply(await fetch(request), {
      token: CORP.token,
      crypto: await createMessageCrypto({
        encodingAesKey: CORP.encodingAesKey,
        receiveId: CORP.corpId,
      }),
    });
    expect(reply.signatureValid).toBe(true);
    expect(reply.content).toContain(FACT);
  });

  it("serves the chat page and keeps an inquiry for staff", async () => {
    const page = await fetch(`${base()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const inquiry = {
      name: `Investor on ${runtime}`,
      email: "investor@example.com",
      country: "Germany",
      message: "Please send land prices for Bishan.",
      consent: true,
    };
    expect((await postJson(`${base()}/api/inquiries`, inquiry)).status).toBe(201);
    const listed = await fetch(`${base()}/api/inquiries?limit=5`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(listed.status).toBe(200);
    const { inquiries } = await listed.json();
    expect(inquiries[0]).toMatchObject({ name: inquiry.name, country: "Germany" });
  });
});

describe("the staff console on the Worker (D1 records, KV sessions)", () => {
  const base = () => urls.worker;
  const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it("signs in with a session cookie and serves the console", async () => {
    const signIn = await fetch(`${base()}/admin/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
      redirect: "manual",
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^cq_staff_session=/);
    const page = await fetch(`${base()}/admin`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/assets/admin.js");
    expect((await fetch(`${base()}/api/admin/stats`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base()}/api/admin/stats`)).status).toBe(401);
  });

  it("logs questions in D1 and tracks inquiry status", async () => {
    const question = "What incentives does Bishan offer to new factories?";
    expect(
      (await postJson(`${base()}/api/chat`, { messages: [{ role: "user", content: question }] }))
        .status,
    ).toBe(200);
    let logged: { channel: string; question: string }[] = [];
    for (let i = 0; i < 50 && !logged.some((row) => row.question === question); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      logged = (await (await fetch(`${base()}/api/admin/questions`, { headers: bearer })).json())
        .questions;
    }
    expect(logged.find((row) => row.question === question)).toMatchObject({ channel: "web" });

    const created = await postJson(`${base()}/api/inquiries`, {
      name: "Status on the Worker",
      email: "status@example.com",
      country: "France",
      message: "Call me.",
      consent: true,
    });
    const { id } = await created.json();
    const patched = await fetch(`${base()}/api/inquiries/${id}`, {
      method: "PATCH",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ status: "contacted", note: "Left a voicemail." }),
    });
    expect(patched.status).toBe(200);
    const listed = await (
      await fetch(`${base()}/api/inquiries?status=contacted`, { headers: bearer })
    ).json();
    expect(listed.inquiries.map((inquiry: { id: string }) => inquiry.id)).toContain(id);
  });

  it("lists the bundled documents and refuses uploads, saying how to add one", async () => {
    const listed = await (await fetch(`${base()}/api/admin/documents`, { headers: bearer })).json();
    expect(listed.documents).toHaveLength(5);
    expect(listed.canUpload).toBe(false);
    const form = new FormData();
    form.set("file", new File(["# New\n\nText."], "new.md"));
    form.set("title", "New");
    form.set("publisher", "P");
    form.set("date", "2025");
    const res = await fetch(`${base()}/api/admin/documents`, {
      method: "POST",
      headers: bearer,
      body: form,
    });
    expect(res.status).toBe(403);
    const { error } = await res.json();
    expect(error.code).toBe("read_only:documents");
    expect(error.message).toMatch(/built at deploy time.*npm run deploy:worker/);
  });
});

describe("the Worker and Node agree", () => {
  it("on the top search result for a sample of development questions", async () => {
    const cases = (await loadEvalCases(DEV_SET)).filter((_, index) => index % 7 === 0);
    const top = async (runtime: "node" | "worker", q: string) => {
      const res = await fetch(`${urls[runtime]}/api/search?q=${encodeURIComponent(q)}&k=1`);
      return (await res.json()).results[0]?.id as string | undefined;
    };
    let same = 0;
    for (const evalCase of cases) {
      const q = evalCase.standaloneQuestion ?? lastQuestion(evalCase);
      if ((await top("node", q)) === (await top("worker", q))) same++;
    }
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(same / cases.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe("LLM mode on the Worker", () => {
  let fake: FakeOpenAI;
  let llmWorker: TestWorker | undefined;

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      apiKey: "sk-test",
      chat: () =>
        "In the first half of 2018, Bishan's industrial output was 32.34 billion yuan [1].",
    });
    llmWorker = await startTestWorker(modulesDir, {
      LOG_LEVEL: "warn",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.baseURL,
    });
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([llmWorker?.dispose(), fake?.close()]);
  });

  it("answers through the OpenAI SDK with the bundled prompts", async () => {
    const base = (await llmWorker?.url)?.origin;
    const res = await postJson(`${base}/api/chat`, {
      messages: [{ role: "user", content: QUESTION }],
    });
    const body = await res.json();
    expect(body).toMatchObject({ mode: "llm", answered: true });
    expect(body.fallback).toBeUndefined();
    expect(body.answer).toContain(FACT);
    const chat = fake.requests.find((request) => request.path === "/v1/chat/completions");
    const read = (name: string) =>
      readFile(new URL(`../../../prompts/${name}.md`, import.meta.url), "utf8");
    const prompts = parsePrompts({
      system: await read("system"),
      answer: await read("answer"),
      rewrite: await read("rewrite"),
    });
    const request = chat?.body as { messages?: { role: string; content: string }[] } | undefined;
    const sent = request?.messages ?? [];
    expect(chat?.headers.authorization).toBe("Bearer sk-test");
    expect(sent[0]).toEqual({ role: "system", content: prompts.system });
  });
});
