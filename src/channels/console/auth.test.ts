/**
 * The staff console's sign-in and guard: 401 without a session or token everywhere, cookie
 * attributes, the lockout after wrong tokens, cross-site refusals, sign-out, token rotation, and
 * the console switched off with a message naming ADMIN_TOKEN.
 */
import { describe, expect, it } from "vitest";
import { createMemoryKeyValue } from "../../adapters/memory/key-value.ts";
import { MAX_FAILED_SIGN_INS, SESSION_COOKIE } from "../../http/admin.ts";
import { createRecordsApp, TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";

const WEB = { "admin.html": "<!doctype html><title>console</title><main>CONSOLE</main>" };

function setup(options: Parameters<typeof createRecordsApp>[0] = {}) {
  const made = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN, web: WEB, ...options });
  const signIn = (
    token: string,
    headers: Record<string, string> = {},
    url = "http://localhost/admin/sign-in",
  ) =>
    made.app.request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ token }).toString(),
    });
  const sessionCookie = async (headers: Record<string, string> = {}) => {
    const res = await signIn(TEST_ADMIN_TOKEN, headers);
    expect(res.status).toBe(303);
    const cookie = /cq_staff_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    expect(cookie).toBeTruthy();
    return `${SESSION_COOKIE}=${cookie}`;
  };
  return { ...made, signIn, sessionCookie };
}

const CONSOLE_ROUTES: [string, string][] = [
  ["GET", "/admin"],
  ["GET", "/admin/eval-report"],
  ["GET", "/api/admin/questions"],
  ["GET", "/api/admin/unanswered"],
  ["POST", "/api/admin/unanswered/handled"],
  ["GET", "/api/admin/stats"],
  ["GET", "/api/admin/documents"],
  ["POST", "/api/admin/documents"],
  ["DELETE", "/api/admin/documents/some-doc"],
  ["GET", "/api/admin/documents/jobs/some-job"],
  ["GET", "/api/inquiries"],
  ["GET", "/api/inquiries.csv"],
  ["PATCH", "/api/inquiries/some-id"],
  ["GET", "/api/feedback"],
];

describe("without a session or the token", () => {
  it.each(CONSOLE_ROUTES)("%s %s answers 401", async (method, path) => {
    const { app } = setup();
    const res = await app.request(path, { method });
    expect(res.status).toBe(401);
  });

  it("shows the sign-in form at /admin, in Chinese when asked", async () => {
    const { app } = setup();
    const en = await app.request("/admin");
    expect(await en.text()).toContain('name="token"');
    const zh = await app.request("/admin", { headers: { "accept-language": "zh-CN,zh;q=0.9" } });
    expect(await zh.text()).toContain("管理令牌");
  });

  it("is switched off, naming ADMIN_TOKEN, when no token is configured", async () => {
    const { app } = createRecordsApp({ web: WEB });
    const page = await app.request("/admin");
    expect(page.status).toBe(403);
    const text = await page.text();
    expect(text).toContain("ADMIN_TOKEN");
    expect(text).not.toContain('name="token"');
    const api = await app.request("/api/admin/questions");
    expect(api.status).toBe(403);
    expect((await api.json()).error.message).toContain("ADMIN_TOKEN");
    expect((await app.request("/admin/sign-in", { method: "POST" })).status).toBe(403);
  });
});

