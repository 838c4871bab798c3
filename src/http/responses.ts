/**
 * @module Error responses as `/openapi.json` documents them: the one error shape with, for each
 * status, examples whose `code` is one that status really carries (`bad_request:search` on a
 * 400, `index_not_ready` or `timeout` on a 503). Routes compose these instead of writing their
 * own, so the documented codes stay those `src/http/errors.ts` and the hardening produce.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { ErrorResponse } from "./shared.ts";

/** One documented error body. */
export interface ErrorExample {
  code: string;
  message: string;
  details?: Record<string, string>;
}

/** An error response: its meaning and examples, keyed by code. */
export function errorResponse(description: string, examples: readonly ErrorExample[]) {
  return {
    description,
    content: {
      "application/json": {
        schema: ErrorResponse,
        examples: Object.fromEntries(
          examples.map((error) => [error.code, { summary: error.code, value: { error } }]),
        ),
      },
    },
  };
}

/** 400 for a request whose fields fail validation on `surface`, with one field as example. */
export function badRequest(
  surface: string,
  field: { name: string; problem: string },
  { jsonBody = true }: { jsonBody?: boolean } = {},
) {
  const examples: ErrorExample[] = [
    {
      code: `bad_request:${surface}`,
      // As src/http/shared.ts's validation hook words it.
      message: field.problem.startsWith(field.name)
        ? field.problem
        : `${field.name}: ${field.problem}`,
      details: { [field.name]: field.problem },
    },
  ];
  if (jsonBody) {
    examples.push({ code: "bad_request", message: "Malformed JSON in request body" });
  }
  return errorResponse(
    "Bad request: `details` names each field that failed and why (the message joins them).",
    examples,
  );
}

/** 413: every route refuses a body over `MAX_BODY_KB` before reading it whole. */
export const payloadTooLarge = errorResponse("The body is larger than the server accepts.", [
  { code: "payload_too_large", message: "The body must be at most 1048576 bytes." },
]);

/** 415: a JSON route sent something else. */
export const unsupportedMediaType = errorResponse("The body is not `application/json`.", [
  { code: "unsupported_media_type", message: "Unsupported Media Type" },
]);

/** 429: past `RATE_LIMIT_PER_MINUTE` for the client's address on `/api/*` and `/v1/*`. */
export const rateLimited = errorResponse(
  "Too many requests from this address; `Retry-After` says when to retry.",
  [
    {
      code: "rate_limited",
      message:
        "Too many requests from your address (at most 120 a minute); retry after the number of seconds in Retry-After.",
    },
  ],
);

const TIMEOUT: ErrorExample = {
  code: "timeout",
  message: "The request took longer than 40 s; please retry.",
};
const INDEX_NOT_READY: ErrorExample = {
  code: "index_not_ready",
  message: "No index has been built yet. Run `npm run ingest`.",
};
const RECORDS_UNBOUND: ErrorExample = {
  code: "not_configured:records",
  message:
    "Feedback and inquiries are not stored on this deployment: bind a D1 database as RECORDS_DB (see wrangler.toml) and redeploy.",
};

/**
 * 503 on an API route: the request ran out of time (`Retry-After: 5`), and where the route needs
 * them, the index is not ready or the record store is not bound.
 */
export function unavailable({
  index = false,
  records = false,
}: {
  index?: boolean;
  records?: boolean;
} = {}) {
  const examples = [TIMEOUT];
  if (index) examples.unshift(INDEX_NOT_READY);
  if (records) examples.push(RECORDS_UNBOUND);
  const reasons = [
    index && "the index is missing or was built by another embedder",
    records && "feedback and inquiries are not stored on this deployment",
    "the request took longer than `REQUEST_TIMEOUT_MS`",
  ].filter(Boolean);
  return errorResponse(`Unavailable: ${reasons.join("; ")}.`, examples);
}

/**
 * An error response whose examples are the codes it carries, each with the response's meaning as
 * its message (for routes whose messages depend on the case).
 */
export function errorCodes(description: string, codes: readonly string[]) {
  return errorResponse(
    description,
    codes.map((code) => ({ code, message: description })),
  );
}

/** 401, 403 and 429 of the staff endpoints (bearer token or console session). */
export const staffErrors = {
  401: errorResponse("No console session and no staff token, or a wrong token.", [
    {
      code: "unauthorized:admin",
      message: "Staff endpoints need the header `Authorization: Bearer <ADMIN_TOKEN>`.",
    },
  ]),
  403: errorResponse(
    "Staff endpoints are switched off (`ADMIN_TOKEN` is not set), or a console request came from another site.",
    [
      {
        code: "disabled:admin",
        message: "Staff endpoints are disabled on this server: set ADMIN_TOKEN to enable them.",
      },
      { code: "forbidden:csrf", message: "Cross-site requests to the console are refused." },
    ],
  ),
  429: errorResponse("Too many wrong tokens from this address; try again later.", [
    { code: "rate_limited:sign_in", message: "Too many wrong tokens. Try again in 15 minutes." },
    {
      code: "rate_limited",
      message: "Too many requests: at most 120 a minute. Retry after the seconds in Retry-After.",
    },
  ]),
};

/** What every `/api/*` and `/v1/*` route can answer besides its own errors. */
export const apiLimits = { 429: rateLimited };

/** The same, for a route that takes a JSON body. */
export const jsonBodyLimits = {
  413: payloadTooLarge,
  415: unsupportedMediaType,
  429: rateLimited,
};

/** The registry routes are documented in (`app.openAPIRegistry`). */
export type Registry = OpenAPIHono["openAPIRegistry"];
