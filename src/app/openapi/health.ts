/**
 * @module `/healthz` and `/readyz` in `/openapi.json` (the routes are plain Hono handlers in
 * `src/app/routes/health.ts`, for load balancers and orchestrators).
 */
import { z } from "@hono/zod-openapi";
import type { Registry } from "../../http/responses.ts";

const Ready = z
  .object({
    status: z.literal("ready"),
    index: z.object({
      embedder: z.object({
        id: z.string().openapi({ description: "Which embedder built the index." }),
        dimensions: z.number().int(),
      }),
      chunker: z.object({ id: z.string().openapi({ description: "Chunker and its sizes." }) }),
      builtAt: z.string().openapi({ format: "date-time" }),
      documents: z.number().int().openapi({ description: "Documents in the index." }),
      chunks: z.number().int().openapi({ description: "Passages in the index." }),
    }),
    sharedState: z
      .object({
        store: z.enum(["memory", "redis"]).openapi({
          description:
            "Where rate limits, WeChat retries, histories and access tokens live: this process's memory, or Redis shared by every replica (`REDIS_URL`).",
        }),
        redis: z.enum(["connecting", "up", "down"]).optional().openapi({
          description:
            "With Redis: whether it answers. While `down` the server still answers, from per-process state.",
        }),
      })
      .optional(),
  })
  .openapi("Ready");

const NotReady = z
  .object({
    status: z.literal("not_ready"),
    reason: z.string().openapi({ description: "Why the index cannot serve." }),
    action: z.string().openapi({ description: "What the operator should do about it." }),
  })
  .openapi("NotReady");

/** Documents the health routes. */
export function registerHealthDocs(registry: Registry) {
  registry.registerPath({
    method: "get",
    path: "/healthz",
    summary: "Liveness: the process answers",
    description: "Always 200 while the process is up; says nothing about the index.",
    responses: {
      200: {
        description: "Up",
        content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/readyz",
    summary: "Readiness: the index can serve queries",
    description:
      "200 with how the index was built; 503 when there is no index or it was built by another embedder than the configured one (then `npm run ingest`).",
    responses: {
      200: { description: "Ready", content: { "application/json": { schema: Ready } } },
      503: {
        description: "Not ready: `reason` says why and `action` what to do",
        content: {
          "application/json": {
            schema: NotReady,
            examples: {
              no_index: {
                summary: "No index",
                value: {
                  status: "not_ready",
                  reason: "No index has been built yet.",
                  action: "Run `npm run ingest` to build it from the corpus.",
                },
              },
            },
          },
        },
      },
    },
  });
}
