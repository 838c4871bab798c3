/**
 * @module Matching a question's terms in a sentence, over stems (Snowball English): a phrase
 * matches word for word. Related forms the stemmer keeps apart ("new" and "newly") are the
 * lexicon's business (WordNet derivations), not a looser match here: Snowball's stems are short
 * ("international" → "intern"), and a prefix match would find them in unrelated words.
 * Runtime-neutral.
 */

/** A sentence word matches a question stem when they are equal. */
export function matchesStem(token: string | undefined, stem: string): boolean {
  return token === stem;
}

/** The stems of a text, for {@link containsPhrase}'s quick check. */
export function indexStems(stems: readonly string[]): Set<string> {
  return new Set(stems);
}

/** Whether the stems hold the phrase word for word (each word may add a short ending). */
export function containsPhrase(
  stems: readonly string[],
  set: ReadonlySet<string>,
  phrase: readonly string[],
): boolean {
  const { length } = phrase;
  if (length === 0) return false;
  // Every word must be there somewhere before the order is worth scanning for.
  for (const stem of phrase) if (!set.has(stem)) return false;
  if (length === 1) return true;
  for (let start = 0; start + length <= stems.length; start++) {
    let offset = 0;
    while (offset < length && matchesStem(stems[start + offset], phrase[offset] as string)) {
      offset++;
    }
    if (offset === length) return true;
  }
  return false;
}

/**
 * Where any of the phrases starts in the stems. `set` (the stems as a set) lets a phrase whose
 * first word is absent be skipped without a scan: most are, and this runs for every sentence.
 */
export function findPositions(
  stems: readonly string[],
  phrases: readonly (readonly string[])[],
  set?: ReadonlySet<string>,
): number[] {
  const positions: number[] = [];
  for (const phrase of phrases) {
    const length = phrase.length;
    if (length === 0 || (set && !set.has(phrase[0] as string))) continue;
    for (let start = 0; start + length <= stems.length; start++) {
      let offset = 0;
      while (offset < length && stems[start + offset] === phrase[offset]) offset++;
      if (offset === length) positions.push(start);
    }
  }
  return positions;
}
