/**
 * @module Reads the chat page's files (`src/web/`) once at start, for the runtime-neutral
 * page route. Plain HTML, CSS and JavaScript modules: nothing to build.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { WebAssets } from "../../http/web-assets.ts";

/** The folder holding the page's files. */
export const WEB_DIR = fileURLToPath(new URL("../../web/", import.meta.url));

/** Every `.html`, `.css`, `.js` and `.svg` file in `dir`, by name. */
export async function readWebAssets(dir: string = WEB_DIR): Promise<WebAssets> {
  const names = (await readdir(dir)).filter((name) => /\.(html|css|js|svg)$/.test(name));
  const files = await Promise.all(names.map((name) => readFile(`${dir}/${name}`, "utf8")));
  return Object.fromEntries(names.map((name, index) => [name, files[index] ?? ""]));
}
