/**
 * @module Splitting comparisons ("Which is older, A or B?") and two-part questions ("…, and how
 * many …?") into questions that can each be answered from one passage.
 */
import type { SubQuestion } from "./question.ts";
import {
  collectTerms,
  detectType,
  findFocus,
  isContentWord,
  locateTokens,
  type Token,
  YEAR,
} from "./question-terms.ts";
import { isGenericNameWord } from "./vocabulary.ts";

interface Comparison {
  pattern: RegExp;
  /** The two sides as questions of their own. */
  build(groups: Record<string, string>): [string, string];
}

/** "Bishan High-tech Zone's industrial output" → name `Bishan High-tech Zone`, topic `industrial output`. */
function splitSide(side: string): { name: string; topic: string } {
  const marked = markNames(side);
  const inName = marked.filter(({ inName }) => inName).map(({ token }) => token);
  const first = inName[0];
  const last = inName.at(-1);
  const name = first && last ? side.slice(first.offset, last.offset + last.word.length) : "";
  const topic = (name ? side.replace(name, " ") : side)
    .replace(/['’]s\b/g, "")
    .replace(/\b(?:in|of|at|for|the|that|those)\s*$/i, "")
    .replace(/\s+/g, " ")
    .trim();
  const specific = marked.some(({ token, inName }) => inName && !isGenericNameWord(token.word));
  if (!specific) {
    const place = side.replace(
      /^(?:the\s+)?(?:total|number|sum|figure|count)?\s*(?:across|in|of|for)?\s*(?:all\s+(?:of\s+)?)?/i,
      "",
    );
    return { name: place || side, topic };
  }
  return { name, topic };
}

/** Comparisons and how each splits into two questions. */
const COMPARISONS: readonly Comparison[] = [
  {
    pattern: /^how (?:does|do|did|is|are)\s+(?<a>.+?)\s+compare\s+(?:with|to)\s+(?<b>.+?)\W*$/i,
    build: ({ a = "", b = "" }) => {
      const left = splitSide(a);
      const right = splitSide(b.replace(/^(?:that|those|the ones?)\s+(?:of|in|for|at)\s+/i, ""));
      const topic = left.topic || right.topic;
      return [`What is ${topic} of ${left.name}?`, `What is ${topic} of ${right.name}?`];
    },
  },
  {
    pattern:
      /^which (?:has|have) (?:more|fewer|less|the most|the fewest|bigger|larger)\s+(?<topic>.+?),\s*(?<a>.+?)\s+or\s+(?<b>.+?)\W*$/i,
    build: ({ topic = "", a = "", b = "" }) => [
      `How many ${topic} does ${a} have?`,
      `How many ${topic} does ${b} have?`,
    ],
  },
  {
    pattern: /^(?<lead>(?:which|who|what)\b.*?),\s*(?<a>.+?)\s+or\s+(?<b>.+?)\W*$/i,
    build: ({ lead = "", a = "", b = "" }) => [`${lead} ${a}?`, `${lead} ${b}?`],
  },
  {
    pattern:
      /^(?<lead>.*?)\s+both\s+(?<a>(?:in|for|at|by)\s+.+?)\s+and\s+(?<b>(?:in|for|at|by)\s+.+?)\W*$/i,
    build: ({ lead = "", a = "", b = "" }) => [`${lead} ${a}?`, `${lead} ${b}?`],
  },
  {
    pattern:
      /^(?:do|does|did|is|are)\s+(?<a>.+?)\s+(?:line up with|match|align with|correspond to|overlap with)\s+(?<b>.+?)\W*$/i,
    build: ({ a = "", b = "" }) => [`What are ${a}?`, `What are ${b}?`],
  },
  {
    pattern: /^(?<lead>.*?)\bbetween\s+(?<a>.+?)\s+and\s+(?<b>.+?)\W*$/i,
    build: ({ lead = "", a = "", b = "" }) => [`${lead} ${a}?`, `${lead} ${b}?`],
  },
];

const PRONOUN = /\b(?:it|its|they|them|their|one of them)\b/i;

/** Tokens of a text fragment, each marked whether it belongs to a capitalised name. */
function markNames(text: string): { token: Token; inName: boolean }[] {
  const marked: { token: Token; inName: boolean }[] = [];
  for (const token of locateTokens(text)) {
    const previous = marked.at(-1);
    const question = /^(?:what|when|where|which|who|how|is|are|does|do|did|can|i)$/.test(
      token.word,
    );
    const inName =
      (token.capitalised && !question) || (token.hyphenated && previous?.inName === true);
    marked.push({ token, inName });
  }
  return marked;
}

function nameStems(text: string): string[] {
  return markNames(text)
    .filter(({ token, inName }) => inName && !isGenericNameWord(token.word))
    .map(({ token }) => token.stem);
}

/** The content words of a text that are not names: what one side inherits from the other. */
function topicWords(text: string): string {
  return markNames(text)
    .filter(({ token, inName }) => !inName && isContentWord(token.word) && !YEAR.test(token.word))
    .map(({ token }) => token.word)
    .join(" ");
}

/** The first multi-word name of a text ("Chongqing High-tech Zone"), for resolving "it". */
function firstName(text: string): string | undefined {
  const match = /(?:\p{Lu}[\p{L}'’-]*(?:\s+(?:of|and)\s+|\s+)){1,6}\p{Lu}[\p{L}'’-]*/u.exec(
    text.replace(/^\s*\p{Lu}\p{Ll}*\s/u, " "),
  );
  return match?.[0].trim();
}

/** The words of a question's asked-for thing ("What share of Chongqing's foreign trade…" → "foreign trade"). */
function focusWords(question: string): string {
  const tokens = locateTokens(question);
  const { terms } = collectTerms(tokens);
  const focus = findFocus(tokens, terms, detectType(question));
  if (!focus) return "";
  return [...focus.modifiers, focus.head]
    .map((index) => terms[index])
    .filter((term) => term && !term.name)
    .map((term) => term?.surface)
    .join(" ");
}

/** A comparison's two sides, or a two-part question's parts, as questions of their own. */
export function findParts(text: string): { parts: SubQuestion[]; comparison: boolean } {
  for (const { pattern, build } of COMPARISONS) {
    const groups = pattern.exec(text)?.groups;
    if (!groups?.a || !groups.b) continue;
    const aNames = nameStems(groups.a);
    const bNames = nameStems(groups.b);
    const [aText, bText] = build(groups as Record<string, string>);
    return {
      comparison: true,
      parts: [
        { text: aText.replace(/\s+/g, " "), excluded: bNames.filter((n) => !aNames.includes(n)) },
        { text: bText.replace(/\s+/g, " "), excluded: aNames.filter((n) => !bNames.includes(n)) },
      ],
    };
  }
  const splitter =
    /,?\s+and\s+(?=(?:what|when|where|which|who|how|is|are|does|do|did|can|has|have|was|were)\b)|(?<=[?？])\s+(?=\S)/gi;
  const pieces = text
    .split(splitter)
    .map((piece) => piece.trim())
    .filter(
      (piece) =>
        /[?？]$/.test(piece) || /^(?:and\s+)?(?:what|when|where|which|who|how)\b/i.test(piece),
    );
  if (pieces.length < 2) return { parts: [], comparison: false };
  const [first = ""] = pieces;
  const name = firstName(first);
  const firstFocus = focusWords(first);
  const firstTopic = firstFocus || topicWords(first);
  const parts = pieces.map((piece, index) => {
    if (index === 0) return { text: piece, excluded: [] };
    let own =
      name && PRONOUN.test(piece) ? piece.replace(new RegExp(PRONOUN.source, "gi"), name) : piece;
    if (topicWords(own).split(" ").filter(Boolean).length < 3) own = `${own} ${firstTopic}`;
    return { text: own, excluded: [] };
  });
  return { parts, comparison: false };
}
