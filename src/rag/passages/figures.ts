/**
 * @module The figures guard: every number an answer states must appear in a source it cites.
 * A wrong figure presented as fact is the worst thing this product can do.
 */

/** Digits with optional thousands separators, decimals and a percent sign: `1,056`, `32.34`, `48%`. */
const FIGURE = /(?<![A-Za-z\d.,])\d(?:[\d,]*\d)?(?:\.\d+)?%?/gu;
/** Citation markers like `[1]` or `[2, 3]` are not figures. */
const CITATION = /\[\d+(?:\s*,\s*\d+)*\]/g;

/** Canonical form of a figure: `1,056` → `1056`, `5.50` → `5.5`, `013` → `13`, `48 %` kept as `48%`. */
export function normalizeFigure(figure: string): string {
  let value = figure.replaceAll(",", "");
  const percent = value.endsWith("%");
  if (percent) value = value.slice(0, -1);
  if (value.includes(".")) value = value.replace(/\.?0+$/, "");
  value = value.replace(/^0+(?=\d)/, "");
  return percent ? `${value}%` : value;
}

/** Currency codes written straight before a number (`RMB32`) still leave it a figure. */
const CURRENCY_PREFIX = /\b(RMB|CNY|USD|US|HKD|EUR)(?=\d)/g;

/**
 * The figures a text states, as written, in order. Citation markers and digits glued to a word
 * (`H1`, `5G` after a letter) are not figures; `RMB32` is.
 */
export function extractFigures(text: string): string[] {
  return text.replace(CITATION, " ").replace(CURRENCY_PREFIX, "$1 ").match(FIGURE) ?? [];
}

function figureSet(texts: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const text of texts) {
    for (const figure of extractFigures(text)) {
      const normal = normalizeFigure(figure);
      set.add(normal);
      if (normal.endsWith("%")) set.add(normal.slice(0, -1));
    }
  }
  return set;
}

/**
 * Figures in `answer` that appear in none of `sources` (compared in canonical form, so `1,056`
 * matches `1056`). `allowed` adds figures known from elsewhere, such as the sources' dates.
 * Each unverified figure is listed once, as written in the answer.
 */
export function findUnverifiedFigures(
  answer: string,
  sources: readonly string[],
  allowed: readonly string[] = [],
): string[] {
  const known = figureSet([...sources, ...allowed]);
  const unverified: string[] = [];
  for (const figure of extractFigures(answer)) {
    const normal = normalizeFigure(figure);
    const bare = normal.endsWith("%") ? normal.slice(0, -1) : normal;
    if (known.has(normal) || (normal.endsWith("%") && known.has(bare))) continue;
    if (!unverified.includes(figure)) unverified.push(figure);
  }
  return unverified;
}
