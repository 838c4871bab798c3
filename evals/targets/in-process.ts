/**
 * @module The suite in-process, wired exactly as the server wires itself: the configured
 * embedder and mode (offline, or LLM when OpenAI settings are present), over an index built from
 * the corpus into a temporary folder (or a given one, which is then updated incrementally).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ingestCorpus } from "../../src/adapters/lancedb/ingest-pipeline.ts";
import { createLanceRetriever } from "../../src/adapters/lancedb/lance-retriever.ts";
import { readManifest } from "../../src/adapters/lancedb/lancedb.ts";
import { type Config, isLlmEnabled } from "../../src/config.ts";
import { createNodeAssistant, createNodeContext } from "../../src/runtime/node/context.ts";
import { loadPrompts } from "../../src/runtime/node/prompts.ts";
import type { ObservedPassage } from "../observation.ts";
import type { EvalTarget } from "./target.ts";

export interface InProcessTargetOptions {
  config: Config;
  /** Where to build the index; a temporary folder (removed on close) when absent. */
  indexDir?: string | undefined;
  /** Told about corpus files ingestion skipped. */
  onWarning?: (message: string) => void;
}

/** Builds the index, then the retriever and the assistant over it. */
export async function createInProcessTarget(options: InProcessTargetOptions): Promise<EvalTarget> {
  const temp = options.indexDir ? undefined : await mkdtemp(path.join(tmpdir(), "cq-eval-"));
  const uri = options.indexDir ?? path.join(temp ?? "", "lancedb");
  const config: Config = { ...options.config, LANCEDB_URI: uri };
  const context = await createNodeContext(config);
  const summary = await ingestCorpus(context.ingestOptions);
  for (const { path: file, reason } of summary.skipped) {
    options.onWarning?.(`skipped ${file}: ${reason}`);
  }
  const retriever = createLanceRetriever({
    db: context.db,
    embedder: context.embedder,
    refreshSeconds: 3600,
    onError: (error, where) => options.onWarning?.(`${where} failed: ${(error as Error).message}`),
  });
  const fallbacks: string[] = [];
  const assistant = await createNodeAssistant({
    config,
    retriever,
    onFallback: (reason) => fallbacks.push(reason),
  });

  const toPassage = ({ chunk }: { chunk: ObservedPassage }): ObservedPassage => ({
    id: chunk.id,
    docId: chunk.docId,
    title: chunk.title,
    date: chunk.date,
    text: chunk.text,
  });

  return {
    search: async (query, k) => (await retriever.search(query, { k })).map(toPassage),
    answer: (messages) => assistant.answer(messages),
    async describe() {
      const llm = isLlmEnabled(config);
      return {
        target: "in-process",
        mode: assistant.mode,
        embedder: context.embedder.id,
        chatModel: llm ? config.CHAT_MODEL : null,
        promptVersion: await loadPrompts().then(
          (prompts) => prompts.version,
          () => null,
        ),
        index: (await readManifest(context.db)) ?? null,
      };
    },
    fallbacks: () => fallbacks,
    async close() {
      if (temp) await rm(temp, { recursive: true, force: true });
    },
  };
}
