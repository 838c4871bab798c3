/**
 * @module Runtime-neutral text utilities shared by embedding and answering: Unicode-aware word
 * tokenizing and number normalisation. Stemming and stop words are in `lexicon/words.ts`.
 */

/** Invisible code points that NFKC keeps but that would glue emoji pieces onto words. */
const INVISIBLES = /[\u200b-\u200d\u2060]|[\ufe00-\ufe0f]|\u20e3/g;

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Lowercases and NFKC-normalises text (full-width `２０１８` and `，` become `2018` and `,`).
 * ASCII text is returned lowercased without the normalisation pass.
 */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize("NFKC").replace(INVISIBLES, "");
}

/** Han ideographs, kana and CJK compatibility ideographs: scripts written without spaces. */
export function isCjkCodePoint(codePoint: number): boolean {
  return (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x3040 && codePoint <= 0x30ff) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3ffff)
  );
}

/** Whether the text contains any character {@link isCjkCodePoint} accepts. */
export function hasCjk(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x3040) continue;
    if (isCjkCodePoint(text.codePointAt(index) ?? code)) return true;
  }
  return false;
}

const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
const MARK = 3;
const CJK = 4;

const ASCII_KINDS = new Uint8Array(128);
ASCII_KINDS.fill(DIGIT, 48, 58);
ASCII_KINDS.fill(LETTER, 65, 91);
ASCII_KINDS.fill(LETTER, 97, 123);

const UNICODE_LETTER = /^\p{L}$/u;
const UNICODE_DIGIT = /^\p{N}$/u;
const UNICODE_MARK = /^\p{M}$/u;

function classify(codePoint: number): number {
  if (codePoint < 128) return ASCII_KINDS[codePoint] ?? OTHER;
  if (isCjkCodePoint(codePoint)) return CJK;
  const char = String.fromCodePoint(codePoint);
  if (UNICODE_LETTER.test(char)) return LETTER;
  if (UNICODE_DIGIT.test(char)) return DIGIT;
  return UNICODE_MARK.test(char) ? MARK : OTHER;
}

function classifyAt(text: string, index: number): number {
  return index < text.length ? classify(text.codePointAt(index) ?? 0) : OTHER;
}

/**
 * Splits text into lowercase word tokens: runs of letters and digits, with the combining marks
 * that follow them (a mark on its own is dropped).
 * Inside a run, `.` and `,` between digits are kept (`32.34`, `2,400`), as are `'`, `’` and `&`
 * between letters (`chang'an`, `r&d`), and a `%` right after a digit (`13.7%`). Each CJK
 * character is a token of its own. Punctuation, symbols and emoji are dropped; curly apostrophes
 * become straight ones, a trailing possessive `'s` is removed, and a contraction keeps its first
 * part (`we're` → `we`).
 */
export function tokenizeWords(text: string): string[] {
  const source = normalizeText(text);
  const tokens: string[] = [];
  let start = -1;
  let previous = OTHER;
  let index = 0;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    const codePoint = code < 0xd800 ? code : (source.codePointAt(index) ?? code);
    const width = codePoint > 0xffff ? 2 : 1;
    const kind = code < 128 ? (ASCII_KINDS[code] ?? OTHER) : classify(codePoint);
    if (kind === LETTER || kind === DIGIT) {
      if (start < 0) start = index;
      previous = kind;
    } else if (kind === MARK) {
      index += width;
      continue;
    } else if (start >= 0 && isJoiner(source, index, previous)) {
      if (code === 37) {
        tokens.push(stripPossessive(source.slice(start, index + 1)));
        start = -1;
      }
    } else {
      if (start >= 0) tokens.push(stripPossessive(source.slice(start, index)));
      start = -1;
      if (kind === CJK) tokens.push(source.slice(index, index + width));
    }
    index += width;
  }
  if (start >= 0) tokens.push(stripPossessive(source.slice(start)));
  return tokens;
}

/** Whether the punctuation at `index` continues the current word (see {@link tokenizeWords}). */
function isJoiner(text: string, index: number, previous: number): boolean {
  const code = text.charCodeAt(index);
  if (code === 37) return previous === DIGIT;
  if (code === 46 || code === 44)
    return previous === DIGIT && classifyAt(text, index + 1) === DIGIT;
  if (code === 39 || code === 0x2019 || code === 38) {
    return previous === LETTER && classifyAt(text, index + 1) === LETTER;
  }
  return false;
}

/** An English contraction's ending: "we're", "I'm", "don't", "they've", "it'll", "she'd". */
const CONTRACTION = /^([a-z]+)'(?:re|m|t|ve|ll|d)$/i;

/**
 * Folds `’` into `'`, drops a trailing possessive `'s`, and keeps a contraction's first part
 * ("we're" → "we", "don't" → "don"): the parts a stop-word list written for split contractions
 * (NLTK's, LanceDB's) expects. A name with an apostrophe ("Chang'an") stays whole.
 */
function stripPossessive(token: string): string {
  const word = token.length > 1 && token.includes("’") ? token.replaceAll("’", "'") : token;
  const end = word.length - 2;
  if (end > 0 && word.charCodeAt(end) === 39 && word.charCodeAt(end + 1) === 115) {
    return word.slice(0, end);
  }
  const contraction = word.includes("'") ? CONTRACTION.exec(word) : null;
  return contraction?.[1] ?? word;
}

/** Whether a token is a single CJK character, as {@link tokenizeWords} emits them. */
export function isCjkToken(token: string): boolean {
  const codePoint = token.codePointAt(0) ?? 0;
  return token.length <= 2 && isCjkCodePoint(codePoint);
}

/** Whether a token starts with a digit (numbers, years, `5g`, `12-inch` pieces). */
export function isNumberToken(token: string): boolean {
  const code = token.charCodeAt(0);
  return code >= 48 && code <= 57;
}

const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$/;

/**
 * Canonical form of a numeric token: thousands separators removed (`2,400` → `2400`) and
 * trailing zeros after a decimal point dropped (`5.50` → `5.5`); a `%` suffix is kept.
 * Returns `undefined` for tokens that are not plain numbers (`5g`, `1,2,3` stays as is).
 */
export function normalizeNumber(token: string): string | undefined {
  if (!/^\d[\d.,]*%?$/.test(token)) return undefined;
  let value = THOUSANDS.test(token) ? token.replaceAll(",", "") : token;
  if (value.includes(",")) return value;
  const percent = value.endsWith("%");
  if (percent) value = value.slice(0, -1);
  if (value.includes(".")) value = value.replace(/\.?0+$/, "");
  return percent ? `${value}%` : value;
}

/** The text with its first character upper-cased ("since when …" → "Since when …"). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A text as a regular expression that matches it literally ("R&D (Chongqing)"). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
