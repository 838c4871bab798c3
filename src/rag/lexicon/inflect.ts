/**
 * @module Regular English inflection: the forms a question may use for a dictionary word
 * ("company" → "companies", "found" → "founded", "founding"). The lexicon is keyed by dictionary
 * words, so a question word finds its entry by form, not by a stem that "university" and
 * "universe" would share. Irregular forms ("built", "grew") are left to exact matching.
 */

const SIBILANT = /(?:s|x|z|ch|sh)$/;
const CONSONANT_Y = /[^aeiou]y$/;
/** Short words ending consonant–vowel–consonant double the consonant: "plan" → "planned". */
const DOUBLING = /^[^aeiou]*[aeiou][bdgklmnprtv]$/;

/** The word itself, its plural or third person, and its past and present participles. */
export function inflect(word: string): string[] {
  if (!/^[a-z]+$/.test(word) || word.length < 2) return [word];
  const forms = new Set<string>([word]);
  if (CONSONANT_Y.test(word)) {
    const base = word.slice(0, -1);
    forms.add(`${base}ies`);
    forms.add(`${base}ied`);
  } else {
    forms.add(SIBILANT.test(word) ? `${word}es` : `${word}s`);
  }
  if (word.endsWith("e")) {
    forms.add(`${word}d`);
    forms.add(`${word.slice(0, -1)}ing`);
  } else {
    if (!CONSONANT_Y.test(word)) forms.add(`${word}ed`);
    forms.add(`${word}ing`);
    if (DOUBLING.test(word)) {
      const last = word.at(-1) ?? "";
      forms.add(`${word}${last}ed`);
      forms.add(`${word}${last}ing`);
    }
  }
  return [...forms];
}

/** The forms of a phrase: its last word inflected ("industrial park" → "industrial parks"). */
export function inflectPhrase(phrase: string): string[] {
  const words = phrase.split(" ");
  const last = words.pop() ?? "";
  const head = words.length > 0 ? `${words.join(" ")} ` : "";
  return inflect(last).map((form) => `${head}${form}`);
}
