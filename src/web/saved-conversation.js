/**
 * @module The conversation kept in this browser's storage (`localStorage`), so a reload or a
 * return visit shows it again; "New conversation" clears it. Nothing leaves the browser: the
 * server keeps no conversations. What is read back is checked, so an older or hand-edited entry
 * is dropped rather than breaking the page.
 */

const STORAGE_KEY = "cq-assistant-conversation";
/** Exchanges kept: more than a request can carry (40 messages), fewer than storage may hold. */
const MAX_SAVED = 50;

const isText = (value) => typeof value === "string";

function isExchange(value) {
  const answer = value?.answer;
  return (
    isText(value?.question) &&
    isText(answer?.answer) &&
    typeof answer.answered === "boolean" &&
    Array.isArray(answer.citations) &&
    answer.citations.every(
      (c) => Number.isInteger(c?.n) && isText(c.id) && isText(c.title) && isText(c.text),
    ) &&
    (answer.unverified === undefined || Array.isArray(answer.unverified))
  );
}

/** The saved exchanges (`{ question, answer }`), oldest first; none when storage is blocked. */
export function loadConversation() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(saved) ? saved.filter(isExchange) : [];
  } catch {
    return [];
  }
}

/** Saves the exchanges (the latest {@link MAX_SAVED}); quietly does nothing when it cannot. */
export function saveConversation(exchanges) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(exchanges.slice(-MAX_SAVED)));
  } catch {
    // Storage blocked or full: the conversation still works, it is just not kept.
  }
}

/** Forgets the saved conversation. */
export function clearConversation() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was kept.
  }
}
