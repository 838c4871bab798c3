/**
 * @module The hybrid search both indexes run (LanceDB on Node, the in-memory index on Node and
 * Workers): the question prepared once with the index's lexicon (corrections, Chinese glosses,
 * related wordings with their weights), the same number of candidates from each side, and
 * reciprocal-rank fusion. Only the two searches differ, and they are passed in.
 */
import { fuseRankings } from "./fusion.ts";
import { type TextQuery, toTextQuery } from "./lexical/text-query.ts";
import type { Lexicon } from "./lexicon/lexicon.ts";
import { getChunkAnalysis } from "./passages/analysis.ts";
import { createScoringContext, scoreChunk } from "./passages/score.ts";
import {
  DEFAULT_EXPANSION,
  type ExpansionSettings,
  isPreparedQuery,
  type PreparedQuery,
  prepareQuery,
} from "./question/query.ts";
import type { Chunk, SearchHit, SearchOptions } from "./types.ts";

/** Longest query text sent to the embedder; longer text adds noise, not signal. */
export const MAX_QUERY_CHARS = 2000;
/** Candidates taken from each list before fusion, unless `k` asks for more. */
export const DEFAULT_CANDIDATES = 30;

interface SideOptions {
  limit: number;
  docIds?: readonly string[] | undefined;
}

/** The vector side: the best `limit` chunks for the text to embed. */
export type VectorSearch = (text: string, options: SideOptions) => Promise<Chunk[]>;
/** The full-text side: the best `limit` chunks for a (weighted) full-text query. */
export type TextSearch = (query: TextQuery, options: SideOptions) => Promise<Chunk[]>;

/** How the hybrid search is tuned; the defaults are what `npm run tune:retrieval` measured best. */
export interface HybridTuning {
  expansion: ExpansionSettings;
  /** RRF weights of the vector and full-text lists, fused into the candidates' first order. */
  fusion: { vector: number; text: number };
  /**
   * How much the candidates' best-sentence match decides the final order (0–1; the rest is
   * their fused rank, both scaled to the best candidate's): RRF's damping (k = 60) would flatten
   * the difference between a first and a third sentence match to almost nothing.
   */
  sentence: number;
  /**
   * What a candidate about none of the things the question names keeps of its score (1 keeps
   * it all): "How much land in Bishan is built on?" is not answered by another zone's land.
   * Measured on the dev set: 0.8 and 0.6 both raise hit@1 0.731 → 0.746 (follow-ups 0.792 →
   * 0.875) and change no answer; only 0.6 puts Bishan's own passage first for "How much land in
   * Bishan is already developed?".
   */
  offSubject: number;
}

export const DEFAULT_TUNING: HybridTuning = {
  expansion: DEFAULT_EXPANSION,
  fusion: { vector: 1, text: 1 },
  sentence: 0.5,
  offSubject: 0.6,
};

export interface HybridSearchOptions extends SearchOptions {
  searchVector: VectorSearch;
  searchText: TextSearch;
  /** Prepares raw query text; a prepared query is used as it is. */
  lexicon: Lexicon;
  candidates?: number | undefined;
  tuning?: HybridTuning | undefined;
  /** Told when one side fails; the other side's results are still returned. */
  onError?: ((error: unknown, context: string) => void) | undefined;
}

/** Prepares raw text (capped, trimmed) or returns an already prepared query. */
export function toPreparedQuery(
  query: string | PreparedQuery,
  lexicon: Lexicon,
  expansion: ExpansionSettings = DEFAULT_EXPANSION,
): PreparedQuery | undefined {
  if (isPreparedQuery(query)) return query;
  const trimmed = query.slice(0, MAX_QUERY_CHARS).trim();
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return undefined;
  return prepareQuery(trimmed, lexicon, expansion);
}

/**
 * Runs both searches for the prepared question and fuses them. Text with no letter or digit
 * returns no results; a failing side counts as an empty list.
 */
export async function searchHybrid(
  query: string | PreparedQuery,
  {
    k = 5,
    docIds,
    searchVector,
    searchText,
    lexicon,
    candidates,
    onError,
    tuning = DEFAULT_TUNING,
  }: HybridSearchOptions,
): Promise<SearchHit[]> {
  const prepared = toPreparedQuery(query, lexicon, tuning.expansion);
  if (!prepared) return [];
  const limit = Math.max(candidates ?? DEFAULT_CANDIDATES, k * 3);
  const safely = async (run: () => Promise<Chunk[]>, context: string): Promise<Chunk[]> => {
    try {
      return await run();
    } catch (error) {
      onError?.(error, context);
      return [];
    }
  };
  const textQuery = toTextQuery(prepared.fullText);
  const [vectorHits, textHits] = await Promise.all([
    safely(
      () => searchVector(prepared.embedText.slice(0, MAX_QUERY_CHARS), { limit, docIds }),
      "vector search",
    ),
    textQuery
      ? safely(() => searchText(textQuery, { limit, docIds }), "full-text search")
      : Promise.resolve([]),
  ]);
  const fused = fuseRankings(
    { vector: vectorHits, text: textHits },
    { k: limit * 2, weights: tuning.fusion },
  );
  if (tuning.sentence <= 0) return fused.slice(0, k);
  return rerankBySentence(fused, prepared, lexicon, tuning.sentence, tuning.offSubject).slice(0, k);
}

/**
 * Re-ranks fused candidates by their best sentence's match with the question, blended with their
 * fused score (`weight` of the first, the rest of the second, each scaled to the best candidate).
 */
function rerankBySentence(
  fused: readonly SearchHit[],
  prepared: PreparedQuery,
  lexicon: Lexicon,
  weight: number,
  offSubject: number,
): SearchHit[] {
  const context = createScoringContext(prepared, lexicon);
  const scored = fused.map((hit, order) => ({
    hit,
    order,
    match: scoreChunk(context, getChunkAnalysis(hit.chunk)),
  }));
  const bestMatch = Math.max(1e-9, ...scored.map((candidate) => candidate.match));
  const bestFused = Math.max(1e-9, ...scored.map((candidate) => candidate.hit.score));
  const ranked = scored
    .map((candidate) => ({
      ...candidate,
      blended:
        ((weight * candidate.match) / bestMatch +
          ((1 - weight) * candidate.hit.score) / bestFused) *
        (isAboutNamed(candidate.hit.chunk, prepared, lexicon) ? 1 : offSubject),
    }))
    .sort((a, b) => b.blended - a.blended || a.order - b.order);
  const bySentence = [...scored].sort((a, b) => b.match - a.match || a.order - b.order);
  return ranked.map(({ hit, blended }) => ({
    ...hit,
    score: blended,
    ranks: {
      ...hit.ranks,
      sentence: bySentence.findIndex((candidate) => candidate.hit === hit) + 1,
    },
  }));
}

/**
 * Whether a chunk is about one of the things the question names (or the question names none):
 * it names it (in its text or headings), or it is in the document that mentions it most.
 */
function isAboutNamed(chunk: Chunk, prepared: PreparedQuery, lexicon: Lexicon): boolean {
  const { entities } = prepared;
  if (entities.length === 0) return true;
  const named = lexicon.entities.namesIn(`${chunk.title}\n${chunk.section}\n${chunk.text}`);
  return entities.some((entity) => named.has(entity.name) || entity.docIds[0] === chunk.docId);
}
