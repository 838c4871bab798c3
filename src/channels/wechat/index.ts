/**
 * @module The WeChat Official Account (`/wechat`) and WeCom (`/wecom`) channels: their sub-apps,
 * settings, and the stand-in route that answers 503 while a channel is not configured.
 */
import { Hono } from "hono";
import { ApiError } from "../../http/errors.ts";
import type { AppEnv } from "../../http/shared.ts";

export type { ReplyTiming } from "./coordinator.ts";
export {
  createWeChatRoutes,
  type WeChatChannelOptions,
  type WeChatSettings,
} from "./official-account.ts";
export {
  getWeChatSettings,
  getWeComSettings,
  WECHAT_SETUP_HINT,
  WECOM_SETUP_HINT,
} from "./settings.ts";
export { createWeComRoutes, type WeComChannelOptions, type WeComSettings } from "./wecom.ts";

/** Answers every request to `/<channel>` with a 503 saying which settings turn it on. */
export function createChannelOffRoutes({ channel, hint }: { channel: string; hint: string }) {
  return new Hono<AppEnv>().all(`/${channel}`, () => {
    throw new ApiError(503, `not_configured:${channel}`, `The ${channel} channel is off. ${hint}`);
  });
}
