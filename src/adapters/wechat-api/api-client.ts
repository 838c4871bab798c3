/**
 * @module WeChat's server APIs for sending a message after the 5-second reply window: the
 * Official Account customer-service message (`/cgi-bin/message/custom/send`) and the WeCom
 * application message (`/cgi-bin/message/send`). The access token each needs is fetched, cached
 * in the `KeyValue` store until five minutes before it expires, shared by concurrent callers — and,
 * through a lock in the store, by every process sharing it (Redis) — and renewed when WeChat calls
 * it invalid or expired. The Official Account uses `stable_token`
 * (getStableAccessToken), which hands every caller the same token while it is valid, so several
 * processes do not knock each other's tokens out; its force-refresh mode is used only when a
 * normal fetch gives back the token WeChat just rejected, and within WeChat's limits.
 * Runtime-neutral: `fetch` is injected.
 */
import { z } from "zod";
import type { KeyValue } from "../../ports/key-value.ts";

/** The official API hosts. */
export const WECHAT_API_BASE_URL = "https://api.weixin.qq.com";
export const WECOM_API_BASE_URL = "https://qyapi.weixin.qq.com";

/** errcodes that mean the access token is no good: fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** errcode −1: "system busy, try again later". */
const BUSY = -1;

/**
 * WeChat's limits on `stable_token` with `force_refresh: true`: 20 a day per account, and a
 * second one within 30 s of the last does not refresh.
 */
export const FORCE_REFRESH_LIMITS = { perDay: 20, intervalMs: 30_000 } as const;

/** What to do about the errcodes an operator or user can act on. */
const HINTS: Record<number, string> = {
  40001: "check the app secret",
  40013: "check the AppID or CorpID",
  40125: "check the app secret",
  40164: "add this server's outbound IP address to the account's IP whitelist",
  40003: "the recipient id is not valid for this account",
  43004: "the user no longer follows the account",
  45009: "the daily quota of this API is used up (forced token refreshes: 20 a day)",
  45015: "the user has not written to the account in the last 48 hours",
  45047: "the customer-service message quota for this user is used up",
  60020: "add this server's outbound IP address to the application's trusted IPs",
  81013: "the recipient is not in the application's visible range",
};

/** WeChat answered with a non-zero errcode. */
export class WeChatApiError extends Error {
  override readonly name = "WeChatApiError";
  constructor(
    readonly operation: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    const hint = HINTS[errcode];
    super(`WeChat ${operation} failed: errcode ${errcode} (${errmsg})${hint ? ` — ${hint}` : ""}`);
  }
}

const ApiResult = z.looseObject({
  errcode: z.number().int().optional(),
  errmsg: z.string().optional(),
});
type ApiResult = z.infer<typeof ApiResult>;

const TokenResult = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Where the API is and what the client works with. */
export interface ApiClientOptions {
  /** API root, e.g. `https://api.weixin.qq.com`; tests point it at a fake server. */
  baseUrl: string;
  kv: KeyValue;
  fetch?: typeof fetch | undefined;
  now?: (() => number) | undefined;
  /** Per-request time limit; default 10 s. */
  timeoutMs?: number | undefined;
  /** Wait before retrying a "system busy" answer; default 500 ms. */
  busyRetryMs?: number | undefined;
}

/** Sends text messages to one user outside the passive reply. */
export interface MessageSender {
  sendText(user: string, content: string): Promise<void>;
}

function createApiCaller(options: ApiClientOptions) {
  const fetcher = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const root = options.baseUrl.replace(/\/+$/, "");

  return async function callApi(
    operation: string,
    path: string,
    { query, body }: { query: Record<string, string>; body?: unknown },
  ): Promise<ApiResult> {
    const url = new URL(`${root}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    // The URL carries secrets and tokens: errors name the operation, never the URL.
    let response: Response;
    try {
      response = await fetcher(url, {
        method: body === undefined ? "GET" : "POST",
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(
        `WeChat ${operation} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) throw new Error(`WeChat ${operation} failed: HTTP ${response.status}`);
    const parsed = ApiResult.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new Error(`WeChat ${operation} failed: the answer is not JSON`);
    return parsed.data;
  };
}

