/**
 * @module The console's read APIs, behind the staff guard: `GET /api/admin/questions` (the
 * question log), `GET /api/admin/unanswered` (declined and thumbs-down questions grouped by
 * similarity), `POST /api/admin/unanswered/handled` (mark a group handled) and
 * `GET /api/admin/stats` (usage per day by channel and language, answered/declined share).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { QuestionLog } from "../../console/question-log.ts";
import { computeUsage } from "../../console/stats.ts";
import { collectUnanswered, groupUnanswered } from "../../console/unanswered.ts";
import { requireAdmin, type StaffAuth } from "../../http/admin.ts";
import { limitBody, STAFF_AUTH, staffAuthScheme } from "../../http/records-shared.ts";
import { errorCodes, staffErrors } from "../../http/responses.ts";
import { type AppEnv, validationHook } from "../../http/shared.ts";
import {
  type FeedbackRecord,
  type HandledRecord,
  QuestionChannel,
  QuestionRecord,
} from "../../records/schemas.ts";
import type { ConsoleStores, RecordStore } from "../../records/types.ts";

const limit = (max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number from 1 to ${max}` })
    .int(`must be a whole number from 1 to ${max}`)
    .min(1, `must be a whole number from 1 to ${max}`)
    .max(max, `must be a whole number from 1 to ${max}`)
    .default(fallback);

const QuestionsQuery = z.object({
  limit: limit(5000, 200).openapi({ description: "Most questions returned, newest first" }),
  channel: QuestionChannel.optional().openapi({ description: "Only this channel" }),
  answered: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .optional()
    .openapi({ description: "Only answered (true) or declined (false) questions" }),
});

const UnansweredItemSchema = z.object({
  id: z.string(),
  kind: z.enum(["declined", "thumbs_down"]),
  createdAt: z.string(),
  question: z.string(),
  channel: z.string(),
  language: z.string(),
  answer: z.string().optional(),
  comment: z.string().optional(),
});

const UnansweredGroupSchema = z
  .object({
    id: z.string(),
    count: z.number().int(),
    declined: z.number().int(),
    thumbsDown: z.number().int(),
    latest: UnansweredItemSchema,
    examples: z.array(z.string()),
    itemIds: z.array(z.string()),
  })
  .meta({ id: "UnansweredGroup" });

const CountMap = z.record(z.string(), z.number().int());
const UsageSchema = z
  .object({
    days: z.array(
      z.object({
        date: z.string(),
        total: z.number().int(),
        byChannel: CountMap,
        byLanguage: CountMap,
      }),
    ),
    totals: z.object({
      questions: z.number().int(),
      answered: z.number().int(),
      declined: z.number().int(),
      failed: z.number().int(),
      byChannel: CountMap,
      byLanguage: CountMap,
      byMode: CountMap,
    }),
    medianLatencyMs: z.number().nullable(),
    questionLog: z.object({ enabled: z.boolean(), retentionDays: z.number().int() }),
    evalReport: z
      .string()
      .nullable()
      .openapi({ description: "Link to the latest evaluation report, when there is one" }),
  })
  .meta({ id: "UsageStats" });

const security = [{ [STAFF_AUTH]: [] }];

export interface ConsoleApiOptions {
  auth: StaffAuth;
  stores: ConsoleStores;
  feedback: RecordStore<FeedbackRecord> | undefined;
  questionLog: QuestionLog | undefined;
  /** The latest evaluation report's link, when the server has one. */
  evalReportLink?: (() => Promise<string | undefined>) | undefined;
}

