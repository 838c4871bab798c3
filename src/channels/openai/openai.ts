/**
 * @module OpenAI-compatible Chat Completions (`POST /v1/chat/completions`, streaming and not) and
 * `GET /v1/models`, so the official `openai` client, Open WebUI, LibreChat or Chatbox can talk
 * to the assistant. Sources are appended to the content as a numbered list. Client-supplied
 * system prompts are ignored: the assistant's rules are not the client's to change.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { MAX_MESSAGE_CHARS, MAX_MESSAGES } from "../../http/limits.ts";
import { apiLimits, badRequest, jsonBodyLimits, unavailable } from "../../http/responses.ts";
import { type AppEnv, validationHook } from "../../http/shared.ts";
import type { Logger } from "../../logger.ts";
import type { Answer, Assistant, ChatMessage, Citation } from "../../rag/answer/types.ts";

/** The model id clients see and may send. */
export const MODEL_ID = "chongqing-investment-assistant";

const ContentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const CompletionMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(ContentPart), z.null()]).optional(),
});

/** The request body, lenient about fields the assistant does not use (temperature, tools, …). */
export const CompletionRequest = z
  .looseObject({
    model: z.string().optional(),
    messages: z.array(CompletionMessage).min(1, "must hold at least one message").max(200),
    stream: z.boolean().optional().nullable(),
  })
  .openapi("ChatCompletionRequest");

function textOf(content: z.infer<typeof CompletionMessage>["content"]): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text)
    .join("\n");
}

/** Keeps the user and assistant turns with text; the conversation must end with the user. */
export function toConversation(
  messages: z.infer<typeof CompletionMessage>[],
): { ok: true; messages: ChatMessage[] } | { ok: false; message: string } {
  const turns: ChatMessage[] = [];
  for (const message of messages) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    const content = textOf(message.content).trim();
    if (!content) continue;
    if (content.length > MAX_MESSAGE_CHARS) {
      return {
        ok: false,
        message: `messages: a message is longer than ${MAX_MESSAGE_CHARS} characters`,
      };
    }
    turns.push({ role: message.role, content });
  }
  if (turns.at(-1)?.role !== "user") {
    return { ok: false, message: "messages: the last message with text must be the user's" };
  }
  return { ok: true, messages: turns.slice(-MAX_MESSAGES) };
}

/** The numbered source list appended to the content. */
export function formatSourceList(citations: readonly Citation[]): string {
  if (citations.length === 0) return "";
  const lines = citations.map(
    (citation) =>
      `[${citation.n}] ${citation.title}${citation.date === "undated" ? "" : ` (${citation.date})`}`,
  );
  return `\n\nSources:\n${lines.join("\n")}`;
}

const Completion = z
  .object({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number(),
        message: z.object({ role: z.literal("assistant"), content: z.string() }),
        finish_reason: z.string(),
      }),
    ),
    usage: z.object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.number(),
    }),
  })
  .openapi("ChatCompletion");

const completionsRoute = createRoute({
  method: "post",
  path: "/v1/chat/completions",
  summary: "OpenAI-compatible chat completion (streaming with `stream: true`)",
  description:
    "For OpenAI clients (base URL `…/v1`, any API key). User and assistant turns are answered like `POST /api/chat`; system prompts are ignored. The sources are listed at the end of the content, and as `citations` in a JSON answer.",
  request: {
    body: { required: true, content: { "application/json": { schema: CompletionRequest } } },
  },
  responses: {
    200: {
      description: "A chat completion, or an SSE stream of chunks ending with `[DONE]`",
      content: {
        "application/json": { schema: Completion },
        "text/event-stream": { schema: z.string() },
      },
    },
    400: badRequest("completions", {
      name: "messages",
      problem: "the last message with text must be the user's",
    }),
    ...jsonBodyLimits,
    503: unavailable({ index: true }),
  },
});

const modelsRoute = createRoute({
  method: "get",
  path: "/v1/models",
  summary: "OpenAI-compatible model list",
  responses: {
    200: {
      description: "The one model this server offers",
      content: {
        "application/json": {
          schema: z.object({
            object: z.literal("list"),
            data: z.array(
              z.object({
                id: z.string(),
                object: z.literal("model"),
                created: z.number(),
                owned_by: z.string(),
              }),
            ),
          }),
        },
      },
    },
    ...apiLimits,
    503: unavailable(),
  },
});

const CREATED = Math.floor(Date.UTC(2026, 0, 1) / 1000);

function createCompletionId(): string {
  return `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`;
}

function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The OpenAI-compatible sub-app. */
export function createOpenAIRoutes({
  assistant,
  logger,
}: {
  assistant: Assistant;
  logger: Logger;
}) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook("completions") })
    .openapi(modelsRoute, (c) =>
      c.json(
        {
          object: "list" as const,
          data: [
            {
              id: MODEL_ID,
              object: "model" as const,
              created: CREATED,
              owned_by: "chongqing-investment-assistant",
            },
          ],
        },
        200,
      ),
    )
    .openapi(completionsRoute, async (c) => {
      const body = c.req.valid("json");
      const conversation = toConversation(body.messages);
      if (!conversation.ok) {
        return c.json(
          {
            error: {
              code: "bad_request:completions",
              message: conversation.message,
              type: "invalid_request_error",
            },
          },
          400,
        );
      }
      const model = body.model ?? MODEL_ID;
      const id = createCompletionId();
      const created = Math.floor(Date.now() / 1000);
      const signal = c.req.raw.signal;

      if (!body.stream) {
        const answer = await assistant.answer(conversation.messages, { signal });
        const content = `${answer.answer}${formatSourceList(answer.citations)}`;
        const promptTokens = approximateTokens(
          conversation.messages.map((m) => m.content).join(" "),
        );
        const completionTokens = approximateTokens(content);
        return c.json(
          {
            id,
            object: "chat.completion" as const,
            created,
            model,
            choices: [
              { index: 0, message: { role: "assistant" as const, content }, finish_reason: "stop" },
            ],
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: completionTokens,
              total_tokens: promptTokens + completionTokens,
            },
            citations: answer.citations,
          },
          200,
        );
      }

      const events = assistant.stream(conversation.messages, { signal });
      const first = await events.next();
      const chunk = (delta: Record<string, string>, finishReason: string | null = null) =>
        JSON.stringify({
          id,
          object: "chat.completion.chunk",
          created,
          model,
          choices: [{ index: 0, delta, finish_reason: finishReason }],
        });
      return streamSSE(c, async (sse) => {
        await sse.writeSSE({ data: chunk({ role: "assistant", content: "" }) });
        let streamed = "";
        let final: Answer | undefined;
        try {
          for (let next = first; !next.done; next = await events.next()) {
            const event = next.value;
            if (event.type === "delta") {
              streamed += event.text;
              await sse.writeSSE({ data: chunk({ content: event.text }) });
            } else if (event.type === "done") {
              final = event.answer;
            }
          }
        } catch (error) {
          logger.error("completion stream failed", { error, requestId: c.get("requestId") });
        }
        if (final) {
          const tail = final.answer.startsWith(streamed)
            ? final.answer.slice(streamed.length)
            : `\n\n${final.answer}`;
          const rest = `${tail}${formatSourceList(final.citations)}`;
          if (rest) await sse.writeSSE({ data: chunk({ content: rest }) });
        } else {
          await sse.writeSSE({
            data: chunk({ content: "\n\n(The answer could not be completed; please retry.)" }),
          });
        }
        await sse.writeSSE({ data: chunk({}, "stop") });
        await sse.writeSSE({ data: "[DONE]" });
      }) as never;
    });
}
