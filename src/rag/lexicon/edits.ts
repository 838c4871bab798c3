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
