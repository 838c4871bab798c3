/**
 * @module Reads a Server-Sent Events body into `{ event, data }` records, for tests.
 */

/** Parses a complete SSE stream (per the WHATWG HTML spec's event-stream format). */
export function parseSse(body: string): { event: string; data: string }[] {
  const events: { event: string; data: string }[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length > 0) events.push({ event, data: data.join("\n") });
  }
  return events;
}
