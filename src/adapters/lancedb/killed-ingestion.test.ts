import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import { copySeedCorpus, createTempDir, writeGeneratedCorpus } from "../../testing/corpus.ts";
import { ingestCorpus } from "./ingest-pipeline.ts";
import { createLanceRetriever } from "./lance-retriever.ts";
import { connectStore, readManifest } from "./lancedb.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let corpusDir: string;
let uri: string;
const embedder = createLocalEmbedder();
const chunker = { chunkSize: 700, chunkOverlap: 120 };

/** Runs `npm run ingest`'s script in a child process and SIGKILLs it once stderr shows `marker`. */
function ingestAndKillAt(marker: RegExp): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    // One process (not the tsx wrapper, which would leave its child running after a SIGKILL).
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts"], {
      cwd: ROOT,
      env: { ...process.env, CORPUS_DIR: corpusDir, LANCEDB_URI: uri, LOG_LEVEL: "silent" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    let killed = false;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (data: string) => {
      stderr += data;
      if (!killed && marker.test(stderr)) {
        killed = child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("exit", () => resolve({ killed, stderr }));
  });
}

async function readIndexState() {
  const db = await connectStore(uri);
  const manifest = await readManifest(db);
  if (!manifest) throw new Error("manifest lost");
  const rows = await (await db.openTable(manifest.table)).countRows();
  return { manifest, rows };
}

beforeEach(async () => {
  ({ dir, cleanup } = await createTempDir());
  corpusDir = path.join(dir, "corpus");
  uri = path.join(dir, "lancedb");
  await copySeedCorpus(corpusDir);
  await ingestCorpus({ corpusDir, uri, embedder, chunker, vectorIndexMinRows: 1_000_000 });
  await writeGeneratedCorpus(corpusDir, 1500);
});
afterEach(() => cleanup());

describe("an ingestion killed half-way", () => {
  for (const [when, marker, mayHaveCommitted] of [
    ["while loading", /loading \d+\/\d+/, false],
    ["while embedding", /embedding .*[1-9]\d*\/\d+ chunks/, false],
    ["while committing", /committing/, true],
  ] as const) {
    it(`leaves the previous index serving (${when})`, { timeout: 120_000 }, async () => {
      const before = await readIndexState();
      const { killed, stderr } = await ingestAndKillAt(marker);
      expect(killed, `the child finished before it could be killed:\n${stderr}`).toBe(true);

      const after = await readIndexState();
      expect(after.manifest.table).toBe(before.manifest.table);
      if (!mayHaveCommitted) expect(after.rows).toBe(before.rows);
      const retriever = createLanceRetriever({
        db: await connectStore(uri),
        embedder,
        refreshSeconds: 0,
      });
      const hits = await retriever.search("Bishan total industrial output first half of 2018", {
        k: 3,
      });
      expect(hits[0]?.chunk.docId).toBe("bishan-high-tech-zone");

      const summary = await ingestCorpus({
        corpusDir,
        uri,
        embedder,
        chunker,
        vectorIndexMinRows: 1_000_000,
      });
      expect(summary.documents).toBe(1505);
      expect((await readIndexState()).rows).toBe(summary.chunks);
      expect([before.rows, summary.chunks]).toContain(after.rows);
    });
  }
});
