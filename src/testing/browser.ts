/**
 * @module Headless Chromium for end-to-end tests: Debian's `chromium` package driven by
 * playwright-core (no browser download). Tests skip only when the browser is missing on a
 * developer's machine; under CI a missing browser fails them.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

/** True when browser tests should be skipped: no Chromium, and not running in CI. */
export const skipBrowserTests = !existsSync(CHROMIUM_PATH) && !inCi;

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}

/** The git-ignored folder screenshots go to, created on demand. */
export async function getScreenshotDir(): Promise<string> {
  const dir = fileURLToPath(new URL("../../test-results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  return dir;
}
