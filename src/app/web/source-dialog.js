/**
 * @module The cited passage in a modal dialog: document title, date and the passage itself,
 * all inserted as text. A native <dialog> opened with showModal() keeps focus inside, closes on
 * Escape and returns focus to the marker that opened it.
 */
import { setText } from "./dom.js";

/** Wires the page's source dialog; returns `open(citation)`. */
export function createSourceDialog(dialog) {
  const number = dialog.querySelector("#source-number");
  const title = dialog.querySelector("#source-title");
  const date = dialog.querySelector("#source-date");
  const passage = dialog.querySelector("#source-text");
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  return function open(citation) {
    setText(number, "sourceNumber", { n: citation.n });
    title.textContent = citation.title;
    if (!citation.date || citation.date === "undated") setText(date, "undated");
    else {
      delete date.dataset.i18n;
      date.textContent = citation.date;
    }
    passage.textContent = citation.text;
    dialog.showModal();
    passage.scrollTop = 0;
  };
}
