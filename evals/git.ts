/**
 * @module The commit a run evaluated, so a report or baseline can be traced to the code.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The short HEAD commit, with `+dirty` when the working tree has changes; `unknown` outside git. */
export async function readGitCommit(cwd = process.cwd()): Promise<string> {
  try {
    const { stdout: head } = await run("git", ["rev-parse", "--short=12", "HEAD"], { cwd });
    const { stdout: status } = await run("git", ["status", "--porcelain"], { cwd });
    return `${head.trim()}${status.trim() ? "+dirty" : ""}`;
  } catch {
    return "unknown";
  }
}
