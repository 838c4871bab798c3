/**
 * @module `POST /api/inquiries`: an investor asks to be contacted by the investment team, with
 * explicit consent and the conversation so far attached. Answered 201 only after the inquiry is
 * committed to the store. `GET /api/inquiries` lists them for staff.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { createRecord, InquiryRecord, InquiryRequest } from "../../records/schemas.ts";
import type { RecordStore } from "../../records/types.ts";
import { requireAdmin } from "../admin.ts";
import {
  apiLimits,
  badRequest,
  jsonBodyLimits,
  staffErrors,
  unavailable,
} from "../openapi/responses.ts";
import { type AppEnv, validationHook } from "../shared.ts";
import { Created, ListQuery, limitBody, STAFF_AUTH, staffAuthScheme } from "./records-shared.ts";

const post = createRoute({
  method: "post",
  path: "/api/inquiries",
  summary: "Ask the investment team to get in touch",
  middleware: [limitBody] as const,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: InquiryRequest.meta({ id: "InquiryRequest" }) } },
    },
  },
  responses: {
    201: { description: "Stored durably", content: { "application/json": { schema: Created } } },
    400: badRequest("inquiries", {
      name: "email",
      problem: "must be a valid email address, such as name@company.com",
    }),
    ...jsonBodyLimits,
    503: unavailable({ records: true }),
  },
});

const list = (adminToken: string | undefined) =>
  createRoute({
    method: "get",
    path: "/api/inquiries",
    summary: "List inquiries, newest first (staff)",
    security: [{ [STAFF_AUTH]: [] }],
    middleware: [requireAdmin(adminToken)] as const,
    request: { query: ListQuery },
    responses: {
      200: {
        description: "Inquiries",
        content: {
          "application/json": {
            schema: z.object({ inquiries: z.array(InquiryRecord.meta({ id: "Inquiry" })) }),
          },
        },
      },
      400: badRequest(
        "inquiries",
        { name: "limit", problem: "must be a whole number from 1 to 1000" },
        { jsonBody: false },
      ),
      ...staffErrors,
      ...apiLimits,
      503: unavailable({ records: true }),
    },
  });

/** The inquiries sub-app. */
export function createInquiryRoutes({
  store,
  adminToken,
}: {
  store: RecordStore<InquiryRecord>;
  adminToken: string | undefined;
}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook("inquiries") });
  app.openAPIRegistry.registerComponent("securitySchemes", STAFF_AUTH, staffAuthScheme);
  return app
    .openapi(post, async (c) => {
      const record = createRecord(c.req.valid("json"));
      await store.append(record);
      return c.json({ id: record.id, createdAt: record.createdAt }, 201);
    })
    .openapi(list(adminToken), async (c) => {
      const { limit } = c.req.valid("query");
      return c.json({ inquiries: await store.list({ limit }) }, 200);
    });
}
