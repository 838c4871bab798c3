/**
 * The staff console end to end in headless Chromium over the real offline assistant, a seed
 * index and LanceDB records: sign in with the token; an inquiry just sent from the chat page is
 * in the inbox and its status can be changed; a declined question shows in Unanswered; a small
 * uploaded document with a unique phrase is found by /api/search and cited by a chat answer,
 * then removed and gone from both. English on a laptop, Chinese on a tablet; screenshots of each
 * section go to the git-ignored `test-results/`.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { createApp } from "../../app/app.ts";
import { parseConfig } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { createAssistant } from "../../rag/answer/assistant.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import { createCorpusDocumentManager } from "../../runtime/node/documents.ts";
import { createNodeRecordStores } from "../../runtime/node/records.ts";
import { readWebAssets } from "../../runtime/node/web-assets.ts";
import { getScreenshotDir, launchChromium, skipBrowserTests } from "../../testing/browser.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";
import { startServer } from "../../testing/server.ts";

const DEFAULTS = parseConfig({});
const PHRASE = "quorvaline graphite works";
const DECLINED = "How warm is the sea on Jupiter's moon Europa in winter?";
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let seed: Awaited<ReturnType<typeof createSeedIndex>>;
let cleanup = async () => {};
let shots: string;
let uploadFile: string;

beforeAll(async () => {
  if (skipBrowserTests) return;
  seed = await createSeedIndex();
  const temp = await createTempDir();
  cleanup = async () => {
    await temp.cleanup();
    await seed.cleanup();
  };
  uploadFile = path.join(temp.dir, "quorvaline.md");
  await writeFile(
    uploadFile,
    `# Quorvaline\n\nThe ${PHRASE} opened in Bishan in 2025 and employs 640 people making battery anodes.\n`,
  );
  const retriever = seed.retriever;
  const records = await createNodeRecordStores({
    config: { RECORDS_URI: path.join(temp.dir, "records") },
  });
  const logger = createLogger({ level: "silent" });
  const app = createApp({
    retriever,
    assistant: createAssistant({ retriever, k: 6 }),
    getStatus: () => retriever.getStatus(),
    logger,
    defaultK: 5,
    records,
    adminToken: TEST_ADMIN_TOKEN,
    web: await readWebAssets(),
    console: {
      stores: records,
      questionLog: { enabled: true, retentionDays: 30, hashKey: "browser-test-key-0123456789" },
      sessions: createMemoryKeyValue(),
      documents: createCorpusDocumentManager({
        ingestOptions: {
          corpusDir: seed.corpusDir,
          uri: seed.uri,
          embedder: createLocalEmbedder(),
          chunker: { chunkSize: DEFAULTS.CHUNK_SIZE, chunkOverlap: DEFAULTS.CHUNK_OVERLAP },
          vectorIndexMinRows: 1_000_000,
        },
        maxUploadBytes: 1024 * 1024,
        getStatus: () => retriever.getStatus(),
        reload: () => retriever.reload(),
        logger,
      }),
    },
  });
  server = await startServer(app.fetch);
  browser = await launchChromium();
  shots = await getScreenshotDir();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cleanup();
});

const answered = (page: Page, n: number) =>
  page.waitForSelector(`#conversation > .turn.assistant:nth-of-type(${2 * n})[aria-busy=false]`);

async function ask(page: Page, question: string, n: number) {
  await page.fill("#question", question);
  await page.press("#question", "Enter");
  await answered(page, n);
}

const search = async (query: string) =>
  (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(query)}&k=3`)).json())
    .results as { docId: string }[];

async function chatCites(question: string, docId: string) {
  const res = await fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: question }] }),
  });
  const answer = await res.json();
  return answer.citations.some((c: { docId: string }) => c.docId === docId);
}

async function signIn(page: Page) {
  await page.goto(`${server.url}/admin`);
  await page.fill("#token", "not-the-token-0123456789");
  await page.click("button[type=submit]");
  await page.locator("#sign-in-error").waitFor();
  await page.fill("#token", TEST_ADMIN_TOKEN);
  await page.click("button[type=submit]");
  await page.locator("#tab-inquiries").waitFor();
}

describe.skipIf(skipBrowserTests)("the staff console end to end (Chromium)", () => {
  it("on a laptop in English: leads, unanswered questions, documents, usage", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: "en-GB" });
    page.on("dialog", (dialog) => dialog.accept());

    // An investor asks, is declined once, and leaves an inquiry with the conversation.
    await page.goto(server.url);
    await page.waitForSelector("body.ready");
    await ask(
      page,
      "What was Bishan High-tech Zone's industrial output in the first half of 2018?",
      1,
    );
    const first = page.locator(".turn.assistant").first();
    await first.getByRole("button", { name: "Not helpful" }).click();
    await first.locator(".feedback-form textarea").fill("Please add the 2024 figure.");
    await first.getByRole("button", { name: "Send feedback" }).click();
    await first.getByText("Thank you — your feedback was recorded.").waitFor();
    await ask(page, DECLINED, 2);
    await page.click("#contact-open");
    await page.fill("#inquiry-name", "Kenji Sato");
    await page.fill("#inquiry-email", "kenji@example.com");
    await page.fill("#inquiry-country", "Japan");
    await page.fill("#inquiry-message", "Please send land prices for Bishan.");
    await page.check("#inquiry-consent");
    await page.click("#inquiry-form button[type=submit]");
    await page.locator("#inquiry-thanks").waitFor();

    await signIn(page);
    const inquiry = page.locator("article.inquiry").filter({ hasText: "Kenji Sato" });
    await inquiry.waitFor();
    await inquiry.locator("summary").click();
    expect(await inquiry.locator(".turn.assistant .sources li").first().textContent()).toMatch(
      /^\[1\] /,
    );
    await inquiry.locator("select[name=status]").selectOption("contacted");
    await inquiry.locator("textarea[name=note]").fill("Emailed the land price sheet.");
    await inquiry.getByRole("button", { name: "Save" }).click();
    await inquiry.getByText("Saved.").waitFor();
    const [stored] = (await (await fetch(`${server.url}/api/inquiries`, { headers: auth })).json())
      .inquiries;
    expect(stored).toMatchObject({
      name: "Kenji Sato",
      status: "contacted",
      note: "Emailed the land price sheet.",
    });
    await page.screenshot({
      path: path.join(shots, "console-inquiries-laptop-en.png"),
      fullPage: true,
    });

    await page.click("#tab-unanswered");
    await page.locator("#unanswered article.group").filter({ hasText: "Europa" }).waitFor();
    await page.screenshot({
      path: path.join(shots, "console-unanswered-laptop-en.png"),
      fullPage: true,
    });

    await page.click("#tab-questions");
    await page.locator("#question-table td", { hasText: "Europa" }).waitFor();
    expect(await page.locator("#question-table tbody tr").count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({
      path: path.join(shots, "console-questions-laptop-en.png"),
      fullPage: true,
    });

    await page.click("#tab-feedback");
    const rating = page
      .locator("#feedback-list article")
      .filter({ hasText: "Please add the 2024 figure." });
    await rating.waitFor();
    expect(await rating.locator(".sources li").first().textContent()).toMatch(
      /^\[\d+\] Chongqing Bishan High-tech Industrial Development Zone$/,
    );
    await rating.locator("details.conversation summary").click();
    expect(await rating.locator("details.conversation .turn").count()).toBe(2);
    await page.screenshot({
      path: path.join(shots, "console-feedback-laptop-en.png"),
      fullPage: true,
    });

    // A document with a unique phrase: uploaded, searchable and cited, then removed.
    expect((await search(PHRASE)).some((hit) => hit.docId === "uploads-quorvaline")).toBe(false);
    await page.click("#tab-documents");
    await page.locator("#document-table tbody tr").first().waitFor();
    await page.setInputFiles("#upload-form input[type=file]", uploadFile);
    await page.fill("#upload-form input[name=title]", "Quorvaline Graphite Works");
    await page.fill("#upload-form input[name=publisher]", "Bishan Investment Bureau");
    await page.fill("#upload-form input[name=date]", "2025-03");
    await page.click("#upload-form button[type=submit]");
    await page.getByText("searchable now").waitFor({ timeout: 30_000 });
    const row = page.locator('#document-table tr[data-id="uploads-quorvaline"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("Bishan Investment Bureau");
    expect((await search(PHRASE))[0]?.docId).toBe("uploads-quorvaline");
    expect(await chatCites(`When did the ${PHRASE} open?`, "uploads-quorvaline")).toBe(true);
    await page.screenshot({
      path: path.join(shots, "console-documents-laptop-en.png"),
      fullPage: true,
    });

    await row.getByRole("button", { name: /Remove/ }).click();
    await page.getByText("searchable now").waitFor({ timeout: 30_000 });
    await row.waitFor({ state: "detached" });
    expect((await search(PHRASE)).some((hit) => hit.docId === "uploads-quorvaline")).toBe(false);
    expect(await chatCites(`When did the ${PHRASE} open?`, "uploads-quorvaline")).toBe(false);

    await page.click("#tab-usage");
    await page.locator("#usage-body figure svg").first().waitFor();
    expect(await page.locator("#usage-body figure").count()).toBe(3);
    await page.screenshot({
      path: path.join(shots, "console-usage-laptop-en.png"),
      fullPage: true,
    });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator("#token").waitFor();
    await page.close();
  }, 120_000);

  it("on a tablet in Chinese", async () => {
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 }, locale: "zh-CN" });
    await page.goto(`${server.url}/admin`);
    expect(await page.locator("label[for=token]").textContent()).toBe("管理令牌");
    await page.fill("#token", TEST_ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.locator("#tab-inquiries").waitFor();
    expect(await page.locator("#tab-inquiries").textContent()).toBe("咨询线索");
    await page.locator("article.inquiry").first().waitFor();
    expect(await page.locator("article.inquiry .badge").first().textContent()).toBe("已联系");
    for (const section of ["inquiries", "unanswered", "questions", "documents", "usage"]) {
      await page.click(`#tab-${section}`);
      await page.waitForFunction((id) => !document.getElementById(id)?.hidden, section);
      await page.waitForFunction(
        (id) => !document.getElementById(id)?.textContent?.includes("加载中"),
        section,
      );
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${section} fits the tablet's width`).toBeLessThanOrEqual(820);
      await page.screenshot({
        path: path.join(shots, `console-${section}-tablet-zh.png`),
        fullPage: true,
      });
    }
    await page.click("#language-switch");
    // The page re-renders its labels after the click; a loaded machine may take a moment.
    await page.waitForFunction(
      () => document.getElementById("tab-inquiries")?.textContent === "Inquiries",
    );
    expect(await page.locator("#tab-inquiries").textContent()).toBe("Inquiries");
    await page.close();
  }, 60_000);
});
