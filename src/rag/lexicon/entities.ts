/**
 * @module Finding the corpus's named things in a text ("Bishan", "the Xiyong park", "Chongqing
 * High-tech Zone"), by their aliases, longest first. Runtime-neutral.
 */
import type { CorpusEntity } from "./profile.ts";

/** Lowercase, hyphens and possessives removed: the form names are compared in. */
export function toNameKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, "")
    .replace(/[-–]/g, "")
    .replace(/[^\p{L}\p{N}&\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The words of {@link toNameKey}, with their case kept. */
function toNameWords(text: string): string[] {
  return text
    .replace(/['’]s\b/g, "")
    .replace(/[-–]/g, "")
    .replace(/[^\p{L}\p{N}&\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .split(" ");
}

/** A named thing found in a text, and where (in name-key words). */
export interface EntityMention {
  entity: CorpusEntity;
  /** The alias found (name-key words). */
  alias: string;
  /** Position of its first word among the text's name-key words. */
  start: number;
  length: number;
}

export interface EntityIndex {
  readonly all: readonly CorpusEntity[];
  /** The named things a text mentions, in the order it mentions them. */
  find(text: string): EntityMention[];
  /**
   * The names of the things a passage names, capitalised as names are ("the High-tech Zone", not
   * "in high-tech zones"); remembered per text, as passages repeat.
   */
  namesIn(text: string): ReadonlySet<string>;
}

/** The last word of a thing's name, in name-key form: "zone" for "Bishan High-tech Zone". */
export function nameHead(entity: CorpusEntity): string {
  return toNameKey(entity.name).split(" ").at(-1) ?? "";
}

/**
 * Whether a one-word alias describes the plural noun after it rather than naming a thing: the
 * plural of its own name's last word ("national high-tech zones" are a kind of zone, not "the
 * High-tech Zone"), or, written in lowercase, any plural ("high-tech enterprises").
 */
function describesPlural(
  match: { words: string[]; entity: CorpusEntity },
  next: string | undefined,
  lowercase: boolean,
): boolean {
  if (match.words.length !== 1 || !next) return false;
  const head = nameHead(match.entity);
  if (
    next === `${head}s` ||
    next === `${head}es` ||
    (head.endsWith("y") && next === `${head.slice(0, -1)}ies`)
  ) {
    return true;
  }
  return lowercase && /^[a-z]{3,}[^s]s$/.test(next);
}

/** Texts whose mentions are remembered. */
const NAMES_CACHE_LIMIT = 50_000;

/**
 * Indexes entities by the first word of each alias. Aliases made only of common nouns
 * ("development zone", "state council") are left out: in a question they are usually generic.
 */
export function createEntityIndex(
  entities: readonly CorpusEntity[],
  isCommonWord: (word: string) => boolean = () => false,
): EntityIndex {
  const byFirst = new Map<string, { words: string[]; entity: CorpusEntity }[]>();
  for (const entity of entities) {
    for (const alias of entity.aliases) {
      const words = alias.split(" ");
      if (words.every(isCommonWord)) continue;
      const list = byFirst.get(words[0] ?? "") ?? [];
      list.push({ words, entity });
      byFirst.set(words[0] ?? "", list);
    }
  }
  for (const list of byFirst.values()) {
    list.sort((a, b) => b.words.length - a.words.length || b.entity.mentions - a.entity.mentions);
  }
  const namesCache = new Map<string, ReadonlySet<string>>();
  const find = (text: string, cased = false): EntityMention[] => {
    const words = toNameKey(text).split(" ");
    // Whether each word starts as a name does (not lowercase); Chinese has no case.
    const capitals = toNameWords(text).map((word) => !/^\p{Ll}/u.test(word));
    const named = cased ? capitals : [];
    const mentions: EntityMention[] = [];
    let index = 0;
    while (index < words.length) {
      const match = (byFirst.get(words[index] ?? "") ?? []).find(({ words: alias }) =>
        alias.every((word, offset) => words[index + offset] === word),
      );
      if (
        (match && cased && named.length === words.length && !named[index]) ||
        (match &&
          describesPlural(
            match,
            words[index + match.words.length],
            capitals.length === words.length && !capitals[index],
          ))
      ) {
        index += match.words.length;
      } else if (match) {
        mentions.push({
          entity: match.entity,
          alias: match.words.join(" "),
          start: index,
          length: match.words.length,
        });
        index += match.words.length;
      } else {
        index++;
      }
    }
    return mentions;
  };
  return {
    all: entities,
    find: (text) => find(text),
    namesIn(text) {
      const cached = namesCache.get(text);
      if (cached) return cached;
      const names = new Set(find(text, true).map((mention) => mention.entity.name));
      if (namesCache.size >= NAMES_CACHE_LIMIT) namesCache.clear();
      namesCache.set(text, names);
      return names;
    },
  };
}
