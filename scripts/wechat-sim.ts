/**
 * @module `npm run wechat:sim -- "question"`: sends a message to a running server the way
 * WeChat's servers do — signed, encrypted in compatible or safe mode or for WeCom, delivered again
 * with the same MsgId when no reply comes within 5 seconds, up to three times — and prints the
 * decoded reply. Lets staff try the bot without a WeChat account. Reads the same settings as the
 * server (`.env`).
 */
import { parseArgs } from "node:util";
import { createMessageCrypto } from "../src/channels/wechat/crypto.ts";
import {
  createMsgId,
  createOfficialAccountRequest,
  createWeComRequest,
  type OfficialAccountMode,
  readSimulatedReply,
  renderSimulatedMessage,
} from "../src/channels/wechat/simulator.ts";
import { loadConfig } from "../src/runtime/node/env.ts";

const USAGE = `Usage: npm run wechat:sim -- "question" [options]

  --url <base>      the server (default http://localhost:$PORT)
  --mode <mode>     plain | compatible | safe (default: safe when WECHAT_ENCODING_AES_KEY is set)
  --wecom           send to /wecom as WeCom does (always encrypted)
  --user <id>       the sender's OpenID or UserID (default o-wechat-sim; keep it for follow-ups)
  --type <type>     text (default), voice, image, location, link or event
  --event <name>    with --type event: subscribe (default), unsubscribe, CLICK…
  --no-retry        deliver once, without WeChat's retries`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    mode: { type: "string" },
    wecom: { type: "boolean", default: false },
    user: { type: "string", default: "o-wechat-sim" },
    type: { type: "string", default: "text" },
    event: { type: "string" },
    "no-retry": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
const question = positionals.join(" ").trim();
if (values.help || (!question && values.type === "text")) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
const base = (values.url ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
const DELIVERY_TIMEOUT_MS = 5000;
const DELIVERIES = values["no-retry"] ? 1 : 3;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const message = {
  type: values.type,
  content: question || undefined,
  event: values.event,
  from: values.user,
  msgId: createMsgId(),
  createTime: Math.floor(Date.now() / 1000),
};

let build: () => Promise<Request>;
let token: string;
let readWith: Awaited<ReturnType<typeof createMessageCrypto>> | undefined;
let label: string;
if (values.wecom) {
  const { WECOM_TOKEN, WECOM_CORP_ID, WECOM_ENCODING_AES_KEY } = config;
  if (!WECOM_TOKEN || !WECOM_CORP_ID || !WECOM_ENCODING_AES_KEY) {
    fail("Set WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY (as the server has them).");
  }
  token = WECOM_TOKEN;
  readWith = await createMessageCrypto({
    encodingAesKey: WECOM_ENCODING_AES_KEY,
    receiveId: WECOM_CORP_ID,
  });
  const xml = renderSimulatedMessage({
    ...message,
    to: WECOM_CORP_ID,
    extra: { AgentID: String(config.WECOM_AGENT_ID ?? 1) },
  });
  build = () =>
    createWeComRequest({
      url: `${base}/wecom`,
      token: WECOM_TOKEN,
      corpId: WECOM_CORP_ID,
      encodingAesKey: WECOM_ENCODING_AES_KEY,
      xml,
    });
  label = "WeCom";
} else {
  const { WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_ENCODING_AES_KEY } = config;
  if (!WECHAT_TOKEN) fail("Set WECHAT_TOKEN (as the server has it).");
  const mode = (values.mode ??
    (WECHAT_APP_ID && WECHAT_ENCODING_AES_KEY ? "safe" : "plain")) as OfficialAccountMode;
  if (!["plain", "compatible", "safe"].includes(mode)) fail(USAGE);
  if (mode !== "plain" && (!WECHAT_APP_ID || !WECHAT_ENCODING_AES_KEY)) {
    fail(`${mode} mode needs WECHAT_APP_ID and WECHAT_ENCODING_AES_KEY.`);
  }
  token = WECHAT_TOKEN;
  if (WECHAT_APP_ID && WECHAT_ENCODING_AES_KEY) {
    readWith = await createMessageCrypto({
      encodingAesKey: WECHAT_ENCODING_AES_KEY,
      receiveId: WECHAT_APP_ID,
    });
  }
  const xml = renderSimulatedMessage(message);
  build = () =>
    createOfficialAccountRequest({
      url: `${base}/wechat`,
      token: WECHAT_TOKEN,
      mode,
      appId: WECHAT_APP_ID,
      encodingAesKey: WECHAT_ENCODING_AES_KEY,
      xml,
    });
  label = `Official Account, ${mode} mode`;
}

console.error(`→ ${base} (${label}), from ${values.user}, MsgId ${message.msgId}`);
for (let delivery = 1; delivery <= DELIVERIES; delivery++) {
  const started = Date.now();
  let response: Response;
  try {
    response = await fetch(await build(), { signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") {
      console.error(`  delivery ${delivery}: no reply within 5 s — WeChat would retry`);
      continue;
    }
    fail(`Could not reach ${base}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const reply = await readSimulatedReply(response, { token, crypto: readWith });
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (reply.status !== 200)
    fail(`  delivery ${delivery}: HTTP ${reply.status} (${took})\n${reply.raw}`);
  if (reply.empty) {
    console.error(
      `  delivery ${delivery}: "${reply.raw}" (${took}) — nothing shown now; the answer comes through the API, or with your next message`,
    );
    process.exit(0);
  }
  const security = reply.encrypted
    ? reply.signatureValid
      ? ", encrypted, signature ok"
      : ", encrypted, BAD SIGNATURE"
    : "";
  console.error(`  delivery ${delivery}: reply in ${took}${security}\n`);
  console.log(reply.content ?? reply.raw);
  process.exit(0);
}
fail("No delivery was answered in time: WeChat would show “该公众号暂时无法提供服务”.");
