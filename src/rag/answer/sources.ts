/**
 * @module The numbered sources an answer rests on, retrieved once per question by what it is
 * after (a fact and a comparison's parts, an overview of a named thing, the places that suit an
 * industry, one passage per document for a welcome), and the citations an answer ends up with,
 * renumbered 1..n in the order the answer cites them.
 */
import type { Lexicon } from "../lexicon/lexicon.ts";
import type { QuestionAnalysis } from "../question/analysis.ts";
import { comparedAspect } from "../question/parts.ts";
import type { PreparedQuery } from "../question/query.ts";
import type { Chunk, Retriever } from "../types.ts";
import { comparedDocuments, soleSubject } from "./extractive/intents.ts";
import type { Citation, Source } from "./types.ts";

/** Sources numbered per answer; one long document can fill six chunks, so eight leave room. */
export const DEFAULT_ANSWER_K = 8;
/** Sources for an answer that lists places or facts from several passages. */
const WIDE_K = 12;

/** Appends chunks that are not numbered yet, continuing the numbering. */
export function appendSources(sources: Source[], chunks: readonly Chunk[]): void {
  for (const chunk of chunks) {
    if (sources.some((source) => source.chunk.id === chunk.id)) continue;
    sources.push({ n: sources.length + 1, chunk });
  }
}

async function search(
  retriever: Retriever,
  query: string | PreparedQuery,
  options: { k: number; docIds?: string[] },
): Promise<Chunk[]> {
  return (await retriever.search(query, options)).map((hit) => hit.chunk);
}

/**
 * One passage per corpus document (its best match for its own title), numbered: what a welcome
 * cites to say what the sources cover.
 */
export async function retrieveDocumentSources(
  retriever: Retriever,
  lexicon: Lexicon,
): Promise<Source[]> {
  const sources: Source[] = [];
  for (const document of lexicon.documents) {
    appendSources(
      sources,
      await search(retriever, document.title, { k: 1, docIds: [document.id] }),
    );
  }
  return sources;
}

/**
 * Retrieves and numbers the sources for an analysed question: hits 1..n for the question, then
 * for an overview the passages of the named thing's documents, for a comparison or a two-part
 * question the hits for each part that are not numbered yet.
 */
export async function retrieveSources({
  analysis,
  retriever,
  lexicon,
  k,
}: {
  analysis: QuestionAnalysis;
  retriever: Retriever;
  lexicon: Lexicon;
  k: number;
}): Promise<Source[]> {
  const sources: Source[] = [];
  if (analysis.intent === "greeting" || analysis.intent === "capabilities") {
    return retrieveDocumentSources(retriever, lexicon);
  }
  const wide = analysis.intent === "matching" || analysis.intent === "topic";
  appendSources(sources, await search(retriever, analysis.query, { k: wide ? WIDE_K : k }));
  // An open question about one named thing alone is answered with its key facts (see soleSubject).
  const subject = analysis.intent === "topic" ? soleSubject(analysis.query) : undefined;
  if (subject) {
    appendSources(
      sources,
      await search(retriever, subject.name, { k, docIds: subject.docIds.slice(0, 2) }),
    );
  }
  if (analysis.intent === "overview" || analysis.intent === "comparison") {
    // A comparison asks one question of each side: "Which has more research platforms, A or
    // B?" is "research platforms A" and "research platforms B", each in that thing's documents.
    const aspect = analysis.intent === "comparison" ? comparedAspect(analysis.query) : "";
    for (const entity of analysis.query.entities.slice(0, 2)) {
      const docIds = entity.docIds.slice(0, 2);
      if (aspect) {
        appendSources(sources, await search(retriever, `${aspect} ${entity.name}`, { k, docIds }));
      }
      appendSources(sources, await search(retriever, entity.name, { k, docIds }));
    }
  }
  if (analysis.intent === "comparison" && analysis.query.entities.length === 0) {
    // Two documents the question names by their titles: each one's passages on the question.
    for (const docId of comparedDocuments(analysis.query, lexicon)) {
      appendSources(sources, await search(retriever, analysis.query, { k, docIds: [docId] }));
    }
  }
  for (const part of analysis.parts) {
    appendSources(sources, await search(retriever, part.query, { k }));
  }
  return sources;
}

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
        ...(chunk.publisher ? { publisher: chunk.publisher } : {}),
        ...(chunk.dateApproximate ? { dateApproximate: true } : {}),
        ...(chunk.sourceUrl ? { sourceUrl: chunk.sourceUrl } : {}),
        ...(chunk.titleZh ? { titleZh: chunk.titleZh } : {}),
      },
    ];
  });
}

/**
 * Renumbers an answer's citations 1..n in the order the text first cites them (a single source
 * reads as [1], not [8]), rewriting its markers; numbers the text does not cite keep their order
 * after the cited ones.
 */
export function renumberCitations(
  answer: string,
  cited: readonly number[],
): { answer: string; order: number[] } {
  const order: number[] = [];
  for (const match of answer.matchAll(/\[(\d+)\]/g)) {
    const n = Number(match[1]);
    if (cited.includes(n) && !order.includes(n)) order.push(n);
  }
  for (const n of cited) if (!order.includes(n)) order.push(n);
  const renumbered = answer.replace(/\[(\d+)\]/g, (marker, value: string) => {
    const index = order.indexOf(Number(value));
    return index >= 0 ? `[${index + 1}]` : marker;
  });
  return { answer: renumbered, order };
}
