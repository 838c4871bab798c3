/**
 * @module The conversation's turns as list items: the visitor's question, and the assistant's
 * answer through its states — thinking, streaming, answered (with sources and feedback),
 * declined (with a way to reach the team) or failed (with a retry).
 */
import { renderAnswerText, sourceTitle } from "./citations.js";
import { el } from "./dom.js";

/** Appends the visitor's question to the conversation log. */
export function appendQuestion(log, question) {
  const item = el(
    "li",
    { class: "turn user" },
    el("span", { class: "visually-hidden", i18n: "you" }),
    el("div", { class: "bubble" }, el("p", { class: "text" }, question)),
  );
  log.append(item);
  return item;
}

function sourceList(citations, onOpenSource) {
  const items = citations.map((citation) =>
    el(
      "li",
      {},
      el(
        "button",
        { type: "button", class: "source-link", onclick: () => onOpenSource(citation) },
        el("span", { class: "source-n" }, `[${citation.n}]`),
        sourceTitle(citation, { class: "source-title" }),
        !citation.date || citation.date === "undated"
          ? el("span", { class: "source-date", i18n: "undated" })
          : el("span", { class: "source-date" }, citation.date),
      ),
    ),
  );
  return el("section", { class: "sources" }, el("h3", { i18n: "sources" }), el("ol", {}, ...items));
}

/** Appends an assistant turn in the "thinking" state; returns its controls. */
export function appendAnswer(log, { onOpenSource, onContact }) {
  const thinking = el(
    "p",
    { class: "thinking" },
    el("span", { class: "dots", "aria-hidden": "true" }),
    el("span", { i18n: "thinking" }),
  );
  const text = el("div", { class: "answer-text" });
  const extras = el("div", { class: "extras" });
  const item = el(
    "li",
    { class: "turn assistant", "aria-busy": "true" },
    el("span", { class: "visually-hidden", i18n: "assistant" }),
    el("div", { class: "bubble" }, thinking, text, extras),
  );
  log.append(item);
  let sources = [];
  let streamed = "";
  return {
    element: item,
    setSources(citations) {
      sources = citations;
    },
    appendDelta(delta) {
      streamed += delta;
      thinking.hidden = true;
      item.classList.add("streaming");
      renderAnswerText(text, streamed, sources, onOpenSource);
    },
    /** Shows the authoritative answer; it replaces whatever was streamed. */
    finish(answer, feedback) {
      thinking.remove();
      item.classList.remove("streaming");
      item.classList.toggle("declined", !answer.answered);
      const cited = renderAnswerText(text, answer.answer, answer.citations, onOpenSource);
      if (!answer.answered) {
        extras.append(
          el(
            "div",
            { class: "notice" },
            el("p", { i18n: "declinedNotice" }),
            el("button", {
              type: "button",
              class: "secondary",
              i18n: "contactTeam",
              onclick: onContact,
            }),
          ),
        );
      }
      if (answer.unverified?.length) {
        const figures = answer.unverified.join(", ");
        extras.append(
          el("p", { class: "unverified", i18n: "unverifiedNotice", i18nVars: { figures } }),
        );
      }
      if (cited.length > 0) extras.append(sourceList(cited, onOpenSource));
      extras.append(feedback);
      item.setAttribute("aria-busy", "false");
    },
    /** Shows why the answer failed, with a retry button (focused, for keyboard users). */
    fail(error, onRetry) {
      thinking.remove();
      item.classList.remove("streaming");
      item.classList.add("failed");
      text.replaceChildren();
      const key =
        error.kind === "network"
          ? "errorNetwork"
          : error.kind === "notReady"
            ? "errorNotReady"
            : error.kind === "badRequest"
              ? "errorBadRequest"
              : "errorGeneric";
      const retry = el("button", {
        type: "button",
        class: "secondary retry",
        i18n: "retry",
        onclick: onRetry,
      });
      extras.append(
        el(
          "div",
          { class: "error", role: "alert" },
          el("p", { i18n: key, i18nVars: { detail: error.detail ?? "" } }),
          retry,
        ),
      );
      item.setAttribute("aria-busy", "false");
      retry.focus();
    },
  };
}
