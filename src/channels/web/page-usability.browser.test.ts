/**
 * What a new visitor trips over on the chat page, in headless Chromium against a scripted
 * assistant: the header in reach after a long conversation, the conversation kept over a reload,
 * citation markers large enough to tap, sources numbered 1..n as cited, the passage dialog's
 * metadata, and the inquiry form's email rule in both languages. Screenshots at 390 and 1280 px,
 * in English and Chinese, go to `test-results/`.
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

/** The metadata the answer engine adds to a citation where the corpus has it. */
type RichCitation = Citation & {
  publisher?: string;
  dateApproximate?: boolean;
  sourceUrl?: string;
  titleZh?: string;
};

const BISHAN: RichCitation = {
  n: 8,
  id: "bishan-8",
  docId: "bishan-high-tech-zone",
  title: "Chongqing Bishan High-tech Industrial Development Zone",
  titleZh: "重庆璧山高新技术产业开发区",
  publisher: "Chongqing Investment Promotion Association",
  date: "2018",
  dateApproximate: true,
  sourceUrl: "https://example.org/bishan-high-tech-zone",
  text: ". Promote scientific and technological innovation. In the first half of 2018, the total industrial output value was 32.34 billion yuan.",
};
const REGULATIONS: RichCitation = {
  n: 3,
  id: "regulations-3",
  docId: "development-zone-regulations-2025",
  title: "Chongqing Development Zone Regulations to Take Effect on March 1",
  date: "2025-02-26",
  sourceUrl: "javascript:alert(1)",
  text: "nearly 200,000 enterprises had settled in the development zones.",
};
/** Cites [8] first, then [3], then [8] again: shown as 1, 2, 1. */
const ANSWER =
  "Industrial output reached 32.34 billion yuan in the first half of 2018 [8]. Nearly 200,000 enterprises had settled in the zones by the end of 2024 [3], many of them in Bishan [8].";

function script(): ScriptStep {
  return { text: ANSWER, citations: [REGULATIONS, BISHAN] };
}

const { assistant, calls } = createScriptedAssistant(script);
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let harness: ReturnType<typeof createRecordsApp>;
let shots: string;

