/**
 * @module `npm run build:server` (run by `npm start`): bundles the Node server into one ES module,
 * `dist/server.mjs`, so the server runs as plain JavaScript. Loading TypeScript through tsx's
 * hooks keeps a second V8 isolate alive for the life of the process (about 36 MiB of RSS of the
 * 300 MB the server is held to). Packages stay external (installed, native ones included), and
 * every module keeps its own `import.meta.url`, so files found next to the sources (the chat
 * page, the ingestion script, the domain word list) are found as before. Takes about a second.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The bundle `npm start` runs. */
export const SERVER_BUNDLE = "dist/server.mjs";

/** Replaces `import.meta.url` in each project module with that module's own file URL. */
const keepModuleUrls: Plugin = {
  name: "keep-module-urls",
  setup(builder) {
    builder.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

/**
 * Bundles `src/runtime/node/main.ts` into `outfile` (relative to the project, where the packages
 * it leaves external are found; default {@link SERVER_BUNDLE}); throws with esbuild's errors.
 * Tests that run at the same time each give their own, so none starts a bundle another is still
 * writing.
 */
export async function buildServer({
  outfile = SERVER_BUNDLE,
}: {
  outfile?: string;
} = {}): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ["src/runtime/node/main.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    plugins: [keepModuleUrls],
    logLevel: "warning",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await buildServer();
  } catch (error) {
    console.error(`Could not build the server: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
