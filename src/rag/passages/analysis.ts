/**
 * @module Chunks cut into sentences with everything matching needs (stems, a stem index, the
 * heading and the words before each sentence), worked out once per chunk and kept while the index
 * serves: a chunk's id hashes its content, so an analysis never goes stale. The in-memory index
 * analyses every chunk when it loads; other retrievers fill the cache as chunks come up.
 * Runtime-neutral.
 */

import { toStems } from "../lexicon/words.ts";
import type { Chunk } from "../types.ts";
import { indexStems } from "./match.ts";
import { splitSentences } from "./sentences.ts";

/** One sentence of a chunk, analysed. */
export interface AnalyzedSentence {
  text: string;
  /** Position among the chunk's sentences. */
  index: number;
  /** Which of the chunk's paragraphs (lines) it is in, counting from 0. */
  paragraph: number;
  stems: readonly string[];
  stemSet: ReadonlySet<string>;
  /** Stems of the chunk's heading and of the sentences before this one: where "it" points. */
  context: readonly string[];
  contextSet: ReadonlySet<string>;
  /** The last sentence of the chunk, cut off by the chunk's end (no closing punctuation). */
  cut: boolean;
  /** Token positions followed by a comma, colon, semicolon or parenthesis. */
  breaks: ReadonlySet<number>;
}

/** A chunk, analysed. */
export interface AnalyzedChunk {
  chunk: Chunk;
  /** Stems of the title and section: what every sentence of the chunk is about. */
  heading: readonly string[];
  headingSet: ReadonlySet<string>;
  sentences: readonly AnalyzedSentence[];
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

/** Analyses one chunk (see {@link getChunkAnalysis} for the cached form). */
export function analyzeChunk(chunk: Chunk): AnalyzedChunk {
  const heading = toStems(`${chunk.title} ${chunk.section}`);
  const texts = chunk.text.split(/\n+/).flatMap((line, paragraph) =>
    splitSentences(line)
      .map(cleanSentence)
      .filter(Boolean)
      .map((text) => ({ text, paragraph })),
  );
  const sentences: AnalyzedSentence[] = [];
  let before: string[] = [...heading];
  texts.forEach(({ text, paragraph }, index) => {
    const stems = toStems(text);
    sentences.push({
      text,
      index,
      paragraph,
      stems,
      stemSet: indexStems(stems),
      context: before,
      contextSet: indexStems(before),
      cut: index === texts.length - 1 && !/[.!?。！？"”')）…]$/u.test(text),
      breaks: findBreaks(text),
    });
    before = [...before, ...stems];
  });
  return { chunk, heading, headingSet: indexStems(heading), sentences };
}

/**
 * Analyses of the chunks an in-memory index holds, by chunk object: made once when the index
 * loads ({@link analyzeIndex}) and released with it, so each chunk is analysed once per index
 * version and a lookup costs no key building.
 */
const byChunk = new WeakMap<Chunk, AnalyzedChunk>();

/**
 * Analyses every chunk of an index as it loads, so no request pays for it. The analyses live as
 * long as the chunk objects (the index that returns them from its searches).
 */
export function analyzeIndex(chunks: readonly Chunk[]): void {
  for (const chunk of chunks) {
    if (!byChunk.has(chunk)) byChunk.set(chunk, analyzeChunk(chunk));
  }
}

/**
 * Analyses of chunks read fresh per request (LanceDB returns new row objects every search), most
 * recently used last; enough for every chunk of a small index.
 */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, AnalyzedChunk>();

/**
 * The analysis of a chunk: the one made when its index loaded, else computed once and kept
 * (bounded, least recently used dropped).
 */
export function getChunkAnalysis(chunk: Chunk): AnalyzedChunk {
  const loaded = byChunk.get(chunk);
  if (loaded) return loaded;
  const key = `${chunk.id}\u0000${chunk.text.length}`;
  const cached = cache.get(key);
  if (cached && cached.chunk.text === chunk.text) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const analysis = analyzeChunk(chunk);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, analysis);
  return analysis;
}
