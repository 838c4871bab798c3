/**
 * @module A question's words as retrieval and the answerer see them, worked out once per request:
 * Chinese segmented and glossed into English, typing errors corrected onto corpus words, words
 * and phrases found in the lexicon with the corpus wordings related to them (weighted: an exact
 * word counts 1, a related wording less), and the weighted full-text and embedding queries built
 * from them. Runtime-neutral.
 */

import { type EntityMention, nameHead, toNameKey } from "../lexicon/entities.ts";
import type { Lexicon } from "../lexicon/lexicon.ts";
import type { CorpusEntity } from "../lexicon/profile.ts";
import { isStopWord, stem, tokenizeWords, toStems } from "../lexicon/words.ts";
import { hasCjk, isCjkCodePoint } from "../text.ts";
import { type Focus, findChineseFocus, findFocus } from "./focus.ts";
import { detectType, type QuestionType } from "./type.ts";

/**
 * The singulars a plural may have, for looking a noun up: "zones" → "zone", "companies" →
 * "company", "taxes" → "tax", "enterprises" → "enterprise" (not "enterpris").
 */
function singulars(word: string): string[] {
  if (word.endsWith("ies")) return [`${word.slice(0, -3)}y`];
  const forms: string[] = [];
  if (/(?:s|x|z|ch|sh)es$/.test(word)) forms.push(word.slice(0, -2));
  if (word.endsWith("s")) forms.push(word.slice(0, -1));
  return forms;
}

/** One way of saying a term: stems that must appear in order, and how much finding them counts. */
export interface Alternative {
  stems: readonly string[];
  /** As the corpus writes it (for query text). */
  surface: string;
  weight: number;
}

/** A content word or phrase of a question. */
export interface QueryTerm {
  /** As asked (or corrected), lowercase: `tax`, `electric cars`, `enterprises`. */
  surface: string;
  /** Stems of the term itself. */
  stems: readonly string[];
  /** The term itself (weight 1, or less when corrected) and the related corpus wordings. */
  alternatives: readonly Alternative[];
  /** The word as typed, when it was corrected. */
  misspelt?: string;
  /** The Chinese word this term glosses. */
  chinese?: string;
  /** Position among the question's words (English words, or glossed Chinese words). */
  position: number;
  /** Part of the name of a named thing the question mentions ("bishan" in "Bishan High-tech Zone"). */
  partOfName?: boolean;
  /** A noun (or a name): what questions are about, rather than how they ask. */
  noun: boolean;
  /** Written with a capital inside the question: a name, used as written (no related wordings). */
  proper?: boolean;
}

/** A question prepared for retrieval: its terms and the queries built from them. */
export interface PreparedQuery {
  readonly kind: "prepared";
  /** The question as asked. */
  text: string;
  terms: QueryTerm[];
  /** Words for the full-text index: the question's own (weight 1) and related ones (less). */
  fullText: { text: string; weight: number }[];
  /** What the embedder sees: the question, corrections, glosses and strong related wordings. */
  embedText: string;
  /** The lexicon version the query was prepared with. */
  lexiconVersion: string;
  /** The corpus's named things the question mentions, in order. */
  entities: CorpusEntity[];
  /** The kind of fact asked for. */
  type: QuestionType;
  /** The asked-for thing, as indices into `terms`. */
  focus: Focus | undefined;
  /** Years the answer must be about (`2018`). */
  years: string[];
  /** Asked in Chinese: its terms are glosses. */
  chinese: boolean;
}

/** How related wordings enter the queries; {@link DEFAULT_EXPANSION} is what was measured best. */
export interface ExpansionSettings {
  /** Related wordings count this much of their lexicon weight in the full-text query. */
  textFactor: number;
  /** Related wordings at least this strong also go into the embedded text (above 1: none). */
  embedMinWeight: number;
  /** Most related wordings taken per term into the queries. */
  maxRelated: number;
}

/** Measured with `npm run tune:retrieval` on the dev set. */
export const DEFAULT_EXPANSION: ExpansionSettings = {
  textFactor: 0.5,
  embedMinWeight: 0.7,
  maxRelated: 4,
};

/** Words that make "how …" a question word ("how much", "how long"); the type check covers them. */
const HOW_WORDS = new Set(["much", "many", "long", "often", "far", "soon", "old", "big", "large"]);

/**
 * English complex prepositions ("in terms of", "with regard to"): their noun links the question's
 * parts, it is not what the question is about.
 */
const COMPLEX_PREPOSITIONS = [
  ["in", "terms", "of"],
  ["with", "regard", "to"],
  ["with", "respect", "to"],
  ["in", "relation", "to"],
  ["in", "respect", "of"],
  ["on", "behalf", "of"],
];

