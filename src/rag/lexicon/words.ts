/**
 * @module Words, the one way: the tokenizer, the one stemmer (Snowball English, as LanceDB's
 * full-text index stems) and the one general stop-word list (NLTK's English list, as LanceDB's
 * full-text index removes) that retrieval, the lexicon and the answerer all use. Runtime-neutral.
 */
import { ENGLISH_STOP_WORDS } from "../lexical/analyzer.ts";
import { stemEnglish } from "../lexical/english-stemmer.ts";
import { tokenizeWords } from "../text.ts";

export { tokenizeWords };

const ALPHA = /^[a-z]+$/;
/** Stems are asked for the same words over and over; a bounded memo saves most of the work. */
const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

/**
 * The stem of one lowercase token: Snowball English for words of letters `a`–`z`, the token
 * itself otherwise (numbers, `r&d`, CJK characters).
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const result = ALPHA.test(word) ? stemEnglish(word) : word;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, result);
  return result;
}

/** The stems of a text's words, in order, stop words kept (phrases match word for word). */
export function toStems(text: string): string[] {
  return tokenizeWords(text).map(stem);
}

/** The stems of a text's content words: stop words ("the", "was", "in") left out. */
export function toContentStems(text: string): string[] {
  return tokenizeWords(text)
    .filter((word) => !isStopWord(word))
    .map(stem);
}

/**
 * Pronouns NLTK's list lacks: "us" there is only ever "US", the country, which a question writes
 * in capitals (and a lowercase "us" is not the United States, as WordNet's lemma would have it).
 */
const PRONOUNS = new Set(["us"]);

/** Whether a lowercase token is a general English stop word (NLTK's list, with "us"). */
export function isStopWord(token: string): boolean {
  return ENGLISH_STOP_WORDS.has(token) || PRONOUNS.has(token);
}