type ApiCaller = ReturnType<typeof createApiCaller>;

type FetchedToken = { token: string; expiresInSeconds: number };

/** When forced refreshes were taken; the day is WeChat's (China Standard Time). */
interface ForceRecord {
  at: number;
  day: string;
  count: number;
}

const chinaDay = (time: number) => new Date(time + 8 * 3600_000).toISOString().slice(0, 10);

/** How long one process may hold the refresh lock: a fetch's time limit and some margin. */
const REFRESH_LOCK_SECONDS = 15;
/** How long the other processes wait for the lock holder's token before fetching their own. */
const REFRESH_WAIT_MS = 12_000;
const REFRESH_POLL_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A token cache over `kv`: one fetch at a time — in this process, and across processes sharing
 * `kv` (a lock in `kv`; the others wait for the token the holder stores) — refreshed five minutes
 * before expiry, renewed when WeChat rejects it. `fetchToken(true)` asks for a forced refresh;
 * without `canForce` it is never asked for.
 */
function createTokenCache({
  kv,
  cacheKey,
  now,
  fetchToken,
  canForce,
}: {
  kv: KeyValue;
  cacheKey: string;
  now: () => number;
  fetchToken: (forceRefresh: boolean) => Promise<FetchedToken>;
  canForce: boolean;
}) {
  const forceKey = `${cacheKey}:force`;
  const lockKey = `${cacheKey}:lock`;
  let inflight: Promise<string> | undefined;
  let renewing: Promise<string> | undefined;

  const store = async ({ token, expiresInSeconds }: FetchedToken) => {
    const lifetime = Math.max(60, expiresInSeconds - 300);
    const cached: CachedToken = { token, expiresAt: now() + lifetime * 1000 };
    await kv.set(cacheKey, cached, { ttlSeconds: lifetime });
    return token;
  };
  const readValid = async () => {
    const cached = await kv.get<CachedToken>(cacheKey);
    return cached && cached.expiresAt > now() ? cached.token : undefined;
  };

  /**
   * Runs `work` holding the refresh lock, or waits for the holder to store a token `accept`s.
   * A holder that takes too long (its process died) is not waited for past {@link REFRESH_WAIT_MS}.
   */
  const fetchOnce = async (work: () => Promise<string>, accept: (token: string) => boolean) => {
    const deadline = Date.now() + REFRESH_WAIT_MS;
    for (;;) {
      if (await kv.setIfAbsent(lockKey, { at: now() }, { ttlSeconds: REFRESH_LOCK_SECONDS })) {
        try {
          return await work();
        } finally {
          await kv.delete(lockKey);
        }
      }
      if (Date.now() >= deadline) return work();
      await sleep(REFRESH_POLL_MS);
      const token = await readValid();
      if (token !== undefined && accept(token)) return token;
    }
  };

  /** Takes one forced refresh if WeChat's limits leave one; records it in `kv`. */
  const takeForcedRefresh = async () => {
    const time = now();
    const day = chinaDay(time);
    const last = await kv.get<ForceRecord>(forceKey);
    if (last && time - last.at < FORCE_REFRESH_LIMITS.intervalMs) return false;
    const count = last?.day === day ? last.count : 0;
    if (count >= FORCE_REFRESH_LIMITS.perDay) return false;
    await kv.set(forceKey, { at: time, day, count: count + 1 } satisfies ForceRecord, {
      ttlSeconds: 2 * 86_400,
    });
    return true;
  };

  /**
   * A normal fetch first: it gives a new token when the old one expired or another process
   * already forced a refresh. Only if it hands back the rejected token is a refresh forced.
   */
  const renew = async (rejected: string) => {
    const current = await readValid();
    if (current !== undefined && current !== rejected) return current;
    const fetched = await fetchToken(false);
    if (fetched.token !== rejected || !canForce || !(await takeForcedRefresh())) {
      return store(fetched);
    }
    return store(await fetchToken(true));
  };

  return {
    async get(): Promise<string> {
      if (renewing) return renewing;
      const cached = await readValid();
      if (cached) return cached;
      inflight ??= fetchOnce(
        async () => (await readValid()) ?? store(await fetchToken(false)),
        () => true,
      ).finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    /** A token other than `rejected` if WeChat gives one; concurrent callers share the work. */
    async renew(rejected: string): Promise<string> {
      const cached = await readValid();
      if (cached !== undefined && cached !== rejected) return cached;
      if (renewing) return renewing;
      if (inflight) {
        const token = await inflight;
        if (token !== rejected) return token;
      }
      renewing ??= fetchOnce(
        () => renew(rejected),
        (token) => token !== rejected,
      ).finally(() => {
        renewing = undefined;
      });
      return renewing;
    },
  };
}

/** Calls `call` with a token; on a token error renews it, on "busy" waits; once either. */
async function callWithToken(
  operation: string,
  tokens: ReturnType<typeof createTokenCache>,
  call: (token: string) => Promise<ApiResult>,
  busyRetryMs: number,
): Promise<void> {
  let renewed: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const token = renewed ?? (await tokens.get());
    const result = await call(token);
    const code = result.errcode ?? 0;
    if (code === 0) return;
    if (attempt === 0 && TOKEN_ERRORS.has(code)) {
      renewed = await tokens.renew(token);
      continue;
    }
    if (attempt === 0 && code === BUSY) {
      await new Promise((resolve) => setTimeout(resolve, busyRetryMs));
      continue;
    }
    throw new WeChatApiError(operation, code, result.errmsg ?? "");
  }
}

