/**
 * @module Test fixtures for answering: numbered sources built from short texts, and the
 * project's own prompt files.
 */
import { fileURLToPath } from "node:url";
import type { Source } from "../rag/answer/types.ts";
import type { Prompts } from "../rag/prompts.ts";
import { loadPrompts } from "../runtime/node/prompts.ts";

/** The project's `prompts/` folder. */
export const PROMPTS_DIR = fileURLToPath(new URL("../../prompts", import.meta.url));

/** The reviewed prompt files, parsed. */
export function loadProjectPrompts(): Promise<Prompts> {
  return loadPrompts(PROMPTS_DIR);
}

/** A source numbered `n` whose chunk holds `text`; title and date may be overridden. */
export function createTestSource(
  n: number,
  text: string,
  overrides: { title?: string; date?: string; section?: string } = {},
): Source {
  const title = overrides.title ?? `Test document ${n}`;
  const section = overrides.section ?? "";
  return {
    n,
    chunk: {
      id: `chunk-${n}`,
      docId: `doc-${n}`,
      title,
      section,
      position: 0,
      text,
      context: [title, section, text].filter(Boolean).join("\n"),
      date: overrides.date ?? "2024-01-15",
      language: "en",
      sourceUrl: "",
    },
  };
}
