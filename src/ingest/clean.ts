/**
 * @module Removes web boilerplate from document text by general rules — categories of lines
 * (cookie banners, licence numbers, navigation, share widgets, …), never strings copied from one
 * site — while leaving every other line byte-identical apart from whitespace. Pure and
 * deterministic: the result depends only on the one document's text.
 */

/** A paragraph (lines joined by `\n`) or, when `headingLevel` is set, a heading. */
export interface TextBlock {
  text: string;
  /** 1 for a top-level heading, 2 for a sub-heading, and so on; absent for paragraphs. */
  headingLevel?: number;
}

/** Line breaks unified; zero-width characters and soft hyphens dropped; exotic spaces made plain. */
function normaliseCharacters(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
    .replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, " ");
}

/** Splits text into blocks at blank lines. */
export function splitBlocks(text: string): TextBlock[] {
  return normaliseCharacters(text)
    .split(/\n[ \t]*\n/)
    .map((part) => ({ text: part.trim() }))
    .filter((block) => block.text !== "");
}

/** Joins blocks back into text, paragraphs separated by one blank line. */
export function joinBlocks(blocks: TextBlock[]): string {
  return blocks.map((block) => block.text).join("\n\n");
}

const LABEL_WORDS = [
  "Host",
  "Hosted by",
  "Sponsor",
  "Sponsored by",
  "Organi[sz]er",
  "Organi[sz]ed by",
  "Co-organi[sz]er",
  "Undertaker",
  "Undertaken by",
  "Supported by",
  "Operator",
  "Tel",
  "Telephone",
  "Phone",
  "Mobile",
  "Fax",
  "E-?mail",
  "Address",
  "Addr?",
  "Contact(?: number| person)?",
  "Post ?code",
  "Zip ?code",
  "Website",
  "Hotline",
];

/** `AssociationTel:` — a lower-case letter or digit glued to a capitalised contact/credit label. */
const GLUED_LABEL = new RegExp(
  `(?<=[\\p{Ll}\\p{N})])(?=(?:${LABEL_WORDS.join("|")})\\s*[:：])`,
  "gu",
);
/** `Commission渝ICP备…` — a licence number glued to the text before it. */
const GLUED_LICENCE = /(?<=[\p{Script=Latin}\p{N}.,;)])(?=\p{Script=Han}{0,2}(?:ICP|公网安备))/gu;
/** `…reservedCopyright 2020` — a copyright notice glued to the text before it. */
const GLUED_COPYRIGHT = /(?<=[\p{Ll}\p{N}.])(?=(?:Copyright\b|©))/gu;

/** Puts scraped-together footer fields on lines of their own, so each can be judged alone. */
function splitGluedFields(text: string): string {
  return text
    .replace(GLUED_LABEL, "\n")
    .replace(GLUED_LICENCE, "\n")
    .replace(GLUED_COPYRIGHT, "\n");
}

