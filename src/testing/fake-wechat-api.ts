/**
 * @module A fake of WeChat's server APIs over real HTTP on 127.0.0.1, so the real API client
 * runs unchanged: the Official Account `stable_token` and customer-service message endpoints, and
 * WeCom's token and application message endpoints. Tokens are issued, expired and rejected as
 * WeChat does — `stable_token` in normal mode gives every caller the current token until its last
 * five minutes; `force_refresh` replaces it, at most 20 times a day and not again within 30 s —
 * and tests can script errcodes for the next sends and token fetches.
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

/** A token request the fake received, answered or not. */
export interface TokenFetch {
  endpoint: "stable_token" | "gettoken";
  forceRefresh: boolean;
}

export interface FakeWeChatApiOptions {
  appId?: string;
  appSecret?: string;
  corpId?: string;
  corpSecret?: string;
  /** `expires_in` of issued tokens; default 7200. */
  expiresIn?: number;
  /** The fake's clock, milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

/** A running fake. */
export interface FakeWeChatApi {
  url: string;
  sent: SentMessage[];
  /** Token requests received, successful or not. */
  tokenRequests: number;
  /** The same requests, with what they asked for. */
  tokenFetches: TokenFetch[];
  /** Every issued token stops working (the next send gets errcode 42001). */
  expireTokens(): void;
  /** The next sends answer these errcodes, in order, instead of succeeding. */
  failNextSends(...errcodes: number[]): void;
  /** The next token requests answer these errcodes, in order, instead of a token (0: a token). */
  failNextTokenFetches(...errcodes: number[]): void;
  /**
   * Sends with the current stable token are refused (40001) while normal mode still hands it
   * out: only a forced refresh replaces it.
   */
  rejectStableToken(): void;
  /** Resolves once `count` messages were accepted, or rejects after `timeoutMs`. */
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  40002: "invalid grant_type",
  40013: "invalid appid",
  40125: "invalid appsecret",
  40164: "invalid ip, not in whitelist",
  42001: "access_token expired",
  43002: "require POST method",
  45009: "reach max api daily quota limit",
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
  const now = options.now ?? Date.now;
  /** Issued tokens still accepted, and when each expires. */
  const valid = new Map<string, number>();
  const expired = new Set<string>();
  const failures: number[] = [];
  const tokenFailures: number[] = [];
  const rejected = new Set<string>();
  /** The Official Account's current stable token. */
  let stable: string | undefined;
  const forced = { at: Number.NEGATIVE_INFINITY, day: "", count: 0 };
  let issued = 0;
  const error = (errcode: number) => ({ errcode, errmsg: ERRMSG[errcode] ?? "error" });

  const fake: FakeWeChatApi = {
    url: "",
    sent: [],
    tokenRequests: 0,
    tokenFetches: [],
    expireTokens() {
      for (const token of valid.keys()) expired.add(token);
      valid.clear();
      stable = undefined;
    },
    failNextSends(...errcodes) {
      failures.push(...errcodes);
    },
    failNextTokenFetches(...errcodes) {
      tokenFailures.push(...errcodes);
    },
    rejectStableToken() {
      if (stable) rejected.add(stable);
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
    valid.set(token, now() + expiresIn * 1000);
    return { access_token: token, expires_in: expiresIn };
  };
  const secondsLeft = (token: string) => Math.floor(((valid.get(token) ?? 0) - now()) / 1000);

  const checkToken = (token: string | undefined) => {
    if (token && valid.has(token) && secondsLeft(token) <= 0) {
      valid.delete(token);
      expired.add(token);
    }
    if (!token || rejected.has(token) || (!valid.has(token) && !expired.has(token))) {
      return error(40001);
    }
    if (expired.has(token)) return error(42001);
    const failure = failures.shift();
    return failure === undefined ? undefined : error(failure);
  };

  const app = new Hono()
    // getStableAccessToken: POST JSON only.
    .get("/cgi-bin/stable_token", (c) => {
      fake.tokenRequests++;
      fake.tokenFetches.push({ endpoint: "stable_token", forceRefresh: false });
      return c.json(error(43002));
    })
    .post("/cgi-bin/stable_token", async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as {
        grant_type?: unknown;
        appid?: unknown;
        secret?: unknown;
        force_refresh?: unknown;
      };
      const force = body.force_refresh === true;
      fake.tokenRequests++;
      fake.tokenFetches.push({ endpoint: "stable_token", forceRefresh: force });
      const failure = tokenFailures.shift();
      if (failure) return c.json(error(failure));
      if (body.grant_type !== "client_credential") return c.json(error(40002));
      if (body.appid !== appId) return c.json(error(40013));
      if (body.secret !== appSecret) return c.json(error(40125));
      const current = stable && valid.has(stable) && secondsLeft(stable) > 0 ? stable : undefined;
      if (force) {
        const time = now();
        const day = new Date(time + 8 * 3600_000).toISOString().slice(0, 10);
        if (forced.day !== day) Object.assign(forced, { day, count: 0 });
        // A second forced refresh within 30 s does not refresh.
        if (current && time - forced.at < 30_000) {
          return c.json({ access_token: current, expires_in: secondsLeft(current) });
        }
        if (forced.count >= 20) return c.json(error(45009));
        Object.assign(forced, { at: time, count: forced.count + 1 });
        // The previous token stops working at once.
        if (current) {
          valid.delete(current);
          expired.delete(current);
        }
      } else if (current && secondsLeft(current) > 300) {
        return c.json({ access_token: current, expires_in: secondsLeft(current) });
      }
      // Normal mode in a token's last five minutes renews it; the old one lasts until it expires.
      const fresh = issue();
      stable = fresh.access_token;
      return c.json(fresh);
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
      fake.tokenFetches.push({ endpoint: "gettoken", forceRefresh: false });
      const failure = tokenFailures.shift();
      if (failure) return c.json(error(failure));
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
