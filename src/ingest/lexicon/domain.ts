/**
 * @module The reviewed domain lexicon (`lexicon/domain.json`): the investment-promotion wordings
 * WordNet lacks, and Chinese names and terms CC-CEDICT lacks. Versioned like the prompts: a change
 * is one reviewed diff with one eval run. Read at ingestion only; serving reads the built lexicon.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** Where the reviewed list lives, beside `prompts/`. */
export const DOMAIN_LEXICON_PATH = fileURLToPath(
  new URL("../../../lexicon/domain.json", import.meta.url),
);

export const DomainEquivalent = z.strictObject({
  /** How investors say it. */
  investor: z.array(z.string().min(1)).min(1),
  /** How the documents say it; only the wordings the corpus uses are kept. */
  documents: z.array(z.string().min(1)).min(1),
  /** Why WordNet does not cover it. */
  why: z.string().min(1),
});

export const DomainLexicon = z.strictObject({
  version: z.number().int().positive(),
  equivalents: z.array(DomainEquivalent),
  /** Simplified Chinese → English, for names and terms CC-CEDICT lacks. */
  chinese: z.record(z.string().regex(/^\p{Script=Han}+$/u), z.string().min(1)),
});
export type DomainLexicon = z.infer<typeof DomainLexicon>;

/**
 * Reads and validates the reviewed list.
 * @throws naming the file and the first problem when it is malformed.
 */
export function loadDomainLexicon(file = DOMAIN_LEXICON_PATH): DomainLexicon {
  const parsed = DomainLexicon.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}
