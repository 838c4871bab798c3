/**
 * @module `POST /api/inquiries`: an investor asks to be contacted by the investment team, with
 * explicit consent and the conversation so far attached. Answered 201 only after the inquiry is
 * committed to the store. For staff: `GET /api/inquiries` lists them newest first with their
 * status and note (filtered by status and country), `GET /api/inquiries.csv` exports them, and
 * `PATCH /api/inquiries/:id` sets status and note — kept as an appended change, the latest wins.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireAdmin, type StaffAuth } from "../../http/admin.ts";
import { ApiError } from "../../http/errors.ts";
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
  errorCodes,
  jsonBodyLimits,
  staffErrors,
  unavailable,
} from "../../http/responses.ts";
import { type AppEnv, validationHook } from "../../http/shared.ts";
import { formatInquiriesCsv } from "../../records/csv.ts";
import {
  createRecord,
  InquiryRecord,
  InquiryRequest,
  InquiryStatus,
  type InquiryUpdateRecord,
  MAX_TEXT_CHARS,
} from "../../records/schemas.ts";
import type { RecordStore } from "../../records/types.ts";

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

/** An inquiry with where staff are in following it up. */
const TrackedInquiry = InquiryRecord.extend({
  status: InquiryStatus,
  note: z.string(),
  updatedAt: z.string().optional(),
}).meta({ id: "Inquiry" });
type TrackedInquiry = z.infer<typeof TrackedInquiry>;

const InquiryFilter = ListQuery.extend({
  status: InquiryStatus.optional().openapi({ description: "Only inquiries with this status" }),
  country: z
    .string()
    .trim()
    .max(100)
    .optional()
    .openapi({ description: "Only inquiries from this country (case-insensitive)" }),
});

const list = (auth: StaffAuth) =>
  createRoute({
    method: "get",
    path: "/api/inquiries",
    summary: "List inquiries, newest first, with status and note (staff)",
    security: [{ [STAFF_AUTH]: [] }],
    middleware: [requireAdmin(auth)] as const,
    request: { query: InquiryFilter },
    responses: {
      200: {
        description: "Inquiries",
        content: {
          "application/json": { schema: z.object({ inquiries: z.array(TrackedInquiry) }) },
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

const csv = (auth: StaffAuth) =>
  createRoute({
    method: "get",
    path: "/api/inquiries.csv",
    summary: "Export inquiries as CSV, with the same filters (staff)",
    security: [{ [STAFF_AUTH]: [] }],
    middleware: [requireAdmin(auth)] as const,
    request: { query: InquiryFilter },
    responses: {
      200: { description: "RFC 4180 CSV", content: { "text/csv": { schema: z.string() } } },
      ...staffErrors,
    },
  });

const InquiryChange = z
  .object({
    status: InquiryStatus.optional(),
    note: z
      .string()
      .trim()
      .max(MAX_TEXT_CHARS, `must be at most ${MAX_TEXT_CHARS} characters`)
      .optional(),
  })
  .refine((change) => change.status !== undefined || change.note !== undefined, {
    message: "give status, note or both",
  })
  .meta({ id: "InquiryChange" });

const patch = (auth: StaffAuth) =>
  createRoute({
    method: "patch",
    path: "/api/inquiries/{id}",
    summary: "Set an inquiry's status (new, contacted, closed) and staff note (staff)",
    security: [{ [STAFF_AUTH]: [] }],
    middleware: [requireAdmin(auth), limitBody] as const,
    request: {
      params: z.object({
        id: z
          .string()
          .min(1)
          .max(200)
          .openapi({ description: "The inquiry's id, as `GET /api/inquiries` lists it" }),
      }),
      body: { required: true, content: { "application/json": { schema: InquiryChange } } },
    },
    responses: {
      200: {
        description: "The inquiry as it now stands",
        content: { "application/json": { schema: TrackedInquiry } },
      },
      400: errorCodes("Bad status or note", ["bad_request:inquiries"]),
      404: errorCodes("No inquiry with this id", ["not_found:inquiry"]),
      ...staffErrors,
    },
  });

/** The latest change per inquiry. */
function latestChanges(updates: readonly InquiryUpdateRecord[]): Map<string, InquiryUpdateRecord> {
  const latest = new Map<string, InquiryUpdateRecord>();
  for (const update of updates) {
    const known = latest.get(update.inquiryId);
    if (!known || known.createdAt < update.createdAt) latest.set(update.inquiryId, update);
  }
  return latest;
}

function track(record: InquiryRecord, update: InquiryUpdateRecord | undefined): TrackedInquiry {
  return {
    ...record,
    status: update?.status ?? "new",
    note: update?.note ?? "",
    ...(update ? { updatedAt: update.createdAt } : {}),
  };
}

/** The inquiries sub-app. */
export function createInquiryRoutes({
  store,
  updates,
  auth,
}: {
  store: RecordStore<InquiryRecord>;
  /** Where status and note changes go; without it every inquiry is `new` and PATCH answers 503. */
  updates?: RecordStore<InquiryUpdateRecord> | undefined;
  auth: StaffAuth;
}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook("inquiries") });
  app.openAPIRegistry.registerComponent("securitySchemes", STAFF_AUTH, staffAuthScheme);

  async function listTracked(filter: z.infer<typeof InquiryFilter>): Promise<TrackedInquiry[]> {
    const [records, changes] = await Promise.all([store.list(), updates?.list() ?? []]);
    const latest = latestChanges(changes);
    const country = filter.country?.toLowerCase();
    return records
      .map((record) => track(record, latest.get(record.id)))
      .filter((inquiry) => !filter.status || inquiry.status === filter.status)
      .filter((inquiry) => !country || inquiry.country.toLowerCase() === country)
      .slice(0, filter.limit);
  }

  return app
    .openapi(post, async (c) => {
      const record = createRecord(c.req.valid("json"));
      await store.append(record);
      return c.json({ id: record.id, createdAt: record.createdAt }, 201);
    })
    .openapi(list(auth), async (c) => {
      return c.json({ inquiries: await listTracked(c.req.valid("query")) }, 200);
    })
    .openapi(csv(auth), async (c) => {
      const inquiries = await listTracked(c.req.valid("query"));
      const date = new Date().toISOString().slice(0, 10);
      return c.body(formatInquiriesCsv(inquiries), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="inquiries-${date}.csv"`,
      });
    })
    .openapi(patch(auth), async (c) => {
      if (!updates) {
        throw new ApiError(
          503,
          "not_configured:inquiries",
          "Inquiry status is not stored on this server.",
        );
      }
      const { id } = c.req.valid("param");
      const change = c.req.valid("json");
      const record = (await store.list()).find((inquiry) => inquiry.id === id);
      if (!record) throw new ApiError(404, "not_found:inquiry", `No inquiry with id ${id}.`);
      const previous = latestChanges(await updates.list()).get(id);
      const update: InquiryUpdateRecord = {
        id: crypto.randomUUID(),
        // Strictly after the previous change, so "latest wins" holds within one millisecond.
        createdAt: new Date(
          Math.max(Date.now(), previous ? Date.parse(previous.createdAt) + 1 : 0),
        ).toISOString(),
        inquiryId: id,
        status: change.status ?? previous?.status ?? "new",
        note: change.note ?? previous?.note ?? "",
      };
      await updates.append(update);
      return c.json(track(record, update), 200);
    });
}
