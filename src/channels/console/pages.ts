/**
 * @module The staff console's pages: `GET /admin` (the console when signed in, else the sign-in
 * form answered 401), `POST /admin/sign-in` (exchanges ADMIN_TOKEN for a session cookie:
 * HttpOnly, SameSite=Strict, Secure behind HTTPS, expiring), `POST /admin/sign-out`, and
 * `GET /admin/eval-report` (the latest evaluation report, when the server has one). The sign-in
 * page is rendered here with no script, in English or Chinese (`?lang=zh` or the browser's
 * Accept-Language); the console itself is `admin.html` from the web assets.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import {
  DISABLED_MESSAGE,
  hasSession,
  isCrossSite,
  isSameSecret,
  SESSION_COOKIE,
  type StaffAuth,
} from "../../http/admin.ts";
import type { AppEnv } from "../../http/shared.ts";
import type { WebAssets } from "../../http/web-assets.ts";

/** Same policy as the chat page's, plus posting the sign-in form to this origin. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

type Language = "en" | "zh";

const TEXT = {
  en: {
    title: "Staff console — Chongqing Investment Assistant",
    heading: "Staff console",
    intro: "Sign in with the server's staff token (ADMIN_TOKEN).",
    label: "Staff token",
    submit: "Sign in",
    wrong: "That token is not right.",
    locked: "Too many wrong tokens from this address. Try again later.",
    crossSite: "This sign-in came from another site and was refused.",
    disabled: DISABLED_MESSAGE,
    other: "中文",
    otherLang: "zh",
  },
  zh: {
    title: "管理后台 — 重庆投资助手",
    heading: "管理后台",
    intro: "请使用服务器的管理令牌（ADMIN_TOKEN）登录。",
    label: "管理令牌",
    submit: "登录",
    wrong: "令牌不正确。",
    locked: "该地址输错令牌次数过多，请稍后再试。",
    crossSite: "此登录请求来自其他网站，已被拒绝。",
    disabled: "本服务器未启用管理后台：请设置 ADMIN_TOKEN（至少 16 个字符）后重启。",
    other: "English",
    otherLang: "en",
  },
} as const;

function pickLanguage(c: Context): Language {
  const asked = c.req.query("lang");
  if (asked === "zh" || asked === "en") return asked;
  return /^zh\b/i.test(c.req.header("accept-language") ?? "") ? "zh" : "en";
}

function renderSignIn(language: Language, problem?: keyof (typeof TEXT)["en"]) {
  const t = TEXT[language];
  const disabled = problem === "disabled";
  return html`<!doctype html>
<html lang="${language === "zh" ? "zh-Hans" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/admin.css">
</head>
<body class="sign-in-page">
<main class="sign-in">
  <img src="/assets/icon.svg" alt="" width="48" height="48">
  <h1>${t.heading}</h1>
  ${problem ? html`<p class="notice error" role="alert" id="sign-in-error">${t[problem]}</p>` : ""}
  ${
    disabled
      ? ""
      : html`<p>${t.intro}</p>
  <form method="post" action="/admin/sign-in?lang=${language}">
    <label for="token">${t.label}</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required minlength="1" maxlength="500" autofocus>
    <button type="submit" class="primary">${t.submit}</button>
  </form>`
  }
  <p><a href="/admin?lang=${t.otherLang}" lang="${t.otherLang === "zh" ? "zh-Hans" : "en"}">${t.other}</a></p>
</main>
</body>
</html>`;
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

export interface ConsolePageOptions {
  auth: StaffAuth;
  web: WebAssets | undefined;
  /** The latest evaluation report as HTML, when the server has one. */
  readEvalReport?: (() => Promise<string | undefined>) | undefined;
}

/** The console pages sub-app. */
export function createConsolePageRoutes({ auth, web, readEvalReport }: ConsolePageOptions) {
  const app = new Hono<AppEnv>();
  const page = (c: Context, body: Promise<string> | string, status: 200 | 401 | 403 | 429) =>
    c.html(body, status, PAGE_HEADERS);

  app.get("/admin", async (c) => {
    const language = pickLanguage(c);
    if (!auth.token) return page(c, renderSignIn(language, "disabled"), 403);
    if (!(await hasSession(auth, c))) return page(c, renderSignIn(language), 401);
    const consolePage = web?.["admin.html"];
    if (consolePage === undefined) return c.text("The console page is not installed.", 404);
    return page(c, consolePage, 200);
  });

  app.post("/admin/sign-in", async (c) => {
    const language = pickLanguage(c);
    if (!auth.token || !auth.sessions) return page(c, renderSignIn(language, "disabled"), 403);
    if (isCrossSite(c)) return page(c, renderSignIn(language, "crossSite"), 403);
    const key = auth.getClientKey(c);
    const wait = auth.failures.retryAfter(key);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return page(c, renderSignIn(language, "locked"), 429);
    }
    let token = "";
    try {
      const form = await c.req.parseBody();
      token = typeof form.token === "string" ? form.token.trim() : "";
    } catch {
      token = "";
    }
    if (!token || !(await isSameSecret(token, auth.token))) {
      auth.failures.fail(key);
      return page(c, renderSignIn(language, "wrong"), 401);
    }
    auth.failures.clear(key);
    const id = await auth.sessions.create();
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: "Strict",
      secure: isHttps(c),
      path: "/",
      maxAge: auth.sessions.ttlSeconds,
    });
    return c.redirect(`/admin?lang=${language}`, 303);
  });

  app.post("/admin/sign-out", async (c) => {
    if (isCrossSite(c)) return page(c, renderSignIn(pickLanguage(c), "crossSite"), 403);
    await auth.sessions?.destroy(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, {
      path: "/",
      httpOnly: true,
      sameSite: "Strict",
      secure: isHttps(c),
    });
    return c.redirect(`/admin?lang=${pickLanguage(c)}`, 303);
  });

  app.get("/admin/eval-report", async (c) => {
    if (!auth.token) return page(c, renderSignIn(pickLanguage(c), "disabled"), 403);
    if (!(await hasSession(auth, c))) return page(c, renderSignIn(pickLanguage(c)), 401);
    const report = await readEvalReport?.();
    if (report === undefined) {
      return c.text("No evaluation report on this server yet: run `npm run eval`.", 404);
    }
    // The report is the project's own HTML; it keeps its inline styles but may run nothing.
    return c.html(report, 200, {
      ...PAGE_HEADERS,
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    });
  });

  return app;
}
