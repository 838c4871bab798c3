import { describe, expect, it } from "vitest";
import {
  appliesTo,
  compareInstalledTree,
  compareLockfiles,
  type Lockfile,
  type Platform,
} from "./check-install.ts";

const linux: Platform = { os: "linux", cpu: "x64", libc: "glibc" };

const committed: Lockfile = {
  packages: {
    "": { name: "app", dependencies: { zod: "^4.0.0" } },
    "node_modules/zod": { version: "4.1.0", integrity: "sha512-a" },
    "node_modules/tool": { version: "1.0.0", optionalDependencies: { "tool-linux-x64": "1.0.0" } },
    "node_modules/tool-linux-x64": {
      version: "1.0.0",
      optional: true,
      os: ["linux"],
      cpu: ["x64"],
    },
    "node_modules/tool-darwin-arm64": {
      version: "1.0.0",
      optional: true,
      os: ["darwin"],
      cpu: ["arm64"],
    },
    "node_modules/a/node_modules/b": { version: "2.0.0" },
  },
};

function withPackages(changes: Record<string, Lockfile["packages"][string] | undefined>): Lockfile {
  const packages = { ...committed.packages };
  for (const [key, entry] of Object.entries(changes)) {
    if (entry === undefined) delete packages[key];
    else packages[key] = entry;
  }
  return { packages };
}

describe("appliesTo", () => {
  it("follows npm's os, cpu and libc filters, exclusions included", () => {
    expect(appliesTo({ os: ["linux"], cpu: ["x64"] }, linux)).toBe(true);
    expect(appliesTo({ os: ["darwin"] }, linux)).toBe(false);
    expect(appliesTo({ os: ["!win32"] }, linux)).toBe(true);
    expect(appliesTo({ cpu: ["!x64"] }, linux)).toBe(false);
    expect(appliesTo({ os: ["linux"], libc: ["musl"] }, linux)).toBe(false);
    expect(appliesTo({}, linux)).toBe(true);
  });
});

describe("compareLockfiles", () => {
  it("ignores other platforms' builds that the registry started or stopped serving", () => {
    const added = withPackages({
      "node_modules/tool-win32-x64": { version: "1.0.0", optional: true, os: ["win32"] },
      "node_modules/tool-linux-x64-musl": { version: "1.0.0", optional: true, libc: ["musl"] },
    });
    const dropped = withPackages({ "node_modules/tool-darwin-arm64": undefined });
    expect(compareLockfiles(committed, added, linux)).toEqual([]);
    expect(compareLockfiles(committed, dropped, linux)).toEqual([]);
  });

  it("catches a package.json change that was not locked", () => {
    const relocked = withPackages({
      "": { name: "app", dependencies: { zod: "^4.0.0", left: "^1.0.0" } },
      "node_modules/left": { version: "1.3.0" },
    });
    expect(compareLockfiles(committed, relocked, linux)).toEqual([
      "(root): npm install changed dependencies",
      "node_modules/left: added by npm install, not in the committed lockfile",
    ]);
  });

  it("catches a re-resolved version and a dropped entry of this platform", () => {
    const changed = withPackages({
      "node_modules/zod": { version: "4.2.0", integrity: "sha512-b" },
      "node_modules/tool-linux-x64": undefined,
    });
    expect(compareLockfiles(committed, changed, linux)).toEqual([
      "node_modules/zod: npm install changed version, integrity",
      "node_modules/tool-linux-x64: in the committed lockfile, dropped by npm install",
    ]);
  });
});

describe("compareInstalledTree", () => {
  const installed: Record<string, string> = {
    "node_modules/zod": "4.1.0",
    "node_modules/tool": "1.0.0",
    "node_modules/tool-linux-x64": "1.0.0",
    "node_modules/a/node_modules/b": "2.0.0",
  };

  it("accepts the locked versions, with other platforms' builds absent", () => {
    expect(compareInstalledTree(committed, linux, (dir) => installed[dir])).toEqual([]);
  });

  it("fails when an installed version differs from the lock, nested ones too", () => {
    const drifted: Record<string, string> = {
      ...installed,
      "node_modules/a/node_modules/b": "2.0.1",
    };
    expect(compareInstalledTree(committed, linux, (dir) => drifted[dir])).toEqual([
      "node_modules/a/node_modules/b: locked at 2.0.0, installed 2.0.1",
    ]);
  });

  it("fails when a required package is missing, not when an optional one is", () => {
    const { "node_modules/zod": _zod, "node_modules/tool-linux-x64": _tool, ...rest } = installed;
    expect(compareInstalledTree(committed, linux, (dir) => rest[dir])).toEqual([
      "node_modules/zod: locked at 4.1.0, not installed",
    ]);
  });
});