/** Whether the word at `index` is the noun of a complex preposition. */
function isComplexPreposition(words: readonly string[], index: number): boolean {
  return COMPLEX_PREPOSITIONS.some(
    ([before, noun, after]) =>
      words[index] === noun && words[index - 1] === before && words[index + 1] === after,
  );
}

/**
 * The adjective of "what is special about X", "what's so good about X": how the question asks,
 * not what it is about (which is X).
 */
function isAboutFrame(words: readonly string[], index: number): boolean {
  if (words[index + 1] !== "about") return false;
  let at = index - 1;
  if (words[at] === "so" || words[at] === "really" || words[at] === "most") at--;
  // "What's" reads as "what": the contraction's "is" is not a word of its own.
  if (words[at] === "what") return true;
  return ["is", "are", "was"].includes(words[at] ?? "") && words[at - 1] === "what";
}

/** A corrected word counts this much, in case the correction is wrong. */
const CORRECTED_WEIGHT = 0.9;
/** A Chinese word's second meaning counts this much of its first. */
const CHINESE_LATER_MEANING = 0.85;

/** A word of the question: an English word (as typed, and its correction) or a Chinese word. */
interface Word {
  word: string;
  misspelt?: string;
  /** A Chinese word, with its English meanings (phrases), first the most common. */
  chinese?: { text: string; meanings: string[] };
}

/** Leading words that are no part of a meaning ("to register" → "register"). */
const MEANING_LEAD = /^(?:to|a|an|the)\s+/;

/** A Chinese word ending in a number or asking how many. */
const COUNTING = /[\d一二两三四五六七八九十百千万亿几少]$/u;

/** The question's words; Chinese runs are segmented into dictionary words with their meanings. */
function readWords(text: string, lexicon: Lexicon): Word[] {
  if (!hasCjk(text)) return tokenizeWords(text).map((word) => ({ word }));
  const words: Word[] = [];
  let run = "";
  let latin = "";
  // Whether the last word was a number or asked how many ("3", "几", "多少"): a classifier
  // after it only counts ("多少家企业").
  let counted = false;
  const flushLatin = () => {
    for (const word of tokenizeWords(latin)) words.push({ word });
    counted = /\d\s*$/.test(latin);
    latin = "";
  };
  const flushChinese = () => {
    for (const piece of lexicon.segmentChinese(run)) {
      const classifier = counted && lexicon.isClassifier(piece.text);
      counted = COUNTING.test(piece.text);
      if (!piece.english || classifier) continue;
      const meanings = piece.english
        .split(/\s*;\s*/)
        .map((meaning) => meaning.replace(MEANING_LEAD, "").trim())
        .filter(Boolean);
      if (meanings.length > 0) {
        words.push({ word: `\u0000${piece.text}`, chinese: { text: piece.text, meanings } });
      }
    }
    run = "";
  };
  for (const char of text) {
    if (isCjkCodePoint(char.codePointAt(0) ?? 0)) {
      if (latin) flushLatin();
      run += char;
    } else {
      if (run) flushChinese();
      latin += char;
    }
  }
  if (run) flushChinese();
  if (latin) flushLatin();
  return words;
}

/** Whether a word is mainly a noun (plurals and figures too). */
function isNounLike(word: string, lexicon: Lexicon): boolean {
  return (
    lexicon.isNoun(word) || singulars(word).some((one) => lexicon.isNoun(one)) || /\d/.test(word)
  );
}

/** Adds the related wordings of a word or phrase to `alternatives`, scaled by `scale`. */
function addRelated(
  alternatives: Alternative[],
  related: readonly (readonly [string, number])[],
  scale: number,
): void {
  for (const [wording, weight] of related) {
    const stems = tokenizeWords(wording).map(stem);
    if (alternatives.some((alternative) => alternative.stems.join(" ") === stems.join(" "))) {
      continue;
    }
    alternatives.push({ stems, surface: wording, weight: weight * scale });
  }
}

