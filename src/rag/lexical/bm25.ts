/**
 * @module BM25 full-text search in TypeScript, scoring as LanceDB's inverted index does (Okapi
 * BM25, k1 = 1.2, b = 0.75, idf = ln(1 + (N − n + 0.5) / (n + 0.5)), document length = its number
 * of indexed terms). The index is built once (by `npm run build:edge`) and travels as plain JSON;
 * phrases are checked by re-analyzing only the documents that hold all of their terms, so no
 * positions need to be stored. A query made only of several quoted phrases matches the same
 * documents as LanceDB but may rank them differently: LanceDB's score for it depends on the
 * order of the phrases.
 */
import { z } from "zod";
import { type AnalyzedToken, analyzeText } from "./analyzer.ts";
import type { TextQuery } from "./text-query.ts";

/** BM25's term-frequency saturation and length normalisation, LanceDB's values. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** An inverted index over documents numbered 0…n−1, serialisable as JSON. */
export const Bm25Index = z.object({
  /** Every distinct term. */
  terms: z.array(z.string()),
  /** For each term, `[document, frequency, document, frequency, …]` with documents ascending. */
  postings: z.array(z.array(z.number().int().nonnegative())),
  /** For each document, how many terms it holds. */
  lengths: z.array(z.number().int().nonnegative()),
});
export type Bm25Index = z.infer<typeof Bm25Index>;

/** Builds the index of `documents` (their full text, as the analyzer sees it). */
export function buildBm25Index(documents: readonly string[]): Bm25Index {
  const byTerm = new Map<string, number[]>();
  const lengths = documents.map((text, document) => {
    const tokens = analyzeText(text);
    const counts = new Map<string, number>();
    for (const { term } of tokens) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, frequency] of counts) {
      const postings = byTerm.get(term) ?? [];
      if (postings.length === 0) byTerm.set(term, postings);
      postings.push(document, frequency);
    }
    return tokens.length;
  });
  const terms = [...byTerm.keys()].sort();
  return { terms, postings: terms.map((term) => byTerm.get(term) ?? []), lengths };
}

/** A document matched by a query and its BM25 score. */
export interface Bm25Hit {
  document: number;
  score: number;
}

export interface Bm25SearchOptions {
  limit: number;
  /** Only these documents may match (a prefilter: statistics still cover every document). */
  allow?: ((document: number) => boolean) | undefined;
  /** The text of a document, to check phrases against; required when the query has phrases. */
  getText?: ((document: number) => string) | undefined;
}

/** A searcher over one index, with its term lookup and statistics prepared once. */
export interface Bm25Searcher {
  search(query: TextQuery, options: Bm25SearchOptions): Bm25Hit[];
}

/** Prepares `index` for searching. */
export function createBm25Searcher(index: Bm25Index): Bm25Searcher {
  const termIds = new Map(index.terms.map((term, id) => [term, id]));
  const documentCount = index.lengths.length;
  const totalLength = index.lengths.reduce((sum, length) => sum + length, 0);
  const averageLength = documentCount === 0 ? 1 : totalLength / documentCount;

  /** Adds each query term's BM25 contribution to the documents holding it. */
  const scoreTerms = (
    terms: readonly string[],
    scores: Map<number, number>,
    allow?: (d: number) => boolean,
    boost = 1,
  ) => {
    for (const term of terms) {
      const id = termIds.get(term);
      const postings = id === undefined ? undefined : index.postings[id];
      if (!postings || postings.length === 0) continue;
      const matching = postings.length / 2;
      const idf = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
      for (let at = 0; at < postings.length; at += 2) {
        const document = postings[at] ?? 0;
        if (allow && !allow(document)) continue;
        const frequency = postings[at + 1] ?? 0;
        const length = index.lengths[document] ?? 0;
        const norm = BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength);
        const weight = ((BM25_K1 + 1) * frequency) / (frequency + norm);
        scores.set(document, (scores.get(document) ?? 0) + boost * idf * weight);
      }
    }
  };

  return {
    search(query, { limit, allow, getText }) {
      const scores = new Map<number, number>();
      scoreTerms(
        analyzeText(query.terms).map((token) => token.term),
        scores,
        allow,
      );
      if (query.phrases.length > 0) {
        if (!getText) throw new TypeError("Phrase queries need the documents' text (getText).");
        const phrases = query.phrases.map(analyzeText).filter((tokens) => tokens.length > 0);
        const phraseScores = new Map<number, number>();
        const candidates = findPhraseCandidates(phrases, termIds, index);
        for (const document of candidates) {
          if (allow && !allow(document)) continue;
          const tokens = analyzeText(getText(document));
          if (!phrases.every((phrase) => containsPhrase(tokens, phrase))) continue;
          phraseScores.set(document, scores.get(document) ?? 0);
        }
        const phraseTerms = phrases.flatMap((phrase) => phrase.map((token) => token.term));
        scoreTerms(phraseTerms, phraseScores, (document) => phraseScores.has(document));
        scores.clear();
        for (const [document, score] of phraseScores) scores.set(document, score);
      }
      // Related words add to what the question's own words found (within the phrases' matches).
      const related = query.related ?? [];
      const within = query.phrases.length > 0 ? new Set(scores.keys()) : undefined;
      for (const group of related) {
        scoreTerms(
          analyzeText(group.terms).map((token) => token.term),
          scores,
          within ? (document) => within.has(document) && (!allow || allow(document)) : allow,
          group.weight,
        );
      }
      return [...scores]
        .map(([document, score]) => ({ document, score }))
        .sort((a, b) => b.score - a.score || b.document - a.document)
        .slice(0, limit);
    },
  };
}

/** Documents holding every term of every phrase. */
function findPhraseCandidates(
  phrases: readonly AnalyzedToken[][],
  termIds: ReadonlyMap<string, number>,
  index: Bm25Index,
): number[] {
  let candidates: Set<number> | undefined;
  for (const token of phrases.flat()) {
    const id = termIds.get(token.term);
    const postings = id === undefined ? [] : (index.postings[id] ?? []);
    const holding = new Set<number>();
    for (let at = 0; at < postings.length; at += 2) {
      const document = postings[at] ?? 0;
      if (!candidates || candidates.has(document)) holding.add(document);
    }
    candidates = holding;
    if (candidates.size === 0) break;
  }
  return [...(candidates ?? [])];
}

/** Whether the phrase's terms occur in `tokens` with the same relative positions. */
function containsPhrase(
  tokens: readonly AnalyzedToken[],
  phrase: readonly AnalyzedToken[],
): boolean {
  const [first, ...rest] = phrase;
  if (!first) return true;
  const at = new Map<number, string>(tokens.map((token) => [token.position, token.term]));
  return tokens.some(
    (token) =>
      token.term === first.term &&
      rest.every((next) => at.get(token.position + next.position - first.position) === next.term),
  );
}
