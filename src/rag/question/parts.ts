/**
 * @module Splitting comparisons ("Which is older, A or B?", "How does A compare with B?"),
 * two-part questions ("…, and how many …?") and questions about two named things at once ("When
 * were A and B approved?") into questions that can each be answered from one passage. English
 * grammar only.
 */
import { nameHead, toNameKey } from "../lexicon/entities.ts";
import type { Lexicon } from "../lexicon/lexicon.ts";
import type { CorpusEntity } from "../lexicon/profile.ts";
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
    // "Which grew faster: A or B? Give both rates.": what follows the question asks nothing new.
    pattern:
      /^(?<lead>(?:which|who|what)\b.*?)[,:]\s*(?<a>.+?)\s+or\s+(?<b>[^?？]+?)\W*(?:[?？].*)?$/i,
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

/** Longest span of words, on either side of an "and", read as one name. */
const MAX_NAME_WORDS = 6;
/** Words that only say the question is asked of each of the named things. */
const DISTRIBUTIVE = /\s+(?:each|both|respectively)\b/gi;

/**
 * The named thing `words` say and nothing else ("the Xiyong park", "Bishan"): one mention that
 * covers them all, after an article, or followed by its name's last word.
 */
function soleName(words: readonly string[], lexicon: Lexicon): CorpusEntity | undefined {
  const text = words.join(" ").replace(/^(?:the|both)\s+/i, "");
  const keys = toNameKey(text).split(" ").filter(Boolean);
  const mentions = lexicon.entities.find(text);
  const [mention] = mentions;
  if (!mention || mentions.length > 1 || mention.start !== 0) return undefined;
  const rest = keys.slice(mention.length);
  if (rest.length === 0) return mention.entity;
  const head = nameHead(lexicon.namedBy(mention));
  return rest.length === 1 && rest[0] === head ? mention.entity : undefined;
}

/**
 * A question asking the same of two named things joined by "and" ("When were the High-tech Zone
 * and Bishan approved?", "What do the Xiyong park and the Biological City each produce?"): the
 * question once for each. Not when the two together are one name ("Shiqiaopu and Erlang").
 */
function splitNamedPair(text: string, lexicon: Lexicon): [SubQuestion, SubQuestion] | undefined {
  const tokens = text.split(/\s+/);
  for (let at = 1; at < tokens.length - 1; at++) {
    if (tokens[at]?.toLowerCase() !== "and") continue;
    for (let left = Math.max(0, at - MAX_NAME_WORDS); left < at; left++) {
      const leftWords = tokens.slice(left, at);
      const a = soleName(leftWords, lexicon);
      if (!a) continue;
      for (let right = Math.min(tokens.length, at + 1 + MAX_NAME_WORDS); right > at + 1; right--) {
        const rightWords = tokens.slice(at + 1, right);
        // Punctuation ends a name: "Bishan?" is the name "Bishan" and the question mark.
        const last = rightWords.at(-1) ?? "";
        const trailing = /[^\p{L}\p{N}]+$/u.exec(last)?.[0] ?? "";
        const bare = [...rightWords.slice(0, -1), last.slice(0, last.length - trailing.length)];
        const b = soleName(bare, lexicon);
        if (!b || lexicon.subjectOf(b).name === lexicon.subjectOf(a).name) continue;
        if (soleName(tokens.slice(left, right), lexicon)) continue;
        const before = tokens.slice(0, left).join(" ");
        const after = tokens.slice(right).join(" ");
        const ask = (name: string) =>
          `${before} ${name}${trailing} ${after}`
            .replace(DISTRIBUTIVE, "")
            .replace(/\s+/g, " ")
            .trim();
        const aText = leftWords.join(" ");
        const bText = bare.join(" ");
        const aNames = specificNames(aText, lexicon);
        const bNames = specificNames(bText, lexicon);
        return [
          { text: ask(aText), excluded: bNames.filter((name) => !aNames.includes(name)) },
          { text: ask(bText), excluded: aNames.filter((name) => !bNames.includes(name)) },
        ];
      }
    }
  }
  return undefined;
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
        /[?？]$/.test(piece) ||
        // A yes-no question first ("Was X among the first …, and how many …?") is a part too.
        /^(?:and\s+)?(?:what|when|where|which|who|how|is|are|was|were|does|do|did|has|have|can)\b/i.test(
          piece,
        ),
    );
  if (pieces.length < 2) {
    const pair = splitNamedPair(text, lexicon);
    return { parts: pair ?? [], comparison: false };
  }
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