beforeAll(async () => {
  if (skipBrowserTests) return;
  harness = createRecordsApp({ web: await readWebAssets(), assistant });
  server = await startServer(harness.app.fetch);
  browser = await launchChromium();
  shots = await getScreenshotDir();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function openPage({
  viewport = DESKTOP,
  locale = "en-US",
}: {
  viewport?: { width: number; height: number };
  locale?: string;
} = {}): Promise<Page> {
  const phone = viewport.width < 600;
  const page = await browser.newPage({ viewport, locale, isMobile: phone, hasTouch: phone });
  await page.goto(server.url);
  await page.waitForSelector("body.ready");
  return page;
}

/** Asks a question and waits for its (n-th) answer to finish. */
async function ask(page: Page, question: string) {
  const before = await page.locator(".turn.assistant").count();
  await page.fill("#question", question);
  await page.press("#question", "Enter");
  await page.waitForSelector(
    `#conversation > .turn.assistant:nth-of-type(${2 * (before + 1)})[aria-busy=false]`,
  );
}

/** Whether a real click at the centre of `selector` lands on it, without scrolling first. */
async function isInReach(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => {
    const target = document.querySelector(s);
    if (!target) return false;
    const box = target.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return false;
    return target.contains(document.elementFromPoint(x, y));
  }, selector);
}

describe.skipIf(skipBrowserTests)("the chat page for a new visitor (Chromium)", () => {
  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`keeps the header in reach after 20 turns (${name})`, async () => {
      const page = await openPage({ viewport });
      for (let turn = 1; turn <= 20; turn++) await ask(page, `Question number ${turn}`);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
      for (const id of ["#new-conversation", "#contact-open", "#language-switch"]) {
        expect(await isInReach(page, id), id).toBe(true);
      }
      const box = await page.locator("#new-conversation").boundingBox();
      await page.mouse.click((box?.x ?? 0) + 5, (box?.y ?? 0) + 5);
      expect(await page.locator("#conversation > li").count()).toBe(0);
      await page.close();
    }, 60_000);
  }

  it("keeps the conversation over a reload, says so, and forgets it on New conversation", async () => {
    const page = await openPage();
    expect(await page.locator(".disclaimer").textContent()).toContain(
      "kept in this browser until you select New conversation",
    );
    await ask(page, "What was Bishan's output?");
    await ask(page, "And the enterprises?");
    await page.reload();
    await page.waitForSelector("body.ready");
    expect(await page.locator("#conversation > li").count()).toBe(4);
    expect(await page.locator("#welcome").isVisible()).toBe(false);
    expect(await page.locator(".turn.user").first().textContent()).toContain(
      "What was Bishan's output?",
    );
    expect(await page.locator(".turn.assistant .sources li").count()).toBe(4);

    const sent = calls.length;
    await ask(page, "Tell me more");
    expect(calls[sent]?.map((message) => message.content)).toEqual([
      "What was Bishan's output?",
      ANSWER,
      "And the enterprises?",
      ANSWER,
      "Tell me more",
    ]);

    await page.click("#new-conversation");
    await page.reload();
    await page.waitForSelector("body.ready");
    expect(await page.locator("#conversation > li").count()).toBe(0);
    expect(await page.locator("#welcome").isVisible()).toBe(true);
    await page.close();
  });

  it("drops a saved conversation it cannot read instead of breaking", async () => {
    const page = await openPage();
    await page.evaluate(() =>
      localStorage.setItem("cq-assistant-conversation", '[{"question":1},"x",null]'),
    );
    await page.reload();
    await page.waitForSelector("body.ready");
    expect(await page.locator("#welcome").isVisible()).toBe(true);
    await ask(page, "Still working?");
    expect(await page.locator(".turn.assistant").count()).toBe(1);
    await page.close();
  });

  it("numbers sources 1..n in the order the answer cites them", async () => {
    const page = await openPage();
    await ask(page, "What was Bishan's output?");
    const answer = page.locator(".turn.assistant").last();
    expect(await answer.locator(".answer-text .cite").allTextContents()).toEqual(["1", "2", "1"]);
    expect(await answer.locator(".source-n").allTextContents()).toEqual(["[1]", "[2]"]);
    expect(await answer.locator(".source-title").allTextContents()).toEqual([
      BISHAN.title,
      REGULATIONS.title,
    ]);
    await answer.locator(".answer-text .cite").nth(1).click();
    expect(await page.locator("#source-number").textContent()).toBe("Source 2");
    expect(await page.locator("#source-title").textContent()).toBe(REGULATIONS.title);
    await page.close();
  });

  it("gives citation markers a 44×44 px target at 390 px without changing the line height", async () => {
    const page = await openPage({ viewport: PHONE });
    await ask(page, "What was Bishan's output?");
    const measured = await page.evaluate(() => {
      const text = document.querySelector(".turn.assistant .answer-text") as HTMLElement;
      // What a tap hits across the 44×44 px square centred on each marker: its corners (1 px
      // in) and the middle of each side must all be the marker, not the words around it.
      const targets = [...text.querySelectorAll(".cite")].map((cite) => {
        const box = cite.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        const offsets = [-21, 0, 21];
        return offsets.flatMap((dx) =>
          offsets.map((dy) => {
            const hit = document.elementFromPoint(x + dx, y + dy);
            return cite.contains(hit) ? "marker" : `${hit?.className} at ${dx},${dy}`;
          }),
        );
      });
      // The same text with plain numbers instead of buttons: the lines must not move.
      const plain = text.cloneNode(true) as HTMLElement;
      for (const cite of plain.querySelectorAll(".cite")) {
        cite.replaceWith(document.createTextNode(`[${cite.textContent}]`));
      }
      text.after(plain);
      const heights = { withMarkers: text.offsetHeight, plain: plain.offsetHeight };
      plain.remove();
      const lineHeight = Number.parseFloat(getComputedStyle(text).lineHeight);
      return { targets, heights, lineHeight };
    });
    expect(measured.targets).toHaveLength(3);
    for (const hits of measured.targets) expect(hits).toEqual(Array(9).fill("marker"));
    expect(measured.heights.plain).toBeGreaterThan(2 * measured.lineHeight);
    expect(Math.abs(measured.heights.withMarkers - measured.heights.plain)).toBeLessThanOrEqual(1);
    await page.locator(".answer-text .cite").first().tap();
    expect(await page.locator("#source-dialog").getAttribute("open")).not.toBeNull();
    await page.close();
  });

  it("shows the publisher, an approximate date, the original and the Chinese title", async () => {
    const page = await openPage();
    await ask(page, "What was Bishan's output?");
    await page.locator(".answer-text .cite").first().click();
    expect(await page.locator("#source-title").textContent()).toBe(BISHAN.title);
    expect(await page.locator("#source-publisher").textContent()).toBe(BISHAN.publisher);
    expect(await page.locator("#source-date").textContent()).toBe("2018 (approximate)");
    const link = page.locator("#source-link");
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute("href")).toBe(BISHAN.sourceUrl);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toContain("noopener");
    const passage = await page.locator("#source-text").textContent();
    expect(passage).toMatch(/^Promote scientific/);
    expect(BISHAN.text).toContain(passage ?? "-");
    await page.screenshot({ path: path.join(shots, "usability-source-en-1280.png") });
    await page.keyboard.press("Escape");

    await page.locator(".answer-text .cite").nth(1).click();
    expect(await page.locator("#source-publisher-row").isVisible()).toBe(false);
    expect(await page.locator("#source-date").textContent()).toBe("2025-02-26");
    expect(await page.locator("#source-link-row").isVisible()).toBe(false);
    expect(
      await page.evaluate(
        () =>
          getComputedStyle(document.getElementById("source-text") as Element, "::before").content,
      ),
    ).toBe('"… "');
    await page.keyboard.press("Escape");

    await page.click("#language-switch");
    const answer = page.locator(".turn.assistant").last();
    expect(await answer.locator(".source-title").allTextContents()).toEqual([
      BISHAN.titleZh,
      REGULATIONS.title,
    ]);
    expect(await answer.locator(".source-title").first().getAttribute("lang")).toBe("zh-Hans");
    expect(await answer.locator(".source-title").last().getAttribute("lang")).toBe("en");
    await page.locator(".answer-text .cite").first().click();
    expect(await page.locator("#source-title").textContent()).toBe(BISHAN.titleZh);
    expect(await page.locator("#source-date").textContent()).toBe("2018（大致时间）");
    expect(await page.locator(".source-meta").textContent()).toContain("发布者");
    await page.screenshot({ path: path.join(shots, "usability-source-zh-1280.png") });
    await page.close();
  });

  for (const [locale, messages] of [
    [
      "en-US",
      {
        email: "Please enter a valid email address, such as name@company.com.",
        invalid: "Please check this field.",
        summary: "Please correct the marked fields.",
      },
    ],
    [
      "zh-CN",
      {
        email: "请输入有效的电子邮件地址，例如 name@company.com。",
        invalid: "请检查此项。",
        summary: "请更正标出的内容。",
      },
    ],
  ] as const) {
    it(`checks the inquiry's email as the server does, in the page's language (${locale})`, async () => {
      const page = await openPage({ locale });
      await page.click("#contact-open");
      await page.fill("#inquiry-name", "Anna Müller");
      await page.fill("#inquiry-country", "Germany");
      await page.fill("#inquiry-message", "A parts plant in Bishan.");
      await page.check("#inquiry-consent");
      const stored = harness.inquiries.records.length;
      for (const email of ["anna@mueller", "wang@qq"]) {
        await page.fill("#inquiry-email", email);
        await page.click("#inquiry-form button[type=submit]");
        expect(await page.locator("#inquiry-email-error").textContent()).toBe(messages.email);
        expect(await page.getAttribute("#inquiry-email", "aria-invalid")).toBe("true");
        const status = page.locator("#inquiry-status");
        expect(await status.textContent()).toBe(messages.summary);
        expect(await status.getAttribute("class")).toContain("is-error");
        expect(await status.getAttribute("role")).toBe("alert");
        expect(await status.evaluate((node) => getComputedStyle(node).color)).toBe(
          "rgb(163, 27, 27)",
        );
        // The server refuses it too, so the page agrees with it.
        const res = await harness.postJson("/api/inquiries", {
          name: "Anna",
          email,
          country: "Germany",
          message: "x",
          consent: true,
        });
        expect(res.status).toBe(400);
      }
      expect(harness.inquiries.records).toHaveLength(stored);
      if (locale === "zh-CN") {
        await page.screenshot({ path: path.join(shots, "usability-inquiry-zh-1280.png") });
      }

      // A field only the server refuses is still described in the page's language.
      await page.route("**/api/inquiries", (route) =>
        route.fulfill({
          status: 400,
          contentType: "application/json",
          body: JSON.stringify({
            error: {
              code: "bad_request:inquiries",
              message: "country: must be at most 100 characters",
              details: { country: "must be at most 100 characters" },
            },
          }),
        }),
      );
      await page.fill("#inquiry-email", "wang@qq.com");
      await page.click("#inquiry-form button[type=submit]");
      await page.locator("#inquiry-country-error").filter({ hasText: messages.invalid }).waitFor();
      expect(await page.locator("#inquiry-email-error").textContent()).toBe("");
      expect(await page.locator("#inquiry-status").textContent()).toBe(messages.summary);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("inquiry-country");

      await page.unroute("**/api/inquiries");
      await page.click("#inquiry-form button[type=submit]");
      await page.locator("#inquiry-thanks").waitFor();
      expect(harness.inquiries.records.at(-1)).toMatchObject({ email: "wang@qq.com" });
      await page.close();
    });
  }

  for (const [language, locale] of [
    ["en", "en-US"],
    ["zh", "zh-CN"],
  ] as const) {
    for (const viewport of [PHONE, DESKTOP]) {
      it(`renders without overflow at ${viewport.width} px in ${language} (screenshot)`, async () => {
        const page = await openPage({ viewport, locale });
        await page.screenshot({
          path: path.join(shots, `usability-welcome-${language}-${viewport.width}.png`),
        });
        await ask(page, language === "zh" ? "璧山的产值是多少？" : "What was Bishan's output?");
        await ask(page, language === "zh" ? "有多少企业？" : "How many enterprises?");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport.width,
        );
        expect(await isInReach(page, "#new-conversation")).toBe(true);
        await page.screenshot({
          path: path.join(shots, `usability-chat-${language}-${viewport.width}.png`),
        });
        await page.close();
      });
    }
  }
});
