/**
 * The layer rules `npm run check` enforces (`npm run check:layers`; README "Layout"). Tests,
 * their `test-support.ts` helpers and src/testing are left out: a test may wire any layers
 * together, as a composition root does.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Modules import each other in a cycle: move what both need to a module both can import.",
      from: {},
      // A type-only import vanishes at run time, so it cannot make modules load in a cycle.
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "no-folder-cycles",
      severity: "error",
      comment:
        "Two folders import each other: move what both need to a folder both can import (src/http for HTTP helpers, src/ports for interfaces).",
      scope: "folder",
      // Cycles among the core's own subfolders (src/rag/answer <-> src/rag/passages…) are the
      // core's business; any cycle through another folder is reported from that folder.
      from: { pathNot: "^src/(rag|ingest)(/|$)" },
      to: { circular: true },
    },
    {
      name: "core-is-runtime-neutral",
      severity: "error",
      comment:
        "The core (src/rag, src/ingest) knows nothing of adapters, HTTP, channels, the app or runtimes: pass what it needs in through an interface.",
      from: { path: "^src/(rag|ingest)/" },
      to: { path: "^src/(adapters|http|channels|app|runtime)/|^src/compose\\.ts$" },
    },
    {
      name: "channels-stand-alone",
      severity: "error",
      comment:
        "A channel depends on the core, ports and src/http, never on another channel, the app shell or a runtime.",
      from: { path: "^src/channels/([^/]+)/" },
      to: { path: "^src/(channels|app|runtime)/", pathNot: "^src/channels/$1/" },
    },
    {
      name: "adapters-below-channels",
      severity: "error",
      comment:
        "An adapter implements an interface for one outside system; it never reaches up into channels, the app or a runtime.",
      from: { path: "^src/adapters/" },
      to: { path: "^src/(channels|app|runtime)/|^src/compose\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$|(^|/)test-support\\.ts$|^src/testing/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".d.ts"] },
  },
};
