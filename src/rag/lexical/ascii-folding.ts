/**
 * @module ASCII folding as the last step of the full-text analyzer: accented Latin letters lose
 * their accents (`café` → `cafe`), ligatures and special letters are spelled out (`æ` → `ae`,
 * `ß` → `ss`) and full-width ASCII becomes ASCII (`Ａ１` → `A1`). A compact stand-in for Lucene's
 * `ASCIIFoldingFilter`, which LanceDB's index uses: the same result for Latin-script text, which
 * is all the corpus holds; other scripts pass through unchanged in both.
 */

/** Letters that decomposition does not reduce to ASCII. */
const SPECIAL: Readonly<Record<string, string>> = {
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ß: "ss",
  ẞ: "SS",
  ø: "o",
  Ø: "O",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "TH",
  ł: "l",
  Ł: "L",
  ı: "i",
  ĸ: "q",
  ŋ: "n",
  Ŋ: "N",
  ſ: "s",
  ƒ: "f",
};

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0x7f) return false;
  }
  return true;
}

const LATIN_WITH_MARKS = /[\u00c0-\u024f\u1e00-\u1eff]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Folds one token to ASCII where a Latin equivalent exists; returns ASCII tokens unchanged. */
export function foldToAscii(token: string): string {
  if (isAscii(token)) return token;
  let folded = "";
  for (const char of token) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) {
      folded += String.fromCodePoint(code - 0xfee0);
    } else if (SPECIAL[char] !== undefined) {
      folded += SPECIAL[char];
    } else if (LATIN_WITH_MARKS.test(char)) {
      const base = char.normalize("NFD").replace(COMBINING_MARKS, "");
      folded += base !== "" && isAscii(base) ? base : char;
    } else {
      folded += char;
    }
  }
  return folded;
}
