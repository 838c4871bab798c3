/**
 * @module The asked-for thing of a question: the noun phrase after "what", "which", "how many" or
 * "how much" ("How many high-tech enterprises…" → head `enterprises`, modifier `high-tech`), or
 * after "number of", "share of" anywhere; in Chinese, the phrase before "多少" or after "的". An
 * answer must be about it. English grammar only: no word list of the corpus's domain.
 */
import { isStopWord } from "../lexicon/words.ts";
import type { QueryTerm } from "./query.ts";
import type { QuestionType } from "./type.ts";

/** The asked-for noun phrase: its head and modifiers, as indices into the question's terms. */
export interface Focus {
  head: number;
  modifiers: number[];
}

/** Verbs and auxiliaries: a noun phrase ends before them. */
const VERBS = new Set(
  (
    "is are was were be been do does did has have had will would can could should may might get " +
    "gets got come comes came go goes went make makes made take takes took need needs cost costs " +
    "pay pays paid plan plans aim aims expect expects provide provides build built account " +
    "accounts happen happens become became leave leaves spend spends spent offer offers give " +
    "gives say says said mean means"
  ).split(" "),
);

/** Heads that introduce the real thing: "what share of X", "the number of X". */
const OF_HEADS = new Set(
  "share percentage proportion portion fraction part number amount kind type total name".split(" "),
);

/** Heads of "which company…?" questions: they ask for a name, not about companies. */
const NAME_HEADS = new Set(
  "company companies firm firms brand brands enterprise enterprises organisation organization one ones supplier suppliers multinational multinationals".split(
    " ",
  ),
);

/** The terms that sit at the given word positions (a phrase term covers several words). */
function termsAt(terms: readonly QueryTerm[], positions: ReadonlySet<number>): number[] {
  return terms.flatMap((term, index) => {
    const length = term.surface.split(" ").length;
    for (let offset = 0; offset < length; offset++) {
      if (positions.has(term.position + offset)) return [index];
    }
    return [];
  });
}

function focusFrom(
  positions: number[],
  terms: readonly QueryTerm[],
  type: QuestionType,
): Focus | undefined {
  let indices = termsAt(terms, new Set(positions)).filter(
    (index) => !/^\d/.test(terms[index]?.surface ?? ""),
  );
  // A noun phrase's head is a noun ("the city's total" too): words after its last noun say more
  // about it ("laptops bought worldwide", "company set up").
  const lastNoun = indices.findLastIndex(
    (index) => terms[index]?.noun === true || OF_HEADS.has(terms[index]?.surface ?? ""),
  );
  if (lastNoun >= 0) indices = indices.slice(0, lastNoun + 1);
  if (
    type === "name" &&
    indices.length > 1 &&
    NAME_HEADS.has(terms[indices.at(-1) ?? -1]?.surface ?? "")
  ) {
    indices.pop();
  }
  const head = indices.at(-1);
  if (head === undefined) return undefined;
  return { head, modifiers: indices.slice(0, -1) };
}

/**
 * The noun phrase starting at `start`: words up to a verb, a stop word after it, or the end.
 * A participle that is no noun, after a noun, starts what follows the phrase ("money coming into
 * Chongqing"): modifiers come before the noun in English.
 */
function readPhrase(
  words: readonly string[],
  start: number,
  nouns: ReadonlySet<number>,
  isVerb: (word: string) => boolean,
): number[] {
  const phrase: number[] = [];
  for (let index = start; index < words.length; index++) {
    const word = words[index] ?? "";
    if (/ing$/.test(word) && !nouns.has(index) && phrase.some((at) => nouns.has(at))) break;
    if (!nouns.has(index) && agreesAsVerb(words, index, nouns, isVerb)) break;
    if (OF_HEADS.has(word) && words[index + 1] === "of") {
      phrase.length = 0;
      index++;
      continue;
    }
    if (VERBS.has(word)) break;
    // "… GDP last year", "… output this year": a time, not part of the thing asked for.
    if (
      /^(?:last|next|previous|this|past)$/.test(word) &&
      /^(?:years?|months?|quarters?|weeks?|decade)$/.test(words[index + 1] ?? "")
    ) {
      break;
    }
    const next = words[index + 1];
    if (/ed$/.test(word) && phrase.length > 0 && (next === undefined || isStopWord(next))) break;
    if (isStopWord(word)) {
      if (phrase.length > 0) break;
      continue;
    }
    phrase.push(index);
  }
  return phrase;
}

/**
 * Whether the word at `index` is the verb of a subject noun right before it: a verb in its base
 * form after a plural ("companies run"), in its -s form after a singular ("airport serves"), or
 * in its past form after either ("zone occupied").
 */
function agreesAsVerb(
  words: readonly string[],
  index: number,
  nouns: ReadonlySet<number>,
  isVerb: (word: string) => boolean,
): boolean {
  const word = words[index] ?? "";
  const subject = words[index - 1] ?? "";
  if (!nouns.has(index - 1) || !isVerb(word)) return false;
  if (/ed$/.test(word)) return true;
  const plural = /[^s]s$/.test(subject);
  const third = /[^s]s$/.test(word);
  return plural ? !third : third;
}