describe("signing in", () => {
  it("exchanges the token for an HttpOnly, SameSite=Strict, expiring session cookie", async () => {
    const { app, signIn } = setup();
    const res = await signIn(TEST_ADMIN_TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin?lang=en");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^cq_staff_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain(`Max-Age=${12 * 3600}`);
    expect(cookie).not.toContain("Secure");
    const session = cookie.split(";")[0] ?? "";
    const page = await app.request("/admin", { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("CONSOLE");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const api = await app.request("/api/admin/questions", { headers: { cookie: session } });
    expect(api.status).toBe(200);
  });

  it("marks the cookie Secure behind HTTPS", async () => {
    const { signIn } = setup();
    const direct = await signIn(TEST_ADMIN_TOKEN, {}, "https://example.com/admin/sign-in");
    expect(direct.headers.get("set-cookie")).toContain("Secure");
    const proxied = await signIn(TEST_ADMIN_TOKEN, { "x-forwarded-proto": "https" });
    expect(proxied.headers.get("set-cookie")).toContain("Secure");
  });

  it("refuses a wrong token with 401 and no cookie", async () => {
    const { signIn } = setup();
    for (const token of ["", "wrong-token-0123456789", TEST_ADMIN_TOKEN.slice(1)]) {
      const res = await signIn(token);
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(await res.text()).toContain("not right");
    }
  });

  it(`locks an address out after ${MAX_FAILED_SIGN_INS} wrong tokens, even for the right one`, async () => {
    const { app, signIn } = setup();
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect((await signIn(`wrong-token-${i}-0123456789`)).status).toBe(401);
    }
    const locked = await signIn(TEST_ADMIN_TOKEN);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    const bearer = await app.request("/api/admin/questions", {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(bearer.status).toBe(429);
  });

  it("counts wrong bearer tokens towards the same lockout", async () => {
    const { app } = setup();
    const ask = (token: string) =>
      app.request("/api/admin/stats", { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect((await ask(`wrong-token-${i}-0123456789`)).status).toBe(401);
    }
    expect((await ask(TEST_ADMIN_TOKEN)).status).toBe(429);
  });
});

describe("cross-site requests", () => {
  it("are refused for state changes made with the session cookie", async () => {
    const { app, inquiries, sessionCookie } = setup();
    const cookie = await sessionCookie();
    await inquiries.append({
      id: "i1",
      createdAt: new Date().toISOString(),
      name: "Ana",
      company: "",
      email: "ana@example.com",
      country: "Germany",
      sector: "other",
      message: "Hi",
      consent: true,
      conversation: [],
    });
    const patch = (headers: Record<string, string>) =>
      app.request("http://localhost/api/inquiries/i1", {
        method: "PATCH",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ status: "closed" }),
      });
    const crossSite: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "https://evil.example" },
      { origin: "null" },
    ];
    for (const headers of crossSite) {
      const res = await patch(headers);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden:csrf");
    }
    expect((await patch({ "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await patch({ origin: "http://localhost" })).status).toBe(200);
    const proxied = { origin: "https://invest.example", "x-forwarded-host": "invest.example" };
    expect((await patch(proxied)).status).toBe(200);
  });

  it("cannot sign a browser in from another site", async () => {
    const { signIn } = setup();
    const res = await signIn(TEST_ADMIN_TOKEN, { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("sessions end", () => {
  it("on sign-out", async () => {
    const { app, sessionCookie } = setup();
    const cookie = await sessionCookie();
    const out = await app.request("/admin/sign-out", { method: "POST", headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/cq_staff_session=;.*Max-Age=0/);
    expect((await app.request("/api/admin/stats", { headers: { cookie } })).status).toBe(401);
  });

  it("when ADMIN_TOKEN changes", async () => {
    const sessions = createMemoryKeyValue();
    const before = setup({ sessions });
    const cookie = await before.sessionCookie();
    expect((await before.app.request("/api/admin/stats", { headers: { cookie } })).status).toBe(
      200,
    );
    const after = setup({ sessions, adminToken: `${TEST_ADMIN_TOKEN}-rotated` });
    expect((await after.app.request("/api/admin/stats", { headers: { cookie } })).status).toBe(401);
  });

  it("when they expire", async () => {
    const { app, sessionCookie } = setup({ sessionHours: 1 / 3600 });
    const cookie = await sessionCookie();
    expect((await app.request("/api/admin/stats", { headers: { cookie } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await app.request("/api/admin/stats", { headers: { cookie } })).status).toBe(401);
  });
});
