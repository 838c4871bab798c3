import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeedIndex } from "../src/testing/index-fixture.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let uri: string;
let cleanup = async () => {};

beforeAll(async () => {
  const index = await createSeedIndex();
  ({ uri, cleanup } = index);
});
afterAll(() => cleanup());

/** Runs `npm run chat` with `input` on stdin, offline, over the temporary index. */
function runChat(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Empty rather than unset, so that a developer's `.env` cannot switch LLM mode on.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LANCEDB_URI: uri,
    EMBEDDER: "local",
    OPENAI_API_KEY: "",
    OPENAI_BASE_URL: "",
  };
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "chat"], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data) => {
      stdout += data;
    });
    child.stderr.on("data", (data) => {
      stderr += data;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The transcript split into `{ question, reply }` blocks, one per echoed input line. */
function readTranscript(stdout: string) {
  return stdout
    .split(/^> /m)
    .slice(1)
    .map((block) => {
      const [question = "", ...reply] = block.trimEnd().split("\n");
      return { question, reply: reply.join("\n") };
    });
}

describe("npm run chat with piped input", () => {
  it("answers every line, runs the commands, and exits", async () => {
    const { code, stdout, stderr } = await runChat(
      [
        "What was Bishan High-tech Zone's industrial output in the first half of 2018?",
        "/help",
        "",
        "When was Chongqing High-tech Zone established?",
        "/new",
        "What is the minimum wage in Bishan?",
      ].join("\n"),
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const turns = readTranscript(stdout);
    expect(turns.map((turn) => turn.question)).toEqual([
      "What was Bishan High-tech Zone's industrial output in the first half of 2018?",
      "/help",
      "When was Chongqing High-tech Zone established?",
      "/new",
      "What is the minimum wage in Bishan?",
    ]);
    const [output, help, established, fresh, wage] = turns.map((turn) => turn.reply);
    expect(output).toContain("32.34");
    expect(output).toMatch(/^ {2}\[1\] Chongqing Bishan High-tech/m);
    expect(help).toMatch(/^ {2}\/new /m);
    expect(help).toMatch(/^ {2}\/help /m);
    expect(help).not.toMatch(/\[\d+\]/);
    expect(established).toMatch(/\d{4}/);
    expect(established).toMatch(/^ {2}\[\d+\] /m);
    expect(fresh).toBe("(new conversation)");
    expect(wage?.length).toBeGreaterThan(20);
  }, 60_000);

  it("answers a single piped question (echo … | npm run chat)", async () => {
    const { code, stdout } = await runChat("When was Chongqing High-tech Zone established?\n");
    expect(code).toBe(0);
    const turns = readTranscript(stdout);
    expect(turns).toHaveLength(1);
    expect(turns[0]?.reply).toMatch(/^ {2}\[\d+\] /m);
  }, 60_000);
});
