/**
 * @module Inline citation markers and their numbering. Answers cite sources as `[n]`; while an
 * LLM answer is still streaming it may also write `[1, 3]` or `【2】` (the final answer normalises
 * them). The page numbers sources 1..n in the order the answer first cites them, whatever numbers
 * the answer used, so a single source never shows as [8]. Markers become buttons that open the
 * passage; everything else stays text.
 */
import { el } from "./dom.js";

const MARKER = /\[(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\]|【(\d{1,2})】/g;

/** Splits answer text into `{ text }` and `{ n }` pieces, in order. */
export function splitCitations(text) {
  const pieces = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    for (const n of (match[1] ?? match[2]).split(/\s*[,，、]\s*/)) pieces.push({ n: Number(n) });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/**
 * The citations renumbered for display: those the text cites first, in order of first use, then
 * any others in the order given. Each keeps its fields, `n` becomes the shown number; the map
 * leads from the number in the text to the renumbered citation.
 */
export function numberCitations(text, citations) {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const ordered = [];
  for (const piece of splitCitations(text)) {
    const citation = byNumber.get(piece.n);
    if (citation && !ordered.includes(citation)) ordered.push(citation);
  }
  for (const citation of citations) if (!ordered.includes(citation)) ordered.push(citation);
  const shown = ordered.map((citation, index) => ({ ...citation, n: index + 1 }));
  const byTextNumber = new Map(ordered.map((citation, index) => [citation.n, shown[index]]));
  return { citations: shown, byTextNumber };
}

/** The document's title in the page's language: its Chinese title, where it has one, in Chinese. */
export function sourceTitle(citation, attrs = {}) {
  return el("span", { ...attrs, localText: { en: citation.title, zh: citation.titleZh } });
}

/** The marker as a button (showing its number) that opens its source. */
function markerButton(citation, onOpen) {
  const title = citation.titleZh ? { en: citation.title, zh: citation.titleZh } : citation.title;
  return el(
    "button",
    {
      type: "button",
      class: "cite",
      i18nLabel: "openSource",
      i18nVars: { n: citation.n, title },
      onclick: () => onOpen(citation),
    },
    String(citation.n),
  );
}

/**
 * Replaces `container`'s content with `text`, its markers turned into buttons for the sources
 * given (numbered as {@link numberCitations} does); a marker without a matching source stays as
 * plain text. Returns the citations as numbered for display.
 */
export function renderAnswerText(container, text, citations, onOpen) {
  const { citations: shown, byTextNumber } = numberCitations(text, citations);
  const nodes = splitCitations(text).map((piece) => {
    if (piece.text !== undefined) return document.createTextNode(piece.text);
    const citation = byTextNumber.get(piece.n);
    return citation ? markerButton(citation, onOpen) : document.createTextNode(`[${piece.n}]`);
  });
  container.replaceChildren(...nodes);
  return shown;
}
