/**
 * @module A real PostgreSQL for tests: `initdb` into a temporary folder and `pg_ctl start` on a
 * free port of 127.0.0.1 (its socket in the same folder), trust authentication, stopped by
 * `stop`. PostgreSQL refuses to run as root, so under root (CI) the folder is handed to the
 * `postgres` user and the server runs as that user. Debian keeps the binaries in its versioned
 * lib folder (`/usr/lib/postgresql/<major>/bin`), off PATH: they are found through
 * `pg_config --bindir`, then PATH, then that folder.
 */
import { execFile } from "node:child_process";
import { access, chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "./ports.ts";

const run = promisify(execFile);

/** The folder holding `initdb` and `pg_ctl`. */
export async function findPostgresBinDir(): Promise<string> {
  const candidates: string[] = [];
  try {
    candidates.push((await run("pg_config", ["--bindir"])).stdout.trim());
  } catch {
    // pg_config comes with libpq-dev, not always with the server.
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
  try {
    const versions = (await readdir("/usr/lib/postgresql")).sort(
      (a, b) => Number.parseFloat(b) - Number.parseFloat(a),
    );
    for (const version of versions) candidates.push(`/usr/lib/postgresql/${version}/bin`);
  } catch {
    // Not Debian's layout.
  }
  for (const dir of candidates) {
    try {
      await access(path.join(dir, "initdb"));
      await access(path.join(dir, "pg_ctl"));
      return dir;
    } catch {
      // Next candidate.
    }
  }
  throw new Error(
    "PostgreSQL's initdb and pg_ctl were not found (pg_config --bindir, PATH, /usr/lib/postgresql/*/bin): install the server, e.g. `apt-get install postgresql`.",
  );
}

/** A running test PostgreSQL. */
export interface TestPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server, keeping its data (an outage). */
  pause(): Promise<void>;
  /** Starts it again after `pause`, on the same port. */
  resume(): Promise<void>;
  /** Stops the server (fast shutdown) and removes its folder. */
  stop(): Promise<void>;
}

/** Starts PostgreSQL in a fresh temporary cluster. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = await findPostgresBinDir();
  const dir = await mkdtemp(path.join(tmpdir(), "cq-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  let prefix: string[] = [];
  if (asRoot) {
    const user = await pickUnprivilegedUser();
    const uid = Number((await run("id", ["-u", user])).stdout.trim());
    const gid = Number((await run("id", ["-g", user])).stdout.trim());
    await chown(dir, uid, gid);
    prefix = ["runuser", "-u", user, "--"];
  }
  const exec = (file: string, args: string[]) => {
    const [command, ...rest] = [...prefix, path.join(bin, file), ...args];
    return run(command ?? "", rest, { cwd: dir });
  };
  const port = await findFreePort();
  const startServer = () =>
    exec("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      // -F: no fsync (a throwaway cluster); -k: the socket in the temp folder, not /run.
      "-o",
      `-p ${port} -h 127.0.0.1 -k ${dir} -F`,
      "start",
    ]);
  const stopServer = () => exec("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  try {
    await exec("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    await startServer();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let running = true;
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`Not a database name: ${name}`);
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    async pause() {
      await stopServer();
      running = false;
    },
    async resume() {
      await startServer();
      running = true;
    },
    async stop() {
      try {
        if (running) await stopServer();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The `postgres` user Debian's package creates, else `nobody`. */
async function pickUnprivilegedUser(): Promise<string> {
  try {
    await run("id", ["-u", "postgres"]);
    return "postgres";
  } catch {
    return "nobody";
  }
}
