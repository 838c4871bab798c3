/**
 * @module The LLM answerer: streams a cited answer from a chat model, sentence by sentence, and
 * guards each sentence before the user sees it: citation markers must name a given source, every
 * figure and every link must appear in the sources the sentence cites, and no sentence may repeat
 * the prompt's instructions. A sentence that fails a guard is left out, never shown.
 */

import { findUnverifiedFigures } from "../passages/figures.ts";
import { splitSentences } from "../passages/sentences.ts";
import { DECLINE_MARKER, type Prompts, renderAnswerPrompt } from "../prompts.ts";
import type { Intent } from "../question/intent.ts";
import { createEchoCheck, findUnsupportedLinks, PromptEchoError } from "./output-guard.ts";
import type { ChatMessage, ChatModel, Source } from "./types.ts";

/** What the LLM answerer produced, after its guards ran. */
export interface LlmDraft {
  /** The text shown to the user: exactly the concatenation of the streamed pieces. */
  answer: string;
  /** False when the model declined or nothing survived the guards. */
  answered: boolean;
  /** Source numbers the answer cites, ascending. */
  cited: number[];
  /** Figures the model wrote that no relevant source contains; their sentences were removed. */
  unverified: string[];
  /** Whether any sentence was removed by the figures guard. */
  repaired: boolean;
}

/** Input of {@link streamLlmAnswer} and {@link answerWithLlm}. */
export interface LlmAnswerInput {
  model: ChatModel;
  prompts: Prompts;
  /** The standalone question retrieval ran on. */
  question: string;
  /** What the question is after (a greeting, an overview…): it picks the prompt's task. */
  intent?: Intent;
  /** Earlier turns of the conversation, oldest first, without the question itself. */
  history?: readonly ChatMessage[];
  sources: readonly Source[];
  signal?: AbortSignal;
}

/** Room for four sentences, in Chinese too, without letting a runaway reply cost much. */
const ANSWER_MAX_TOKENS = 800;

/** `[1]`, `[1, 3]`, `[Source 2]`, and the full-width `【1】` / `［1］` Chinese answers tend to use. */
const CITATION_MARKER =
  /(\s*)[[［【]\s*(?:sources?\s*|来源\s*)?(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]］】]/giu;

/** The marker at the very start of a reply, possibly wrapped in Markdown or quotes. */
const LEADING_DECLINE = new RegExp(`^[\\W_]*${DECLINE_MARKER}\\b`, "i");
const ANY_DECLINE = new RegExp(`\\s*\\b${DECLINE_MARKER}\\b[.:：。]?`, "gi");

/**
 * Streams the answer to `question` from `sources`, yielding text pieces (whole sentences with
 * their leading whitespace) and returning the {@link LlmDraft}. A reply that starts with the
 * decline marker yields nothing and returns `answered: false`. Errors of the chat model
 * (`ChatModelError`) propagate, also mid-stream, and so does {@link PromptEchoError} for a reply
 * that quotes the instructions: the caller then falls back to offline mode.
 */
export async function* streamLlmAnswer(input: LlmAnswerInput): AsyncGenerator<string, LlmDraft> {
  const { model, prompts, question, history = [], sources, signal, intent } = input;
  const messages = renderAnswerPrompt({
    prompts,
    question,
    sources,
    history,
    ...(intent ? { intent } : {}),
  });
  const echo = createEchoCheck([prompts.system, prompts.answer]);
  const guard = createSentenceGuard(sources, echo.isEcho);
  let raw = "";
  let buffer = "";
  let answer = "";
  const review = (unit: string): string | undefined => {
    const text = guard.review({ unit, first: answer === "" });
    if (text) answer += text;
    return text;
  };
  for await (const piece of model.stream({
    messages,
    temperature: 0,
    maxTokens: ANSWER_MAX_TOKENS,
    ...(signal ? { signal } : {}),
  })) {
    // A reply quoting its instructions was talked out of its rules: none of it is kept.
    raw = `${raw}${piece}`.slice(-600);
    if (echo.sharesRun(raw)) throw new PromptEchoError();
    buffer += piece;
    const { complete, rest } = takeCompleteSentences(buffer);
    buffer = rest;
    for (const unit of complete) {
      const text = review(unit);
      if (guard.declined) return guard.draft("");
      if (text) yield text;
    }
  }
  const last = buffer.trim() ? review(buffer.trimEnd()) : undefined;
  if (guard.declined) return guard.draft("");
  if (last) yield last;
  return guard.draft(answer);
}

