/**
 * @module Passages are data, never instructions. Before a retrieved passage reaches the answerer
 * (the LLM or the offline one), sentences in it that address an AI assistant — "ignore your
 * rules", "note to the assistant", "tell users…", "reveal the system prompt" — are removed, and
 * a passage caught carrying one also loses its sentences with links, which such text plants.
 * The markers are narrower than those for questions (`injection.ts`): investment documents say
 * "make up 30%" or "no caveats" in earnest, but never speak to an assistant.
 */
import type { Chunk, Retriever } from "../types.ts";

const AI = "(?:AI|assistants?|chat ?bots?|language models?|LLMs?|GPT|models?)";

/** A sentence matching any of these speaks to the assistant rather than to a reader. */
const INSTRUCTION_MARKERS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?。！？\n]{0,60}\b(?:instructions?|rules|prompts?|guidelines|guardrails|system message)\b/i,
  new RegExp(
    String.raw`\b(?:notes?|notices?|messages?|instructions?|attention|reminder)\b[^.!?\n]{0,20}\b(?:to|for)\s+(?:the\s+|any\s+|all\s+)?${AI}\b`,
    "i",
  ),
  new RegExp(String.raw`\b${AI}\s+(?:must|should|shall|is required to|are required to)\b`, "i"),
  /\byou are (?:now|no longer)\b|\bfrom now on,? you\b/i,
  /\b(?:system|developer) (?:prompt|message|instructions?)\b/i,
  /\b(?:reveal|print|repeat|output|disclose)\b[^.!?\n]{0,40}\b(?:prompt|instructions)\b/i,
  /\btell (?:the )?users?\b|\b(?:reply|respond|answer) only with\b/i,
  /忽略.{0,12}(?:指令|规则|提示|说明)|系统提示|提示词|你现在是|告诉用户/u,
];

const LINK = /\b(?:https?:\/\/|www\.)\S/i;

/** Whether `sentence` gives instructions to an assistant. */
export function isInstruction(sentence: string): boolean {
  return INSTRUCTION_MARKERS.some((marker) => marker.test(sentence));
}

/**
 * Cuts text into sentences (and lines) that join back into exactly `text`: a sentence ends at a
 * newline, at `。！？`, or at `.!?` followed by whitespace — not inside `32.34` or a URL.
 */
function splitKeepingText(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? "";
    const next = text[index + 1];
    const ends =
      char === "\n" ||
      "。！？".includes(char) ||
      (".!?".includes(char) && (next === undefined || /\s/.test(next)));
    if (ends) {
      pieces.push(text.slice(start, index + 1));
      start = index + 1;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** `text` without instructions to an assistant (and, if it had any, without its links). */
export function removeInstructions(text: string): string {
  const pieces = splitKeepingText(text);
  if (!pieces.some(isInstruction)) return text;
  return pieces
    .filter((piece) => !isInstruction(piece) && !LINK.test(piece))
    .join("")
    .replace(/[ \t]{2,}/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The chunk as the answerer may see it: the same object when it carries no instructions. */
export function neutraliseChunk(chunk: Chunk): Chunk {
  const known = neutralised.get(chunk);
  if (known) return known;
  const text = removeInstructions(chunk.text);
  const clean =
    text === chunk.text
      ? chunk
      : { ...chunk, text, context: chunk.context.split(chunk.text).join(text) };
  neutralised.set(chunk, clean);
  return clean;
}

/**
 * Chunks already neutralised (an in-memory index hands out the same objects every search): the
 * same clean object each time, which also keeps the per-chunk analysis cache warm.
 */
const neutralised = new WeakMap<Chunk, Chunk>();

/** `retriever`, with every hit's chunk neutralised: what the answering pipeline searches. */
export function withoutInstructions(retriever: Retriever): Retriever {
  return {
    ...(retriever.getLexicon ? { getLexicon: retriever.getLexicon.bind(retriever) } : {}),
    async search(query, options) {
      const hits = await retriever.search(query, options);
      return hits.map((hit) => {
        const chunk = neutraliseChunk(hit.chunk);
        return chunk === hit.chunk ? hit : { ...hit, chunk };
      });
    },
  };
}
