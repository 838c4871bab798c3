/**
 * @module Node's way to the prompts: reads `system.md`, `answer.md` and `rewrite.md` from the
 * prompts folder and parses them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type PromptFiles, type Prompts, PromptsError, parsePrompts } from "../../rag/prompts.ts";

/**
 * Reads and parses the prompt files in `dir` (relative to the working directory).
 * @throws PromptsError when a file is missing or malformed.
 */
export async function loadPrompts(dir = "prompts"): Promise<Prompts> {
  const read = async (name: keyof PromptFiles) => {
    const file = path.join(dir, `${name}.md`);
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      throw new PromptsError(
        `Cannot read the prompt file ${file} (${error instanceof Error ? error.message : String(error)}). The prompts folder must hold system.md, answer.md and rewrite.md.`,
        { cause: error },
      );
    }
  };
  // Settled in a fixed order, so the file named is the first missing one, whichever read
  // happens to fail first.
  const [system, answer, rewrite] = await Promise.allSettled([
    read("system"),
    read("answer"),
    read("rewrite"),
  ]);
  for (const result of [system, answer, rewrite]) {
    if (result.status === "rejected") throw result.reason;
  }
  const text = (result: PromiseSettledResult<string>) =>
    result.status === "fulfilled" ? result.value : "";
  return parsePrompts({ system: text(system), answer: text(answer), rewrite: text(rewrite) });
}
