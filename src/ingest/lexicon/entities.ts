/**
 * @module The corpus's named things (zones, parks, cities, companies, laws), found at ingestion
 * from capitalisation alone: runs of capitalised words, grouped when they share a distinctive
 * word ("Bishan" in "Bishan High-tech Zone" and "Chongqing Bishan High-tech Industrial
 * Development Zone") or when one is the other with only generic words added ("Chongqing High-tech
 * Zone" in "Chongqing High-tech Industrial Development Zone"). A word is generic when it is an
 * English word or names part of most documents ("Chongqing"). No list of names is written here.
 */

import { toNameKey } from "../../rag/lexicon/entities.ts";
import type { CorpusEntity } from "../../rag/lexicon/profile.ts";
import { isStopWord } from "../../rag/lexicon/words.ts";
import { splitSentences } from "../../rag/passages/sentences.ts";
import type { Chunk } from "../../rag/types.ts";

/** Lowercase words that may join capitalised words inside a name: "Ministry of Commerce". */
const CONNECTORS = new Set(["of", "and", "&", "for", "de"]);
/** A run of more words than this is a headline, not a name. */
const MAX_NAME_WORDS = 8;
/** Entities kept, most mentioned first. */
const MAX_ENTITIES = 400;

interface Mention {
  /** Found in the middle of a sentence (a lone capitalised first word may just open it). */
  midSentence: boolean;
  /** The name as written, without a leading "The". */
  text: string;
  /** Lowercase words, hyphens removed (`Micro-electronics` = `Microelectronics`). */
  key: string;
  /** The key as written, before spelling variants were folded (an alias too). */
  written: string;
  docId: string;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’&.-]*/gu;

function isCapitalised(word: string): boolean {
  return /^[\p{Lu}\p{N}]/u.test(word) && /\p{L}/u.test(word);
}

/** Levenshtein distance, for telling spelling variants from synonyms. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Two synonyms that are one word spelt two ways ("hi-tech", "high-tech"), not two words. */
function isSpellingVariant(a: string, b: string): boolean {
  const x = toNameKey(a).replaceAll(" ", "");
  const y = toNameKey(b).replaceAll(" ", "");
  return x.charAt(0) === y.charAt(0) && editDistance(x, y) <= 2;
}

