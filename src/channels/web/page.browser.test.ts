/**
 * The investor chat page end to end in headless Chromium, over the real answering pipeline
 * (offline mode, seed corpus indexed in a temporary folder) and real LanceDB record stores:
 * ask, watch the answer stream in with citations, open a cited passage, send a thumbs-down,
 * follow up, contact the team — with the mouse on a desktop and with the keyboard alone on a
 * phone-sized screen. Screenshots go to `test-results/`.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCorpus } from "../../adapters/lancedb/ingest-pipeline.ts";
import { createLanceRetriever } from "../../adapters/lancedb/lance-retriever.ts";
import { connectStore } from "../../adapters/lancedb/lancedb.ts";
import { createApp } from "../../app/app.ts";
import { createLogger } from "../../logger.ts";
import { createAssistant } from "../../rag/answer/assistant.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import type { RecordStores } from "../../records/types.ts";
import { createNodeRecordStores } from "../../runtime/node/records.ts";
import { readWebAssets } from "../../runtime/node/web-assets.ts";
import { getScreenshotDir, launchChromium, skipBrowserTests } from "../../testing/browser.ts";
import { copySeedCorpus, createTempDir } from "../../testing/corpus.ts";
import { TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";
import { startServer } from "../../testing/server.ts";
import { parseSse } from "../../testing/sse.ts";

const QUESTION = "What was Bishan High-tech Zone's industrial output in the first half of 2018?";
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let records: RecordStores;
let cleanup = async () => {};
let shots: string;

beforeAll(async () => {
  if (skipBrowserTests) return;
  const temp = await createTempDir();
  cleanup = temp.cleanup;
  const corpusDir = path.join(temp.dir, "corpus");
  const uri = path.join(temp.dir, "lancedb");
  await copySeedCorpus(corpusDir);
  const embedder = createLocalEmbedder();
  const chunker = { chunkSize: 700, chunkOverlap: 120 };
  await ingestCorpus({ corpusDir, uri, embedder, chunker, vectorIndexMinRows: 1_000_000 });
  const retriever = createLanceRetriever({
    db: await connectStore(uri),
    embedder,
    refreshSeconds: 60,
  });
  records = await createNodeRecordStores({
    config: { RECORDS_URI: path.join(temp.dir, "records") },
  });
  const app = createApp({
    retriever,
    assistant: createAssistant({ retriever, k: 6 }),
    getStatus: () => retriever.getStatus(),
    logger: createLogger({ level: "silent" }),
    defaultK: 5,
    records,
    adminToken: TEST_ADMIN_TOKEN,
    web: await readWebAssets(),
  });
  server = await startServer(app.fetch);
  browser = await launchChromium();
  shots = await getScreenshotDir();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cleanup();
});

/** Counts re-renders of answer text, to tell a streamed answer from one that arrived whole. */
async function countAnswerUpdates(page: Page) {
  await page.evaluate(() => {
    const state = window as unknown as { __updates: number };
    state.__updates = 0;
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const target = mutation.target as Element;
        if (target.classList?.contains("answer-text")) state.__updates++;
      }
    }).observe(document.getElementById("conversation") as Node, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { __updates: number }).__updates);
}

/** The `done` answer of the next `/api/chat` response, and the messages that were sent. */
async function nextChat(page: Page) {
  const response = await page.waitForResponse((res) => res.url().endsWith("/api/chat"));
  const sent = JSON.parse(response.request().postData() ?? "{}");
  const done = parseSse(await response.text()).find((event) => event.event === "done");
  return { messages: sent.messages, answer: JSON.parse(done?.data ?? "{}") };
}

/** Presses Tab (or Shift+Tab) until an element matching `selector` has focus. */
async function tabTo(page: Page, selector: string, key = "Tab") {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} is not reachable with ${key}`);
}

const answered = (page: Page, n: number) =>
  page.waitForSelector(`#conversation > .turn.assistant:nth-of-type(${2 * n})[aria-busy=false]`);

