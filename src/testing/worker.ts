/**
 * @module Starts the Worker from wrangler.toml under workerd (wrangler's `startWorker`) on a free
 * port of 127.0.0.1, for tests: quiet and offline (no telemetry, no `Request.cf` download, no
 * update check), reading the index snapshot and page from a folder the test wrote.
 */
import { fileURLToPath } from "node:url";
import { unstable_startWorker } from "wrangler";

const WRANGLER_CONFIG = fileURLToPath(new URL("../../wrangler.toml", import.meta.url));

/** A Worker started by `startTestWorker`. */
export type TestWorker = Awaited<ReturnType<typeof unstable_startWorker>>;

/**
 * Starts the Worker with these variables, reading `index.js` and `web-assets.js` from
 * `modulesDir`. Local KV, D1 and Durable Objects are kept in `persistDir` when given (so a second
 * start sees them), else nowhere.
 */
export async function startTestWorker(
  modulesDir: string,
  variables: Record<string, string>,
  { persistDir }: { persistDir?: string } = {},
): Promise<TestWorker> {
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_HIDE_BANNER = "true";
  process.env.WRANGLER_LOG = "warn";
  const started = await unstable_startWorker({
    config: WRANGLER_CONFIG,
    envFiles: [],
    bindings: Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, { type: "plain_text", value }]),
    ),
    build: {
      alias: {
        "edge-index-snapshot": `${modulesDir}/index.js`,
        "edge-web-assets": `${modulesDir}/web-assets.js`,
      },
      // The snapshot is written by the test; an empty command skips `npm run build:edge`.
      custom: { command: "" },
    },
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      persist: persistDir ?? false,
      watch: false,
      remote: false,
      logLevel: "warn",
    },
  });
  await started.ready;
  return started;
}
