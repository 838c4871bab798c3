/**
 * @module `GET /api/search`: ranked chunks for a query, each with its full text.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { apiLimits, badRequest, unavailable } from "../../http/responses.ts";
import { type AppEnv, validationHook } from "../../http/shared.ts";
import type { Retriever } from "../../rag/types.ts";

/** Query parameters of a search. */
export const SearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "q must not be empty")
    .max(10_000, "q must be at most 10000 characters")
    .openapi({
      description: "What to search for, in English or Chinese (1–10,000 characters).",
      example: "Bishan industrial output 2018",
    }),
  k: z.coerce
    .number()
    .int("k must be a whole number")
    .min(1, "k must be at least 1")
    .max(50, "k must be at most 50")
    .optional()
    .openapi({
      description:
        "How many passages to return, best first (1–50; the server's `SEARCH_K` when left out).",
      example: 5,
    }),
  doc: z
    .string()
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, "doc must be comma-separated document ids")
    .optional()
    .openapi({
      description:
        "Only passages from these documents: ids (a document's path without its extension), comma-separated.",
      example: "bishan-high-tech-zone",
    }),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** One ranked chunk. */
export const SearchResult = z
  .object({
    id: z.string().openapi({ description: "The passage's stable id." }),
    docId: z.string().openapi({ description: "The document's id (its path without extension)." }),
    title: z.string().openapi({ description: "The document's title." }),
    section: z.string().openapi({ description: "The heading the passage falls under, or empty." }),
    date: z.string().openapi({
      description: "The document's date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `undated`.",
    }),
    text: z.string().openapi({ description: "The passage's full text." }),
    score: z.number().openapi({ description: "Fused relevance; higher is better." }),
  })
  .openapi("SearchResult");

export const SearchResponse = z
  .object({
    query: z.string().openapi({ description: "The query as searched (trimmed)." }),
    results: z.array(SearchResult).openapi({ description: "Best first." }),
  })
  .openapi("SearchResponse");
export type SearchResponse = z.infer<typeof SearchResponse>;

const route = createRoute({
  method: "get",
  path: "/api/search",
  summary: "Hybrid search over the corpus",
  description:
    "Vector and full-text search fused by rank; each result carries the passage's full text and its score (higher is better).",
  request: { query: SearchQuery },
  responses: {
    200: {
      description: "Ranked passages",
      content: { "application/json": { schema: SearchResponse } },
    },
    400: badRequest("search", { name: "k", problem: "k must be at least 1" }, { jsonBody: false }),
    ...apiLimits,
    503: unavailable({ index: true }),
  },
});

/** The search sub-app. */
export function createSearchRoutes({
  retriever,
  defaultK,
}: {
  retriever: Retriever;
  defaultK: number;
}) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook("search") }).openapi(
    route,
    async (c) => {
      const { q, k, doc } = c.req.valid("query");
      const hits = await retriever.search(q, { k: k ?? defaultK, docIds: doc?.split(",") });
      return c.json(
        {
          query: q,
          results: hits.map(({ chunk, score }) => ({
            id: chunk.id,
            docId: chunk.docId,
            title: chunk.title,
            section: chunk.section,
            date: chunk.date,
            text: chunk.text,
            score,
          })),
        },
        200,
      );
    },
  );
}
