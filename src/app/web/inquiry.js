/**
 * @module "Contact the investment team": a form in a modal dialog, checked in the page (with
 * messages in the visitor's language) and by the server (its field errors are shown too), sent
 * to `POST /api/inquiries` with the conversation so far when the visitor leaves it attached.
 */
import { postJson } from "./api.js";
import { setText } from "./dom.js";
import { getLanguage } from "./i18n.js";

const TEXT_FIELDS = ["name", "company", "email", "country", "sector", "message"];
const FIELDS = [...TEXT_FIELDS, "consent"];
const REQUIRED = new Set(["name", "email", "country", "message"]);

function findProblems(form) {
  const problems = {};
  for (const name of REQUIRED) {
    if (form.elements[name].value.trim() === "") problems[name] = "fieldRequired";
  }
  if (!problems.email && !form.elements.email.validity.valid) problems.email = "fieldEmail";
  if (!form.elements.consent.checked) problems.consent = "fieldConsent";
  return problems;
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
      if (!problem) message.replaceChildren();
      else if (problem.key) setText(message, problem.key);
      else message.replaceChildren(problem.text);
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const local = findProblems(form);
    showProblems(Object.fromEntries(Object.entries(local).map(([name, key]) => [name, { key }])));
    const names = Object.keys(local);
    if (names.length > 0) {
      setText(status, "fixFields");
      form.elements[FIELDS.find((name) => names.includes(name))].focus();
      return;
    }
    const body = Object.fromEntries(TEXT_FIELDS.map((name) => [name, form.elements[name].value]));
    body.consent = true;
    body.language = getLanguage();
    body.conversation = form.elements.attach.checked ? getConversation() : [];
    submit.disabled = true;
    setText(status, "sending");
    try {
      const { id } = await postJson("/api/inquiries", body);
      form.hidden = true;
      done.hidden = false;
      setText(done.querySelector("#inquiry-thanks"), "inquiryThanks", { email: body.email });
      setText(done.querySelector("#inquiry-reference"), "inquiryReference", { id });
      done.querySelector("[data-close]").focus();
    } catch (error) {
      const fields = Object.entries(error.fields ?? {})
        .map(([path, text]) => [path.split(".")[0], { text }])
        .filter(([name]) => FIELDS.includes(name));
      showProblems(Object.fromEntries(fields));
      setText(status, fields.length > 0 ? "fixFields" : "inquiryFailed");
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
    status.replaceChildren();
    delete status.dataset.i18n;
    const count = getConversation().length;
    attachRow.hidden = count === 0;
    setText(attachLabel, "attachConversation", { count });
    dialog.showModal();
    form.elements.name.focus();
  };
}
