/**
 * @module `POST /api/chat`: a cited answer to the conversation's last user message, as JSON or,
 * with `Accept: text/event-stream` or `"stream": true`, as Server-Sent Events in a fixed order:
 * `sources`, `delta`…, `done` (the same JSON as the non-streaming answer), or `error`.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { Assistant } from "../../rag/answer/types.ts";
import type { Logger } from "../logger.ts";
import { type AppEnv, ErrorResponse, validationHook } from "../shared.ts";

/** Longest message accepted, in characters. */
export const MAX_MESSAGE_CHARS = 4000;
/** Most turns a conversation may carry. */
export const MAX_MESSAGES = 40;

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
      .refine(
        (messages) => messages.at(-1)?.role === "user",
        "the last message must be the user's",
      ),
    stream: z.boolean().optional(),
  })
  .openapi("ChatRequest");
export type ChatRequest = z.infer<typeof ChatRequest>;

export const CitationSchema = z
  .object({
    n: z.number().int(),
    id: z.string(),
    docId: z.string(),
    title: z.string(),
    date: z.string(),
    text: z.string(),
  })
  .openapi("Citation");

/** The answer, also the `done` event's data when streaming. */
export const ChatResponse = z
  .object({
    answer: z.string(),
    answered: z.boolean(),
    mode: z.enum(["llm", "extractive"]),
    citations: z.array(CitationSchema),
    unverified: z.array(z.string()),
    query: z.string(),
    fallback: z.object({ from: z.literal("llm"), reason: z.string() }).optional(),
  })
  .openapi("ChatResponse");

const route = createRoute({
  method: "post",
  path: "/api/chat",
  summary: "Answer the last user message with cited sources",
  description:
    "With `Accept: text/event-stream` or `stream: true`, streams SSE events `sources` (the numbered sources), `delta` (`{ text }`), then `done` (the ChatResponse) — or `error` (`{ code, message }`).",
  request: { body: { required: true, content: { "application/json": { schema: ChatRequest } } } },
  responses: {
    200: {
      description: "The answer (JSON), or an SSE stream",
      content: {
        "application/json": { schema: ChatResponse },
        "text/event-stream": { schema: z.string() },
      },
    },
    400: { description: "Bad request", content: { "application/json": { schema: ErrorResponse } } },
    503: {
      description: "Index not ready",
      content: { "application/json": { schema: ErrorResponse } },
    },
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
