/**
 * @module Strings one typing error away from a word, for correcting misspelt question words
 * onto the corpus's vocabulary.
 */

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Strings one edit away (Damerau: delete, transpose, replace, insert) from a lowercase word. */
export function oneEditAway(word: string): Set<string> {
  const variants = new Set<string>();
  for (let index = 0; index <= word.length; index++) {
    const head = word.slice(0, index);
    const tail = word.slice(index);
    if (tail) variants.add(head + tail.slice(1));
    if (tail.length > 1) variants.add(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail) variants.add(head + letter + tail.slice(1));
      variants.add(head + letter + tail);
    }
  }
  variants.delete(word);
  return variants;
}

/**
 * British and American spellings of one word: -ise/-ize ("specialised"), -yse/-yze, -our/-or
 * ("labour"), -re/-er ("centre"), -ogue/-og, -ence/-ense ("licence") and a doubled l before an
 * ending ("travelled"). Each rule works both ways; the caller keeps the forms a vocabulary uses.
 */
const SPELLINGS: readonly [RegExp, string][] = [
  [/is(e|es|ed|ing|er|ers|ation|ations)$/, "iz$1"],
  [/iz(e|es|ed|ing|er|ers|ation|ations)$/, "is$1"],
  [/ys(e|es|ed|ing)$/, "yz$1"],
  [/yz(e|es|ed|ing)$/, "ys$1"],
  [/our(s|ed|ing|able|ite|ites)?$/, "or$1"],
  [/([^aeiou])or(s|ed|ing|able|ite|ites)?$/, "$1our$2"],
  [/([^aeiou])tre(s|d)?$/, "$1ter$2"],
  [/([^aeiou])ter(s|ed)?$/, "$1tre$2"],
  [/ogue(s)?$/, "og$1"],
  [/([ae])nce(s)?$/, "$1nse$2"],
  [/([ae])nse(s)?$/, "$1nce$2"],
  [/([aeiou])ll(ed|ing|er|ers)$/, "$1l$2"],
  [/([aeiou])l(ed|ing|er|ers)$/, "$1ll$2"],
];

/** The word's spellings in the other variety of English (see {@link SPELLINGS}). */
export function spellingVariants(word: string): string[] {
  const variants = new Set<string>();
  for (const [pattern, replacement] of SPELLINGS) {
    if (pattern.test(word)) variants.add(word.replace(pattern, replacement));
  }
  variants.delete(word);
  return [...variants];
}
