/**
 * WeChat state on the Worker lives in the CHANNEL_STATE Durable Object, under workerd: the Worker
 * is stopped and started again on the same local storage, so its isolate's memory is gone, and
 * the local KV namespace is wiped in between, so only the Durable Object can still hold the
 * state. A message delivered before and after that is answered once (the question log, in D1,
 * shows one computation), and the user's follow-up is answered with the earlier exchange as
 * history.
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportEdgeSnapshot } from "../../adapters/lancedb/edge-export.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import { createMessageCrypto } from "../../channels/wechat/crypto.ts";
import {
  createMsgId,
  createOfficialAccountRequest,
  readSimulatedReply,
  renderSimulatedMessage,
} from "../../channels/wechat/simulator.ts";
import { ACCOUNT } from "../../channels/wechat/test-support.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { startTestWorker, type TestWorker } from "../../testing/worker.ts";
import { writeEdgeModules } from "../node/edge-bundle.ts";
import { readWebAssets } from "../node/web-assets.ts";

const ADMIN_TOKEN = "channel-state-admin-token-0123456789";
const SETTINGS = {
  WECHAT_TOKEN: ACCOUNT.token,
  WECHAT_APP_ID: ACCOUNT.appId,
  WECHAT_ENCODING_AES_KEY: ACCOUNT.encodingAesKey,
  ADMIN_TOKEN,
  LOG_LEVEL: "warn",
};
const QUESTION = "What was Bishan's industrial output in the first half of 2018?";
const FOLLOW_UP = "And how many enterprises are there?";
const FACT = "32.34 billion yuan";

let modulesDir: string;
let persistDir: string;
let cleanups: (() => Promise<void>)[] = [];
let worker: TestWorker | undefined;

beforeAll(async () => {
  const seed = await createSeedIndex();
  const modules = await createTempDir("cq-edge-");
  const persist = await createTempDir("cq-worker-state-");
  cleanups = [seed.cleanup, modules.cleanup, persist.cleanup];
  modulesDir = modules.dir;
  persistDir = persist.dir;
  const snapshot = await exportEdgeSnapshot({ db: await connectStore(seed.uri) });
  await writeEdgeModules({ outDir: modulesDir, snapshot, web: await readWebAssets() });
}, 120_000);

afterAll(async () => {
  await worker?.dispose();
  await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
});

const start = async () => {
  worker = await startTestWorker(modulesDir, SETTINGS, { persistDir });
  return (await worker.url).origin;
};

/** Delivers the message `xml` to the Worker at `base`, as WeChat does (plain mode). */
async function deliver(base: string, xml: string) {
  const request = await createOfficialAccountRequest({
    url: `${base}/wechat`,
    token: ACCOUNT.token,
    appId: ACCOUNT.appId,
    encodingAesKey: ACCOUNT.encodingAesKey,
    mode: "plain",
    xml,
  });
  const reply = await readSimulatedReply(await fetch(request), {
    token: ACCOUNT.token,
    crypto: await createMessageCrypto({
      encodingAesKey: ACCOUNT.encodingAesKey,
      receiveId: ACCOUNT.appId,
    }),
  });
  expect(reply.status).toBe(200);
  return reply.content;
}

/** The question log, once it holds `question` (it is written after the reply). */
async function readLog(base: string, question: string) {
  let rows: { question: string; channel: string; turn: number }[] = [];
  for (let i = 0; i < 100 && !rows.some((row) => row.question === question); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await fetch(`${base}/api/admin/questions`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    rows = (await res.json()).questions;
  }
  return rows;
}

/** Removes the local KV namespaces' data, leaving the Durable Objects' and D1's. */
async function wipeLocalKv(dir: string): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory() && /^kv$|KVNamespaceObject/.test(entry.name)) {
      await rm(path.join(entry.parentPath, entry.name), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

describe("WeChat state in the CHANNEL_STATE Durable Object, under workerd", () => {
  it("answers a message delivered twice once, and keeps history, across a restart", async () => {
    const user = `o-durable-${Date.now()}`;
    const xml = renderSimulatedMessage({ content: QUESTION, from: user, msgId: createMsgId() });
    let base = await start();
    const first = await deliver(base, xml);
    expect(first).toContain(FACT);
    await readLog(base, QUESTION);

    await worker?.dispose();
    worker = undefined;
    expect(await wipeLocalKv(persistDir)).toBeGreaterThan(0);
    base = await start();

    expect(await deliver(base, xml)).toBe(first);
    const followUp = renderSimulatedMessage({
      content: FOLLOW_UP,
      from: user,
      msgId: createMsgId(),
    });
    expect(await deliver(base, followUp)).toBeTruthy();

    const log = await readLog(base, FOLLOW_UP);
    expect(log.filter((row) => row.question === QUESTION)).toEqual([
      expect.objectContaining({ channel: "wechat", turn: 0 }),
    ]);
    // The follow-up came with the first exchange (question and answer) as its history.
    expect(log.find((row) => row.question === FOLLOW_UP)).toMatchObject({ turn: 2 });
  }, 180_000);
});
