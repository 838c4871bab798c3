/**
 * @module Talks to the server: `POST /api/chat` as Server-Sent Events (`sources`, `delta`,
 * `done` or `error`; EventSource cannot POST, so the stream is read from fetch), and JSON posts
 * for feedback and inquiries.
 */

/** A failed request; `kind` decides what the visitor is told. */
export class RequestError extends Error {
  constructor(kind, detail = "", status = 0, fields = {}) {
    super(detail || kind);
    this.kind = kind;
    this.detail = detail;
    this.status = status;
    this.fields = fields;
  }
}

async function toRequestError(response) {
  let error = {};
  try {
    error = (await response.json()).error ?? {};
  } catch {
    // Not JSON (a proxy's error page): the status alone decides.
  }
  const kind =
    response.status === 503 ? "notReady" : response.status === 400 ? "badRequest" : "generic";
  return new RequestError(kind, error.message ?? "", response.status, error.details ?? {});
}

/** Parses an SSE byte stream into `{ event, data }` (WHATWG HTML, "server-sent events"). */
async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = blocks.pop() ?? "";
    for (const block of blocks) {
      let event = "message";
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) yield { event, data: JSON.parse(data.join("\n")) };
    }
  }
}

/**
 * Streams an answer to `messages`, calling `onSources(citations)` and `onDelta(text)` as
 * events arrive; resolves with the final answer.
 * @throws RequestError (`network`, `notReady`, `badRequest`, `generic`); AbortError when aborted.
 */
export async function streamChat(messages, { signal, onSources, onDelta }) {
  let response;
  try {
    response = await fetch("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ messages, stream: true }),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new RequestError("network", error.message);
  }
  if (!response.ok) throw await toRequestError(response);
  try {
    for await (const { event, data } of readEvents(response.body)) {
      if (event === "sources") onSources(data);
      else if (event === "delta") onDelta(data.text);
      else if (event === "done") return data;
      else if (event === "error") throw new RequestError("generic", data.message);
    }
  } catch (error) {
    if (error.name === "AbortError" || error instanceof RequestError) throw error;
    throw new RequestError("network", error.message);
  }
  throw new RequestError("generic", "The answer ended early.");
}

/** Posts JSON; resolves with the response body. @throws RequestError */
export async function postJson(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new RequestError("network", error.message);
  }
  if (!response.ok) throw await toRequestError(response);
  return response.json();
}