/**
 * The positions of the subject of a question's verb, from `start` up to the first `verb` after at
 * least one word ("customs clearance" in "How long does customs clearance take?"); `undefined`
 * when no such verb follows.
 */
function subjectBefore(
  words: readonly string[],
  start: number,
  verb: RegExp,
): number[] | undefined {
  const end = words.findIndex((word, index) => index > start && verb.test(word));
  return end < 0 ? undefined : words.slice(start, end).map((_, offset) => start + offset);
}

/**
 * Words that only say which kind of fact is wanted ("what date", "which year"): the kind of fact
 * is checked, these are not a thing to find.
 */
const KIND_WORDS = new Set(
  (
    "date dates year years time day month period figure figures amount number value size " +
    "money sum percentage percent proportion portion fraction share"
  ).split(" "),
);

/** The asked-for thing of an English question (`words`: its lowercase words, as terms count them). */
export function findFocus(
  words: readonly string[],
  terms: readonly QueryTerm[],
  type: QuestionType,
  /** Whether a word is a form of a word used mainly as a verb (see `Lexicon.isVerb`). */
  isVerb: (word: string) => boolean = () => false,
): Focus | undefined {
  // Word positions of the question's nouns (a phrase term covers several).
  const nouns = new Set(
    terms.flatMap((term) =>
      term.noun ? term.surface.split(" ").map((_, offset) => term.position + offset) : [],
    ),
  );
  const focus = findFocusPhrase(words, terms, type, nouns, isVerb);
  if (!focus) return undefined;
  const head = terms[focus.head];
  if (head && KIND_WORDS.has(head.surface) && focus.modifiers.length === 0) return undefined;
  return focus;
}

function findFocusPhrase(
  words: readonly string[],
  terms: readonly QueryTerm[],
  type: QuestionType,
  nouns: ReadonlySet<number>,
  isVerb: (word: string) => boolean,
): Focus | undefined {
  // "Who is the director of …", "Who are the main investors …": the noun after the copula.
  const who = words.indexOf("who");
  if (who >= 0 && who <= 3 && /^(?:is|are|was|were)$/.test(words[who + 1] ?? "")) {
    const focus = focusFrom(readPhrase(words, who + 2, nouns, isVerb), terms, type);
    if (focus) return focus;
  }
  let start = words.findIndex((word) => word === "what" || word === "which" || word === "how");
  if (start >= 0 && start <= 3) {
    // "How long does customs clearance take?": what takes the time is asked about.
    if (
      words[start] === "how" &&
      words[start + 1] === "long" &&
      /^(?:does|do|did|will|would|can|could)$/.test(words[start + 2] ?? "")
    ) {
      const subject = subjectBefore(words, start + 3, /^(?:take|takes|took)$/);
      const focus = subject && focusFrom(subject, terms, type);
      if (focus) return focus;
    }
    if (words[start] === "how") {
      if (words[start + 1] !== "many" && words[start + 1] !== "much") start = -1;
      else {
        start += 2;
        // "How much does a plot cost?": what costs is asked about.
        if (/^(?:does|do|did|will|would)$/.test(words[start] ?? "")) {
          const subject = subjectBefore(words, start + 1, /^(?:cost|costs|pay|earn|charge)$/);
          return subject && focusFrom(subject, terms, type);
        }
      }
    } else {
      start += 1;
      if (/^(?:is|are|was|were)$/.test(words[start] ?? "")) start += 1;
    }
    if (start >= 0) {
      const focus = focusFrom(readPhrase(words, start, nouns, isVerb), terms, type);
      if (focus) return focus;
    }
  }
  // "Tell me the number of X", "I'd like the share of X": the phrase after "<head> of".
  const of = words.findIndex((word, index) => OF_HEADS.has(word) && words[index + 1] === "of");
  if (of >= 0) return focusFrom(readPhrase(words, of + 2, nouns, isVerb), terms, type);
  return undefined;
}

/** The asked-for thing in a Chinese question: "…有多少家高新技术企业？" → "高新技术企业". */
export function findChineseFocusText(text: string): string | undefined {
  return (
    /多少[家个项座条名台亿万元]*(\p{Script=Han}{2,12})[？?。！!]*$/u.exec(text)?.[1] ??
    /的(\p{Script=Han}{2,10})(?:是|有)多少/u.exec(text)?.[1] ??
    /(\p{Script=Han}{2,10})(?:是|有)多少/u.exec(text)?.[1]
  );
}

/** The focus of a Chinese question: the terms glossing its asked-for words. */
export function findChineseFocus(text: string, terms: readonly QueryTerm[]): Focus | undefined {
  const focusText = findChineseFocusText(text);
  if (!focusText) return undefined;
  const indices = terms.flatMap((term, index) =>
    term.chinese && focusText.includes(term.chinese) ? [index] : [],
  );
  const head = indices.at(-1);
  if (head === undefined) return undefined;
  return { head, modifiers: indices.slice(0, -1) };
}
