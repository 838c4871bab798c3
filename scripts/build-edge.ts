/**
 * @module `npm run build:edge [-- --vectors int8] [-- --out dir]`: exports the LanceDB index
 * (built first from the corpus when there is none, as `npm start` does) into the modules the
 * Cloudflare Worker bundles — the index snapshot and the chat page — and prints their sizes.
 * wrangler runs it before `wrangler dev` and `wrangler deploy` (`[build]` in wrangler.toml).
 * Exits non-zero on failure.
 */
import { parseArgs } from "node:util";
import { VectorEncoding } from "../src/adapters/edge-index/vectors.ts";
import { exportEdgeSnapshot } from "../src/adapters/lancedb/edge-export.ts";
import { ingestCorpus } from "../src/adapters/lancedb/ingest-pipeline.ts";
import { readManifest } from "../src/adapters/lancedb/lancedb.ts";
import { createNodeContext } from "../src/runtime/node/context.ts";
import { EDGE_OUT_DIR, writeEdgeModules } from "../src/runtime/node/edge-bundle.ts";
import { loadConfig } from "../src/runtime/node/env.ts";
import { createProgressReporter, formatSummary } from "../src/runtime/node/progress.ts";
import { readWebAssets } from "../src/runtime/node/web-assets.ts";

const { values } = parseArgs({
  options: {
    vectors: { type: "string", default: "float32" },
    out: { type: "string", default: EDGE_OUT_DIR },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run build:edge [-- --vectors float32|int8] [-- --out dir]
  --vectors  float32 (default: exact) or int8 (a quarter of the size)
  --out      where to write the modules (default ${EDGE_OUT_DIR})`);
  process.exit(0);
}
const encoding = VectorEncoding.safeParse(values.vectors);
if (!encoding.success) {
  console.error(`--vectors must be float32 or int8, got ${JSON.stringify(values.vectors)}`);
  process.exit(1);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

try {
  const config = loadConfig();
  const context = await createNodeContext(config);
  if (!(await readManifest(context.db))) {
    console.error(`No index at ${config.LANCEDB_URI}; building it from ${config.CORPUS_DIR} …`);
    const summary = await ingestCorpus({
      ...context.ingestOptions,
      onProgress: createProgressReporter(),
    });
    console.error(formatSummary(summary));
  }
  const snapshot = await exportEdgeSnapshot({ db: context.db, encoding: encoding.data });
  const files = await writeEdgeModules({
    outDir: values.out,
    snapshot,
    web: await readWebAssets(),
  });
  const { manifest } = snapshot;
  console.error(
    `Edge snapshot: ${snapshot.chunks.length} chunks from ${manifest.documents.length} documents, ` +
      `${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions, ${encoding.data}), ` +
      `${snapshot.lexical.terms.length} full-text terms, index built ${manifest.builtAt}`,
  );
  for (const file of files) {
    console.error(`  ${file.path}  ${kib(file.bytes)} (gzip ${kib(file.gzipBytes)})`);
  }
} catch (error) {
  console.error(`Building the edge snapshot failed: ${(error as Error).message}`);
  process.exit(1);
}