async function fetchAccessToken(
  callApi: ApiCaller,
  operation: string,
  path: string,
  request: { query: Record<string, string>; body?: unknown },
): Promise<FetchedToken> {
  const result = await callApi(operation, path, request);
  if (result.errcode) throw new WeChatApiError(operation, result.errcode, result.errmsg ?? "");
  const parsed = TokenResult.safeParse(result);
  if (!parsed.success) throw new Error(`WeChat ${operation} failed: no access_token in the answer`);
  return { token: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
}

/** The Official Account customer-service message API for one account. */
export function createOfficialAccountSender(
  options: ApiClientOptions & { appId: string; appSecret: string },
): MessageSender {
  const callApi = createApiCaller(options);
  const tokens = createTokenCache({
    kv: options.kv,
    // Not the key `/cgi-bin/token` tokens were kept under: the two kinds are separate at WeChat.
    cacheKey: `wechat:stable-token:${options.appId}`,
    now: options.now ?? Date.now,
    // getStableAccessToken: POST JSON only; the secret travels in the body, not the URL.
    fetchToken: (forceRefresh) =>
      fetchAccessToken(callApi, "access token", "/cgi-bin/stable_token", {
        query: {},
        body: {
          grant_type: "client_credential",
          appid: options.appId,
          secret: options.appSecret,
          force_refresh: forceRefresh,
        },
      }),
    canForce: true,
  });
  return {
    sendText: (user, content) =>
      callWithToken(
        "customer-service message",
        tokens,
        (token) =>
          callApi("customer-service message", "/cgi-bin/message/custom/send", {
            query: { access_token: token },
            body: { touser: user, msgtype: "text", text: { content } },
          }),
        options.busyRetryMs ?? 500,
      ),
  };
}

/** The WeCom application message API for one self-built application. */
export function createWeComSender(
  options: ApiClientOptions & { corpId: string; secret: string; agentId: number },
): MessageSender {
  const callApi = createApiCaller(options);
  const tokens = createTokenCache({
    kv: options.kv,
    cacheKey: `wecom:token:${options.corpId}:${options.agentId}`,
    now: options.now ?? Date.now,
    // WeCom has no stable_token: gettoken is the only way, and there is nothing to force.
    fetchToken: () =>
      fetchAccessToken(callApi, "access token", "/cgi-bin/gettoken", {
        query: { corpid: options.corpId, corpsecret: options.secret },
      }),
    canForce: false,
  });
  return {
    sendText: (user, content) =>
      callWithToken(
        "application message",
        tokens,
        (token) =>
          callApi("application message", "/cgi-bin/message/send", {
            query: { access_token: token },
            body: { touser: user, msgtype: "text", agentid: options.agentId, text: { content } },
          }),
        options.busyRetryMs ?? 500,
      ),
  };
}
