/**
 * @module A fake of WeChat's server APIs over real HTTP on 127.0.0.1, so the real API client
 * runs unchanged: the Official Account token and customer-service message endpoints, and WeCom's
 * token and application message endpoints. Tokens are issued, expired and rejected as WeChat
 * does; tests can script errcodes for the next sends.
 */
import { Hono } from "hono";
import { startServer } from "./server.ts";

/** A message the fake accepted. */
export interface SentMessage {
  api: "custom" | "wecom";
  touser: string;
  content: string;
  agentid?: number;
  accessToken: string;
}

export interface FakeWeChatApiOptions {
  appId?: string;
  appSecret?: string;
  corpId?: string;
  corpSecret?: string;
  /** `expires_in` of issued tokens; default 7200. */
  expiresIn?: number;
}

/** A running fake. */
export interface FakeWeChatApi {
  url: string;
  sent: SentMessage[];
  /** Token requests received, successful or not. */
  tokenRequests: number;
  /** Every issued token stops working (the next send gets errcode 42001). */
  expireTokens(): void;
  /** The next sends answer these errcodes, in order, instead of succeeding. */
  failNextSends(...errcodes: number[]): void;
  /** Resolves once `count` messages were accepted, or rejects after `timeoutMs`. */
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  40013: "invalid appid",
  40125: "invalid appsecret",
  42001: "access_token expired",
  45015: "response out of time limit or subscription is canceled",
};

/** Starts the fake on an ephemeral port. */
export async function startFakeWeChatApi(
  options: FakeWeChatApiOptions = {},
): Promise<FakeWeChatApi> {
  const appId = options.appId ?? "wxb11529c136998cb6";
  const appSecret = options.appSecret ?? "test-app-secret";
  const corpId = options.corpId ?? "ww1436e0e65a779aee";
  const corpSecret = options.corpSecret ?? "test-corp-secret";
  const expiresIn = options.expiresIn ?? 7200;
  const valid = new Set<string>();
  const expired = new Set<string>();
  const failures: number[] = [];
  let issued = 0;
  const error = (errcode: number) => ({ errcode, errmsg: ERRMSG[errcode] ?? "error" });

  const fake: FakeWeChatApi = {
    url: "",
    sent: [],
    tokenRequests: 0,
    expireTokens() {
      for (const token of valid) expired.add(token);
      valid.clear();
    },
    failNextSends(...errcodes) {
      failures.push(...errcodes);
    },
    async waitForSent(count, timeoutMs = 5000) {
      const started = Date.now();
      while (fake.sent.length < count) {
        if (Date.now() - started > timeoutMs) {
          throw new Error(`expected ${count} sent messages, got ${fake.sent.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return fake.sent;
    },
    close: async () => {},
  };

  const issue = () => {
    const token = `token-${++issued}`;
    valid.add(token);
    return { access_token: token, expires_in: expiresIn };
  };

  const checkToken = (token: string | undefined) => {
    if (!token || (!valid.has(token) && !expired.has(token))) return error(40001);
    if (expired.has(token)) return error(42001);
    const failure = failures.shift();
    return failure === undefined ? undefined : error(failure);
  };

  const app = new Hono()
    .get("/cgi-bin/token", (c) => {
      fake.tokenRequests++;
      if (c.req.query("grant_type") !== "client_credential" || c.req.query("appid") !== appId) {
        return c.json(error(40013));
      }
      if (c.req.query("secret") !== appSecret) return c.json(error(40125));
      return c.json(issue());
    })
    .post("/cgi-bin/message/custom/send", async (c) => {
      const token = c.req.query("access_token");
      const refused = checkToken(token);
      if (refused) return c.json(refused);
      const body = (await c.req.json()) as {
        touser: string;
        msgtype: string;
        text?: { content: string };
      };
      if (body.msgtype !== "text" || typeof body.text?.content !== "string")
        return c.json(error(40008));
      fake.sent.push({
        api: "custom",
        touser: body.touser,
        content: body.text.content,
        accessToken: token ?? "",
      });
      return c.json({ errcode: 0, errmsg: "ok" });
    })
    .get("/cgi-bin/gettoken", (c) => {
      fake.tokenRequests++;
      if (c.req.query("corpid") !== corpId) return c.json(error(40013));
      if (c.req.query("corpsecret") !== corpSecret) return c.json(error(40001));
      return c.json({ errcode: 0, errmsg: "ok", ...issue() });
    })
    .post("/cgi-bin/message/send", async (c) => {
      const token = c.req.query("access_token");
      const refused = checkToken(token);
      if (refused) return c.json(refused);
      const body = (await c.req.json()) as {
        touser: string;
        msgtype: string;
        agentid: number;
        text?: { content: string };
      };
      if (body.msgtype !== "text" || typeof body.text?.content !== "string")
        return c.json(error(40008));
      fake.sent.push({
        api: "wecom",
        touser: body.touser,
        content: body.text.content,
        agentid: body.agentid,
        accessToken: token ?? "",
      });
      return c.json({ errcode: 0, errmsg: "ok", invaliduser: "" });
    });

  const server = await startServer(app.fetch);
  fake.url = server.url;
  fake.close = server.close;
  return fake;
}
