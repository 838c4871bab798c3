/**
 * @module Sentence splitting for English and Chinese passages, careful with decimals
 * (`32.34`), abbreviations (`No. 8`, `Co., Ltd.`, `U.S.`) and quoted titles.
 */

/** Abbreviations after which a period does not end a sentence (lowercase, without the period). */
const ABBREVIATIONS = new Set([
  "no",
  "nos",
  "co",
  "ltd",
  "inc",
  "corp",
  "st",
  "ave",
  "rd",
  "dr",
  "mr",
  "mrs",
  "ms",
  "prof",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "approx",
  "dept",
  "govt",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "u.s",
  "u.k",
  "p.r",
  "fig",
  "vol",
  "est",
]);

const TERMINATORS = new Set([".", "!", "?", "。", "！", "？", "；"]);
const CLOSERS = new Set(['"', "'", "”", "’", ")", "）", "」", "』"]);

function isSentenceStart(char: string | undefined): boolean {
  return char === undefined || /[\p{Lu}\p{N}"“‘'(（\p{Script=Han}]/u.test(char);
}

function endsWithAbbreviation(text: string): boolean {
  const match = /([\p{L}.]+)\.$/u.exec(text);
  if (!match?.[1]) return false;
  const word = match[1].toLowerCase();
  return ABBREVIATIONS.has(word) || /^\p{Lu}$/u.test(match[1]);
}

/**
 * Splits text into trimmed sentences. Line breaks always end a sentence; `.`, `!` and `?` end one
 * when followed by space and a capital, digit or quote; Chinese `。！？；` always end one.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    for (let index = 0; index < line.length; index++) {
      const char = line[index] ?? "";
      if (!TERMINATORS.has(char)) continue;
      let end = index + 1;
      while (end < line.length && CLOSERS.has(line[end] ?? "")) end++;
      const cjk = char === "。" || char === "！" || char === "？" || char === "；";
      if (!cjk) {
        if (line[end] !== undefined && line[end] !== " ") continue;
        let next = end;
        while (line[next] === " ") next++;
        if (!isSentenceStart(line[next])) continue;
        if (char === "." && endsWithAbbreviation(line.slice(start, index + 1))) {
          const closing = /\b(?:etc|ltd|inc|corp)\.$/i.test(line.slice(start, index + 1));
          if (!closing || !/\p{Lu}/u.test(line[next] ?? "")) {
            continue;
          }
        }
      }
      const sentence = line.slice(start, end).trim();
      if (sentence) sentences.push(sentence);
      start = end;
      index = end - 1;
    }
    const rest = line.slice(start).trim();
    if (rest) sentences.push(rest);
  }
  return sentences;
}
