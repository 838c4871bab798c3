import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PromptsError } from "../../rag/prompts.ts";
import { PROMPTS_DIR } from "../../testing/answer-fixtures.ts";
import { createTempDir } from "../../testing/corpus.ts";
import { loadPrompts } from "./prompts.ts";

describe("loadPrompts", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it("loads the project's prompts", async () => {
    const prompts = await loadPrompts(PROMPTS_DIR);
    expect(prompts.version).toBeGreaterThanOrEqual(1);
  });

  it("names the missing file", async () => {
    const temp = await createTempDir();
    cleanup = temp.cleanup;
    await mkdir(temp.dir, { recursive: true });
    await writeFile(path.join(temp.dir, "system.md"), "<!-- version: 1 -->\nNO_ANSWER");
    const loading = loadPrompts(temp.dir);
    await expect(loading).rejects.toThrow(PromptsError);
    await expect(loadPrompts(temp.dir)).rejects.toThrow(
      /answer\.md.*system\.md, answer\.md and rewrite\.md/s,
    );
  });
});
