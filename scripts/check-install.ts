/**
 * @module CI's install check (`.ci/run`, right after `npm install`). The registry reachable from CI
 * serves only some platforms' optional builds, and which ones changes over time, so `npm ci`
 * rejects the lockfile and `npm install` adds or drops lock entries for other platforms (darwin,
 * win32, musl…) without anything in the project having changed. This check ignores exactly those
 * entries and still fails on what matters:
 * - the lockfile `npm install` wrote differs from the committed one in any entry this platform
 *   installs (a `package.json` change that was not locked, or a version npm had to re-resolve);
 * - an installed package's version differs from the version the committed lockfile pins, or a
 *   package the lockfile requires on this platform is not installed.
 *
 * Usage: `tsx scripts/check-install.ts <committed-lockfile>` from the project root.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

/** One entry of a v3 lockfile's `packages` map (only the fields this check reads are typed). */
export interface LockEntry {
  version?: string;
  link?: boolean;
  optional?: boolean;
  dev?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  [field: string]: unknown;
}

export interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** The platform npm installs for: `process.platform`, `process.arch` and the C library. */
export interface Platform {
  os: string;
  cpu: string;
  libc: "glibc" | "musl" | undefined;
}

/** Reads the running platform as npm's os/cpu/libc filters see it. */
export function getPlatform(): Platform {
  if (process.platform !== "linux")
    return { os: process.platform, cpu: process.arch, libc: undefined };
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } })
    ?.header;
  return { os: "linux", cpu: process.arch, libc: header?.glibcVersionRuntime ? "glibc" : "musl" };
}

/** npm's rule for an os/cpu/libc list: allowed names, or `!name` exclusions. */
function matchesList(list: string[] | undefined, value: string | undefined): boolean {
  if (!list || list.length === 0) return true;
  if (value === undefined) return false;
  if (list.includes(`!${value}`)) return false;
  const allowed = list.filter((item) => !item.startsWith("!"));
  return allowed.length === 0 || allowed.includes(value);
}

/** Whether npm would install this entry on `platform` (entries without filters always apply). */
export function appliesTo(entry: LockEntry, platform: Platform): boolean {
  return (
    matchesList(entry.os, platform.os) &&
    matchesList(entry.cpu, platform.cpu) &&
    (entry.libc === undefined || matchesList(entry.libc, platform.libc))
  );
}

/** The lock entries that matter on `platform`: other platforms' builds left out. */
function relevantEntries(lock: Lockfile, platform: Platform): Map<string, LockEntry> {
  return new Map(Object.entries(lock.packages).filter(([, entry]) => appliesTo(entry, platform)));
}

/**
 * Differences between the committed lockfile and the one `npm install` left, in entries that
 * apply to `platform`. Empty when the install only added or dropped other platforms' builds.
 */
export function compareLockfiles(
  committed: Lockfile,
  installed: Lockfile,
  platform: Platform,
): string[] {
  const before = relevantEntries(committed, platform);
  const after = relevantEntries(installed, platform);
  const problems: string[] = [];
  for (const [key, entry] of before) {
    const now = after.get(key);
    if (!now)
      problems.push(`${key || "(root)"}: in the committed lockfile, dropped by npm install`);
    else if (!isDeepStrictEqual(entry, now)) {
      const fields = [...new Set([...Object.keys(entry), ...Object.keys(now)])].filter(
        (field) => !isDeepStrictEqual(entry[field], now[field]),
      );
      problems.push(`${key || "(root)"}: npm install changed ${fields.join(", ")}`);
    }
  }
  for (const key of after.keys()) {
    if (!before.has(key))
      problems.push(`${key}: added by npm install, not in the committed lockfile`);
  }
  return problems;
}

/** Reads the version of the package installed at `dir`, or undefined when none is there. */
export type ReadInstalledVersion = (dir: string) => string | undefined;

/**
 * Checks the installed tree against the committed lockfile: every entry that applies here is
 * installed at exactly the pinned version (optional ones may be absent).
 */
export function compareInstalledTree(
  committed: Lockfile,
  platform: Platform,
  readVersion: ReadInstalledVersion,
): string[] {
  const problems: string[] = [];
  for (const [key, entry] of relevantEntries(committed, platform)) {
    if (!key.startsWith("node_modules/") && !key.includes("/node_modules/")) continue;
    if (entry.link || entry.version === undefined) continue;
    const version = readVersion(key);
    if (version === undefined) {
      if (!entry.optional) problems.push(`${key}: locked at ${entry.version}, not installed`);
    } else if (version !== entry.version) {
      problems.push(`${key}: locked at ${entry.version}, installed ${version}`);
    }
  }
  return problems;
}

function readLockfile(file: string): Lockfile {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Lockfile>;
  if (!parsed.packages || typeof parsed.packages !== "object") {
    throw new Error(`${file} has no "packages" map: is it a lockfile of version 2 or later?`);
  }
  return parsed as Lockfile;
}

function main(argv: string[]): number {
  const committedFile = argv[0];
  if (!committedFile) {
    console.error("usage: tsx scripts/check-install.ts <committed package-lock.json>");
    return 2;
  }
  const committed = readLockfile(committedFile);
  const installed = readLockfile("package-lock.json");
  const platform = getPlatform();
  const readVersion: ReadInstalledVersion = (dir) => {
    const manifest = path.join(dir, "package.json");
    if (!existsSync(manifest)) return undefined;
    return (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version;
  };
  const lockProblems = compareLockfiles(committed, installed, platform);
  const treeProblems = compareInstalledTree(committed, platform, readVersion);
  const platformName = [platform.os, platform.cpu, platform.libc].filter(Boolean).join("-");
  if (lockProblems.length === 0 && treeProblems.length === 0) {
    const count = relevantEntries(committed, platform).size - 1;
    console.log(`install matches the lockfile: ${count} packages checked for ${platformName}`);
    return 0;
  }
  if (lockProblems.length > 0) {
    console.error("The lockfile is out of date for this platform (run npm install and commit it):");
    for (const problem of lockProblems) console.error(`  ${problem}`);
  }
  if (treeProblems.length > 0) {
    console.error("Installed packages differ from the committed lockfile:");
    for (const problem of treeProblems) console.error(`  ${problem}`);
  }
  return 1;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  process.exit(main(process.argv.slice(2)));
}
