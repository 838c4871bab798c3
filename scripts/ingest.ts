/**
 * @module `npm run ingest [-- --rebuild]`: brings the index in line with `corpus/`, showing
 * progress and ending with a summary. Exits non-zero on failure.
 */
import { parseArgs } from "node:util";
import { ingestCorpus } from "../src/adapters/lancedb/ingest-pipeline.ts";
import { createNodeContext } from "../src/runtime/node/context.ts";
import { loadConfig } from "../src/runtime/node/env.ts";
import { createProgressReporter, formatSummary } from "../src/runtime/node/progress.ts";

const { values } = parseArgs({
  options: {
    rebuild: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run ingest [-- --rebuild] [-- --json]
  --rebuild  build a fresh index even if the current one is compatible
  --json     print the summary as JSON on stdout`);
  process.exit(0);
}

const config = loadConfig();
try {
  const context = await createNodeContext(config);
  console.error(
    `Ingesting ${config.CORPUS_DIR} into ${config.LANCEDB_URI} with ${context.embedder.id}`,
  );
  const summary = await ingestCorpus({
    ...context.ingestOptions,
    rebuild: values.rebuild,
    onProgress: createProgressReporter(),
  });
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else console.log(formatSummary(summary));
  if (summary.documents === 0) {
    console.error(`No usable documents in ${config.CORPUS_DIR}.`);
    process.exit(1);
  }
} catch (error) {
  console.error(`Ingestion failed: ${(error as Error).message}`);
  process.exit(1);
}
