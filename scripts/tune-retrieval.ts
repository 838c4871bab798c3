/**
 * @module `npm run tune:retrieval`: measures retrieval settings side by side — chunk size and
 * overlap, how related wordings enter the query, the fusion weights — on the dev set and the
 * held-out set, printing hit@1, hit@5 and MRR for each (aggregates only: the held-out set's single
 * cases are never shown, so settings are chosen without reading them). Builds one index per chunk
 * setting in a temporary folder.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { hitAt, reciprocalRank } from "../evals/metrics/retrieval.ts";
import { formatTable } from "../evals/report/terminal.ts";
import { referenceQuery } from "../evals/runner.ts";
import { type EvalCase, loadEvalCases, USEFULNESS_CATEGORIES } from "../evals/schema.ts";
import { ingestCorpus } from "../src/adapters/lancedb/ingest-pipeline.ts";
import { createLanceRetriever } from "../src/adapters/lancedb/lance-retriever.ts";
import { connectStore } from "../src/adapters/lancedb/lancedb.ts";
import { parseConfig } from "../src/config.ts";
import { createLocalEmbedder } from "../src/rag/embedder/index.ts";
import { DEFAULT_TUNING, type HybridTuning } from "../src/rag/hybrid.ts";

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "700/120,500/100,900/150" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run tune:retrieval [-- --chunks 700/120,500/100]
Prints dev and held-out retrieval metrics for each chunk setting and query setting.`);
  process.exit(0);
}

const config = parseConfig({});
const chunkSettings = (values.chunks ?? "").split(",").map((pair) => {
  const [size, overlap] = pair.split("/").map(Number);
  if (!size || overlap === undefined || Number.isNaN(overlap) || overlap >= size) {
    console.error(`--chunks: "${pair}" is not size/overlap with overlap < size`);
    process.exit(2);
  }
  return { chunkSize: size, chunkOverlap: overlap };
});

/** Query settings compared: none, the defaults, and variations of each knob. */
const VARIANTS: { name: string; tuning: HybridTuning }[] = [
  {
    name: "no expansion",
    tuning: { ...DEFAULT_TUNING, expansion: { textFactor: 0, embedMinWeight: 2, maxRelated: 0 } },
  },
  { name: "defaults", tuning: DEFAULT_TUNING },
  {
    name: "text x0.3",
    tuning: { ...DEFAULT_TUNING, expansion: { ...DEFAULT_TUNING.expansion, textFactor: 0.3 } },
  },
  {
    name: "text x0.8",
    tuning: { ...DEFAULT_TUNING, expansion: { ...DEFAULT_TUNING.expansion, textFactor: 0.8 } },
  },
  { name: "no sentence match", tuning: { ...DEFAULT_TUNING, sentence: 0 } },
  { name: "sentence 0.5", tuning: { ...DEFAULT_TUNING, sentence: 0.5 } },
  { name: "sentence 0.85", tuning: { ...DEFAULT_TUNING, sentence: 0.85 } },
  { name: "sentence 1", tuning: { ...DEFAULT_TUNING, sentence: 1 } },
  { name: "off-subject kept", tuning: { ...DEFAULT_TUNING, offSubject: 1 } },
  { name: "off-subject x0.6", tuning: { ...DEFAULT_TUNING, offSubject: 0.6 } },
  { name: "text 1.5", tuning: { ...DEFAULT_TUNING, fusion: { vector: 1, text: 1.5 } } },
];

/** The cases retrieval is judged on: answerable ones with a passage to find. */
function retrievalCases(cases: readonly EvalCase[]): EvalCase[] {
  return cases.filter(
    (evalCase) => evalCase.answerable && !USEFULNESS_CATEGORIES.has(evalCase.category),
  );
}

const datasets = {
  dev: retrievalCases(await loadEvalCases("evals/dev.jsonl")),
  holdout: retrievalCases(await loadEvalCases("evals/holdout.jsonl")),
};

const rows = [["chunks", "query", "dev hit@1", "hit@5", "MRR", "holdout hit@1", "hit@5", "MRR"]];
const embedder = createLocalEmbedder();
const dir = await mkdtemp(path.join(tmpdir(), "cq-tune-"));
try {
  for (const chunker of chunkSettings) {
    const uri = path.join(dir, `lancedb-${chunker.chunkSize}-${chunker.chunkOverlap}`);
    await ingestCorpus({
      corpusDir: config.CORPUS_DIR,
      uri,
      embedder,
      chunker,
      vectorIndexMinRows: 1_000_000,
    });
    const db = await connectStore(uri);
    for (const variant of VARIANTS) {
      const retriever = createLanceRetriever({
        db,
        embedder,
        refreshSeconds: 3600,
        tuning: variant.tuning,
      });
      const cells: string[] = [];
      for (const cases of [datasets.dev, datasets.holdout]) {
        let hit1 = 0;
        let hit5 = 0;
        let rr = 0;
        for (const evalCase of cases) {
          const hits = await retriever.search(referenceQuery(evalCase), { k: 5 });
          const ranked = hits.map(({ chunk }) => chunk);
          hit1 += hitAt(1, ranked, evalCase.evidence);
          hit5 += hitAt(5, ranked, evalCase.evidence);
          rr += reciprocalRank(ranked, evalCase.evidence);
        }
        const n = Math.max(1, cases.length);
        cells.push(...[hit1, hit5, rr].map((sum) => (sum / n).toFixed(3)));
      }
      rows.push([`${chunker.chunkSize}/${chunker.chunkOverlap}`, variant.name, ...cells]);
      console.error(`  ${rows.at(-1)?.join("  ")}`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(
  `Retrieval on ${datasets.dev.length} dev and ${datasets.holdout.length} held-out questions\n`,
);
console.log(formatTable(rows));
