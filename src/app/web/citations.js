/**
 * @module Inline citation markers. Answers cite sources as `[n]`; while an LLM answer is still
 * streaming it may also write `[1, 3]` or `【2】` (the final answer normalises them). Markers
 * become buttons that open the passage; everything else stays text.
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

/** The marker `[n]` as a button (showing `n`) that opens its source. */
function markerButton(citation, onOpen) {
  return el(
    "button",
    {
      type: "button",
      class: "cite",
      i18nLabel: "openSource",
      i18nVars: { n: citation.n, title: citation.title },
      onclick: () => onOpen(citation),
    },
    String(citation.n),
  );
}

/**
 * Replaces `container`'s content with `text`, its markers turned into buttons for the sources
 * given; a marker without a matching source stays as plain text.
 */
export function renderAnswerText(container, text, citations, onOpen) {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const nodes = splitCitations(text).map((piece) => {
    if (piece.text !== undefined) return document.createTextNode(piece.text);
    const citation = byNumber.get(piece.n);
    return citation ? markerButton(citation, onOpen) : document.createTextNode(`[${piece.n}]`);
  });
  container.replaceChildren(...nodes);
}
