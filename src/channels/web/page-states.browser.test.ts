/**
 * The chat page's states in headless Chromium, against a scripted assistant: corpus HTML shown
 * as text, thinking, failure with retry, not ready, declining, the inquiry form's field errors,
 * the language switch and a new conversation.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Citation } from "../../rag/answer/types.ts";
import { readWebAssets } from "../../runtime/node/web-assets.ts";
import { getScreenshotDir, launchChromium, skipBrowserTests } from "../../testing/browser.ts";
import { createRecordsApp } from "../../testing/records-app.ts";
import { createScriptedAssistant, type ScriptStep } from "../../testing/scripted-assistant.ts";
import { startServer } from "../../testing/server.ts";

const HOSTILE: Citation = {
  n: 1,
  id: "hostile-1",
  docId: "hostile",
  title: 'Zone <img src=x onerror="window.__pwned=1;alert(1)">',
  date: "2024",
  text: "Output <script>window.__pwned=2;alert(2)</script> and <img src=x onerror=alert(3)> rose.",
};
const PLAIN: Citation = { ...HOSTILE, id: "plain-1", title: "Zone report", text: "Output rose." };

const seen = new Map<string, number>();
function script(_call: number, messages: { content: string }[]): ScriptStep {
  const question = messages.at(-1)?.content ?? "";
  const times = (seen.get(question) ?? 0) + 1;
  seen.set(question, times);
  if (question.includes("html")) {
    return {
      text: "It rose <b>sharply</b> [1] <img src=x onerror=alert(4)>",
      citations: [HOSTILE],
    };
  }
  if (question.includes("land")) {
    return { text: "I do not have information on land prices.", citations: [], answered: false };
  }
  if (question.includes("flaky") && times === 1) {
    return { text: "Output rose a lot [1].", citations: [PLAIN], failAfterDeltas: 2 };
  }
  if (question.includes("down")) return { text: "", citations: [], notReady: true };
  return {
    text: "Output rose [1].",
    citations: [PLAIN],
    delayMs: question.includes("slow") ? 800 : 0,
  };
}

const { assistant } = createScriptedAssistant(script);
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let harness: ReturnType<typeof createRecordsApp>;

beforeAll(async () => {
  if (skipBrowserTests) return;
  harness = createRecordsApp({ web: await readWebAssets(), assistant });
  server = await startServer(harness.app.fetch);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(locale = "en-US"): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage({ locale, viewport: { width: 1000, height: 800 } });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(server.url);
  await page.waitForSelector("body.ready");
  return { page, dialogs };
}

async function ask(page: Page, question: string) {
  await page.fill("#question", question);
  await page.press("#question", "Enter");
}

const lastAnswer = (page: Page) => page.locator(".turn.assistant").last();

describe.skipIf(skipBrowserTests)("the chat page's states (Chromium)", () => {
  it("shows HTML from a passage or an answer as characters, never as elements", async () => {
    const { page, dialogs } = await openPage();
    await ask(page, "Show me the html one");
    await page.waitForSelector(".turn.assistant[aria-busy=false]");
    const answer = lastAnswer(page).locator(".answer-text");
    expect(await answer.textContent()).toBe(
      "It rose <b>sharply</b> 1 <img src=x onerror=alert(4)>",
    );
    await answer.locator(".cite").click();
    const passage = page.locator("#source-text");
    expect(await passage.isVisible()).toBe(true);
    expect(await passage.textContent()).toBe(HOSTILE.text);
    expect(await page.locator("#source-title").textContent()).toBe(HOSTILE.title);
    await page.waitForTimeout(300);
    const created = await page.evaluate(() => ({
      elements: document.querySelectorAll(
        "#conversation img, #conversation script, #conversation b, #source-dialog img, #source-dialog script",
      ).length,
      pwned: (window as unknown as { __pwned?: number }).__pwned,
    }));
    expect(created).toEqual({ elements: 0, pwned: undefined });
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("shows thinking, then a failure with a retry that works from the keyboard", async () => {
    const { page } = await openPage();
    await ask(page, "A slow question");
    const thinking = lastAnswer(page).locator(".thinking");
    await thinking.waitFor();
    expect(await thinking.textContent()).toContain("Looking through the documents");
    expect(await lastAnswer(page).getAttribute("aria-busy")).toBe("true");
    await page.waitForSelector(".turn.assistant[aria-busy=false]");

    await ask(page, "A flaky question");
    const alert = lastAnswer(page).locator("[role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("The answer could not be completed.");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Retry");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".turn.assistant:nth-of-type(4)[aria-busy=false]");
    expect(await page.locator(".turn.failed").count()).toBe(0);
    expect(await page.locator(".turn.assistant").count()).toBe(2);
    expect(await lastAnswer(page).locator(".answer-text").textContent()).toBe("Output rose 1.");

    await ask(page, "Is the server down?");
    await lastAnswer(page).locator("[role=alert]").waitFor();
    expect(await lastAnswer(page).textContent()).toContain("not ready yet");
    await page.close();
  });

  it("declines with a way to reach the team, whose form checks fields and attaches the conversation", async () => {
    const { page } = await openPage();
    await ask(page, "What do land prices look like?");
    await page.waitForSelector(".turn.declined");
    expect(await lastAnswer(page).textContent()).toContain("do not answer this");
    await lastAnswer(page).getByRole("button", { name: "Contact the investment team" }).click();
    const form = page.locator("#inquiry-form");
    await form.waitFor();
    await page.fill("#inquiry-name", "Ana");
    await page.fill("#inquiry-email", "ana@");
    await page.fill("#inquiry-country", "Germany");
    await page.fill("#inquiry-message", "Land for a plant.");
    await page.click("#inquiry-form button[type=submit]");
    expect(await page.locator("#inquiry-email-error").textContent()).toContain("valid email");
    expect(await page.locator("#inquiry-consent-error").textContent()).toContain("Please agree");
    expect(await page.getAttribute("#inquiry-email", "aria-invalid")).toBe("true");
    expect(harness.inquiries.records).toEqual([]);

    await page.fill("#inquiry-email", "ana@example.com");
    await page.check("#inquiry-consent");
    await page.click("#inquiry-form button[type=submit]");
    await page.locator("#inquiry-thanks").waitFor();
    expect(await page.locator("#inquiry-thanks").textContent()).toContain("ana@example.com");
    expect(harness.inquiries.records.at(-1)).toMatchObject({
      name: "Ana",
      email: "ana@example.com",
      consent: true,
      conversation: [
        { role: "user", content: "What do land prices look like?" },
        { role: "assistant", content: "I do not have information on land prices." },
      ],
    });
    await page.close();
  });

  it("follows the browser's language, switches, remembers the choice, and starts over", async () => {
    const { page } = await openPage("zh-CN");
    expect(await page.locator("h1").textContent()).toBe("重庆投资助手");
    expect(await page.getAttribute("html", "lang")).toBe("zh-Hans");
    expect(await page.locator(".starter").first().textContent()).toBe(
      "重庆高新区是什么时候成立的？",
    );
    await ask(page, "璧山的产值是多少？");
    await page.waitForSelector(".turn.assistant[aria-busy=false]");
    expect(await lastAnswer(page).textContent()).toContain("这个回答有帮助吗？");
    await page.screenshot({ path: path.join(await getScreenshotDir(), "chat-page-zh.png") });

    await page.click("#language-switch");
    expect(await page.locator("h1").textContent()).toBe("Chongqing Investment Assistant");
    expect(await lastAnswer(page).textContent()).toContain("Was this answer helpful?");
    await page.reload();
    await page.waitForSelector("body.ready");
    expect(await page.getAttribute("html", "lang")).toBe("en");

    await ask(page, "Anything");
    await page.waitForSelector(".turn.assistant[aria-busy=false]");
    await page.click("#new-conversation");
    expect(await page.locator("#conversation > li").count()).toBe(0);
    expect(await page.locator("#welcome").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("question");
    await page.close();
  });
});
