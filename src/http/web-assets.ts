/**
 * @module The browser's files as the channels serve them: read from `src/web/` by Node at start,
 * bundled into the Worker by `npm run build:edge`, and passed in to the web and console channels.
 */

/** The page's files by name (`index.html`, `app.js`, …) and their text. */
export type WebAssets = Readonly<Record<string, string>>;
