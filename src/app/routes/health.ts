/**
 * @module Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the index is
 * present and built by the configured embedder; 503 with the reason and the fix otherwise).
 */
import { Hono } from "hono";
import type { IndexStatus } from "../../rag/manifest.ts";
import type { AppEnv } from "../shared.ts";

/** The health sub-app. */
export function createHealthRoutes({ getStatus }: { getStatus: () => Promise<IndexStatus> }) {
  return new Hono<AppEnv>()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", async (c) => {
      const status = await getStatus();
      if (!status.ready) {
        return c.json({ status: "not_ready", reason: status.reason, action: status.action }, 503);
      }
      const { manifest } = status;
      return c.json({
        status: "ready",
        index: {
          embedder: manifest.embedder,
          chunker: manifest.chunker,
          builtAt: manifest.builtAt,
          documents: manifest.documents.length,
          chunks: manifest.chunkCount,
        },
      });
    });
}
