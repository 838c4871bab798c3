/**
 * @module Checks on what a model writes, sentence by sentence, besides figures and citations:
 * a link must appear in the sources the sentence rests on (a planted or invented link is never
 * shown), and no sentence may repeat the assistant's own instructions verbatim.
 */

/**
 * Links with a scheme or `www.`, and bare domains under common top-level domains — what a
 * model told to "visit evil.example" writes. An email address's domain is not a link.
 */
const LINK =
  /\b(?:https?:\/\/[^\s<>"'()）]+|www\.[^\s<>"'()）]+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:com|net|org|cn|info|io|biz|co|xyz|top|site|online|app|dev|example|gov|edu|int|uk|de|jp|hk)(?:\/[^\s<>"'()）]*)?)(?![\w@-])/gi;

/** A link as compared with the sources: no scheme, no trailing punctuation, lowercase. */
function normaliseLink(link: string): string {
  return link
    .replace(/^https?:\/\//i, "")
    .replace(/[.,;:!?'"\]]+$/, "")
    .replace(/\/$/, "")
    .toLowerCase();
}

/** The links in `text` that none of `sourceTexts` contains. */
export function findUnsupportedLinks(text: string, sourceTexts: readonly string[]): string[] {
  const sources = sourceTexts.map((source) => source.toLowerCase());
  const unsupported: string[] = [];
  for (const match of text.matchAll(LINK)) {
    const link = normaliseLink(match[0]);
    if (link && !sources.some((source) => source.includes(link))) unsupported.push(match[0]);
  }
  return unsupported;
}

/** Words as compared for echoes: lowercase letters and digits, any script. */
function toWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Consecutive words that count as repeating the instructions. Eight is longer than any phrase an
 * answer shares with them by chance ("the sources do not answer the question") and shorter than
 * almost every rule.
 */
const ECHO_WORDS = 8;

/**
 * A check for sentences that repeat `instructions` (the system prompt, the answer template)
 * verbatim: true when the sentence shares a run of {@link ECHO_WORDS} words with them.
 */
export function createEchoCheck(instructions: readonly string[]): (sentence: string) => boolean {
  const runs = new Set<string>();
  for (const text of instructions) {
    const words = toWords(text.replace(/<!--.*?-->|\{\{[^}]*\}\}/gs, " "));
    for (let start = 0; start + ECHO_WORDS <= words.length; start++) {
      runs.add(words.slice(start, start + ECHO_WORDS).join(" "));
    }
  }
  return (sentence) => {
    const words = toWords(sentence);
    for (let start = 0; start + ECHO_WORDS <= words.length; start++) {
      if (runs.has(words.slice(start, start + ECHO_WORDS).join(" "))) return true;
    }
    return false;
  };
}
