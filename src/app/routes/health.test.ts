import { describe, expect, it } from "vitest";
import type { IndexManifest } from "../../rag/manifest.ts";
import { createHealthRoutes, type SharedStateReport } from "./health.ts";

const MANIFEST: IndexManifest = {
  schemaVersion: 1,
  table: "chunks",
  embedder: { id: "local", dimensions: 100 },
  chunker: { id: "recursive-700-120" },
  builtAt: "2026-01-01T00:00:00.000Z",
  chunkCount: 3,
  documents: [],
};

describe("/readyz", () => {
  it("reports where shared state lives and stays ready while Redis is down", async () => {
    let shared: SharedStateReport = { store: "redis", redis: "up" };
    const routes = createHealthRoutes({
      getStatus: async () => ({ ready: true, manifest: MANIFEST }),
      getSharedState: () => shared,
    });
    const up = await routes.request("/readyz");
    expect(up.status).toBe(200);
    expect((await up.json()).sharedState).toEqual({ store: "redis", redis: "up" });
    shared = { store: "redis", redis: "down" };
    const down = await routes.request("/readyz");
    expect(down.status).toBe(200);
    expect(await down.json()).toMatchObject({
      status: "ready",
      sharedState: { store: "redis", redis: "down" },
    });
  });

  it("leaves shared state out when the runtime does not report it", async () => {
    const routes = createHealthRoutes({
      getStatus: async () => ({ ready: true, manifest: MANIFEST }),
    });
    expect(await (await routes.request("/readyz")).json()).not.toHaveProperty("sharedState");
  });
});
