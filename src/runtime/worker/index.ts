/**
 * @module The Cloudflare Workers entry (`wrangler.toml` `main`): the same Hono app as on Node,
 * built once per isolate from the Worker's `env` and what the bundle carries — the index snapshot
 * and the chat page from `npm run build:edge`, and the reviewed prompts as text.
 */
import snapshotJson from "edge-index-snapshot";
import web from "edge-web-assets";
import type { ExecutionContext } from "hono";
import answer from "../../../prompts/answer.md";
import rewrite from "../../../prompts/rewrite.md";
import system from "../../../prompts/system.md";
import type { WorkerEnv } from "../../adapters/cloudflare/bindings.ts";
import { createWorkerApp, type WorkerApp } from "./app.ts";

/** The Durable Object class behind CHANNEL_STATE; wrangler.toml names it. */
export { ChannelState } from "../../adapters/cloudflare/channel-state.ts";

let app: WorkerApp | undefined;

export default {
  fetch(request: Request, env: WorkerEnv, context: ExecutionContext) {
    app ??= createWorkerApp(env, { snapshotJson, web, prompts: { system, answer, rewrite } });
    return app.fetch(request, env, context);
  },
};
