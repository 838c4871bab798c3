/**
 * @module Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the index is
 * present and built by the configured embedder, and where searches are served from; 503 with the
 * reason and the fix otherwise).
 */
import { Hono } from "hono";
import type { AppEnv } from "../../http/shared.ts";
import type { IndexStatus } from "../../rag/manifest.ts";

/**
 * Where channel state (rate limits, WeChat retries, histories, tokens) lives, as `/readyz`
 * reports it. Redis being down does not make the server unready: it falls back to per-process
 * state.
 */
export interface SharedStateReport {
  store: "memory" | "redis";
  /** With Redis: whether it answers now. */
  redis?: "connecting" | "up" | "down";
}

/** Where searches are served from, as `/readyz` reports it (Node: memory or LanceDB). */
export interface ServingReport {
  path: string;
  reason: string;
}

/** The health sub-app. */
export function createHealthRoutes({
  getStatus,
  getServing,
  getSharedState,
}: {
  getStatus: () => Promise<IndexStatus>;
  getServing?: (() => ServingReport) | undefined;
  getSharedState?: (() => SharedStateReport) | undefined;
}) {
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
        ...(getServing ? { serving: getServing() } : {}),
        ...(getSharedState ? { sharedState: getSharedState() } : {}),
      });
    });
}
