/**
 * @module One error shape for every API response: `{ error: { code, message, details? } }`.
 * Codes name a type and a surface (`bad_request:search`), which decides what a user sees.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { Logger } from "../logger.ts";
import { IndexNotReadyError } from "../rag/errors.ts";
import { RecordsUnavailableError } from "../records/types.ts";

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An error meant for the client: its status, code and message are shown as they are. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

/** Formats zod issues as `{ path: message }` pairs a client can show next to fields. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join(".") || "(body)";
    fields[key] ??= issue.message;
  }
  return fields;
}

const HTTP_CODES: Record<number, string> = {
  400: "bad_request",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** Renders any thrown error as the API error shape, hiding internals of unexpected ones. */
export function renderError(error: unknown, c: Context, logger: Logger): Response {
  if (error instanceof ApiError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return c.json(body, error.status);
  }
  if (error instanceof IndexNotReadyError) {
    return c.json(
      { error: { code: "index_not_ready", message: error.message } } satisfies ErrorBody,
      503,
    );
  }
  if (error instanceof RecordsUnavailableError) {
    logger.warn("records store unavailable", {
      path: c.req.path,
      action: error.action,
      error: error.cause ?? error,
    });
    c.header("retry-after", "30");
    return c.json(
      { error: { code: "unavailable:records", message: error.message } } satisfies ErrorBody,
      503,
    );
  }
  if (error instanceof HTTPException) {
    const code = HTTP_CODES[error.status] ?? `http_${error.status}`;
    return c.json(
      { error: { code, message: error.message || "Request failed." } } satisfies ErrorBody,
      error.status,
    );
  }
  logger.error("unhandled error", { error, path: c.req.path, requestId: c.get("requestId") });
  return c.json(
    { error: { code: "internal", message: "Something went wrong on our side; please retry." } },
    500,
  );
}
