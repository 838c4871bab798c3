/**
 * @module Builds DOM nodes. Strings always become text nodes or attribute values — never
 * markup — so corpus passages and model answers cannot inject HTML. No module of this page
 * uses an HTML-parsing DOM API; `src/channels/web/page.test.ts` keeps it that way.
 */
import { setLocalText, t } from "./i18n.js";

/**
 * Creates an element. `attrs`: `class`, `on<event>` listeners, `i18n` / `i18nLabel` /
 * `i18nPlaceholder` translation keys with `i18nVars`, `localText` (`{ en, zh }`: text that
 * comes with the data, such as a document's title and its Chinese title), and any other
 * attribute (`true` means present, `false`/`undefined` absent). String children are inserted as
 * text.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  const { i18n, i18nLabel, i18nPlaceholder, i18nVars, localText, ...rest } = attrs;
  for (const [name, value] of Object.entries(rest)) {
    if (value === undefined || value === false || value === null) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  if (i18nVars) node.dataset.i18nVars = JSON.stringify(i18nVars);
  if (i18n) {
    node.dataset.i18n = i18n;
    node.textContent = t(i18n, i18nVars);
  }
  if (i18nLabel) {
    node.dataset.i18nLabel = i18nLabel;
    node.setAttribute("aria-label", t(i18nLabel, i18nVars));
    node.title = t(i18nLabel, i18nVars);
  }
  if (i18nPlaceholder) {
    node.dataset.i18nPlaceholder = i18nPlaceholder;
    node.placeholder = t(i18nPlaceholder, i18nVars);
  }
  if (localText) setLocalText(node, localText);
  node.append(...children.filter((child) => child !== undefined && child !== null));
  return node;
}

/** Sets a node's text by translation key (and variables), so a language switch updates it. */
export function setText(node, key, vars) {
  node.dataset.i18n = key;
  if (vars) node.dataset.i18nVars = JSON.stringify(vars);
  else delete node.dataset.i18nVars;
  node.textContent = t(key, vars);
}

const SVG = "http://www.w3.org/2000/svg";
/** Material Icons "thumb_up" (Apache-2.0); thumbs down is the same shape rotated in CSS. */
const THUMB =
  "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

/** The thumb icon, hidden from assistive technology (its button carries the label). */
export function thumbIcon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", THUMB);
  svg.append(path);
  return svg;
}
