/**
 * @module How free user text becomes a full-text query, shared by the LanceDB and edge indexes so
 * both search for the same thing: `"quoted runs"` are phrases every result must contain, the rest
 * are terms any of which may match. Bounded, so pages of noise cost no more than a question.
 */

/** A parsed full-text query. */
export interface TextQuery {
  /** Words any of which may match, space-separated; `""` when there are none. */
  terms: string;
  /** Phrases a result must contain, in order. */
  phrases: string[];
  /** Related words that may also match, each group scoring `weight` times a plain term. */
  related?: { terms: string; weight: number }[];
}

const MAX_TERMS = 64;
const MAX_PHRASES = 8;

/** Parses user text; `undefined` when it holds nothing to search for. */
export function parseTextQuery(text: string): TextQuery | undefined {
  const phrases: string[] = [];
  const rest = text.replace(/"([^"]{1,200})"/g, (_match, phrase: string) => {
    if (/[\p{L}\p{N}]/u.test(phrase)) phrases.push(phrase);
    return " ";
  });
  const terms = (rest.match(/[\p{L}\p{N}][\p{L}\p{N}.%'-]*/gu) ?? []).slice(0, MAX_TERMS).join(" ");
  if (!terms && phrases.length === 0) return undefined;
  return { terms, phrases: phrases.slice(0, MAX_PHRASES) };
}

/**
 * The full-text query for weighted text parts (the first is the question itself, parsed for
 * phrases; the others are related wordings that count their weight).
 */
export function toTextQuery(
  parts: readonly { text: string; weight: number }[],
): TextQuery | undefined {
  const [first, ...rest] = parts;
  const base = first ? parseTextQuery(first.text) : undefined;
  const related = rest.flatMap(({ text, weight }) => {
    const parsed = parseTextQuery(text.replaceAll('"', " "));
    return parsed?.terms && weight > 0 ? [{ terms: parsed.terms, weight }] : [];
  });
  if (!base && related.length === 0) return undefined;
  return {
    terms: base?.terms ?? "",
    phrases: base?.phrases ?? [],
    ...(related.length > 0 ? { related } : {}),
  };
}