/** {@link streamLlmAnswer}, collected. */
export async function answerWithLlm(input: LlmAnswerInput): Promise<LlmDraft> {
  const stream = streamLlmAnswer(input);
  while (true) {
    const next = await stream.next();
    if (next.done) return next.value;
  }
}

/**
 * Splits off the sentences of `buffer` that are certainly complete: all but the last, which may
 * still grow (`32.` may become `32.34`). Each returned unit keeps the whitespace before it.
 */
function takeCompleteSentences(buffer: string): { complete: string[]; rest: string } {
  const sentences = splitSentences(buffer);
  if (sentences.length < 2) return { complete: [], rest: buffer };
  const complete: string[] = [];
  let cursor = 0;
  for (const sentence of sentences.slice(0, -1)) {
    const end = buffer.indexOf(sentence, cursor) + sentence.length;
    complete.push(buffer.slice(cursor, end));
    cursor = end;
  }
  return { complete, rest: buffer.slice(cursor) };
}

/** Checks sentences one at a time and keeps the tallies for the draft. */
function createSentenceGuard(
  sources: readonly Source[],
  echoesInstructions: (sentence: string) => boolean,
) {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const allTexts = sources.map(({ chunk }) => sourceText(chunk));
  const dates = sources.map(({ chunk }) => chunk.date).filter((date) => date !== "undated");
  const unverified: string[] = [];
  let repaired = false;
  let declined = false;

  function review({ unit, first }: { unit: string; first: boolean }): string | undefined {
    if (first && LEADING_DECLINE.test(unit.trim())) {
      declined = true;
      return undefined;
    }
    const { text, cited } = keepValidCitations(unit.replace(ANY_DECLINE, ""), byNumber);
    if (!hasWords(text)) return undefined;
    const texts =
      cited.length > 0 ? cited.map((n) => sourceText(byNumber.get(n)?.chunk)) : allTexts;
    const figures = findUnverifiedFigures(separateGluedFigures(text), texts, dates);
    if (figures.length > 0) {
      repaired = true;
      for (const figure of figures) if (!unverified.includes(figure)) unverified.push(figure);
      return undefined;
    }
    if (findUnsupportedLinks(text, texts).length > 0 || echoesInstructions(text)) {
      repaired = true;
      return undefined;
    }
    return first ? text.trimStart() : text;
  }

  function draft(answer: string): LlmDraft {
    const cited = new Set<number>();
    for (const match of answer.matchAll(/\[(\d+)\]/g)) cited.add(Number(match[1]));
    return {
      answer,
      answered: !declined && hasWords(answer),
      cited: [...cited].sort((a, b) => a - b),
      unverified,
      repaired,
    };
  }

  return {
    review,
    draft,
    get declined() {
      return declined;
    },
  };
}

/**
 * Rewrites citation markers as `[n]` (one per source, `[1, 3]` → `[1][3]`, `【2】` → `[2]`) and
 * drops numbers that name no given source, with the space before a marker that disappears.
 */
function keepValidCitations(
  text: string,
  byNumber: ReadonlyMap<number, Source>,
): { text: string; cited: number[] } {
  const cited: number[] = [];
  const cleaned = text.replace(CITATION_MARKER, (_marker, space: string, list: string) => {
    const numbers = list
      .split(/[,，、]/)
      .map((item) => Number(item.trim()))
      .filter((n) => byNumber.has(n));
    for (const n of numbers) if (!cited.includes(n)) cited.push(n);
    return numbers.length > 0 ? `${space}${numbers.map((n) => `[${n}]`).join("")}` : "";
  });
  return { text: cleaned, cited };
}

function sourceText(chunk: Source["chunk"] | undefined): string {
  return chunk ? [chunk.title, chunk.section, chunk.text].join("\n") : "";
}

/** Whether text says anything once citation markers are set aside. */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text.replace(/\[\d+\]/g, ""));
}

/**
 * `extractFigures` ignores digits glued to a letter (`H1`), and Han characters are letters, so
 * `产值为32.34亿元` would hide its figure; a space after each Han character before a digit
 * exposes it.
 */
function separateGluedFigures(text: string): string {
  return text.replace(/(\p{Script=Han})(?=\d)/gu, "$1 ");
}
