/**
 * @module The lexicon as retrieval and the answerer use it, built once per index version from the
 * stored corpus lexicon: a question's words and phrases looked up by their inflected forms, the
 * corpus wordings related to them with their weights, how rare each corpus word is, typing errors
 * corrected onto corpus words (never real words), Chinese segmented into words with English
 * glosses, and the corpus's named things found in a text. Runtime-neutral.
 */
import { oneEditAway, spellingVariants } from "./edits.ts";
import { createEntityIndex, type EntityIndex, type EntityMention, nameHead } from "./entities.ts";
import { inflect } from "./inflect.ts";
import type { CorpusDocument, CorpusEntity, CorpusLexicon, Related } from "./profile.ts";
import { isStopWord, stem } from "./words.ts";

/** A dictionary entry found in a question: where it starts, how many words, what it relates to. */
export interface LexiconMatch {
  /** The entry as the lexicon lists it (`electric car`). */
  entry: string;
  /** Words of the question it covers. */
  length: number;
  related: readonly Related[];
}

/**
 * A Chinese word of a question and its English gloss: absent when no dictionary has it, `""` for
 * a function word.
 */
export interface ChineseWord {
  text: string;
  english?: string;
}

export interface Lexicon {
  readonly version: string;
  /** Sentences in the corpus. */
  readonly sentences: number;
  /** The longest entry starting at `words[index]` (lowercase words as written). */
  match(words: readonly string[], index: number): LexiconMatch | undefined;
  /** In how many corpus sentences a stem occurs (0 when the corpus never uses it). */
  sentenceFrequency(stemmed: string): number;
  /** The corpus's usual surface word for a stem. */
  surfaceOf(stemmed: string): string | undefined;
  /**
   * The corpus word a misspelt, clipped or otherwise spelt question word stands for
   * ("enterprizes" → "enterprises", "sci" → "scientific", "centre" → "center"); never for words
   * the corpus or the lexicon knows, nor for real English words ("wage") but the other variety's
   * spelling of a corpus word.
   */
  correct(word: string): string | undefined;
  /** Splits Chinese text into dictionary words (longest first) with their English glosses. */
  segmentChinese(text: string): ChineseWord[];
  /** Whether an English word is mainly a noun (a thing a question can be about). */
  isNoun(word: string): boolean;
  /**
   * Whether an English word is a form of a word used mainly as a verb ("serves", "occupied"), and
   * not itself mainly a noun.
   */
  isVerb(word: string): boolean;
  /** Whether an English word (or its plural) names a kind of organisation or person ("firms"). */
  isAgent(word: string): boolean;
  /**
   * Whether a word's stem names a kind of place: the last word of at least two places' names
   * ("zone" for "Bishan High-tech Zone" and "Free Trade Zone", "park", "city").
   */
  isPlaceKind(stemmed: string): boolean;
  /** Whether a Chinese character is a classifier (measure word: "家" in "多少家企业"). */
  isClassifier(word: string): boolean;
  /** Whether a phrase is a compound the corpus lacks ("exchange rate"; see `match`). */
  isCompound(phrase: string): boolean;
  /** Whether a lowercase word is an English word at all (regular inflections included). */
  isEnglish(word: string): boolean;
  /**
   * Whether a capitalised word names nothing specific on its own: an English noun or function
   * word ("Zone", "The"), or a word most passages use ("Chongqing").
   */
  isGeneric(word: string): boolean;
  /** Whether a stem is in so many of the corpus's sentences that it identifies nothing. */
  isFrequent(stemmed: string): boolean;
  readonly entities: EntityIndex;
  /** The corpus's documents. */
  readonly documents: readonly CorpusDocument[];
  /**
   * What a name stands for: a bare word ("Bishan") names the place its document is about
   * ("Bishan High-tech Zone", named in the title) rather than another thing sharing the word
   * ("Bishan District").
   */
  subjectOf(entity: CorpusEntity): CorpusEntity;
  /**
   * The thing a mention names: what a several-word alias names, or for a bare word the subject
   * of its document (see {@link subjectOf}).
   */
  namedBy(mention: EntityMention): CorpusEntity;
}

/** A word in at least this share of the corpus's sentences identifies nothing on its own. */
const GENERIC_SHARE = 0.08;

/** Words shorter than this are never corrected: too many real words lie one edit apart. */
const MIN_CORRECTED_LENGTH = 4;
/**
 * A clipped word ("sci" in "sci-tech", "admin") is this long, and its corpus word at least
 * {@link MIN_CLIPPED_REST} letters longer: shorter beginnings match too many words.
 */
const CLIPPED_LENGTH = { min: 3, max: 5 };
const MIN_CLIPPED_REST = 3;

