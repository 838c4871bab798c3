/**
 * @module The cited passage in a modal dialog: the document's title (in Chinese where it has a
 * Chinese title and the page is in Chinese), publisher, date (marked approximate where the
 * metadata says so), a link to the original, and the passage itself — all inserted as text. A
 * native <dialog> opened with showModal() keeps focus inside, closes on Escape and returns focus
 * to the marker that opened it.
 */
import { setText } from "./dom.js";
import { setLocalText } from "./i18n.js";

/** Punctuation a passage can start with when its chunk was cut just after a sentence ended. */
const STRAY_START = /^[\s.,;:!?)\]}，。；：！？、）】」』”’]+/u;

/**
 * The passage as shown: without the stray punctuation a cut left at its start (". Promote…"
 * reads "Promote…"); `continues` when it still starts inside a sentence (a lower-case word).
 */
export function trimPassage(text) {
  const trimmed = text.replace(STRAY_START, "");
  return { text: trimmed, continues: /^\p{Ll}/u.test(trimmed) };
}

/** A link target the page may open: a web address, nothing else (no `javascript:`). */
export function getSafeUrl(url) {
  if (typeof url !== "string" || url === "") return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Wires the page's source dialog; returns `open(citation)`. */
export function createSourceDialog(dialog) {
  const $ = (selector) => dialog.querySelector(selector);
  const number = $("#source-number");
  const title = $("#source-title");
  const publisherRow = $("#source-publisher-row");
  const publisher = $("#source-publisher");
  const date = $("#source-date");
  const linkRow = $("#source-link-row");
  const link = $("#source-link");
  const passage = $("#source-text");
  $("[data-close]").addEventListener("click", () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  return function open(citation) {
    setText(number, "sourceNumber", { n: citation.n });
    setLocalText(title, { en: citation.title, zh: citation.titleZh });
    publisherRow.hidden = !citation.publisher;
    publisher.textContent = citation.publisher ?? "";
    if (!citation.date || citation.date === "undated") setText(date, "undated");
    else if (citation.dateApproximate) setText(date, "dateApproximate", { date: citation.date });
    else {
      delete date.dataset.i18n;
      delete date.dataset.i18nVars;
      date.textContent = citation.date;
    }
    const url = getSafeUrl(citation.sourceUrl);
    linkRow.hidden = !url;
    if (url) link.href = url;
    else link.removeAttribute("href");
    const shown = trimPassage(citation.text);
    passage.textContent = shown.text;
    passage.classList.toggle("continues", shown.continues);
    dialog.showModal();
    passage.scrollTop = 0;
  };
}
