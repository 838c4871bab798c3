/**
 * @module Test fixtures: temporary folders holding a copy of the seed corpus, and generated
 * documents to make a corpus as large as a test needs.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project's own `corpus/` folder. */
export const SEED_CORPUS_DIR = fileURLToPath(new URL("../../corpus", import.meta.url));

/** A temporary folder, removed by the returned `cleanup`. */
export async function createTempDir(
  prefix = "cq-test-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies the seed corpus (documents and metadata) into `dir`. */
export async function copySeedCorpus(dir: string): Promise<void> {
  await cp(SEED_CORPUS_DIR, dir, { recursive: true });
}

const TOPICS = ["logistics", "semiconductors", "biomedicine", "automotive", "software", "energy"];

/** Writes `count` synthetic zone reports (`generated-<n>.txt`) of several paragraphs each. */
export async function writeGeneratedCorpus(
  dir: string,
  count: number,
  paragraphs = 6,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let n = 0; n < count; n++) {
    const topic = TOPICS[n % TOPICS.length];
    const body = Array.from(
      { length: paragraphs },
      (_, p) =>
        `Zone ${n} reported ${topic} output of ${(n * 7 + p) % 997}.${p} billion yuan in period ${p}. ` +
        `The park hosts ${100 + ((n * 13 + p) % 900)} enterprises and ${(n + p) % 50} research institutes, ` +
        `with investment in ${topic} growing ${(n + p * 3) % 40}% over the previous year.`,
    ).join("\n\n");
    await writeFile(
      path.join(dir, `generated-${n}.txt`),
      `Synthetic zone report ${n}\n\n${body}\n`,
    );
  }
}