/** A word and the forms it may be an inflection of ("companies" → "company", "founded" → "found"). */
function uninflect(word: string): string[] {
  const forms = [word];
  if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith("es")) forms.push(word.slice(0, -2));
  if (word.endsWith("s")) forms.push(word.slice(0, -1));
  if (word.endsWith("ied")) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith("ed")) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith("ing")) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  if (word.endsWith("ly")) forms.push(word.slice(0, -2));
  if (word.endsWith("er") || word.endsWith("est")) forms.push(word.replace(/e?st$|r$|er$/, ""));
  return forms;
}

/**
 * The dictionary forms {@link inflect} may have made `word` from (a superset: callers check by
 * inflecting them): "companies" → "company", "planned" → "plan", "making" → "make".
 */
function dictionaryForms(word: string): string[] {
  const forms = uninflect(word);
  for (const suffix of ["ed", "ing"]) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length);
    // "planned" → "plan": a doubled final consonant.
    if (base.length > 2 && base.at(-1) === base.at(-2)) forms.push(base.slice(0, -1));
  }
  if (word.endsWith("d")) forms.push(word.slice(0, -1));
  return forms;
}

/** Builds the lookup structures of a stored lexicon (tens of milliseconds, once per index). */
export function createLexicon(data: CorpusLexicon): Lexicon {
  // Only a phrase's last word is inflected, so phrases are found by their first word, and one-word
  // entries from the dictionary forms a word may inflect: no table of every inflected form of
  // tens of thousands of entries is kept in memory. Among entries a form may belong to, the
  // stored order decides.
  const order = new Map<string, number>();
  const phrasesByFirst = new Map<string, { entry: string; words: string[] }[]>();
  Object.keys(data.related).forEach((entry, position) => {
    order.set(entry, position);
    const words = entry.split(" ");
    const first = words[0] ?? "";
    if (words.length < 2) return;
    const list = phrasesByFirst.get(first) ?? [];
    list.push({ entry, words });
    phrasesByFirst.set(first, list);
  });
  // Compounds the corpus lacks are matched as one word too ("exchange rate"), relating to nothing.
  const compounds = new Set(data.compounds ?? []);
  for (const entry of compounds) {
    if (order.has(entry)) continue;
    const words = entry.split(" ");
    const list = phrasesByFirst.get(words[0] ?? "") ?? [];
    list.push({ entry, words });
    phrasesByFirst.set(words[0] ?? "", list);
  }
  for (const list of phrasesByFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  const oneWordEntry = (word: string): string | undefined => {
    let found: string | undefined;
    let foundAt = Number.POSITIVE_INFINITY;
    for (const base of dictionaryForms(word)) {
      const at = order.get(base);
      if (at === undefined || at >= foundAt || base.includes(" ")) continue;
      if (base === word || inflect(base).includes(word)) {
        found = base;
        foundAt = at;
      }
    }
    return found;
  };

  const surfaceToStem = new Map<string, string>();
  for (const [stemmed, [surface]] of Object.entries(data.vocabulary)) {
    surfaceToStem.set(surface, stemmed);
  }
  const nearWords = new Set(data.nearWords);
  const nouns = new Set(data.nouns);
  const agents = new Set(data.agents ?? []);
  const classifiers = new Set(data.classifiers ?? []);
  const otherWords = new Set(data.otherWords);
  const verbs = new Set(data.verbs ?? []);
  const listed = (word: string) => nouns.has(word) || otherWords.has(word) || verbs.has(word);
  const chineseMaxLength = Math.max(1, ...Object.keys(data.chinese).map((word) => word.length));
  const corrections = new Map<string, string | undefined>();

  const frequency = (stemmed: string) => data.vocabulary[stemmed]?.[1] ?? 0;
  const isFrequent = (stemmed: string) =>
    frequency(stemmed) >= GENERIC_SHARE * Math.max(1, data.sentences);
  let placeKinds: Set<string> | undefined;
  const kindsOfPlace = (): Set<string> => {
    if (placeKinds) return placeKinds;
    const counts = new Map<string, number>();
    for (const entity of data.entities) {
      if (!entity.place) continue;
      const head = stem(nameHead(entity));
      counts.set(head, (counts.get(head) ?? 0) + 1);
    }
    placeKinds = new Set([...counts].flatMap(([head, count]) => (count >= 2 ? [head] : [])));
    return placeKinds;
  };
  const entities = createEntityIndex(data.entities, (word) => nouns.has(word) || isStopWord(word));

  const subjectOf = (entity: CorpusEntity): CorpusEntity => {
    const [docId] = entity.docIds;
    const title = data.documents.find((document) => document.id === docId)?.title ?? "";
    const titled = entities.namesIn(title);
    if (!docId || titled.has(entity.name)) return entity;
    const first = `${entity.name.split(" ")[0]?.toLowerCase() ?? ""} `;
    return (
      data.entities.find(
        (other) =>
          other.docIds[0] === docId &&
          other.name.toLowerCase().startsWith(first) &&
          titled.has(other.name),
      ) ?? entity
    );
  };
  /**
   * The corpus word a clipped word is the beginning of ("sci" → "scientific", "admin" →
   * "administrative"), the most frequent when several are; only for a short word that neither the
   * corpus nor English knows.
   */
  const unclip = (word: string): string | undefined => {
    if (word.length < CLIPPED_LENGTH.min || word.length > CLIPPED_LENGTH.max) return undefined;
    if (!/^[a-z]+$/.test(word) || isStopWord(word) || nearWords.has(word)) return undefined;
    if (frequency(stem(word)) > 0 || uninflect(word).some(listed)) return undefined;
    if (phrasesByFirst.has(word) || oneWordEntry(word) !== undefined) return undefined;
    let found: string | undefined;
    let best = 0;
    for (const [surface, stemmed] of surfaceToStem) {
      if (surface.length < word.length + MIN_CLIPPED_REST || !surface.startsWith(word)) continue;
      const count = frequency(stemmed);
      if (count > best || (count === best && found !== undefined && surface < found)) {
        best = count;
        found = surface;
      }
    }
    return found;
  };
  return {
    version: data.version,
    sentences: data.sentences,
    match(words, index) {
      const first = words[index];
      if (first === undefined) return undefined;
      for (const { entry, words: entryWords } of phrasesByFirst.get(first) ?? []) {
        const last = entryWords.length - 1;
        const said = words[index + last];
        if (
          said !== undefined &&
          entryWords.every((word, offset) => offset === last || words[index + offset] === word) &&
          (said === entryWords[last] || inflect(entryWords[last] ?? "").includes(said))
        ) {
          return { entry, length: entryWords.length, related: data.related[entry] ?? [] };
        }
      }
      // A phrasal verb inflects its verb, not its particle: "setting up" is "set up".
      for (const base of dictionaryForms(first)) {
        if (base === first) continue;
        for (const { entry, words: entryWords } of phrasesByFirst.get(base) ?? []) {
          if (entryWords.length !== 2 || !isStopWord(entryWords[1] ?? "")) continue;
          if (words[index + 1] !== entryWords[1] || !inflect(base).includes(first)) continue;
          return { entry, length: 2, related: data.related[entry] ?? [] };
        }
      }
      const entry = oneWordEntry(first);
      return entry === undefined
        ? undefined
        : { entry, length: 1, related: data.related[entry] ?? [] };
    },
    sentenceFrequency: frequency,
    surfaceOf: (stemmed) => data.vocabulary[stemmed]?.[0],
    correct(word) {
      if (corrections.has(word)) return corrections.get(word);
      let corrected: string | undefined;
      // The other variety's spelling of a word the corpus writes its own way ("centre").
      if (/^[a-z]+$/.test(word) && frequency(stem(word)) === 0) {
        corrected = spellingVariants(word).find((variant) => frequency(stem(variant)) > 0);
      }
      const known =
        corrected !== undefined ||
        word.length < MIN_CORRECTED_LENGTH ||
        !/^[a-z]+$/.test(word) ||
        isStopWord(word) ||
        nearWords.has(word) ||
        frequency(stem(word)) > 0 ||
        phrasesByFirst.has(word) ||
        oneWordEntry(word) !== undefined;
      if (!known) {
        let best = 0;
        for (const variant of oneEditAway(word)) {
          const stemmed = surfaceToStem.get(variant);
          if (stemmed === undefined) continue;
          const count = frequency(stemmed);
          if (count > best) {
            best = count;
            corrected = variant;
          }
        }
      }
      corrected ??= unclip(word);
      if (corrections.size > 10_000) corrections.clear();
      corrections.set(word, corrected);
      return corrected;
    },
    segmentChinese(text) {
      const words: ChineseWord[] = [];
      let index = 0;
      while (index < text.length) {
        let found: ChineseWord | undefined;
        for (let length = Math.min(chineseMaxLength, text.length - index); length >= 1; length--) {
          const piece = text.slice(index, index + length);
          const english = data.chinese[piece];
          if (english !== undefined) {
            found = { text: piece, english };
            break;
          }
        }
        const piece = found ?? { text: text.charAt(index) };
        words.push(piece);
        index += piece.text.length;
      }
      return words;
    },
    isNoun: (word) => nouns.has(word),
    isAgent: (word) => uninflect(word).some((form) => agents.has(form)),
    isVerb: (word) => !nouns.has(word) && dictionaryForms(word).some((form) => verbs.has(form)),
    isPlaceKind: (stemmed) => kindsOfPlace().has(stemmed),
    isClassifier: (word) => classifiers.has(word),
    isCompound: (phrase) => compounds.has(phrase),
    isEnglish: (word) => uninflect(word).some(listed),
    isGeneric(word) {
      const lower = word.toLowerCase();
      if (isStopWord(lower) || nouns.has(lower)) return true;
      return isFrequent(stem(lower));
    },
    isFrequent,
    entities,
    documents: data.documents,
    subjectOf,
    namedBy: (mention) =>
      mention.alias.includes(" ") ? mention.entity : subjectOf(mention.entity),
  };
}
