/**
 * @module The offline answering path, used when no language model is configured (or it fails):
 * rewrite the follow-up, retrieve, answer extractively, and when the sources do not answer,
 * decline honestly with a human contact from the corpus.
 */
import { expandQuery } from "../query-expansion.ts";
import type { Retriever } from "../types.ts";
import { rewriteFollowUp } from "./condense.ts";
import { CONTACT_QUERY, composeDecline } from "./contacts.ts";
import { answerFromSources } from "./extractive.ts";
import { findUnverifiedFigures } from "./figures.ts";
import { getSubQuestions } from "./question.ts";
import type { Answer, ChatMessage, Citation, Source } from "./types.ts";

/** Contact passages retrieved for a decline. */
const CONTACT_K = 3;
/** Sources numbered per answer; one long document can fill six chunks, so eight leave room. */
export const DEFAULT_ANSWER_K = 8;

/** The citations for the sources an answer cites, in citation order, each with its full text. */
export function toCitations(sources: readonly Source[], cited: readonly number[]): Citation[] {
  return cited.flatMap((n) => {
    const source = sources.find((candidate) => candidate.n === n);
    if (!source) return [];
    const { chunk } = source;
    return [
      {
        n,
        id: chunk.id,
        docId: chunk.docId,
        title: chunk.title,
        date: chunk.date,
        text: chunk.text,
      },
    ];
  });
}

/** Appends hits whose chunks are not numbered yet, continuing the numbering. */
function appendSources(sources: Source[], chunks: readonly Source["chunk"][]): void {
  for (const chunk of chunks) {
    if (sources.some((source) => source.chunk.id === chunk.id)) continue;
    sources.push({ n: sources.length + 1, chunk });
  }
}

/**
 * Retrieves and numbers the sources for a standalone question: hits 1..n in retrieval order for
 * the question (with the document-side wording of its terms), then, for a comparison or a
 * two-part question, the hits for each part that are not numbered yet.
 */
export async function retrieveSources({
  query,
  retriever,
  k,
}: {
  query: string;
  retriever: Retriever;
  k: number;
}): Promise<Source[]> {
  const sources: Source[] = [];
  const hits = await retriever.search(expandQuery(query), { k });
  appendSources(
    sources,
    hits.map((hit) => hit.chunk),
  );
  for (const part of getSubQuestions(query)) {
    const partHits = await retriever.search(expandQuery(part), { k });
    appendSources(
      sources,
      partHits.map((hit) => hit.chunk),
    );
  }
  return sources;
}

/** An answer before it is turned into the response: text, whether it answers, cited numbers. */
export interface AnswerDraft {
  answer: string;
  answered: boolean;
  cited: number[];
  /** Figures a guard already removed from the text (LLM mode). */
  unverified?: string[];
}

/**
 * Declines honestly, pointing to a human contact: the contact passages are retrieved and
 * numbered after `sources` (which this extends; a contact already among them keeps its number).
 */
export async function declineWithContact({
  question,
  sources,
  retriever,
}: {
  question: string;
  sources: Source[];
  retriever: Retriever;
}): Promise<AnswerDraft> {
  const contactHits = await retriever.search(CONTACT_QUERY, { k: CONTACT_K });
  appendSources(
    sources,
    contactHits.map((hit) => hit.chunk),
  );
  const contactSources = contactHits.flatMap((hit) => {
    const source = sources.find((candidate) => candidate.chunk.id === hit.chunk.id);
    return source ? [source] : [];
  });
  const decline = composeDecline({ question, contactSources });
  return { answer: decline.answer, answered: false, cited: decline.cited };
}

/** The extractive answer from numbered sources, or a decline with a contact when they do not answer. */
export async function answerFromRetrieved({
  query,
  sources,
  retriever,
}: {
  query: string;
  sources: Source[];
  retriever: Retriever;
}): Promise<AnswerDraft> {
  const draft = answerFromSources({ question: query, sources });
  if (draft.answered) return draft;
  return declineWithContact({ question: query, sources, retriever });
}

/** Turns a draft into the response: the cited sources with their text, and unverified figures. */
export function buildAnswer({
  draft,
  sources,
  query,
  mode,
}: {
  draft: AnswerDraft;
  sources: readonly Source[];
  query: string;
  mode: Answer["mode"];
}): Answer {
  const citations = toCitations(sources, draft.cited);
  const unverified = findUnverifiedFigures(
    draft.answer,
    citations.map((citation) => citation.text),
    citations.map((citation) => citation.date),
  );
  return {
    answer: draft.answer,
    answered: draft.answered,
    mode,
    citations,
    unverified: [...new Set([...(draft.unverified ?? []), ...unverified])],
    query,
  };
}

/**
 * Answers the conversation's last question without a language model. When the sources do not
 * answer it, the contact passages are retrieved, numbered after the others, and the answer
 * declines with a human contact. `sources` lists every numbered source, cited or not.
 */
export async function answerOffline({
  messages,
  retriever,
  k = DEFAULT_ANSWER_K,
}: {
  messages: ChatMessage[];
  retriever: Retriever;
  k?: number;
}): Promise<{ answer: Answer; sources: Source[] }> {
  const query = rewriteFollowUp(messages);
  const sources = await retrieveSources({ query, retriever, k });
  const draft = await answerFromRetrieved({ query, sources, retriever });
  return { answer: buildAnswer({ draft, sources, query, mode: "extractive" }), sources };
}