/** The console's read APIs. */
export function createConsoleApiRoutes({
  auth,
  stores,
  feedback,
  questionLog,
  evalReportLink,
}: ConsoleApiOptions) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook("admin") });
  app.openAPIRegistry.registerComponent("securitySchemes", STAFF_AUTH, staffAuthScheme);
  const guard = requireAdmin(auth);

  /** Question-log rows, after enforcing the retention period. */
  async function readQuestions(): Promise<QuestionRecord[]> {
    await questionLog?.purge();
    return stores.questions.list();
  }

  const questions = createRoute({
    method: "get",
    path: "/api/admin/questions",
    summary: "The question log: every question from every channel, newest first (staff)",
    description:
      "Time, channel, language, answered or declined, mode (offline, llm, fallback, error), latency and cited documents. No IP addresses; WeChat and WeCom users only as keyed hashes.",
    security,
    middleware: [guard] as const,
    request: { query: QuestionsQuery },
    responses: {
      200: {
        description: "Questions",
        content: {
          "application/json": {
            schema: z.object({
              questions: z.array(QuestionRecord.meta({ id: "LoggedQuestion" })),
              enabled: z.boolean(),
              retentionDays: z.number().int(),
            }),
          },
        },
      },
      400: errorCodes("Bad query", ["bad_request:admin"]),
      ...staffErrors,
    },
  });

  const unanswered = createRoute({
    method: "get",
    path: "/api/admin/unanswered",
    summary:
      "Declined and thumbs-down questions grouped by similar question, newest group first (staff)",
    security,
    middleware: [guard] as const,
    responses: {
      200: {
        description: "Open groups (not yet marked handled)",
        content: {
          "application/json": { schema: z.object({ groups: z.array(UnansweredGroupSchema) }) },
        },
      },
      ...staffErrors,
    },
  });

  const markHandled = createRoute({
    method: "post",
    path: "/api/admin/unanswered/handled",
    summary: "Mark a group of unanswered questions as handled (staff)",
    description: "The group comes back if a similar question is asked again.",
    security,
    middleware: [guard, limitBody] as const,
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: z.object({
              itemIds: z
                .array(z.string().min(1).max(200))
                .min(1, "name at least one item")
                .max(10_000),
              note: z.string().trim().max(5000).default(""),
            }),
          },
        },
      },
    },
    responses: {
      201: {
        description: "Marked",
        content: { "application/json": { schema: z.object({ id: z.string() }) } },
      },
      400: errorCodes("Bad body", ["bad_request:admin"]),
      ...staffErrors,
    },
  });

  const stats = createRoute({
    method: "get",
    path: "/api/admin/stats",
    summary: "Questions per day by channel and language, and the answered/declined share (staff)",
    security,
    middleware: [guard] as const,
    request: {
      query: z.object({
        days: limit(365, 30).openapi({ description: "Days back, today included" }),
      }),
    },
    responses: {
      200: { description: "Usage", content: { "application/json": { schema: UsageSchema } } },
      400: errorCodes("Bad query", ["bad_request:admin"]),
      ...staffErrors,
    },
  });

  const enabled = questionLog?.settings.enabled ?? false;
  const retentionDays = questionLog?.settings.retentionDays ?? 0;

  return app
    .openapi(questions, async (c) => {
      const query = c.req.valid("query");
      const rows = (await readQuestions())
        .filter((row) => !query.channel || row.channel === query.channel)
        .filter((row) => query.answered === undefined || String(row.answered) === query.answered)
        .slice(0, query.limit);
      return c.json({ questions: rows, enabled, retentionDays }, 200);
    })
    .openapi(unanswered, async (c) => {
      const [rows, ratings, handled] = await Promise.all([
        readQuestions(),
        feedback?.list() ?? [],
        stores.handled.list(),
      ]);
      return c.json({ groups: groupUnanswered(collectUnanswered(rows, ratings), handled) }, 200);
    })
    .openapi(markHandled, async (c) => {
      const { itemIds, note } = c.req.valid("json");
      const record: HandledRecord = {
        id: crypto.randomUUID(),
        createdAt: new Date().toISOString(),
        itemIds,
        note,
      };
      await stores.handled.append(record);
      return c.json({ id: record.id }, 201);
    })
    .openapi(stats, async (c) => {
      const { days } = c.req.valid("query");
      const usage = computeUsage(await readQuestions(), days);
      const report = (await evalReportLink?.()) ?? null;
      return c.json({ ...usage, questionLog: { enabled, retentionDays }, evalReport: report }, 200);
    });
}
