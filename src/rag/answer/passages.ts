/**
 * @module Source passages cut into sentences for the offline answerer, with the stems, title and
 * preceding text each sentence is judged by, and phrase matching over stems.
 */
import { splitSentences } from "./sentences.ts";
import type { Source } from "./types.ts";
import { type Phrase, toStems } from "./vocabulary.ts";

/** A sentence of a source, with what is needed to score it. */
export interface Unit {
  text: string;
  source: Source;
  stems: string[];
  stemSet: Set<string>;
  /** Stems of the chunk's title and section: what every sentence of it is about. */
  heading: string[];
  headingSet: Set<string>;
  /** Title, section and the text before it in the chunk: where "it" and "the Park" point. */
  context: string[];
  contextSet: Set<string>;
  /** Whether the sentence is the last of its chunk and was cut off there. */
  cut: boolean;
  /** Position of the sentence in its chunk. */
  index: number;
  /** Token positions followed by punctuation (a comma, a parenthesis…). */
  breaks: Set<number>;
}

/** A sentence word matches a question stem when equal, or when it only adds a short ending (`new` → `newly`). */
export function matchesStem(token: string | undefined, stem: string): boolean {
  if (token === undefined) return false;
  if (token === stem) return true;
  return (
    stem.length >= 3 &&
    token.length - stem.length <= 2 &&
    token.startsWith(stem) &&
    /^[a-z]+$/.test(token)
  );
}

/** The stems of a text and their short prefixes, for {@link containsPhrase}'s quick check. */
export function indexStems(stems: readonly string[]): Set<string> {
  const set = new Set<string>();
  stems.forEach((stem, index) => {
    set.add(stem);
    const next = stems[index + 1];
    if (next && /^[a-z]+$/.test(stem) && /^[a-z]+$/.test(next)) set.add(stem + next);
    if (!/^[a-z]+$/.test(stem)) return;
    for (let cut = 1; cut <= 2 && stem.length - cut >= 3; cut++) set.add(stem.slice(0, -cut));
  });
  return set;
}

/** Whether the stems hold the phrase word for word (each word may add a short ending). */
export function containsPhrase(
  stems: readonly string[],
  set: ReadonlySet<string>,
  phrase: Phrase,
): boolean {
  const [first] = phrase;
  if (first === undefined || !set.has(first)) return false;
  if (phrase.length === 1) return true;
  for (let start = 0; start + phrase.length <= stems.length; start++) {
    if (phrase.every((stem, offset) => matchesStem(stems[start + offset], stem))) return true;
  }
  return false;
}

function cleanSentence(sentence: string): string {
  return sentence.replace(/^[\s.,;:)\]}>»”’-]+/u, "").trim();
}

/** Token positions after which the text has a comma, colon, semicolon or parenthesis. */
function findBreaks(text: string): Set<number> {
  const breaks = new Set<number>();
  let count = 0;
  for (const segment of text.split(/[,;:]\s|[()“”"]/)) {
    count += toStems(segment).length;
    if (count > 0) breaks.add(count - 1);
  }
  return breaks;
}

/**
 * Cuts the sources into sentences (first occurrence of a repeated sentence only), each with the
 * title, section and preceding text of its chunk — and of the chunk before it when that one was
 * retrieved too.
 */
export function buildUnits(sources: readonly Source[]): Unit[] {
  const units: Unit[] = [];
  const seen = new Set<string>();
  const sentencesOf = new Map(
    sources.map((source) => [
      source.chunk,
      splitSentences(source.chunk.text).map(cleanSentence).filter(Boolean),
    ]),
  );
  const byPosition = new Map(
    sources.map((source) => [`${source.chunk.docId}#${source.chunk.position}`, source.chunk]),
  );
  for (const source of sources) {
    const { chunk } = source;
    const heading = toStems(`${chunk.title} ${chunk.section}`);
    const previous = byPosition.get(`${chunk.docId}#${chunk.position - 1}`);
    const carried = previous ? (sentencesOf.get(previous) ?? []) : [];
    const sentences = sentencesOf.get(chunk) ?? [];
    const withCarried = [...carried, ...sentences];
    sentences.forEach((text, at) => {
      const index = at + carried.length;
      const words = text.split(/\s+/).length;
      if (words < 3 && !/\d/.test(text)) return;
      if (!/\p{L}/u.test(text)) return;
      const key = text.toLowerCase().replace(/\W+/g, " ").trim();
      if (seen.has(key)) return;
      seen.add(key);
      const stems = toStems(text);
      const before = withCarried.slice(0, index).join(" ");
      const context = [...heading, ...toStems(before)];
      const last = at === sentences.length - 1;
      units.push({
        text,
        source,
        stems,
        stemSet: indexStems(stems),
        heading,
        headingSet: indexStems(heading),
        context,
        contextSet: indexStems(context),
        cut: last && !/[.!?。！？"”')）…]$/u.test(text),
        index: at,
        breaks: findBreaks(text),
      });
    });
  }
  return units;
}

/** Where a term's wordings start in a sentence. */
export function findPositions(stems: readonly string[], alternatives: readonly Phrase[]): number[] {
  const positions: number[] = [];
  for (const phrase of alternatives) {
    for (let start = 0; start + phrase.length <= stems.length; start++) {
      if (phrase.every((stem, offset) => matchesStem(stems[start + offset], stem))) {
        positions.push(start);
      }
    }
  }
  return positions;
}
