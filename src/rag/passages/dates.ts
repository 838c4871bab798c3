/**
 * @module Source dates in answers: "As of February 26, 2025" from a chunk's ISO date, and the
 * relative words in a passage ("this year", "so far") that refer to that date.
 */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * A chunk date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) in words: `2018`, `February 2025`,
 * `February 26, 2025`. `undefined` for `undated` or anything unparseable.
 */
export function formatSourceDate(date: string): string | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date.trim());
  if (!match) return undefined;
  const [, year, month, day] = match;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (month && !monthName) return year;
  if (!monthName) return year;
  return day ? `${monthName} ${Number(day)}, ${year}` : `${monthName} ${year}`;
}

/** The year of a chunk date, or `undefined` when it is undated. */
export function getSourceYear(date: string): string | undefined {
  return /^(\d{4})/.exec(date.trim())?.[1];
}

/** Years written in a text (`2018`, `1991`), in order. */
export function findYears(text: string): string[] {
  return [...text.matchAll(/(?<![\d.,])((?:19|20)\d\d)(?!\d|[.,]\d)/g)].map(
    (match) => match[1] ?? "",
  );
}

/** "this year" in a passage means the year of the source that says it. */
export const THIS_YEAR = /\bthis year\b/i;

/** Openers that mean "as of the source's date". */
export const PRESENT_OPENER =
  /^(?:so far|up to now|until now|to date|at present|currently|nowadays|now|at the moment|as of now)\s*,\s*/i;

/** Words that make a statement true only as of when it was written. */
export const PRESENT_WORDS =
  /\b(?:so far|up to now|until now|to date|at present|currently|nowadays|now|at the moment|in recent years|recently|over the past|this year|last year|next year|has become|have become)\b/i;
