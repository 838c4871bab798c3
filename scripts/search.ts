/**
 * @module `npm run search -- "query" [-k 5] [--doc id]`: prints ranked chunks with scores and
 * titles, from the same hybrid retriever the server uses.
 */
import { parseArgs } from "node:util";
import { createLanceRetriever } from "../src/adapters/lancedb/lance-retriever.ts";
import { createNodeContext } from "../src/runtime/node/context.ts";
import { loadConfig } from "../src/runtime/node/env.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    k: { type: "string", short: "k" },
    doc: { type: "string", multiple: true },
    full: { type: "boolean", default: false },
  },
});
const query = positionals.join(" ").trim();
if (!query) {
  console.error('Usage: npm run search -- "your question" [-k 5] [--doc document-id] [--full]');
  process.exit(2);
}
const k = values.k === undefined ? undefined : Number(values.k);
if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > 50)) {
  console.error("-k must be a whole number from 1 to 50");
  process.exit(2);
}

const config = loadConfig();
const context = await createNodeContext(config);
const retriever = createLanceRetriever({
  db: context.db,
  embedder: context.embedder,
  refreshSeconds: 0,
  onError: (error, where) => console.error(`warning: ${where} failed: ${(error as Error).message}`),
});
const status = await retriever.getStatus();
if (!status.ready) {
  console.error(`${status.reason} ${status.action}`);
  process.exit(1);
}
const hits = await retriever.search(query, { k: k ?? config.SEARCH_K, docIds: values.doc });
if (hits.length === 0) console.log("No results.");
for (const [index, { chunk, score, ranks }] of hits.entries()) {
  const where = chunk.section ? `${chunk.title} › ${chunk.section}` : chunk.title;
  const from = [ranks.vector && `vector #${ranks.vector}`, ranks.text && `text #${ranks.text}`]
    .filter(Boolean)
    .join(", ");
  console.log(
    `\n${index + 1}. [${score.toFixed(4)}] ${where} (${chunk.docId}, ${chunk.date}; ${from})`,
  );
  const text =
    values.full || chunk.text.length <= 400 ? chunk.text : `${chunk.text.slice(0, 400)}…`;
  console.log(`   ${text.replaceAll("\n", "\n   ")}`);
}
