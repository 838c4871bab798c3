/**
 * @module Pieces every sub-app shares: the Hono environment type, the error schema and the
 * validation hook that turns zod failures into 400s naming each bad field.
 */

import type { Hook } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { formatIssues } from "./errors.ts";

/** Variables set by middleware for every request. */
export type AppEnv = { Variables: { requestId: string } };

/** The error body, as documented in OpenAPI. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({
        description:
          "What went wrong, and where: a type and a surface (`bad_request:search`, `unauthorized:admin`), or a type alone (`timeout`). Each response lists the codes it carries.",
      }),
      message: z.string().openapi({ description: "What happened and what to do, in English." }),
      details: z.unknown().optional().openapi({
        description: "For a 400: each field that failed (`messages.0.content`) and why.",
      }),
    }),
  })
  .openapi("Error");

/** A validation hook answering 400 with the fields that failed, for the named surface. */
export function validationHook(surface: string): Hook<unknown, AppEnv, string, unknown> {
  return (result, c) => {
    if (result.success) return;
    const details = formatIssues(result.error.issues);
    const message = Object.entries(details)
      .map(([field, problem]) => (problem.startsWith(field) ? problem : `${field}: ${problem}`))
      .join("; ");
    return c.json({ error: { code: `bad_request:${surface}`, message, details } }, 400);
  };
}
