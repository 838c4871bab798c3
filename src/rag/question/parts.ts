/**
 * @module Splitting comparisons ("Which is older, A or B?", "How does A compare with B?") and
 * two-part questions ("…, and how many …?") into questions that can each be answered from one
 * passage. English grammar only.
 */
import type { Lexicon } from "../lexicon/lexicon.ts";
import { tokenizeWords } from "../lexicon/words.ts";
import type { PreparedQuery } from "./query.ts";

/** One side of a comparison, or one part of a two-part question, asked on its own. */
export interface SubQuestion {
  /** The part as a question of its own ("which is older, A or B?" → "which is older A"). */
  text: string;
  /** Names only the other side has: a passage about them answers the other side. */
  excluded: string[];
}

interface Comparison {
  pattern: RegExp;
  /** The two sides as questions of their own. */
  build(groups: Record<string, string>, splitSide: SideSplitter): [string, string];
}

type SideSplitter = (side: string) => { name: string; topic: string };

/** Comparisons and how each splits into two questions. */
const COMPARISONS: readonly Comparison[] = [
  {
    pattern: /^how (?:does|do|did|is|are)\s+(?<a>.+?)\s+compare\s+(?:with|to)\s+(?<b>.+?)\W*$/i,
    build: ({ a = "", b = "" }, splitSide) => {
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
  {
    pattern:
      /^compare\s+(?<topic>(?:the\s+)?[\w\s'’-]+?\s+(?:of|in|for)\s+)?(?<a>.+?)\s+(?:and|with|to|vs\.?|versus)\s+(?<b>.+?)\W*$/i,
    build: ({ topic = "", a = "", b = "" }) => {
      const about = topic.replace(/\s+(?:of|in|for)\s+$/i, "").trim();
      return about
        ? [`What is ${about} of ${a}?`, `What is ${about} of ${b}?`]
        : [`Tell me about ${a}.`, `Tell me about ${b}.`];
    },
  },
  {
    pattern: /^(?<a>.+?)\s+(?:vs\.?|versus)\s+(?<b>.+?)\W*$/i,
    build: ({ a = "", b = "" }) => [`Tell me about ${a}.`, `Tell me about ${b}.`],
  },
];

const PRONOUN = /\b(?:it|its|they|them|their|one of them)\b/i;

/** The capitalised words of a text that name something specific ("Bishan", "Xiyong"). */
function specificNames(text: string, lexicon: Lexicon): string[] {
  const words = text.match(/(?<![\p{L}])\p{Lu}[\p{L}'’-]*/gu) ?? [];
  return words
    .filter(
      (word) =>
        !/^(?:What|When|Where|Which|Who|How|Is|Are|Does|Do|Did|Can|Tell|Compare|I)$/.test(word),
    )
    .filter((word) => !word.split(/[-']/).every((part) => lexicon.isGeneric(part)))
    .map((word) => word.toLowerCase());
}

/** "Bishan High-tech Zone's industrial output" → name `Bishan High-tech Zone`, topic `industrial output`. */
function createSideSplitter(lexicon: Lexicon): SideSplitter {
  return (side) => {
    const name =
      /(?:\p{Lu}[\p{L}'’-]*(?:\s+(?:of|and)\s+|\s+)){0,6}\p{Lu}[\p{L}'’-]*/u.exec(side)?.[0] ?? "";
    const topic = (name ? side.replace(name, " ") : side)
      .replace(/['’]s\b/g, "")
      .replace(/\b(?:in|of|at|for|the|that|those)\s*$/i, "")
      .replace(/\s+/g, " ")
      .trim();
    if (!name || specificNames(name, lexicon).length === 0) {
      const place = side.replace(
        /^(?:the\s+)?(?:total|number|sum|figure|count)?\s*(?:across|in|of|for)?\s*(?:all\s+(?:of\s+)?)?/i,
        "",
      );
      return { name: place || side, topic };
    }
    return { name, topic };
  };
}

/** The content words of a text that are not names: what one side inherits from the other. */
function topicWords(text: string, lexicon: Lexicon): string {
  const names = new Set(specificNames(text, lexicon));
  return tokenizeWords(text)
    .filter((word) => !names.has(word) && !/^(?:19|20)\d\d$/.test(word))
    .filter(
      (word) =>
        !/^(?:what|when|where|which|who|how|is|are|was|were|do|does|did|the|a|an|of|in|and|it|its|they|their|many|much)$/.test(
          word,
        ),
    )
    .join(" ");
}

/** The first multi-word name of a text ("Chongqing High-tech Zone"), for resolving "it". */
function firstName(text: string): string | undefined {
  const match = /(?:\p{Lu}[\p{L}'’-]*(?:\s+(?:of|and)\s+|\s+)){1,6}\p{Lu}[\p{L}'’-]*/u.exec(
    text.replace(/^\s*\p{Lu}\p{Ll}*\s/u, " "),
  );
  return match?.[0].trim();
}

/** A comparison's two sides, or a two-part question's parts, as questions of their own. */
export function findParts(
  text: string,
  lexicon: Lexicon,
): { parts: SubQuestion[]; comparison: boolean } {
  const splitSide = createSideSplitter(lexicon);
  for (const { pattern, build } of COMPARISONS) {
    const groups = pattern.exec(text)?.groups;
    if (!groups?.a || !groups.b) continue;
    const aNames = specificNames(groups.a, lexicon);
    const bNames = specificNames(groups.b, lexicon);
    const [aText, bText] = build(groups as Record<string, string>, splitSide);
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
  const firstTopic = topicWords(first, lexicon);
  const parts = pieces.map((piece, index) => {
    if (index === 0) return { text: piece, excluded: [] };
    let own =
      name && PRONOUN.test(piece) ? piece.replace(new RegExp(PRONOUN.source, "gi"), name) : piece;
    if (topicWords(own, lexicon).split(" ").filter(Boolean).length < 3) {
      own = `${own} ${firstTopic}`;
    }
    return { text: own, excluded: [] };
  });
  return { parts, comparison: false };
}

/**
 * What a comparison compares: the question's nouns that are not part of a compared thing's name
 * ("research platforms"), or "" when it names none.
 */
export function comparedAspect(query: PreparedQuery): string {
  return query.terms
    .filter((term) => term.noun && !term.partOfName && !term.proper)
    .map((term) => term.surface)
    .join(" ");
}
