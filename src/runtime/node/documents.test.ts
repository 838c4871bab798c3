/**
 * Documents from the staff console over a real corpus folder and LanceDB index: an upload is
 * ingested and searchable at once (the retriever refreshes only every minute on its own), a
 * removal takes it out of search again, each bad upload is refused with a clear message and
 * leaves the corpus and the index as they were, and a running ingestion answers 409.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanceRetriever } from "../../adapters/lancedb/lance-retriever.ts";
import { createMemoryRecordStore } from "../../adapters/memory/records.ts";
import { createApp } from "../../app/app.ts";
import { parseConfig } from "../../config.ts";
import { acquireIngestLock } from "../../ingest/lock.ts";
import { createLogger } from "../../logger.ts";
import { createAssistant } from "../../rag/answer/assistant.ts";
import { createLocalEmbedder } from "../../rag/embedder/index.ts";
import type {
  FeedbackRecord,
  HandledRecord,
  InquiryRecord,
  InquiryUpdateRecord,
  QuestionRecord,
} from "../../records/schemas.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";
import { checkUploadName, createCorpusDocumentManager } from "./documents.ts";

const DEFAULTS = parseConfig({});
const PHRASE = "zorbulite lanthanum foundry";
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const MAX_UPLOAD_BYTES = 64 * 1024;

let seed: Awaited<ReturnType<typeof createSeedIndex>>;
let retriever: LanceRetriever;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  seed = await createSeedIndex();
  retriever = seed.retriever;
  const embedder = createLocalEmbedder();
  const logger = createLogger({ level: "silent" });
  app = createApp({
    retriever,
    assistant: createAssistant({ retriever, k: 6 }),
    getStatus: () => retriever.getStatus(),
    logger,
    defaultK: 5,
    adminToken: TEST_ADMIN_TOKEN,
    records: {
      feedback: createMemoryRecordStore<FeedbackRecord>(),
      inquiries: createMemoryRecordStore<InquiryRecord>(),
    },
    console: {
      stores: {
        questions: createMemoryRecordStore<QuestionRecord>(),
        inquiryUpdates: createMemoryRecordStore<InquiryUpdateRecord>(),
        handled: createMemoryRecordStore<HandledRecord>(),
      },
      questionLog: { enabled: true, retentionDays: 30, hashKey: "documents-test-key-0123456789" },
      documents: createCorpusDocumentManager({
        ingestOptions: {
          corpusDir: seed.corpusDir,
          uri: seed.uri,
          embedder,
          chunker: { chunkSize: DEFAULTS.CHUNK_SIZE, chunkOverlap: DEFAULTS.CHUNK_OVERLAP },
          vectorIndexMinRows: 1_000_000,
        },
        maxUploadBytes: MAX_UPLOAD_BYTES,
        getStatus: () => retriever.getStatus(),
        reload: () => retriever.reload(),
        logger,
      }),
    },
  });
}, 120_000);

afterAll(() => seed?.cleanup());

function upload(
  file: { name: string; bytes: string; type?: string } | undefined,
  fields: Record<string, string> = {
    title: "Zorbulite Park",
    publisher: "Test Bureau",
    date: "2025-06",
  },
) {
  const form = new FormData();
  if (file)
    form.set(
      "file",
      new File([file.bytes], file.name, { type: file.type ?? "application/octet-stream" }),
    );
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return app.request("/api/admin/documents", { method: "POST", headers: auth, body: form });
}

async function waitForJob(id: string) {
  for (let i = 0; i < 300; i++) {
    const job = await (
      await app.request(`/api/admin/documents/jobs/${id}`, { headers: auth })
    ).json();
    if (job.state !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("job did not finish");
}

async function snapshot() {
  const status = await retriever.reload();
  const files = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { recursive: true })).map(String).sort();
  return {
    corpus: await files(seed.corpusDir),
    builtAt: status.ready ? status.manifest.builtAt : undefined,
    documents: status.ready ? status.manifest.documents.map((d) => d.id) : [],
  };
}

const search = async (query: string) =>
  (await (await app.request(`/api/search?q=${encodeURIComponent(query)}&k=3`)).json()).results as {
    docId: string;
    text: string;
  }[];

const GOOD = `# Zorbulite industrial park\n\nThe park hosts the ${PHRASE}, opened in 2025 with 1,200 workers. It makes rare-earth alloys for export.\n`;

describe("bad uploads", () => {
  it.each([
    [
      "too big",
      { name: "big.txt", bytes: "x".repeat(MAX_UPLOAD_BYTES + 10) },
      undefined,
      413,
      /at most/,
    ],
    [
      "a wrong type",
      { name: "brochure.docx", bytes: "PK\u0003\u0004 word" },
      undefined,
      400,
      /\.docx cannot be ingested/,
    ],
    [
      "no extension",
      { name: "notes", bytes: "plain words" },
      undefined,
      400,
      /without an extension/,
    ],
    [
      "an unreadable PDF",
      { name: "broken.pdf", bytes: "%PDF-1.4 this is not really a pdf" },
      undefined,
      400,
      /cannot be used/,
    ],
    ["no text", { name: "empty.txt", bytes: "   \n\n  " }, undefined, 400, /cannot be used|empty/],
    ["an empty file", { name: "zero.txt", bytes: "" }, undefined, 400, /empty/],
    [
      "HTML without text",
      { name: "blank.html", bytes: "<html><body><script>x()</script></body></html>" },
      undefined,
      400,
      /cannot be used/,
    ],
    [
      "a name escaping the folder",
      { name: "../../escape.md", bytes: GOOD },
      undefined,
      400,
      /leave the corpus folder/,
    ],
    [
      "a name with a folder",
      { name: "sub/dir.md", bytes: GOOD },
      undefined,
      400,
      /leave the corpus folder/,
    ],
    ["a hidden name", { name: ".hidden.md", bytes: GOOD }, undefined, 400, /hidden/],
    ["no file", undefined, undefined, 400, /file/],
    [
      "no title",
      { name: "ok.md", bytes: GOOD },
      { publisher: "P", date: "2025" },
      400,
      /title: is required/,
    ],
    [
      "a bad date",
      { name: "ok.md", bytes: GOOD },
      { title: "T", publisher: "P", date: "June 2025" },
      400,
      /date: must be/,
    ],
  ] as const)("refuses %s and changes nothing", async (_, file, fields, status, message) => {
    const before = await snapshot();
    const res = await upload(file && { name: file.name, bytes: file.bytes }, fields);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps a plain name, with spaces as dashes", () => {
    expect(checkUploadName("  Zone Guide 2025.MD ")).toBe("Zone-Guide-2025.MD");
    expect(checkUploadName("璧山 指南.pdf")).toBe("璧山-指南.pdf");
  });
});

describe("while another ingestion runs", () => {
  it("answers 409 and changes nothing", async () => {
    const before = await snapshot();
    const release = await acquireIngestLock(seed.uri);
    try {
      const res = await upload({ name: "locked.md", bytes: GOOD });
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe("busy:ingestion");
      const removal = await app.request("/api/admin/documents/bishan-high-tech-zone", {
        method: "DELETE",
        headers: auth,
      });
      expect(removal.status).toBe(409);
    } finally {
      await release();
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("adding and removing a document", () => {
  it("is searchable and cited at once after upload, and gone after removal", async () => {
    expect((await search(PHRASE)).some((hit) => hit.text.includes("zorbulite"))).toBe(false);
    const started = await upload({ name: "zorbulite park.md", bytes: GOOD });
    expect(started.status).toBe(202);
    const job = await started.json();
    expect(job).toMatchObject({
      kind: "add",
      state: "running",
      documentId: "uploads-zorbulite-park",
    });
    const busy = await upload({ name: "second.md", bytes: GOOD });
    expect(busy.status).toBe(409);
    const finished = await waitForJob(job.id);
    expect(finished).toMatchObject({ state: "done" });

    const hits = await search(PHRASE);
    expect(hits[0]?.docId).toBe("uploads-zorbulite-park");
    const chat = await app.request("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: `When did the ${PHRASE} open?` }],
      }),
    });
    const answer = await chat.json();
    expect(answer.citations.map((c: { docId: string }) => c.docId)).toContain(
      "uploads-zorbulite-park",
    );

    const listed = await (await app.request("/api/admin/documents", { headers: auth })).json();
    const row = listed.documents.find((d: { id: string }) => d.id === "uploads-zorbulite-park");
    expect(row).toMatchObject({
      title: "Zorbulite Park",
      publisher: "Test Bureau",
      date: "2025-06",
      removable: true,
    });
    expect(row.chunks).toBeGreaterThan(0);
    expect(Date.parse(row.lastIngested)).toBeGreaterThan(Date.parse(job.startedAt) - 1);
    expect(listed.canUpload).toBe(true);

    const again = await upload({ name: "zorbulite park.md", bytes: GOOD });
    expect(again.status).toBe(409);

    const removing = await app.request("/api/admin/documents/uploads-zorbulite-park", {
      method: "DELETE",
      headers: auth,
    });
    expect(removing.status).toBe(202);
    expect(await waitForJob((await removing.json()).id)).toMatchObject({ state: "done" });
    expect((await search(PHRASE)).some((hit) => hit.docId === "uploads-zorbulite-park")).toBe(
      false,
    );
    expect((await snapshot()).corpus.some((name) => name.includes("zorbulite"))).toBe(false);
    const missing = await app.request("/api/admin/documents/uploads-zorbulite-park", {
      method: "DELETE",
      headers: auth,
    });
    expect(missing.status).toBe(404);
    expect(path.basename(seed.corpusDir)).toBe("corpus");
  }, 60_000);
});