describe.skipIf(skipBrowserTests)("the chat page end to end (Chromium)", () => {
  it("streams a cited answer, opens the passage, records a thumbs-down and an inquiry", async () => {
    const page = await browser.newPage({
      viewport: { width: 1200, height: 1000 },
      locale: "en-GB",
    });
    await page.goto(server.url);
    await page.waitForSelector("body.ready");
    const updates = await countAnswerUpdates(page);
    const chat = nextChat(page);
    await page.getByRole("button", { name: QUESTION }).click();
    const first = await chat;
    await answered(page, 1);
    const answer = page.locator(".turn.assistant").first();
    expect(first.answer.answered).toBe(true);
    expect(await answer.locator(".answer-text").textContent()).toContain("32.34");
    expect(await updates()).toBeGreaterThan(3);

    // The page numbers sources 1..n as the answer first cites them: its first marker is 1.
    const cite = answer.locator(".answer-text .cite").first();
    expect(await cite.textContent()).toBe("1");
    const n = Number(/\[(\d+)\]/.exec(first.answer.answer)?.[1]);
    const cited = first.answer.citations.find((c: { n: number }) => c.n === n);
    await cite.click();
    const dialog = page.locator("#source-dialog");
    expect(await dialog.getAttribute("open")).not.toBeNull();
    expect(await page.locator("#source-title").textContent()).toBe(cited.title);
    // The date may be marked approximate, and a stray ". " a cut left is not shown.
    expect(await page.locator("#source-date").textContent()).toContain(cited.date);
    expect(cited.text).toContain(await page.locator("#source-text").textContent());
    await page.screenshot({ path: path.join(shots, "chat-page-source.png") });
    await page.keyboard.press("Escape");
    expect(await dialog.getAttribute("open")).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("cite"))).toBe(
      true,
    );

    await answer.getByRole("button", { name: "Not helpful" }).click();
    await answer.locator(".feedback-form textarea").fill("I need a more recent figure.");
    await answer.getByRole("button", { name: "Send feedback" }).click();
    await answer.getByText("Thank you — your feedback was recorded.").waitFor();
    expect(await records.feedback.list()).toEqual([
      expect.objectContaining({
        rating: "down",
        question: QUESTION,
        answer: first.answer.answer,
        citationIds: first.answer.citations.map((c: { id: string }) => c.id),
        comment: "I need a more recent figure.",
      }),
    ]);

    const followUp = nextChat(page);
    await page.fill("#question", "When was Chongqing High-tech Zone established?");
    await page.press("#question", "Enter");
    expect((await followUp).messages).toHaveLength(3);
    await answered(page, 2);
    const second = page.locator(".turn.assistant").nth(1);
    const numbers = await second.locator(".source-n").allTextContents();
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).toEqual(numbers.map((_, index) => `[${index + 1}]`));
    expect(await second.locator(".answer-text .cite").first().textContent()).toBe("1");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, "chat-page-desktop.png") });

    await page.click("#contact-open");
    await page.fill("#inquiry-name", "Ana Müller");
    await page.fill("#inquiry-company", "Acme GmbH");
    await page.fill("#inquiry-email", "ana@example.com");
    await page.fill("#inquiry-country", "Germany");
    await page.selectOption("#inquiry-sector", "automotive");
    await page.fill("#inquiry-message", "We are considering a parts plant in Bishan.");
    await page.check("#inquiry-consent");
    await page.click("#inquiry-form button[type=submit]");
    await page.locator("#inquiry-thanks").waitFor();
    const listed = await fetch(`${server.url}/api/inquiries`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const [stored] = (await listed.json()).inquiries;
    expect(stored).toMatchObject({ name: "Ana Müller", sector: "automotive", consent: true });
    expect(stored.conversation).toHaveLength(4);
    expect(stored.conversation[0]).toEqual({ role: "user", content: QUESTION });
    await page.close();
  });

  it("works with the keyboard alone on a phone-sized screen", async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: "en-US",
    });
    await page.goto(server.url);
    await page.waitForSelector("body.ready");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("question");
    await page.keyboard.type(QUESTION);
    await page.keyboard.press("Enter");
    await answered(page, 1);

    await tabTo(page, ".answer-text .cite", "Shift+Tab");
    await page.keyboard.press("Enter");
    expect(await page.locator("#source-dialog").getAttribute("open")).not.toBeNull();
    await page.screenshot({ path: path.join(shots, "chat-page-phone-source.png") });
    await page.keyboard.press("Escape");

    await tabTo(page, ".thumb.up");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await page.keyboard.type("Clear and sourced.");
    await tabTo(page, ".feedback-form button[type=submit]");
    await page.keyboard.press("Enter");
    await page.getByText("Thank you — your feedback was recorded.").waitFor();
    expect((await records.feedback.list())[0]).toMatchObject({
      rating: "up",
      comment: "Clear and sourced.",
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, "chat-page-phone.png") });
    await page.close();
  });
});
