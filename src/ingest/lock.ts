/**
 * @module A cross-process lock so two ingestions never write the same index at once. Local
 * stores get an exclusive lock file; object stores rely on LanceDB's own commit conflicts.
 */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import path from "node:path";

/** Thrown when another live process holds the ingestion lock. */
export class IngestBusyError extends Error {
  override readonly name = "IngestBusyError";
}

/** A LanceDB URI that names a local folder (no scheme, or `file://`). */
export function getLocalStorePath(uri: string): string | undefined {
  if (uri.startsWith("file://")) return new URL(uri).pathname;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return undefined;
  return uri;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the ingestion lock for a store, returning a release function. A lock left by a process
 * that no longer exists (killed mid-ingestion) is taken over.
 * @throws IngestBusyError when a live process holds it.
 */
export async function acquireIngestLock(uri: string): Promise<() => Promise<void>> {
  const folder = getLocalStorePath(uri);
  if (!folder) return async () => {};
  await mkdir(folder, { recursive: true });
  const lockPath = path.join(folder, ".ingest.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readLockHolder(lockPath);
      if (holder && isProcessAlive(holder.pid)) {
        throw new IngestBusyError(
          `Another ingestion (pid ${holder.pid}, since ${holder.since}) is writing this index; wait for it to finish.`,
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new IngestBusyError(`Could not take the ingestion lock at ${lockPath}.`);
}

async function readLockHolder(
  lockPath: string,
): Promise<{ pid: number; since: string } | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, "utf8")) as {
      pid?: unknown;
      since?: unknown;
    };
    return typeof parsed.pid === "number"
      ? { pid: parsed.pid, since: String(parsed.since ?? "unknown") }
      : undefined;
  } catch {
    return undefined;
  }
}
