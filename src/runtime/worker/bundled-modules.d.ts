/**
 * Modules wrangler bundles into the Worker that TypeScript cannot see: the prompt files (a
 * `Text` rule in wrangler.toml) and the files `npm run build:edge` generates under `dist/edge/`
 * (wrangler `[alias]` entries, so tests can point them elsewhere).
 */
declare module "*.md" {
  const text: string;
  export default text;
}

/** `dist/edge/index.js`: the index snapshot's JSON text. */
declare module "edge-index-snapshot" {
  const json: string;
  export default json;
}

/** `dist/edge/web-assets.js`: the chat page's files by name. */
declare module "edge-web-assets" {
  const assets: Readonly<Record<string, string>>;
  export default assets;
}
