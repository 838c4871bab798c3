/**
 * @module `POST /api/chat`: a cited answer to the conversation's last user message, as JSON or,
 * with `Accept: text/event-stream` or `"stream": true`, as Server-Sent Events in a fixed order:
 * `sources`, `delta`…, `done` (the same JSON as the non-streaming answer), or `error`.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { MAX_MESSAGE_CHARS, MAX_MESSAGES } from "../../http/limits.ts";
import { badRequest, jsonBodyLimits, unavailable } from "../../http/responses.ts";
import { type AppEnv, validationHook } from "../../http/shared.ts";
import type { Logger } from "../../logger.ts";
import type { Assistant } from "../../rag/answer/types.ts";

export const ChatMessageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z
    .string()
    .max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`)
    .refine((content) => content.trim().length > 0, "must not be empty"),
});

/** The body of a chat request. */
export const ChatRequest = z
  .object({
    messages: z
      .array(ChatMessageSchema)
      .min(1, "must hold at least one message")
      .max(MAX_MESSAGES, `must hold at most ${MAX_MESSAGES} messages`)
      .refine((messages) => messages.at(-1)?.role === "user", "the last message must be the user's")
      .openapi({
        description: `The conversation so far, oldest first, ending with the user's question (at most ${MAX_MESSAGES} messages of ${MAX_MESSAGE_CHARS} characters).`,
      }),
    stream: z.boolean().optional().openapi({
      description:
        "`true` streams Server-Sent Events, `false` answers JSON; left out, `Accept` decides.",
    }),
  })
  .openapi("ChatRequest");
export type ChatRequest = z.infer<typeof ChatRequest>;

export const CitationSchema = z
  .object({
    n: z.number().int().openapi({ description: "The number the answer cites it by, `[n]`." }),
    id: z.string().openapi({ description: "The passage's stable id." }),
    docId: z.string().openapi({ description: "The document's id (its path without extension)." }),
    title: z.string().openapi({ description: "The document's title." }),
    titleZh: z
      .string()
      .optional()
      .openapi({ description: "The document's title in Chinese, where the metadata has one." }),
    date: z.string().openapi({
      description: "The document's date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `undated`.",
    }),
    dateApproximate: z.boolean().optional().openapi({
      description: "True when the date is an estimate (the document does not state it).",
    }),
    publisher: z.string().optional().openapi({ description: "Who published the document." }),
    sourceUrl: z
      .string()
      .optional()
      .openapi({ description: "Where the original document was published, when known." }),
    text: z.string().openapi({ description: "The passage itself." }),
  })
  .openapi("Citation");

/** The answer, also the `done` event's data when streaming. */
export const ChatResponse = z
  .object({
    answer: z.string().openapi({ description: "The answer, citing sources inline as `[n]`." }),
    answered: z.boolean().openapi({
      description: "False when the sources do not answer the question and the assistant declined.",
    }),
    mode: z.enum(["llm", "extractive"]).openapi({
      description: "`llm` when a language model wrote it, `extractive` when answered offline.",
    }),
    citations: z.array(CitationSchema).openapi({ description: "The sources the answer cites." }),
    unverified: z.array(z.string()).openapi({
      description: "Figures in the answer that no cited source contains (normally none).",
    }),
    query: z.string().openapi({
      description: "The standalone question the sources were retrieved for.",
    }),
    fallback: z.object({ from: z.literal("llm"), reason: z.string() }).optional(),
  })
  .openapi("ChatResponse");

const route = createRoute({
  method: "post",
  path: "/api/chat",
  summary: "Answer the last user message with cited sources",
  description:
    "With `Accept: text/event-stream` or `stream: true`, streams SSE events `sources` (the numbered sources), `delta` (`{ text }`), then `done` (the ChatResponse) — or `error` (`{ code, message }`).",
  request: {
    headers: z.object({
      accept: z.string().optional().openapi({
        description:
          "`text/event-stream` asks for Server-Sent Events (unless the body says `stream: false`).",
      }),
    }),
    body: { required: true, content: { "application/json": { schema: ChatRequest } } },
  },
  responses: {
    200: {
      description: "The answer (JSON), or an SSE stream",
      content: {
        "application/json": { schema: ChatResponse },
        "text/event-stream": { schema: z.string() },
      },
    },
    400: badRequest("chat", {
      name: "messages",
      problem: "the last message must be the user's",
    }),
    ...jsonBodyLimits,
    503: unavailable({ index: true }),
  },
});

/** Whether the client asked for Server-Sent Events. */
export function wantsEventStream(accept: string | undefined, stream: boolean | undefined): boolean {
  return stream ?? (accept ?? "").includes("text/event-stream");
}

/** The chat sub-app. */
export function createChatRoutes({ assistant, logger }: { assistant: Assistant; logger: Logger }) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook("chat") }).openapi(
    route,
    async (c) => {
      const { messages, stream } = c.req.valid("json");
      const signal = c.req.raw.signal;
      if (!wantsEventStream(c.req.header("accept"), stream)) {
        return c.json(await assistant.answer(messages, { signal }), 200);
      }
      const events = assistant.stream(messages, { signal });
      // Pull the first event before committing to a stream, so an index that is not ready still
      // answers with a proper 503 instead of an error event inside a 200.
      const first = await events.next();
      return streamSSE(c, async (sse) => {
        try {
          for (let next = first; !next.done; next = await events.next()) {
            const event = next.value;
            const data =
              event.type === "sources"
                ? event.sources
                : event.type === "delta"
                  ? { text: event.text }
                  : event.answer;
            await sse.writeSSE({ event: event.type, data: JSON.stringify(data) });
          }
        } catch (error) {
          logger.error("chat stream failed", { error, requestId: c.get("requestId") });
          await sse.writeSSE({
            event: "error",
            data: JSON.stringify({
              code: "stream_failed",
              message: "The answer could not be completed; please retry.",
            }),
          });
        }
      }) as never;
    },
  );
}