/** A Chinese word as one term: each meaning (a phrase) an alternative, the first counting most. */
function chineseTerm(word: Word, position: number, lexicon: Lexicon): QueryTerm | undefined {
  const meanings = word.chinese?.meanings ?? [];
  const alternatives: Alternative[] = [];
  meanings.forEach((meaning, index) => {
    const scale = index === 0 ? 1 : CHINESE_LATER_MEANING;
    const words = tokenizeWords(meaning);
    if (words.length === 0) return;
    const stems = words.map(stem);
    if (!alternatives.some((alternative) => alternative.stems.join(" ") === stems.join(" "))) {
      alternatives.push({ stems, surface: meaning, weight: scale });
    }
    addRelated(alternatives, lexicon.match(words, 0)?.related ?? [], scale);
  });
  const [first] = alternatives;
  if (!first) return undefined;
  return {
    surface: first.surface,
    stems: first.stems,
    alternatives,
    chinese: word.chinese?.text ?? "",
    position,
    noun: meanings.some((meaning) => isNounLike(tokenizeWords(meaning).at(-1) ?? "", lexicon)),
  };
}

/** Words written with a capital inside a sentence (not its first word), lowercase. */
function findProperNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<=[^\s.?!:;"“(]\s+)(\p{Lu}[\p{Ll}][\p{L}'’-]*)/gu)) {
    const word = (match[1] ?? "").replace(/['’]s$/u, "").toLowerCase();
    if (/^[a-z]+$/.test(word)) names.add(word);
  }
  return names;
}

/** Splits a question into terms with their related corpus wordings. */
export function findQueryTerms(
  text: string,
  lexicon: Lexicon,
): { terms: QueryTerm[]; words: string[] } {
  const words = readWords(text, lexicon).map((entry): Word => {
    const corrected = entry.chinese ? undefined : lexicon.correct(entry.word);
    return corrected ? { ...entry, word: corrected, misspelt: entry.word } : entry;
  });
  const plain = words.map((entry) => entry.word);
  const properNames = findProperNames(text);
  const terms: QueryTerm[] = [];
  let index = 0;
  while (index < words.length) {
    const entry = words[index] as Word;
    if (entry.chinese) {
      const term = chineseTerm(entry, index, lexicon);
      if (term) terms.push(term);
      index++;
      continue;
    }
    const match = lexicon.match(plain, index);
    const length = match?.length ?? 1;
    const surface = plain.slice(index, index + length).join(" ");
    // "how much", "how many", "how long": the question's frame, not what it is about.
    const frame =
      length === 1 &&
      ((plain[index - 1] === "how" && HOW_WORDS.has(entry.word)) ||
        isComplexPreposition(plain, index) ||
        isAboutFrame(plain, index));
    if (frame || (length === 1 && (isStopWord(entry.word) || !/[\p{L}\p{N}]/u.test(entry.word)))) {
      index++;
      continue;
    }
    const stems = surface.split(" ").map(stem);
    const own = entry.misspelt ? CORRECTED_WEIGHT : 1;
    const alternatives: Alternative[] = [{ stems, surface, weight: own }];
    const lastWord = plain[index + length - 1] ?? "";
    // A capitalised word inside the question is a name: "Shanghai" is not the verb "shanghai".
    const proper = length === 1 && properNames.has(entry.word);
    if (!proper) addRelated(alternatives, match?.related ?? [], own);
    // A word neither the corpus nor English knows ("hotpot", "Tesla") names a thing.
    const unknown =
      !entry.misspelt &&
      lexicon.sentenceFrequency(stem(lastWord)) === 0 &&
      !lexicon.isEnglish(lastWord);
    terms.push({
      surface,
      stems,
      alternatives,
      ...(entry.misspelt ? { misspelt: entry.misspelt } : {}),
      ...(proper ? { proper: true } : {}),
      position: index,
      noun: proper || unknown || isNounLike(lastWord, lexicon),
    });
    index += length;
  }
  return { terms, words: plain };
}

/** Prepares a question: its terms, and the full-text and embedding queries built from them. */
export function prepareQuery(
  text: string,
  lexicon: Lexicon,
  settings: ExpansionSettings = DEFAULT_EXPANSION,
): PreparedQuery {
  const { terms, words } = findQueryTerms(text, lexicon);
  const own = terms
    .filter((term) => term.misspelt || term.chinese)
    .map((term) =>
      term.alternatives
        .filter((a) => a.weight >= CHINESE_LATER_MEANING)
        .map((a) => a.surface)
        .join(" "),
    )
    .join(" ");
  const byWeight = new Map<number, string[]>();
  const strong: string[] = [];
  for (const term of terms) {
    for (const alternative of term.alternatives.slice(1, 1 + settings.maxRelated)) {
      const weight = Math.round(alternative.weight * settings.textFactor * 20) / 20;
      const list = byWeight.get(weight) ?? [];
      list.push(alternative.surface);
      byWeight.set(weight, list);
      if (alternative.weight >= settings.embedMinWeight) strong.push(alternative.surface);
    }
  }
  const asked = hasCjk(text) ? own : `${text} ${own}`.trim();
  const fullText = [
    { text: asked, weight: 1 },
    ...[...byWeight]
      .sort((a, b) => b[0] - a[0])
      .map(([weight, wordings]) => ({ text: wordings.join(" "), weight })),
  ].filter((part) => part.text.length > 0);
  const chinese = hasCjk(text);
  const named = chinese ? `${text} ${own}` : text;
  const mentions = lexicon.entities.find(named);
  const shortened = chinese ? [] : findShortenedNames(text, mentions, lexicon);
  // "Bishan" alone asks about what the Bishan document is about.
  const entities = [
    ...new Set([
      ...mentions.map((mention) => lexicon.namedBy(mention)),
      ...shortened.map(({ entity }) => entity),
    ]),
  ];
  // "the Xiyong park": a short alias followed by its name's own last word names it with that word.
  const keyWords = toNameKey(named).split(" ");
  markNames(
    terms,
    [...mentions, ...shortened].map((mention) => {
      const head = nameHead(lexicon.namedBy(mention));
      const next = keyWords[mention.start + mention.length];
      return head && next && mention.length === 1 && (next === head || next === `${head}s`)
        ? `${mention.alias} ${next}`
        : mention.alias;
    }),
  );
  const type = detectType(text);
  return {
    kind: "prepared",
    text,
    terms,
    fullText,
    embedText: [text, own, ...new Set(strong)].filter(Boolean).join(" "),
    lexiconVersion: lexicon.version,
    entities,
    type,
    focus: chinese
      ? findChineseFocus(text, terms)
      : findFocus(words, terms, type, (word) => lexicon.isVerb(word)),
    years: [...text.matchAll(/(?<![\d.,])((?:19|20)\d\d)(?![\d%]|[.,]\d)/g)].map(
      (match) => match[1] ?? "",
    ),
    chinese,
  };
}

/**
 * Names a question shortens to their last words, capitalised as names are ("the Biological City"
 * for "Chongqing International Biological City"): a run of two or more capitalised words that no
 * alias matches and that ends the name of exactly one place. Only in questions, where a reader
 * shortens a name they have seen; passages name things in full.
 */
function findShortenedNames(
  text: string,
  mentions: readonly EntityMention[],
  lexicon: Lexicon,
): EntityMention[] {
  const known = new Set(mentions.flatMap((mention) => mention.alias.split(" ")));
  const found: EntityMention[] = [];
  for (const match of text.matchAll(/(?:\p{Lu}[\p{L}'’-]*\s+)+\p{Lu}[\p{L}'’-]*/gu)) {
    const words = toNameKey(match[0]).split(" ");
    // Question openers ("What Biological City …") and words an alias already took are not it.
    while (words.length > 0 && (isStopWord(words[0] ?? "") || known.has(words[0] ?? ""))) {
      words.shift();
    }
    if (words.length < 2 || words.some((word) => known.has(word))) continue;
    const key = ` ${words.join(" ")}`;
    const places = lexicon.entities.all.filter(
      (entity) =>
        entity.place &&
        ` ${toNameKey(entity.name)}`.endsWith(key) &&
        toNameKey(entity.name) !== key.trim(),
    );
    const [only, ...others] = places;
    if (!only || others.length > 0) continue;
    found.push({ entity: only, alias: words.join(" "), start: 0, length: words.length });
  }
  return found;
}

/** Marks the terms that are words of a name the question uses ("bishan", "high tech", "zone"). */
function markNames(terms: QueryTerm[], aliases: readonly string[]): void {
  const nameStems = new Set(aliases.flatMap((alias) => toStems(alias)));
  const mark = (term: QueryTerm) => {
    term.partOfName = true;
    // A name is what a question is about, like a noun.
    term.noun = true;
  };
  terms.forEach((term, index) => {
    // "high tech" is one word of an alias ("hightech"): its stems are compared joined as well,
    // and as a name writes them ("high-tech zone" → "hightech zone").
    if (term.stems.every((one) => nameStems.has(one)) || nameStems.has(term.stems.join(""))) {
      mark(term);
    }
    // "hi-tech", read as two terms, is the alias's one word "hitech".
    const next = terms[index + 1];
    if (next && next.position === term.position + 1) {
      if (nameStems.has([...term.stems, ...next.stems].join(""))) {
        mark(term);
        mark(next);
      }
    }
  });
}

/** Whether a value is a prepared query (rather than the raw text of one). */
export function isPreparedQuery(query: string | PreparedQuery): query is PreparedQuery {
  return typeof query !== "string" && query.kind === "prepared";
}
