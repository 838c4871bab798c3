/**
 * @module `POST /api/feedback`: a visitor's thumbs up or down on an answer, kept with the
 * question (as asked and as rewritten), the answer, the cited passages with their titles and the
 * conversation, so staff can understand it later. `GET /api/feedback` lists it for
 * staff.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireAdmin, type StaffAuth } from "../../http/admin.ts";
import {
  Created,
  ListQuery,
  limitBody,
  STAFF_AUTH,
  staffAuthScheme,
} from "../../http/records-shared.ts";
import {
  apiLimits,
  badRequest,
  jsonBodyLimits,
  staffErrors,
  unavailable,
} from "../../http/responses.ts";
import { type AppEnv, validationHook } from "../../http/shared.ts";
import { createRecord, FeedbackRecord, FeedbackRequest } from "../../records/schemas.ts";
import type { RecordStore } from "../../records/types.ts";

const post = createRoute({
  method: "post",
  path: "/api/feedback",
  summary: "Record a thumbs up or down on an answer",
  middleware: [limitBody] as const,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: FeedbackRequest.meta({ id: "FeedbackRequest" }) } },
    },
  },
  responses: {
    201: { description: "Stored", content: { "application/json": { schema: Created } } },
    400: badRequest("feedback", { name: "rating", problem: 'must be "up" or "down"' }),
    ...jsonBodyLimits,
    503: unavailable({ records: true }),
  },
});

const list = (auth: StaffAuth) =>
  createRoute({
    method: "get",
    path: "/api/feedback",
    summary: "List answer feedback, newest first (staff)",
    security: [{ [STAFF_AUTH]: [] }],
    middleware: [requireAdmin(auth)] as const,
    request: { query: ListQuery },
    responses: {
      200: {
        description: "Feedback",
        content: {
          "application/json": {
            schema: z.object({ feedback: z.array(FeedbackRecord.meta({ id: "Feedback" })) }),
          },
        },
      },
      400: badRequest(
        "feedback",
        { name: "limit", problem: "must be a whole number from 1 to 1000" },
        { jsonBody: false },
      ),
      ...staffErrors,
      ...apiLimits,
      503: unavailable({ records: true }),
    },
  });

/** The feedback sub-app. */
export function createFeedbackRoutes({
  store,
  auth,
}: {
  store: RecordStore<FeedbackRecord>;
  auth: StaffAuth;
}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook("feedback") });
  app.openAPIRegistry.registerComponent("securitySchemes", STAFF_AUTH, staffAuthScheme);
  return app
    .openapi(post, async (c) => {
      const record = createRecord(c.req.valid("json"));
      await store.append(record);
      return c.json({ id: record.id, createdAt: record.createdAt }, 201);
    })
    .openapi(list(auth), async (c) => {
      const { limit } = c.req.valid("query");
      return c.json({ feedback: await store.list({ limit }) }, 200);
    });
}
