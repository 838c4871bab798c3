/**
 * @module Adding and removing corpus documents from the staff console, on Node. An upload is
 * written with its metadata sidecar to a hidden staging folder inside the corpus (dot-folders
 * are never ingested), checked with the same loaders ingestion uses, and only then moved to
 * `corpus/uploads/` and ingested incrementally as a job whose progress the console polls. A
 * removal moves the file aside and ingests likewise. If the ingestion fails the file goes back
 * where it was; ingestion commits atomically, so the corpus and the index are left as they were.
 * After success the retriever re-reads the index, so the change is searchable at once. One job
 * at a time; another ingestion (e.g. `npm run ingest`) holding the lock answers 409.
 */
import { randomUUID } from "node:crypto";
import { access, mkdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { IngestOptions, IngestProgress } from "../../adapters/lancedb/ingest-pipeline.ts";
import type {
  DocumentManager,
  IngestJob,
  UploadMetadata,
} from "../../channels/console/documents.ts";
import { ApiError } from "../../http/errors.ts";
import { loadCorpusFile } from "../../ingest/loaders/index.ts";
import { acquireIngestLock, IngestBusyError } from "../../ingest/lock.ts";
import { createDocumentId } from "../../ingest/metadata.ts";
import type { Logger } from "../../logger.ts";
import type { IndexStatus } from "../../rag/manifest.ts";

/** The folder uploads go to, inside the corpus. */
export const UPLOAD_FOLDER = "uploads";
/** The console's own hidden folder inside the corpus: staging area and bookkeeping. */
const CONSOLE_FOLDER = ".console";
const ALLOWED = [".pdf", ".html", ".htm", ".md", ".txt"];
const MAX_JOBS_KEPT = 50;

export interface CorpusDocumentManagerOptions {
  ingestOptions: Omit<IngestOptions, "onProgress">;
  maxUploadBytes: number;
  getStatus: () => Promise<IndexStatus>;
  /** Makes the serving retriever read the new index now. */
  reload: () => Promise<unknown>;
  logger: Logger;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

const refuse = (message: string, details?: unknown): never => {
  throw new ApiError(400, "bad_request:documents", message, details);
};

/**
 * The uploaded file's name as it will be stored: a single name (no folder part), of an accepted
 * type. Anything else is refused rather than repaired, so staff see what went wrong.
 */
export function checkUploadName(raw: string): string {
  const name = raw.normalize("NFC").trim();
  if (!name) refuse("file: the file has no name.");
  if (
    /[/\\]/.test(name) ||
    [...name].some((char) => (char.codePointAt(0) ?? 0) < 0x20 || char === "\u007f") ||
    name === "." ||
    name === ".." ||
    name.includes("..")
  ) {
    refuse(
      `file: the name ${JSON.stringify(name)} tries to leave the corpus folder; give a plain file name.`,
    );
  }
  if (name.startsWith("."))
    refuse("file: hidden files (names starting with a dot) are not accepted.");
  if (name.length > 150) refuse("file: the name must be at most 150 characters.");
  const extension = path.extname(name).toLowerCase();
  if (!ALLOWED.includes(extension)) {
    refuse(
      `file: ${extension || "files without an extension"} cannot be ingested; upload a .pdf, .html, .md or .txt file.`,
    );
  }
  return name.replace(/\s+/g, "-");
}

/** The document manager over the corpus folder of `ingestOptions`. */
export function createCorpusDocumentManager(
  options: CorpusDocumentManagerOptions,
): DocumentManager {
  const { ingestOptions, logger } = options;
  const corpus = path.resolve(ingestOptions.corpusDir);
  const consoleDir = path.join(corpus, CONSOLE_FOLDER);
  const ledgerFile = path.join(consoleDir, "ingested.json");
  const jobs = new Map<string, IngestJob>();
  let running: IngestJob | undefined;

  async function readLedger(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(ledgerFile, "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  }

  async function writeLedger(change: (ledger: Record<string, string>) => void): Promise<void> {
    const ledger = await readLedger();
    change(ledger);
    await mkdir(consoleDir, { recursive: true });
    await writeFile(ledgerFile, JSON.stringify(ledger, null, 2));
  }

  /** Refuses while a job runs here or another process holds the ingestion lock. */
  async function checkIdle(): Promise<void> {
    if (running) {
      throw new ApiError(
        409,
        "busy:ingestion",
        `Another document change (${running.fileName}) is being ingested; wait for it to finish.`,
      );
    }
    try {
      const release = await acquireIngestLock(ingestOptions.uri);
      await release();
    } catch (error) {
      if (error instanceof IngestBusyError)
        throw new ApiError(409, "busy:ingestion", error.message);
      throw error;
    }
  }

  function remember(job: IngestJob): void {
    jobs.set(job.id, job);
    for (const id of jobs.keys()) {
      if (jobs.size <= MAX_JOBS_KEPT) break;
      if (jobs.get(id)?.state !== "running") jobs.delete(id);
    }
  }

  function onProgress(job: IngestJob) {
    return (event: IngestProgress) => {
      if (event.phase === "load" || event.phase === "embed") {
        job.progress = {
          phase: event.phase,
          done: event.done,
          total: event.total,
          message: `${event.phase} ${event.done}/${event.total}`,
        };
      } else if (event.phase === "write") {
        job.progress = { ...job.progress, phase: "write", message: event.message };
      }
    };
  }

  /** Runs the ingestion of `job`; `undo` puts the corpus back when it fails. */
  function run(job: IngestJob, undo: () => Promise<void>, onDone: () => Promise<void>): void {
    running = job;
    void (async () => {
      try {
        const { ingestCorpus } = await import("../../adapters/lancedb/ingest-pipeline.ts");
        await ingestCorpus({ ...ingestOptions, onProgress: onProgress(job) });
        await options.reload();
        await onDone();
        job.state = "done";
        job.progress = { ...job.progress, phase: "done", message: "done" };
      } catch (error) {
        job.state = "failed";
        job.error = `The ingestion failed, so the corpus was put back as it was: ${(error as Error).message}`;
        logger.warn("console ingestion failed", { job: job.id, error });
        await undo().catch((undoError: unknown) =>
          logger.error("could not restore the corpus", { error: undoError }),
        );
        await options.reload().catch(() => undefined);
      } finally {
        job.finishedAt = new Date().toISOString();
        running = undefined;
      }
    })();
  }

  const newJob = (kind: IngestJob["kind"], documentId: string, fileName: string): IngestJob => ({
    id: randomUUID(),
    kind,
    documentId,
    fileName,
    state: "running",
    progress: { phase: "queued", done: 0, total: 0, message: "queued" },
    startedAt: new Date().toISOString(),
  });

  return {
    maxUploadBytes: options.maxUploadBytes,

    async describe() {
      const status = await options.getStatus();
      const ledger = await readLedger();
      const result: Record<string, { lastIngested?: string; removable: boolean }> = {};
      if (!status.ready) return result;
      for (const document of status.manifest.documents) {
        const file = path.resolve(corpus, document.path);
        result[document.id] = {
          removable: file.startsWith(`${corpus}${path.sep}`) && (await exists(file)),
          ...(ledger[document.id] ? { lastIngested: ledger[document.id] } : {}),
        };
      }
      return result;
    },

    async add(file, metadata: UploadMetadata) {
      const name = checkUploadName(file.name);
      if (file.bytes.byteLength === 0) refuse("file: the file is empty.");
      if (file.bytes.byteLength > options.maxUploadBytes) {
        throw new ApiError(
          413,
          "payload_too_large:documents",
          "The file is larger than MAX_UPLOAD_MB allows.",
        );
      }
      const relative = `${UPLOAD_FOLDER}/${name}`;
      const target = path.join(corpus, UPLOAD_FOLDER, name);
      const documentId = createDocumentId(relative);
      const status = await options.getStatus();
      if (
        (await exists(target)) ||
        (status.ready && status.manifest.documents.some((d) => d.id === documentId))
      ) {
        throw new ApiError(
          409,
          "conflict:documents",
          `A document named ${name} is already in the corpus; remove it first or rename the file.`,
        );
      }
      await checkIdle();
      const staging = path.join(consoleDir, "staging", randomUUID());
      await mkdir(staging, { recursive: true });
      try {
        await writeFile(path.join(staging, name), file.bytes);
        await writeFile(path.join(staging, `${name}.meta.json`), JSON.stringify(metadata, null, 2));
        const outcome = await loadCorpusFile({ root: staging, path: name });
        if (outcome.kind === "skipped") refuse(`file: ${name} cannot be used: ${outcome.reason}.`);
        await checkIdle();
        await mkdir(path.dirname(target), { recursive: true });
        await rename(path.join(staging, `${name}.meta.json`), `${target}.meta.json`);
        await rename(path.join(staging, name), target);
      } finally {
        await rm(staging, { recursive: true, force: true });
        // Leaves no empty folders behind (another upload's staging folder keeps them).
        for (const folder of [path.dirname(staging), consoleDir]) {
          await rmdir(folder).catch(() => undefined);
        }
      }
      const job = newJob("add", documentId, name);
      remember(job);
      run(
        job,
        async () => {
          await rm(target, { force: true });
          await rm(`${target}.meta.json`, { force: true });
        },
        () =>
          writeLedger((ledger) => {
            ledger[documentId] = new Date().toISOString();
          }),
      );
      return { ...job };
    },

    async remove(documentId) {
      const status = await options.getStatus();
      const document = status.ready
        ? status.manifest.documents.find((d) => d.id === documentId)
        : undefined;
      if (!document)
        throw new ApiError(
          404,
          "not_found:document",
          `No document with id ${documentId} in the index.`,
        );
      const file = path.resolve(corpus, document.path);
      if (!file.startsWith(`${corpus}${path.sep}`) || !(await exists(file))) {
        throw new ApiError(
          404,
          "not_found:document",
          `The file of ${documentId} is not in the corpus folder.`,
        );
      }
      await checkIdle();
      const aside = path.join(consoleDir, "removed", randomUUID());
      await mkdir(aside, { recursive: true });
      const moved: [string, string][] = [[file, path.join(aside, path.basename(file))]];
      if (await exists(`${file}.meta.json`)) {
        moved.push([`${file}.meta.json`, path.join(aside, `${path.basename(file)}.meta.json`)]);
      }
      for (const [from, to] of moved) await rename(from, to);
      const job = newJob("remove", documentId, path.basename(file));
      remember(job);
      run(
        job,
        async () => {
          for (const [from, to] of moved) await rename(to, from);
          await rm(aside, { recursive: true, force: true });
        },
        async () => {
          await rm(aside, { recursive: true, force: true });
          await writeLedger((ledger) => {
            delete ledger[documentId];
          });
        },
      );
      return { ...job };
    },

    job(id) {
      const job = jobs.get(id);
      return job && { ...job, progress: { ...job.progress } };
    },
  };
}
