/**
 * @module The corpus lexicon: what ingestion learns about the corpus's words, stored with the
 * index (LanceDB on Node, the snapshot on Workers) and read by retrieval and the answerer alike.
 * It holds only what lands on the corpus: WordNet and CC-CEDICT are read at ingestion, never
 * while serving, and never bundled.
 */
import { z } from "zod";

/** Names this format; bumped when a reader could not read an older one. */
export const LEXICON_FORMAT = "corpus-lexicon/1";

/** A related corpus wording and how strongly it stands for the question's word (exact = 1). */
export const Related = z.tuple([z.string(), z.number().min(0).max(1)]);
export type Related = z.infer<typeof Related>;

/** A named thing the corpus talks about: a zone, a park, a city, a company, a document. */
export const CorpusEntity = z.object({
  /** The name as the corpus most often writes it: `Bishan High-tech Zone`. */
  name: z.string(),
  /** Lowercase forms a question may use: `bishan`, `chongqing bishan high-tech industrial development zone`. */
  aliases: z.array(z.string()),
  /** The documents that mention it, most mentions first. */
  docIds: z.array(z.string()),
  /** How often the corpus mentions it. */
  mentions: z.number().int().nonnegative(),
  /** It is a place (its name ends in a word WordNet files under "location"): a zone, a park. */
  place: z.boolean().optional(),
});
export type CorpusEntity = z.infer<typeof CorpusEntity>;

/** A corpus document as answers describe it. */
export const CorpusDocument = z.object({
  id: z.string(),
  title: z.string(),
  titleZh: z.string().optional(),
  date: z.string(),
  dateApproximate: z.boolean().optional(),
  publisher: z.string().optional(),
});
export type CorpusDocument = z.infer<typeof CorpusDocument>;

export const CorpusLexicon = z.object({
  format: z.literal(LEXICON_FORMAT),
  /** The builder and the reviewed domain list it was built with: `builder/2+domain/3`. */
  version: z.string(),
  /** Sentences in the corpus, the denominator of {@link CorpusLexicon.vocabulary}'s frequencies. */
  sentences: z.number().int().nonnegative(),
  /** Corpus stem → [a surface word the corpus uses for it, how many sentences hold it]. */
  vocabulary: z.record(z.string(), z.tuple([z.string(), z.number().int().nonnegative()])),
  /**
   * A word or phrase as a dictionary lists it (lowercase; questions find it by its inflected
   * forms) → corpus wordings related to it in WordNet or the reviewed domain list, strongest first.
   */
  related: z.record(z.string(), z.array(Related)),
  /** Real English words one typing error away from a corpus word: never "corrected" into it. */
  nearWords: z.array(z.string()),
  /**
   * Simplified Chinese word → its English meanings, `;`-separated (CC-CEDICT's first two, then
   * the domain list); `""` for function words (a real stop-word list), which segmentation consumes
   * and queries ignore.
   */
  chinese: z.record(z.string(), z.string()),
  /**
   * English words that are mainly nouns (WordNet's tagged frequencies): when a question uses one
   * the corpus never does ("tax", "wage"), its topic is missing from the sources; a missing verb
   * or adverb ("tell", "roughly") only says how the question is asked.
   */
  nouns: z.array(z.string()),
  /**
   * Other English words (WordNet's verbs, adjectives and adverbs, and common function words):
   * with {@link CorpusLexicon.nouns}, what tells a misspelling or an unknown name from a word.
   */
  otherWords: z.array(z.string()),
  /**
   * English words that are mainly verbs (WordNet's tagged frequencies: "serve", "occupy", "run"),
   * kept apart from {@link CorpusLexicon.otherWords}: a question's noun phrase ends at one ("Which
   * airport serves …"). Absent from lexicons built before it (read as none).
   */
  verbs: z.array(z.string()).optional(),
  /**
   * Common English nouns for an organisation or a person ("company", "supplier", "maker"):
   * WordNet's tagged nouns whose main sense is a kind of either. An investor describing
   * themselves uses one ("a chip designer"); it says who asks, not what about. Absent from
   * lexicons built before it (read as none).
   */
  agents: z.array(z.string()).optional(),
  /**
   * One-character Chinese classifiers (CC-CEDICT: "classifier for …"): after a number or "多少"
   * one only counts ("多少家企业"). Absent from lexicons built before it (read as none).
   */
  classifiers: z.array(z.string()).optional(),
  /**
   * WordNet's two-word nouns the corpus never says though it uses their last word ("exchange
   * rate", "time zone"): read as one word of the question, which the sources lack. Absent from
   * lexicons built before it (read as none).
   */
  compounds: z.array(z.string()).optional(),
  /** The corpus's named things, most mentioned first. */
  entities: z.array(CorpusEntity),
  /** The corpus's documents, in id order. */
  documents: z.array(CorpusDocument),
});
export type CorpusLexicon = z.infer<typeof CorpusLexicon>;

/** A lexicon that knows nothing: for retrievers with no index data (tests, fakes). */
export const EMPTY_LEXICON: CorpusLexicon = {
  format: LEXICON_FORMAT,
  version: "empty",
  sentences: 0,
  vocabulary: {},
  related: {},
  nearWords: [],
  chinese: {},
  nouns: [],
  otherWords: [],
  verbs: [],
  agents: [],
  classifiers: [],
  compounds: [],
  entities: [],
  documents: [],
};

/**
 * Parses a stored lexicon: its format is checked, the rest trusted as the ingestion wrote it (a
 * full schema check of tens of thousands of entries would cost more than the load itself).
 */
export function parseCorpusLexicon(
  json: string,
  fail: (why: string) => Error = (why) => new Error(`The corpus lexicon ${why}.`),
): CorpusLexicon {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw fail("is not JSON");
  }
  const head = CorpusLexicon.pick({ format: true, version: true, sentences: true }).safeParse(
    value,
  );
  if (!head.success) throw fail(`has another format (${head.error.issues[0]?.message})`);
  const lexicon = value as CorpusLexicon;
  for (const field of ["vocabulary", "related", "chinese"] as const) {
    if (typeof lexicon[field] !== "object" || lexicon[field] === null) throw fail(`lacks ${field}`);
  }
  if (
    !Array.isArray(lexicon.nearWords) ||
    !Array.isArray(lexicon.entities) ||
    !Array.isArray(lexicon.nouns) ||
    !Array.isArray(lexicon.otherWords) ||
    !Array.isArray(lexicon.documents)
  ) {
    throw fail("lacks its word lists");
  }
  return lexicon;
}
