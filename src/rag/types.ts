/**
 * @module Core vocabulary shared by ingestion, retrieval and answering. Runtime-neutral: no Node,
 * LanceDB or Workers imports may appear here.
 */
import type { Lexicon } from "./lexicon/lexicon.ts";
import type { PreparedQuery } from "./question/query.ts";

/** Metadata every corpus document carries; validated at the corpus boundary. */
export interface DocumentMetadata {
  /** Stable id derived from the file name (without extension), e.g. `001-bishan-high-tech-zone`. */
  id: string;
  title: string;
  publisher: string;
  /** ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) or the literal `"undated"`. */
  date: string;
  /** BCP 47 language tag, e.g. `en`, `zh`. */
  language: string;
  sourceUrl?: string | undefined;
  /** The title in Simplified Chinese, when the metadata gives one. */
  titleZh?: string | undefined;
}

/** A run of a document's text under one heading (`""` before the first heading). */
export interface Section {
  heading: string;
  /** Cleaned text: paragraphs separated by blank lines. */
  text: string;
}

/** A document after loading and cleaning, ready to be chunked. */
export interface SourceDocument extends DocumentMetadata {
  /** Path relative to the corpus folder, with forward slashes. */
  path: string;
  /** The date is an estimate (e.g. an undated page whose figures refer to a known year). */
  dateApproximate: boolean;
  sections: Section[];
}

/** One retrievable passage of a document. */
export interface Chunk {
  /** Stable id: a hash of the document id and the chunk's text (same content, same id). */
  id: string;
  docId: string;
  /** The document title. */
  title: string;
  /** Section heading the chunk falls under, or `""`. */
  section: string;
  /** 0-based position of the chunk in its document. */
  position: number;
  /** The passage itself, as shown to users and cited. */
  text: string;
  /** Title and section prefixed to the text; what is embedded and full-text indexed. */
  context: string;
  date: string;
  language: string;
  sourceUrl: string;
  /** Who published the document. */
  publisher?: string | undefined;
  /** The date is an estimate (the document gives none; its figures point to a year). */
  dateApproximate?: boolean | undefined;
  /** The document's title in Chinese, when its metadata has one. */
  titleZh?: string | undefined;
}

/** Turns text into vectors. Implementations must be deterministic for a fixed configuration. */
export interface Embedder {
  /** Identifies the embedder and its configuration, e.g. `local:hash-ngram-v1`. */
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** A retrieved chunk with its fused relevance score (higher is better). */
export interface SearchHit {
  chunk: Chunk;
  score: number;
  /** 1-based ranks in each list fused, when the chunk appeared there. */
  ranks: { vector?: number; text?: number; sentence?: number };
}

export interface SearchOptions {
  k?: number;
  /** Restrict results to these document ids. */
  docIds?: string[];
}

/**
 * Finds the chunks most relevant to a query: raw text, or a query already prepared with the
 * index's lexicon (so a request analyses its question once). Never throws on odd user text.
 */
export interface Retriever {
  search(query: string | PreparedQuery, options?: SearchOptions): Promise<SearchHit[]>;
  /**
   * The lexicon of the index being served; it changes when a new index is picked up. Retrievers
   * without one (test fakes) leave it out, and questions are then read without expansions.
   */
  getLexicon?(): Promise<Lexicon>;
}