/** The capitalised runs of one sentence. */
function findNamesInSentence(
  sentence: string,
  isEnglishWord: (word: string) => boolean,
): { text: string; start: number }[] {
  const words = [...sentence.matchAll(WORD)].map((match) => ({
    word: match[0].replace(/[.'’]+$/u, ""),
    start: match.index,
    end: match.index + match[0].length,
  }));
  const names: { text: string; start: number }[] = [];
  let run: typeof words = [];
  const flush = () => {
    while (run.length > 0 && !isCapitalised(run.at(-1)?.word ?? "")) run.pop();
    while (run.length > 0 && /^the$/i.test(run[0]?.word ?? "")) run.shift();
    if (run.length > 0 && run.length <= MAX_NAME_WORDS) {
      const first = run[0];
      const last = run.at(-1);
      if (first && last) {
        const text = sentence.slice(first.start, last.end).replace(/[.'’]+$/u, "");
        names.push({ text, start: first.start });
      }
    }
    run = [];
  };
  words.forEach((token, index) => {
    const gap = index > 0 ? sentence.slice(words[index - 1]?.end ?? 0, token.start) : "";
    if (run.length > 0 && /[,;:()"“”!?–—]|\s-\s/.test(gap)) flush();
    // "Chongqing’s IC": a possessive ends the name it belongs to.
    const possessive =
      index > 0 && /['’]s$/u.test(sentence.slice(words[index - 1]?.start ?? 0, token.start).trim());
    if (possessive) flush();
    if (isCapitalised(token.word)) {
      const lower = token.word.toLowerCase();
      // A capitalised first word of a sentence is a name only when a capitalised word follows
      // it, or it is no English word at all ("Bishan was approved…").
      const next = words[index + 1]?.word ?? "";
      const opener =
        index === 0 && (isStopWord(lower) || (isEnglishWord(lower) && !isCapitalised(next)));
      if (opener) flush();
      else run.push(token);
    } else if (run.length > 0 && CONNECTORS.has(token.word.toLowerCase())) {
      run.push(token);
    } else {
      flush();
    }
  });
  flush();
  return names;
}

/**
 * The corpus's named things, with the lowercase forms a question may use for each, the documents
 * that mention them and how often.
 */
export function findEntities(
  chunks: readonly Chunk[],
  isEnglishWord: (word: string) => boolean,
  /** Synonyms of a lowercase word (`hi-tech` → `high-tech`), to fold spelling variants of names. */
  synonymsOf: (word: string) => readonly string[] = () => [],
  /** Whether a lowercase head noun names a place ("zone", "park", "city"). */
  isPlaceWord: (word: string) => boolean = () => false,
): CorpusEntity[] {
  const mentions: Mention[] = [];
  const seenSentences = new Set<string>();
  const documents = new Set(chunks.map((chunk) => chunk.docId));
  for (const chunk of chunks) {
    // Titles are left out: a headline capitalises every word ("Chongqing Core Urban Area
    // Catalyzing High-Quality Development") without being a name.
    for (const sentence of splitSentences(chunk.text)) {
      const seenKey = `${chunk.docId}\u0000${sentence}`;
      if (seenSentences.has(seenKey)) continue;
      seenSentences.add(seenKey);
      for (const { text, start } of findNamesInSentence(sentence, isEnglishWord)) {
        const key = toNameKey(text);
        const words = key.split(" ");
        // A lone word is a name only when it is no English word ("Bishan", not "Overview").
        const written = text.toLowerCase();
        if (
          words.length === 1 &&
          (isEnglishWord(key) || isEnglishWord(written) || key.length < 3 || /^\d/.test(key))
        ) {
          continue;
        }
        mentions.push({ text, key, written: key, docId: chunk.docId, midSentence: start > 0 });
      }
    }
  }

  // Spelling variants of a name word ("Hi-tech", "High-tech") fold into the one written most.
  const wordCounts = new Map<string, number>();
  for (const mention of mentions) {
    for (const word of mention.text.toLowerCase().split(/\s+/)) {
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
    }
  }
  const canonical = new Map<string, string>();
  for (const [word, count] of wordCounts) {
    const better = synonymsOf(word)
      .filter(
        (synonym) => (wordCounts.get(synonym) ?? 0) > count && isSpellingVariant(word, synonym),
      )
      .sort((a, b) => (wordCounts.get(b) ?? 0) - (wordCounts.get(a) ?? 0))[0];
    if (better) canonical.set(toNameKey(word), toNameKey(better));
  }
  for (const mention of mentions) {
    mention.key = mention.key
      .split(" ")
      .map((word) => canonical.get(word) ?? word)
      .join(" ");
  }

  // Words naming part of most documents' names ("chongqing") or English words are generic.
  const wordDocs = new Map<string, Set<string>>();
  for (const mention of mentions) {
    for (const word of mention.key.split(" ")) {
      const docs = wordDocs.get(word) ?? new Set<string>();
      docs.add(mention.docId);
      wordDocs.set(word, docs);
    }
  }
  const isGeneric = (word: string) =>
    CONNECTORS.has(word) ||
    isEnglishWord(word) ||
    (documents.size >= 3 && (wordDocs.get(word)?.size ?? 0) / documents.size >= 0.8);
  const distinctive = (key: string) =>
    key
      .split(" ")
      .filter((word) => !isGeneric(word))
      .sort()
      .join(" ");

  // Group by the distinctive words; names made of generic words only group by subset.
  const groups = new Map<string, Mention[]>();
  for (const mention of mentions) {
    const group = distinctive(mention.key) || `=${mention.key}`;
    const list = groups.get(group) ?? [];
    list.push(mention);
    groups.set(group, list);
  }
  // A name of generic words folds into the most mentioned longer one that holds all its words and
  // ends the same ("High-tech Zone" into "Chongqing High-tech Zone").
  const genericKeys = [...groups.keys()]
    .filter((group) => group.startsWith("="))
    .sort((a, b) => a.split(" ").length - b.split(" ").length);
  for (const group of genericKeys) {
    const words = group.slice(1).split(" ");
    // Compared with the container's most mentioned form, so that "Development Zone" does not
    // fold into "Chongqing High-tech (Industrial Development) Zone".
    const usual = (other: string) => {
      const counts = new Map<string, number>();
      for (const mention of groups.get(other) ?? []) {
        counts.set(mention.key, (counts.get(mention.key) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0].split(" ") ?? [];
    };
    const container = genericKeys
      .filter((other) => {
        if (other === group || !groups.has(other)) return false;
        const otherWords = usual(other);
        // Only within the documents that use the longer name: elsewhere it is a generic phrase.
        const containerDocs = new Set(groups.get(other)?.map((mention) => mention.docId));
        const sameDocuments = (groups.get(group) ?? []).every((mention) =>
          containerDocs.has(mention.docId),
        );
        return (
          sameDocuments &&
          otherWords.length > words.length &&
          otherWords.at(-1) === words.at(-1) &&
          words.every((word) => otherWords.includes(word))
        );
      })
      .sort((a, b) => (groups.get(b)?.length ?? 0) - (groups.get(a)?.length ?? 0))[0];
    if (!container) continue;
    groups.get(container)?.push(...(groups.get(group) ?? []));
    groups.delete(group);
  }

  const entities: CorpusEntity[] = [];
  for (const [group, list] of groups) {
    // A lone word only ever seen opening a sentence ("Since …") is no name.
    if (list.every((mention) => !mention.key.includes(" ") && !mention.midSentence)) continue;
    const byKey = new Map<string, { text: string; count: number }>();
    const byDoc = new Map<string, number>();
    for (const mention of list) {
      const entry = byKey.get(mention.key) ?? { text: mention.text, count: 0 };
      entry.count++;
      byKey.set(mention.key, entry);
      byDoc.set(mention.docId, (byDoc.get(mention.docId) ?? 0) + 1);
    }
    // The name most written, preferring names of several words over a lone distinctive word.
    const best = [...byKey.values()].sort(
      (a, b) =>
        Number(b.text.includes(" ")) - Number(a.text.includes(" ")) ||
        b.count - a.count ||
        a.text.length - b.text.length,
    )[0];
    if (!best) continue;
    const aliases = new Set([...byKey.keys(), ...list.map((mention) => mention.written)]);
    if (!group.startsWith("=")) aliases.add(group);
    const head =
      best.text
        .toLowerCase()
        .split(/[\s-]+/)
        .at(-1) ?? "";
    entities.push({
      ...(isPlaceWord(head) || isPlaceWord(head.replace(/s$/, "")) ? { place: true } : {}),
      name: best.text,
      aliases: [...aliases].sort(),
      docIds: [...byDoc].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id),
      mentions: list.length,
    });
  }
  return entities
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name))
    .slice(0, MAX_ENTITIES);
}
