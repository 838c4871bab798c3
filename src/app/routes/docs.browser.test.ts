/**
 * The API reference page `/docs` in headless Chromium: readable on a phone and a desktop (no
 * sideways scrolling), with the search route's errors shown with their own codes. Screenshots go
 * to `test-results/`.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getScreenshotDir, launchChromium, skipBrowserTests } from "../../testing/browser.ts";
import { createRecordsApp } from "../../testing/records-app.ts";
import { startServer } from "../../testing/server.ts";

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  if (skipBrowserTests) return;
  server = await startServer(createRecordsApp().app.fetch);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(skipBrowserTests)("/docs (Chromium)", () => {
  for (const width of [390, 1280]) {
    it(`reads without sideways scrolling at ${width} px`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await page.goto(`${server.url}/docs`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      const search = page.locator("#get-api-search");
      await search.locator("summary", { hasText: "503" }).click();
      const unavailable = search.locator("details", { hasText: "503" });
      expect(await unavailable.locator(".example-name code").allTextContents()).toEqual([
        "index_not_ready",
        "timeout",
      ]);
      await search.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(await getScreenshotDir(), `docs-${width}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
