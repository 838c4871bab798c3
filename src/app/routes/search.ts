/**
 * @module `GET /api/search`: ranked chunks for a query, each with its full text.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Retriever } from "../../rag/types.ts";
import { type AppEnv, ErrorResponse, validationHook } from "../shared.ts";

/** Query parameters of a search. */
export const SearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "q must not be empty")
    .max(10_000, "q must be at most 10000 characters")
    .openapi({ example: "Bishan industrial output 2018" }),
  k: z.coerce
    .number()
    .int("k must be a whole number")
    .min(1, "k must be at least 1")
    .max(50, "k must be at most 50")
    .optional()
    .openapi({ example: 5 }),
  doc: z
    .string()
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, "doc must be comma-separated document ids")
    .optional()
    .openapi({ description: "Restrict results to these document ids (comma-separated)." }),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** One ranked chunk. */
export const SearchResult = z
  .object({
    id: z.string(),
    docId: z.string(),
    title: z.string(),
    section: z.string(),
    date: z.string(),
    text: z.string(),
    score: z.number(),
  })
  .openapi("SearchResult");

export const SearchResponse = z
  .object({ query: z.string(), results: z.array(SearchResult) })
  .openapi("SearchResponse");
export type SearchResponse = z.infer<typeof SearchResponse>;

const route = createRoute({
  method: "get",
  path: "/api/search",
  summary: "Hybrid search over the corpus",
  request: { query: SearchQuery },
  responses: {
    200: {
      description: "Ranked chunks",
      content: { "application/json": { schema: SearchResponse } },
    },
    400: {
      description: "Bad parameters",
      content: { "application/json": { schema: ErrorResponse } },
    },
    503: {
      description: "Index not ready",
      content: { "application/json": { schema: ErrorResponse } },
    },
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