/** Navigation, legal-link and social items; a line made only of these is navigation. */
const NAV_ITEMS = [
  "home",
  "homepage",
  "home page",
  "back",
  "go back",
  "back to top",
  "top",
  "return",
  "return to top",
  "previous",
  "prev",
  "next",
  "more",
  "read more",
  "see more",
  "view more",
  "load more",
  "show more",
  "menu",
  "close",
  "search",
  "login",
  "log in",
  "sign in",
  "sign up",
  "register",
  "logout",
  "log out",
  "subscribe",
  "share",
  "share this",
  "share to",
  "share on",
  "share this article",
  "share this page",
  "print",
  "print this page",
  "print this article",
  "email this",
  "e-mail this",
  "bookmark",
  "font size",
  "text size",
  "about",
  "about us",
  "contact",
  "contact us",
  "sitemap",
  "site map",
  "site index",
  "faq",
  "faqs",
  "help",
  "feedback",
  "jobs",
  "careers",
  "language",
  "english",
  "中文",
  "简体中文",
  "繁體中文",
  "must read",
  "editor's pick",
  "editor's picks",
  "editors' picks",
  "recommended",
  "trending",
  "popular",
  "most read",
  "most popular",
  "most viewed",
  "latest",
  "latest news",
  "related",
  "related news",
  "related articles",
  "related stories",
  "related links",
  "related reading",
  "hot news",
  "hot topics",
  "top stories",
  "top news",
  "you may also like",
  "you might also like",
  "more news",
  "more stories",
  "facebook",
  "twitter",
  "linkedin",
  "weibo",
  "wechat",
  "youtube",
  "instagram",
  "whatsapp",
  "telegram",
  "privacy",
  "privacy policy",
  "privacy statement",
  "privacy notice",
  "cookie policy",
  "cookie statement",
  "cookie notice",
  "cookie settings",
  "cookies",
  "terms",
  "terms of use",
  "terms of service",
  "terms and conditions",
  "disclaimer",
  "legal notice",
  "imprint",
  "accessibility",
  "首页",
  "返回",
  "返回顶部",
  "上一篇",
  "下一篇",
  "分享",
  "分享到",
  "打印",
  "打印本页",
  "关闭",
  "关闭窗口",
  "收藏",
  "加入收藏",
  "设为首页",
  "网站地图",
  "联系我们",
  "关于我们",
  "隐私政策",
  "免责声明",
  "法律声明",
  "登录",
  "注册",
  "搜索",
  "更多",
  "相关新闻",
  "相关阅读",
  "推荐阅读",
  "热点新闻",
  "微信",
  "微博",
];

/**
 * Items that may also be a real heading when they stand alone (`Contact us` above an address), so
 * a line holding only one of them is kept; with other items around them they are navigation.
 */
const AMBIGUOUS_ALONE = new Set([
  "about",
  "about us",
  "contact",
  "contact us",
  "help",
  "faq",
  "faqs",
  "feedback",
  "jobs",
  "careers",
  "language",
  "english",
  "latest",
  "related",
  "popular",
  "recommended",
  "search",
  "privacy",
  "terms",
  "disclaimer",
  "accessibility",
  "联系我们",
  "关于我们",
  "免责声明",
]);

const NAV_PHRASES = new Map<string, string[][]>();
for (const item of NAV_ITEMS) {
  const words = item.split(" ");
  const first = words[0] ?? "";
  const list = NAV_PHRASES.get(first) ?? [];
  list.push(words);
  NAV_PHRASES.set(first, list);
}
for (const list of NAV_PHRASES.values()) list.sort((a, b) => b.length - a.length);

const FILLER_WORDS = new Set(["our", "the", "and", "or", "to", "us", "read", "see", "view"]);

/**
 * The navigation items a line consists of, or `undefined` when anything else is in it. Glued items
 * (`About UsContact Us`) are separated at lower/upper-case boundaries first.
 */
