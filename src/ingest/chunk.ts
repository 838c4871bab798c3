/**
 * @module Splits cleaned documents into retrievable chunks with stable, content-derived ids.
 */
import { createHash } from "node:crypto";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { splitSentences } from "../rag/passages/sentences.ts";
import type { Chunk, SourceDocument } from "../rag/types.ts";

/** How documents are cut; recorded in the index manifest. */
export interface ChunkerSettings {
  chunkSize: number;
  chunkOverlap: number;
}

/** Bumped whenever chunk boundaries or ids change for the same input. */
const CHUNKER_VERSION = "recursive-v2";

/**
 * Marks sentence ends before splitting (U+2029, the paragraph separator, which never occurs in
 * the cleaned text), so that chunks and their overlaps start at a sentence, not at ". Promote…".
 */
const SENTENCE_END = "\u2029";

/** Paragraphs first, then lines, then sentences, then clauses, then words. */
const SEPARATORS = ["\n\n", "\n", SENTENCE_END, "; ", "；", ", ", "，", " ", ""];

/** A section's text with every sentence end marked by {@link SENTENCE_END}. */
function markSentences(text: string): string {
  return text
    .split("\n")
    .map((line) => splitSentences(line).join(SENTENCE_END))
    .join("\n");
}

/** A piece as stored: marks back to spaces, no clause separator left at its start. */
function cleanPiece(piece: string): string {
  return piece
    .replaceAll(SENTENCE_END, " ")
    .replace(/^[\s;；,，]+/u, "")
    .trim();
}

/** Identifies the chunker and its settings, e.g. `recursive-v2:900/150`. */
export function getChunkerId(settings: ChunkerSettings): string {
  return `${CHUNKER_VERSION}:${settings.chunkSize}/${settings.chunkOverlap}`;
}

/** The text that is embedded and full-text indexed: title and section give the passage context. */
export function buildChunkContext(chunk: Pick<Chunk, "title" | "section" | "text">): string {
  const heading = chunk.section ? `${chunk.title} — ${chunk.section}` : chunk.title;
  return `${heading}\n\n${chunk.text}`;
}

function hashHex(parts: string[], length = 20): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\u0000");
  return hash.digest("hex").slice(0, length);
}

/**
 * Cuts one document into chunks. The id hashes the document id and the chunk's context, so an
 * unchanged passage keeps its id across re-ingestion even when passages around it move; repeats
 * of the same passage in a document get distinct, still deterministic ids.
 */
export async function chunkDocument(
  document: SourceDocument,
  settings: ChunkerSettings,
): Promise<Chunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: settings.chunkSize,
    chunkOverlap: settings.chunkOverlap,
    separators: SEPARATORS,
    keepSeparator: true,
  });
  const chunks: Chunk[] = [];
  const seen = new Map<string, number>();
  for (const section of document.sections) {
    const pieces = await splitter.splitText(markSentences(section.text));
    for (const piece of pieces) {
      const text = cleanPiece(piece);
      if (!text) continue;
      const base = {
        docId: document.id,
        title: document.title,
        section: section.heading,
        position: chunks.length,
        text,
        date: document.date,
        language: document.language,
        sourceUrl: document.sourceUrl ?? "",
        publisher: document.publisher,
        dateApproximate: document.dateApproximate,
        ...(document.titleZh ? { titleZh: document.titleZh } : {}),
      };
      const context = buildChunkContext(base);
      const baseId = hashHex([document.id, context]);
      const repeat = seen.get(baseId) ?? 0;
      seen.set(baseId, repeat + 1);
      const id = repeat === 0 ? baseId : hashHex([baseId, String(repeat)]);
      chunks.push({ ...base, id, context });
    }
  }
  return chunks;
}

/** A hash of everything stored for a chunk except its vector: tells an update from no change. */
export function getChunkRowHash(chunk: Chunk): string {
  return hashHex([
    chunk.id,
    chunk.docId,
    chunk.title,
    chunk.section,
    String(chunk.position),
    chunk.text,
    chunk.date,
    chunk.language,
    chunk.sourceUrl,
    chunk.publisher ?? "",
    String(chunk.dateApproximate ?? false),
    chunk.titleZh ?? "",
  ]);
}
