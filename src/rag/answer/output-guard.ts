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

/** A whole sentence this long that is a run of the instructions ("Use only the numbered sources.") echoes them too. */
const ECHO_SENTENCE_WORDS = 4;

/** Checks for text that repeats the instructions verbatim. */
export interface EchoCheck {
  /** Whether `text` shares a run of {@link ECHO_WORDS} words with the instructions. */
  sharesRun(text: string): boolean;
  /** Whether a sentence shares such a run, or is itself a run of their words. */
  isEcho(sentence: string): boolean;
}

/** Thrown when a model's reply quotes its instructions: the whole reply is discarded. */
export class PromptEchoError extends Error {
  override readonly name = "PromptEchoError";
  constructor() {
    super("prompt echo: the model repeated its instructions; its reply was discarded");
  }
}

/**
 * An {@link EchoCheck} for `instructions` (the system prompt, the answer template): a sentence
 * echoes them when it shares a run of {@link ECHO_WORDS} words with them, or is itself a run of
 * at least {@link ECHO_SENTENCE_WORDS} of their words.
 */
export function createEchoCheck(instructions: readonly string[]): EchoCheck {
  const runs = new Set<string>();
  const texts = instructions.map(
    (text) => ` ${toWords(text.replace(/<!--.*?-->|\{\{[^}]*\}\}/gs, " ")).join(" ")} `,
  );
  for (const text of texts) {
    const words = text.trim().split(" ");
    for (let start = 0; start + ECHO_WORDS <= words.length; start++) {
      runs.add(words.slice(start, start + ECHO_WORDS).join(" "));
    }
  }
  const sharesRun = (text: string) => {
    const words = toWords(text.replace(/\[\d+\]/g, " "));
    for (let start = 0; start + ECHO_WORDS <= words.length; start++) {
      if (runs.has(words.slice(start, start + ECHO_WORDS).join(" "))) return true;
    }
    return false;
  };
  return {
    sharesRun,
    isEcho(sentence) {
      const words = toWords(sentence.replace(/\[\d+\]/g, " "));
      const whole = ` ${words.join(" ")} `;
      if (words.length >= ECHO_SENTENCE_WORDS && texts.some((text) => text.includes(whole))) {
        return true;
      }
      return sharesRun(sentence);
    },
  };
}
