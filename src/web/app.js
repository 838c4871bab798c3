/**
 * @module The chat page: asks `/api/chat` with the conversation kept in the page (and in the
 * browser's storage, so a reload keeps it), streams the answer into the log, and wires starters,
 * "new conversation", the language switch and the source and inquiry dialogs.
 */
import { streamChat } from "./api.js";
import { el } from "./dom.js";
import { createFeedback } from "./feedback.js";
import { applyLanguage, getLanguage, setLanguage, t } from "./i18n.js";
import { createInquiryDialog } from "./inquiry.js";
import { clearConversation, loadConversation, saveConversation } from "./saved-conversation.js";
import { createSourceDialog } from "./source-dialog.js";
import { appendAnswer, appendQuestion } from "./turns.js";

/** The chat API's limits (src/http/limits.ts): 40 messages of at most 4000 characters. */
const MAX_MESSAGES = 40;
const MAX_MESSAGE_CHARS = 4000;
/** What an inquiry may attach (src/records/schemas.ts). */
const MAX_ATTACHED_TURNS = 100;
const MAX_ATTACHED_CHARS = 20_000;

const $ = (id) => document.getElementById(id);
const log = $("conversation");
const form = $("ask-form");
const input = $("question");
const sendButton = $("send");
const welcome = $("welcome");

/** Completed exchanges: `{ question, answer }`. Failed ones are left out. */
let exchanges = loadConversation();
/** Aborts the answer in progress (on "new conversation"). */
let inFlight;

const openSource = createSourceDialog($("source-dialog"));
/** Exchanges as attached turns; an answer keeps the sources its `[n]` markers point to. */
const attach = (list) =>
  list
    .flatMap(({ question, answer }) => [
      { role: "user", content: question },
      {
        role: "assistant",
        content: answer.answer,
        citations: answer.citations.map(({ n, id, docId, title }) => ({ n, id, docId, title })),
      },
    ])
    .slice(-MAX_ATTACHED_TURNS)
    .map((turn) => ({ ...turn, content: turn.content.slice(0, MAX_ATTACHED_CHARS) }));

const openInquiry = createInquiryDialog($("inquiry-dialog"), {
  getConversation: () => attach(exchanges),
});

function messagesFor(question) {
  const history = exchanges.flatMap(({ question: asked, answer }) => [
    { role: "user", content: asked.slice(0, MAX_MESSAGE_CHARS) },
    { role: "assistant", content: answer.answer.slice(0, MAX_MESSAGE_CHARS) },
  ]);
  return [...history.slice(-(MAX_MESSAGES - 1)), { role: "user", content: question }];
}

function setBusy(busy) {
  sendButton.disabled = busy;
  log.setAttribute("aria-busy", String(busy));
}

async function ask(question) {
  welcome.hidden = true;
  // Only the latest answer can be retried: an older one would come back out of order.
  for (const retry of log.querySelectorAll(".retry")) retry.remove();
  appendQuestion(log, question);
  await answer(question);
}

async function answer(question) {
  const turn = appendAnswer(log, { onOpenSource: openSource, onContact: openInquiry });
  turn.element.scrollIntoView({ block: "nearest" });
  const controller = new AbortController();
  inFlight = controller;
  setBusy(true);
  try {
    const result = await streamChat(messagesFor(question), {
      signal: controller.signal,
      onSources: (sources) => turn.setSources(sources),
      onDelta: (text) => turn.appendDelta(text),
    });
    const conversation = attach([...exchanges, { question, answer: result }]);
    turn.finish(result, createFeedback({ question, answer: result, conversation }));
    exchanges.push({ question, answer: result });
    saveConversation(exchanges);
  } catch (error) {
    if (controller.signal.aborted) return;
    turn.fail(error, () => {
      turn.element.remove();
      answer(question);
    });
  } finally {
    if (inFlight === controller) {
      inFlight = undefined;
      setBusy(false);
    }
  }
  turn.element.scrollIntoView({ block: "nearest" });
}

/** Shows the exchanges kept from an earlier visit, as they were answered. */
function renderSaved() {
  if (exchanges.length === 0) return;
  welcome.hidden = true;
  for (const { question, answer: saved } of exchanges) {
    appendQuestion(log, question);
    const turn = appendAnswer(log, { onOpenSource: openSource, onContact: openInquiry });
    turn.finish(saved, createFeedback({ question, answer: saved }));
  }
  log.lastElementChild?.scrollIntoView({ block: "end" });
}

/** Keeps the sticky header's height in a CSS variable, so scrolling leaves room for it. */
function trackHeaderHeight() {
  const header = document.querySelector(".top");
  const update = () =>
    document.documentElement.style.setProperty("--header-height", `${header.offsetHeight}px`);
  new ResizeObserver(update).observe(header);
  update();
}

function renderStarters() {
  const list = $("starters");
  list.replaceChildren(
    ...t("starters").map((question) =>
      el(
        "li",
        {},
        el("button", { type: "button", class: "starter", onclick: () => ask(question) }, question),
      ),
    ),
  );
}

function renderLanguageSwitch() {
  const other = getLanguage() === "en" ? "zh" : "en";
  const button = $("language-switch");
  button.lang = other === "zh" ? "zh-Hans" : "en";
  button.textContent = t("otherLanguage");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question || inFlight) return;
  input.value = "";
  input.style.height = "";
  ask(question);
});

input.addEventListener("keydown", (event) => {
  // Enter sends, Shift+Enter breaks the line; never while an IME is composing (Chinese input).
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

input.addEventListener("input", () => {
  input.style.height = "";
  input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
});

$("new-conversation").addEventListener("click", () => {
  inFlight?.abort();
  inFlight = undefined;
  setBusy(false);
  exchanges = [];
  clearConversation();
  log.replaceChildren();
  welcome.hidden = false;
  input.value = "";
  input.focus();
});

$("contact-open").addEventListener("click", () => openInquiry());

$("language-switch").addEventListener("click", () => {
  setLanguage(getLanguage() === "en" ? "zh" : "en");
  renderStarters();
  renderLanguageSwitch();
});

applyLanguage();
renderStarters();
renderLanguageSwitch();
trackHeaderHeight();
renderSaved();
document.body.classList.add("ready");
