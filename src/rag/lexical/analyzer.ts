/**
 * @module The full-text analyzer of the index, in TypeScript: the same pipeline LanceDB runs over
 * the `context` column (`lancedb.ts` builds its index from {@link FULL_TEXT_ANALYZER}), so the edge
 * index holds the same terms. Steps, in LanceDB's order: split on every character that is not a
 * letter or digit (tantivy's `SimpleTokenizer`), drop tokens of 40 bytes or more, lowercase, stem
 * (Snowball English), drop stop words (NLTK's English list, checked after stemming, as LanceDB
 * does), fold to ASCII. Positions count the tokens before any is dropped, so phrases keep gaps.
 */
import { foldToAscii } from "./ascii-folding.ts";
import { stemEnglish } from "./english-stemmer.ts";

/** The settings of the index's full-text analyzer; LanceDB's `Index.fts` options. */
export const FULL_TEXT_ANALYZER = {
  baseTokenizer: "simple",
  language: "English",
  maxTokenLength: 40,
  lowercase: true,
  stem: true,
  removeStopWords: true,
  asciiFolding: true,
} as const;

/**
 * The stop words LanceDB removes for `English`: NLTK's English list (through the `stop-words`
 * crate), compared with the stemmed token. Words with an apostrophe never reach the filter (the
 * tokenizer splits on it) and are left out. Checked against LanceDB in `lexical-parity.test.ts`.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself " +
    "she her hers herself it its itself they them their theirs themselves what which who whom " +
    "this that these those am is are was were be been being have has had having do does did " +
    "doing a an the and but if or because as until while of at by for with about against " +
    "between into through during before after above below to from up down in out on off over " +
    "under again further then once here there when where why how all any both each few more " +
    "most other some such no nor not only own same so than too very s t can will just don " +
    "should now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn " +
    "needn shan shouldn wasn weren won wouldn"
  ).split(" "),
);

/** One term of analyzed text and its position among the text's tokens. */
export interface AnalyzedToken {
  term: string;
  position: number;
}

const WORD = /[\p{Alphabetic}\p{N}]+/gu;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Runs text through the analyzer: the terms the index stores for it, with their positions. */
export function analyzeText(text: string): AnalyzedToken[] {
  const tokens: AnalyzedToken[] = [];
  let position = 0;
  for (const [raw] of text.matchAll(WORD)) {
    const at = position++;
    if (utf8Length(raw) >= FULL_TEXT_ANALYZER.maxTokenLength) continue;
    const stem = stemEnglish(raw.toLowerCase());
    if (ENGLISH_STOP_WORDS.has(stem)) continue;
    tokens.push({ term: foldToAscii(stem), position: at });
  }
  return tokens;
}
