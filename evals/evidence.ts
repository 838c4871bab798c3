/**
 * @module How a retrieved passage is judged against a case's evidence. Evidence is quoted text,
 * not chunk ids, so it survives re-chunking; a chunk boundary may cut it, so a chunk holding most
 * of the evidence still counts.
 */

/** Lowercases, folds Unicode compatibility forms and collapses all whitespace (incl. NBSP). */
export function normalizeForMatch(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** Share of the evidence that must lie in one chunk when a chunk boundary cuts it. */
const MIN_SHARED = 0.6;

/**
 * Whether `passage` contains `evidence`: wholly, or (cut by a chunk boundary) a prefix or suffix
 * of at least 60% of it.
 */
export function containsEvidence(passage: string, evidence: string): boolean {
  const haystack = normalizeForMatch(passage);
  const needle = normalizeForMatch(evidence);
  if (!needle) return false;
  if (haystack.includes(needle)) return true;
  const minLength = Math.ceil(needle.length * MIN_SHARED);
  for (let length = needle.length - 1; length >= minLength; length--) {
    if (haystack.endsWith(needle.slice(0, length)) || haystack.startsWith(needle.slice(-length))) {
      return true;
    }
  }
  return false;
}
