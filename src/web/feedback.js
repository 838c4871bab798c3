/**
 * @module Thumbs up / down under an answer, with an optional comment, sent to
 * `POST /api/feedback` with the question (as asked and as rewritten), the answer, the cited
 * passages with their titles and the conversation, so staff can understand it later.
 */
import { postJson } from "./api.js";
import { el, setText, thumbIcon } from "./dom.js";
import { getLanguage } from "./i18n.js";

let counter = 0;

/** The feedback controls for one answered question. */
export function createFeedback({ question, answer, conversation = [] }) {
  const id = `feedback-${++counter}`;
  let rating;
  const status = el("p", { class: "feedback-status", role: "status" });
  const label = el("label", { for: `${id}-comment`, i18n: "commentDown" });
  const comment = el("textarea", { id: `${id}-comment`, rows: 2, maxlength: 2000 });
  const submit = el("button", { type: "submit", class: "primary", i18n: "sendFeedback" });
  const cancel = el("button", { type: "button", class: "secondary", i18n: "cancel" });
  const form = el(
    "form",
    { class: "feedback-form", hidden: true },
    label,
    comment,
    el("div", { class: "row" }, submit, cancel),
  );
  const up = el(
    "button",
    { type: "button", class: "thumb up", "aria-pressed": "false", i18nLabel: "helpful" },
    thumbIcon(),
  );
  const down = el(
    "button",
    { type: "button", class: "thumb down", "aria-pressed": "false", i18nLabel: "notHelpful" },
    thumbIcon(),
  );

  const choose = (value) => {
    rating = value;
    up.setAttribute("aria-pressed", String(value === "up"));
    down.setAttribute("aria-pressed", String(value === "down"));
    setText(label, value === "up" ? "commentUp" : "commentDown");
    status.replaceChildren();
    form.hidden = false;
    comment.focus();
  };
  up.addEventListener("click", () => choose("up"));
  down.addEventListener("click", () => choose("down"));
  cancel.addEventListener("click", () => {
    form.hidden = true;
    for (const thumb of [up, down]) thumb.setAttribute("aria-pressed", "false");
    (rating === "up" ? up : down).focus();
    rating = undefined;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.replaceChildren(el("span", { i18n: "sending" }));
    try {
      await postJson("/api/feedback", {
        rating,
        question,
        answer: answer.answer,
        citationIds: answer.citations.map((citation) => citation.id),
        comment: comment.value,
        language: getLanguage(),
        standaloneQuestion: answer.query,
        answered: answer.answered,
        citations: answer.citations.map(({ n, id, docId, title }) => ({ n, id, docId, title })),
        conversation,
      });
      form.remove();
      up.disabled = true;
      down.disabled = true;
      status.replaceChildren(el("span", { i18n: "feedbackThanks" }));
    } catch {
      submit.disabled = false;
      status.replaceChildren(el("span", { class: "error-text", i18n: "feedbackFailed" }));
    }
  });

  return el(
    "div",
    { class: "feedback", role: "group", "aria-labelledby": `${id}-label` },
    el("div", { class: "row" }, el("span", { id: `${id}-label`, i18n: "rateAnswer" }), up, down),
    form,
    status,
  );
}