function readNavItems(line: string): string[] | undefined {
  const words = line
    .replace(/(?<=\p{Ll})(?=\p{Lu})/gu, " ")
    .replace(/[|·•/>»›→｜,&:：;+＞、【】[\]()（）]+/g, " ")
    .replace(/[’`]/g, "'")
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  const items: string[] = [];
  let index = 0;
  while (index < words.length) {
    const word = words[index] ?? "";
    const phrase = NAV_PHRASES.get(word)?.find((candidate) =>
      candidate.every((part, offset) => words[index + offset] === part),
    );
    if (phrase) {
      items.push(phrase.join(" "));
      index += phrase.length;
    } else if (FILLER_WORDS.has(word)) {
      index += 1;
    } else {
      return undefined;
    }
  }
  return items.length > 0 ? items : undefined;
}

function isNavigation(line: string): boolean {
  if (/^(you are here|当前位置|您的位置|您现在的位置)\s*[:：]/i.test(line)) return true;
  if (/^(home|homepage|首页)\s*[>»›→/＞|]/i.test(line)) return true;
  if (/^share (this|on|to|via)\b.{0,40}$/i.test(line)) return true;
  if (/^分享到\s*[:：]?.{0,30}$/.test(line)) return true;
  const items = readNavItems(line);
  if (!items) return false;
  return !(items.length === 1 && AMBIGUOUS_ALONE.has(items[0] ?? ""));
}

const CONSENT_BUTTON =
  /^(i agree|agree|i accept|accept|accept all|accept all cookies|accept cookies|allow cookies|allow all|allow all cookies|reject|reject all|decline|deny|got it|ok|okay|i understand|dismiss|manage cookies|manage preferences|manage settings|customi[sz]e settings|cookie preferences|同意|我同意|接受|拒绝|知道了)[.!]?$/i;

function isCookieNotice(line: string): boolean {
  if (CONSENT_BUTTON.test(line)) return true;
  if (line.length > 500 || !/cookie/i.test(line)) return false;
  return /agree|consent|accept|allow|use of|we use|uses|brows|continu|setting|preference|polic|statement|notice|reject|decline/i.test(
    line,
  );
}

function isLegalNotice(line: string): boolean {
  if (line.length > 300) return false;
  if (/^(copyright\s*(©|\(c\)|\d{4}|[:：]|by\b)|©|\(c\)\s*\d{4})/i.test(line)) return true;
  if (/\ball rights reserved\b|版权所有|版权声明/i.test(line)) return true;
  if (/\bproh\w*bited\b.{0,40}\b(cop|reproduc|reprint|republish|mirror)/i.test(line)) return true;
  if (/\b(no|without)\b.{0,30}\b(reproduction|reprint)\w*\b.{0,40}\bpermission/i.test(line)) {
    return true;
  }
  if (/(未经|严禁).{0,20}(转载|复制|镜像|摘编)/.test(line)) return true;
  return false;
}

/** ICP filing numbers and Chinese internet licences: always a number, which tells them from prose. */
function isLicenceLine(line: string): boolean {
  if (line.length > 300) return false;
  if (/ICP\s*(备|证)\s*(案\s*)?(号\s*)?[:：]?\s*\d/.test(line)) return true;
  if (/[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP\s*(备|证)/.test(line))
    return true;
  if (/\bICP\s*(licen[cs]e|filing|record|reg\w*)?\s*(no\.?|number|#)\s*[:：]?\s*\d/i.test(line)) {
    return true;
  }
  if (/公网安备\s*\d|网安备\s*\d/.test(line)) return true;
  if (/许可证\s*(编号|号)?\s*[:：]?\s*\d/.test(line)) return true;
  return false;
}

/** A reporting hotline: illegal/harmful content plus a number or address to report it to. */
function isReportHotline(line: string): boolean {
  const givesContact = /\d{3,}|@|hotline|telephone|phone|call|电话|邮箱/i.test(line);
  if (line.length > 200 || !givesContact) return false;
  if (
    /\b(illegal|harmful|undesirable|inappropriate|objectionable)\b.{0,40}\b(information|content)\b.{0,80}\breport/i.test(
      line,
    )
  ) {
    return true;
  }
  if (
    /\breport\w*\b.{0,30}\b(illegal|harmful|undesirable)\b.{0,30}\b(information|content)/i.test(
      line,
    )
  ) {
    return true;
  }
  return /(违法(和|与|及)?不良信息|不良信息).{0,10}举报|举报(电话|邮箱|中心|专区)/.test(line);
}

function isMessageWidget(line: string): boolean {
  if (
    /^(leave|leaving|post|send|write)\s+(us\s+)?(a\s+|your\s+)?(message|comment|reply|feedback)\b.{0,30}$/i.test(
      line,
    )
  ) {
    return true;
  }
  return /^(online\s+)?(message\s+board|guestbook)$/i.test(line) || /^(我要)?留言(板)?$/.test(line);
}

/** A QR-code widget or "follow us" prompt, not prose that mentions paying by QR code. */
function isQrCodePrompt(line: string): boolean {
  if (line.length > 120 || /https?:\/\/|www\.|@/.test(line)) return false;
  if (/^([\p{L}]+\s+){0,3}qr\s?codes?$/iu.test(line)) return true;
  if (
    /\bscan\b.{0,20}\bqr\s?code\b.{0,40}\b(follow|wechat|weixin|weibo|download|subscribe|account)/i.test(
      line,
    )
  ) {
    return true;
  }
  if (/^(扫一扫|扫码|扫描二维码).{0,20}$|^.{0,12}二维码$/.test(line)) return true;
  return /^follow us\b.{0,40}$/i.test(line);
}

/** `SiteName Title`: a CMS printing a literal placeholder; only checked on a page's first line. */
function isTitlePlaceholder(line: string): boolean {
  if (/^[\p{L}\p{N}][\p{L}\p{N}&.'-]*\s+title$/iu.test(line)) return true;
  return /^(untitled( document| page)?|page title|document title|no title)$/i.test(line);
}

/** A caption that is only a credit: `(Photo/Xinhua)`, `Photo: Li Ming`, `(iChongqing file photo)`. */
function isPhotoCredit(line: string): boolean {
  if (line.length > 80) return false;
  if (
    /^\(?\s*(photo|photos|photograph|image|picture|pic|graphic|video|图|图片|摄影|供图)\s*(\/|:|：|by\b|courtesy\b|credit\b)[^()]*\)?\.?$/i.test(
      line,
    )
  ) {
    return true;
  }
  return /^\(?[\p{L}\p{N} .'-]{0,40}\bfile (photo|image|picture)\)?\.?$/iu.test(line);
}

const LINE_RULES: [category: string, test: (line: string) => boolean][] = [
  ["cookie-notice", isCookieNotice],
  ["licence", isLicenceLine],
  ["legal-notice", isLegalNotice],
  ["report-hotline", isReportHotline],
  ["message-widget", isMessageWidget],
  ["qr-code", isQrCodePrompt],
  ["photo-credit", isPhotoCredit],
  ["navigation", isNavigation],
  ["punctuation-only", (line) => /^[\p{P}\p{S}\s]+$/u.test(line)],
];

/**
 * The boilerplate category a single line falls in (`"cookie-notice"`, `"licence"`,
 * `"navigation"`, …), or `undefined` for a line to keep.
 */
export function classifyBoilerplateLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed) return undefined;
  return LINE_RULES.find(([, test]) => test(trimmed))?.[0];
}

const LABEL_LINE = /^[\p{L}][\p{L} .'-]{0,30}[:：]\s*\S/u;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const PHONE = /\+?\d[\d\s()-]{6,}\d/;
const URL_LIKE = /https?:\/\/|www\./i;

/** A footer line with contact facts (label, e-mail, phone or web address), kept at a page's end. */
function isContactLine(line: string): boolean {
  return LABEL_LINE.test(line) || EMAIL.test(line) || PHONE.test(line) || URL_LIKE.test(line);
}

const MINOR_WORDS = new Set([
  "a",
  "an",
  "the",
  "of",
  "in",
  "on",
  "and",
  "or",
  "for",
  "with",
  "to",
  "at",
  "by",
  "as",
  "from",
  "into",
]);

/**
 * A site slogan: 3–12 words, every significant word capitalised, no digits, no sentence or field
 * punctuation, nothing about contacting anyone (`A Land of Natural Beauty, A City with Appeal`).
 */
function isSloganFragment(line: string): boolean {
  if (/[\d:;.!?。！？：；|@/()]/.test(line) || /contact|address|phone|email|inquir/i.test(line)) {
    return false;
  }
  const words = line.split(/[\s,，]+/).filter(Boolean);
  if (words.length < 3 || words.length > 12) return false;
  return words.every((word) => MINOR_WORDS.has(word.toLowerCase()) || /^\p{Lu}/u.test(word));
}

/**
 * Drops slogan fragments standing alone among the page's closing lines — after the last real
 * paragraph, interleaved only with contact lines. A heading is never dropped here.
 */
function dropClosingSlogans(blocks: TextBlock[]): TextBlock[] {
  const kept = [...blocks];
  for (let index = kept.length - 1; index >= 0; index -= 1) {
    const block = kept[index];
    if (!block || block.headingLevel !== undefined) break;
    const lines = block.text.split("\n");
    const [only] = lines;
    if (lines.length === 1 && only !== undefined && isSloganFragment(only)) {
      kept.splice(index, 1);
    } else if (!lines.every(isContactLine)) {
      break;
    }
  }
  return kept;
}

const CREDIT_LINE =
  /^(host(ed by)?|sponsor(ed by)?|(co-)?organi[sz](er|ed by)|undertak(er|en by)|supported by|operator|主办|承办|协办)(单位)?\s*[:：]/i;

/**
 * A site credit (`Host:`, `Undertaker:`, `主办：`) repeated in a page — printed in header and
 * footer — is kept only where it last appears, which is where the page's contact block usually is.
 */
function dropRepeatedCredits(blocks: string[][]): void {
  const lastSeen = new Map<string, string>();
  blocks.forEach((lines, blockIndex) => {
    lines.forEach((line, lineIndex) => {
      if (CREDIT_LINE.test(line)) lastSeen.set(line, `${blockIndex}:${lineIndex}`);
    });
  });
  blocks.forEach((lines, blockIndex) => {
    for (let lineIndex = lines.length - 1; lineIndex >= 0; lineIndex -= 1) {
      const line = lines[lineIndex] ?? "";
      const last = lastSeen.get(line);
      if (last !== undefined && last !== `${blockIndex}:${lineIndex}`) {
        lines.splice(lineIndex, 1);
      }
    }
  });
}

function tidyLines(text: string, isHeading: boolean): string[] {
  const lines = splitGluedFields(normaliseCharacters(text))
    .split("\n")
    .map((line) => line.replace(/ {2,}/g, " ").trim())
    .filter((line) => line !== "");
  return isHeading && lines.length > 1 ? [lines.join(" ")] : lines;
}

/**
 * Cleans a document given as blocks: whitespace collapsed, glued footer fields separated, and
 * boilerplate lines, repeated masthead lines and closing slogans removed. Blocks left empty
 * disappear; a heading that is itself boilerplate goes too.
 */
export function cleanBlocks(blocks: TextBlock[]): TextBlock[] {
  const lineSets = blocks.map((block) =>
    tidyLines(block.text, block.headingLevel !== undefined).filter(
      (line) => classifyBoilerplateLine(line) === undefined,
    ),
  );
  dropRepeatedCredits(lineSets);
  const firstLines = lineSets.find((lines) => lines.length > 0);
  if (firstLines?.[0] !== undefined && isTitlePlaceholder(firstLines[0])) firstLines.shift();
  const cleaned: TextBlock[] = [];
  blocks.forEach((block, index) => {
    const lines = lineSets[index] ?? [];
    if (lines.length === 0) return;
    const text = lines.join("\n");
    cleaned.push(
      block.headingLevel === undefined ? { text } : { text, headingLevel: block.headingLevel },
    );
  });
  return dropClosingSlogans(cleaned);
}

/**
 * Cleans one document's plain text (paragraphs separated by blank lines) and returns it with
 * paragraphs separated by exactly one blank line. Ordinary sentences come back unchanged except
 * for whitespace.
 */
export function cleanText(text: string): string {
  return joinBlocks(cleanBlocks(splitBlocks(text)));
}
