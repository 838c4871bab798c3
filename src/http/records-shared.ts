/**
 * @module Pieces the feedback and inquiry routes share: the body size cap, the "created"
 * response, the staff listing query and the OpenAPI security scheme for the staff token.
 */
import { z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./errors.ts";

/** Largest request body accepted, in bytes: a long conversation fits, a flood does not. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Rejects larger bodies with 413 before they are read whole. */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(
      413,
      "payload_too_large",
      `The body must be at most ${MAX_BODY_BYTES} bytes.`,
    );
  },
});

/** What a successful POST answers with 201. */
export const Created = z
  .object({ id: z.string(), createdAt: z.string().openapi({ format: "date-time" }) })
  .openapi("Created");

/** `?limit=` for staff listings. */
export const ListQuery = z.object({
  limit: z.coerce
    .number({ error: "must be a whole number from 1 to 1000" })
    .int("must be a whole number from 1 to 1000")
    .min(1, "must be a whole number from 1 to 1000")
    .max(1000, "must be a whole number from 1 to 1000")
    .default(100)
    .openapi({ description: "Most records returned, newest first (1–1000, default 100)" }),
});

/** Name of the bearer security scheme in OpenAPI. */
export const STAFF_AUTH = "staffToken";

/** The bearer scheme, registered on each sub-app that uses it. */
export const staffAuthScheme = {
  type: "http",
  scheme: "bearer",
  description: "The server's ADMIN_TOKEN",
} as const;
