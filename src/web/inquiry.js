/**
 * @module "Contact the investment team": a form in a modal dialog, checked in the page and by
 * the server with the same rules (the email rule is one shared module), sent to
 * `POST /api/inquiries` with the conversation so far when the visitor leaves it attached. Every
 * message is in the visitor's language: a field the server refuses is named by the server, and
 * described by the page.
 */
import { postJson } from "./api.js";
import { setText } from "./dom.js";
import { isEmail } from "./email.js";
import { getLanguage } from "./i18n.js";

const TEXT_FIELDS = ["name", "company", "email", "country", "sector", "message"];
const FIELDS = [...TEXT_FIELDS, "consent"];
const REQUIRED = new Set(["name", "email", "country", "message"]);

function findProblems(form) {
  const problems = {};
  for (const name of REQUIRED) {
    if (form.elements[name].value.trim() === "") problems[name] = "fieldRequired";
  }
  if (!problems.email && !isEmail(form.elements.email.value.trim())) problems.email = "fieldEmail";
  if (!form.elements.consent.checked) problems.consent = "fieldConsent";
  return problems;
}

/** The page's own message for a field the server refused (its text is English only). */
function describeRefusal(form, name) {
  if (name === "email") return "fieldEmail";
  if (name === "consent") return "fieldConsent";
  if (REQUIRED.has(name) && form.elements[name].value.trim() === "") return "fieldRequired";
  return "fieldInvalid";
}

/** Wires the inquiry dialog; returns `open()`. `getConversation()` gives the turns to attach. */
export function createInquiryDialog(dialog, { getConversation }) {
  const form = dialog.querySelector("form");
  const done = dialog.querySelector("#inquiry-done");
  const status = dialog.querySelector("#inquiry-status");
  const attachRow = dialog.querySelector("#attach-row");
  const attachLabel = dialog.querySelector("#attach-label");
  const submit = form.querySelector("button[type=submit]");
  for (const close of dialog.querySelectorAll("[data-close]")) {
    close.addEventListener("click", () => dialog.close());
  }

  const showProblems = (problems) => {
    for (const name of FIELDS) {
      const field = form.elements[name];
      const message = dialog.querySelector(`#inquiry-${name}-error`);
      const problem = problems[name];
      if (problem) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
      if (problem) setText(message, problem);
      else {
        delete message.dataset.i18n;
        message.replaceChildren();
      }
    }
  };

  /** The form's summary line; an error one is styled and announced as an error. */
  const setStatus = (key, { error = false } = {}) => {
    status.classList.toggle("is-error", error);
    status.setAttribute("role", error ? "alert" : "status");
    if (key) setText(status, key);
    else {
      delete status.dataset.i18n;
      status.replaceChildren();
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const local = findProblems(form);
    showProblems(local);
    const names = Object.keys(local);
    if (names.length > 0) {
      setStatus("fixFields", { error: true });
      form.elements[FIELDS.find((name) => names.includes(name))].focus();
      return;
    }
    const body = Object.fromEntries(TEXT_FIELDS.map((name) => [name, form.elements[name].value]));
    body.consent = true;
    body.language = getLanguage();
    body.conversation = form.elements.attach.checked ? getConversation() : [];
    submit.disabled = true;
    setStatus("sending");
    try {
      const { id } = await postJson("/api/inquiries", body);
      form.hidden = true;
      done.hidden = false;
      setText(done.querySelector("#inquiry-thanks"), "inquiryThanks", { email: body.email });
      setText(done.querySelector("#inquiry-reference"), "inquiryReference", { id });
      done.querySelector("[data-close]").focus();
    } catch (error) {
      const names = Object.keys(error.fields ?? {})
        .map((path) => path.split(".")[0])
        .filter((name) => FIELDS.includes(name));
      showProblems(Object.fromEntries(names.map((name) => [name, describeRefusal(form, name)])));
      setStatus(names.length > 0 ? "fixFields" : "inquiryFailed", { error: true });
      const first = FIELDS.find((name) => names.includes(name));
      if (first) form.elements[first].focus();
    } finally {
      submit.disabled = false;
    }
  });

  return function open() {
    if (!done.hidden) {
      form.reset();
      form.hidden = false;
      done.hidden = true;
    }
    showProblems({});
    setStatus(undefined);
    const count = getConversation().length;
    attachRow.hidden = count === 0;
    setText(attachLabel, "attachConversation", { count });
    dialog.showModal();
    form.elements.name.focus();
  };
}
