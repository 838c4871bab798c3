/**
 * @module Interface text in English and Simplified Chinese. The page follows the browser's
 * language until the visitor picks one with the switch; the choice is remembered. Elements carry
 * their text as keys (`data-i18n`, `data-i18n-label`, `data-i18n-placeholder`, with variables in
 * `data-i18n-vars`), so a switch re-translates everything already on the page.
 */
import { STRINGS } from "./strings.js";

const STORAGE_KEY = "cq-assistant-language";
/** BCP 47 tags for the `lang` attribute. */
const TAGS = { en: "en", zh: "zh-Hans" };

let language = detectLanguage();

function detectLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "zh") return saved;
  } catch {
    // Storage can be blocked; fall back to the browser's languages.
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith("zh")) return "zh";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

/** The current interface language, `en` or `zh`. */
export function getLanguage() {
  return language;
}

function lookup(table, key) {
  return key.split(".").reduce((node, part) => node?.[part], table);
}

/** `{ en, zh }` text in the current language (English where there is no Chinese). */
function pick(text) {
  return text && typeof text === "object" ? (text[language] ?? text.en) : text;
}

/**
 * Text for `key` (dots reach into groups) in the current language, `{name}`s filled in; a
 * variable may itself be `{ en, zh }`.
 */
export function t(key, vars = {}) {
  const template = lookup(STRINGS[language], key) ?? lookup(STRINGS.en, key) ?? key;
  if (typeof template !== "string") return template;
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    name in vars ? String(pick(vars[name])) : whole,
  );
}

/**
 * Gives `node` text that comes in both languages with the data (`{ en, zh }`, `zh` optional),
 * shown in the current language and marked with the language it is in.
 */
export function setLocalText(node, { en, zh }) {
  node.dataset.textEn = en;
  if (zh) node.dataset.textZh = zh;
  else delete node.dataset.textZh;
  showLocalText(node);
}

function showLocalText(node) {
  const zh = language === "zh" ? node.dataset.textZh : undefined;
  node.textContent = zh ?? node.dataset.textEn;
  node.lang = zh ? TAGS.zh : TAGS.en;
}

/** Re-translates every keyed element under `root`. */
export function translate(root = document) {
  for (const node of root.querySelectorAll(
    "[data-i18n],[data-i18n-label],[data-i18n-placeholder]",
  )) {
    const vars = node.dataset.i18nVars ? JSON.parse(node.dataset.i18nVars) : {};
    if (node.dataset.i18n) node.textContent = t(node.dataset.i18n, vars);
    if (node.dataset.i18nLabel) {
      node.setAttribute("aria-label", t(node.dataset.i18nLabel, vars));
      node.title = t(node.dataset.i18nLabel, vars);
    }
    if (node.dataset.i18nPlaceholder) node.placeholder = t(node.dataset.i18nPlaceholder, vars);
  }
  for (const node of root.querySelectorAll("[data-text-en]")) showLocalText(node);
}

/** Switches the interface language, remembers it and re-translates the page. */
export function setLanguage(next) {
  language = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered; the switch still applies to this visit.
  }
  applyLanguage();
}

/** Applies the current language to the document. */
export function applyLanguage() {
  document.documentElement.lang = TAGS[language];
  document.title = t("title");
  translate(document);
}
