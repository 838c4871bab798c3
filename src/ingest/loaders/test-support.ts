/**
 * @module Helpers shared by the loader tests: the fixture corpus and throwaway corpus folders.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceDocument } from "../../rag/types.ts";
import { type LoadOutcome, loadCorpusFile } from "./index.ts";

/** The committed fixture corpus. */
export const FIXTURE_ROOT = fileURLToPath(new URL("../fixtures/corpus/", import.meta.url));

/** The real seed corpus. */
export const SEED_ROOT = fileURLToPath(new URL("../../../corpus/", import.meta.url));

/** Loads a file that must become a document; fails with the skip reason otherwise. */
export async function loadDocument(root: string, path: string): Promise<SourceDocument> {
  const outcome = await loadCorpusFile({ root, path });
  if (outcome.kind !== "document") throw new Error(`${path} was skipped: ${outcome.reason}`);
  return outcome.document;
}

/** Loads a file that must be skipped and returns the reason. */
export async function loadSkipReason(root: string, path: string): Promise<string> {
  const outcome: LoadOutcome = await loadCorpusFile({ root, path });
  if (outcome.kind !== "skipped") throw new Error(`${path} was loaded, expected a skip`);
  return outcome.reason;
}

/** A temporary corpus folder holding `files`; `remove` deletes it. */
export async function createTempCorpus(
  files: Record<string, string | Uint8Array>,
): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "corpus-test-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** All section texts of a document joined, for searching. */
export function readAllText(document: SourceDocument): string {
  return document.sections.map((section) => section.text).join("\n\n");
}
