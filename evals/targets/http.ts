/**
 * @module The suite against a running server: `POST /api/chat` for answers, `GET /api/search`
 * for retrieval, `GET /readyz` for the index. Responses are validated like any outside input.
 */
import { z } from "zod";
import { ObservedAnswer, ObservedPassage } from "../observation.ts";
import type { EvalMessage } from "../schema.ts";
import type { EvalTarget } from "./target.ts";

const SearchBody = z.object({ results: z.array(ObservedPassage) });
const ReadyBody = z.object({ status: z.string(), index: z.unknown().optional() });

async function readJson(response: Response, what: string): Promise<unknown> {
  const body = await response.text();
  if (!response.ok) {
    throw new Error(`${what} answered ${response.status}: ${body.slice(0, 300)}`);
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`${what} answered with non-JSON: ${body.slice(0, 300)}`);
  }
}

/** A target speaking to the server at `baseUrl` (e.g. `http://localhost:8787`). */
export function createHttpTarget({
  baseUrl,
  fetch = globalThis.fetch,
}: {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
}): EvalTarget {
  const root = baseUrl.replace(/\/+$/, "");
  const modes = new Set<string>();
  const fallbacks: string[] = [];
  return {
    async search(query, k) {
      const url = `${root}/api/search?${new URLSearchParams({ q: query, k: String(k) })}`;
      return SearchBody.parse(await readJson(await fetch(url), "GET /api/search")).results;
    },
    async answer(messages: EvalMessage[]) {
      const response = await fetch(`${root}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ messages, stream: false }),
      });
      const answer = ObservedAnswer.parse(await readJson(response, "POST /api/chat"));
      modes.add(answer.fallback ? "llm" : answer.mode);
      if (answer.fallback) fallbacks.push(answer.fallback.reason);
      return answer;
    },
    async describe() {
      // A server that is not ready still answers /readyz (503 with the reason): no index then.
      const ready = await fetch(`${root}/readyz`)
        .then((response) => response.json())
        .then((body) => ReadyBody.safeParse(body))
        .catch(() => undefined);
      const index = ready?.success ? (ready.data.index ?? null) : null;
      const embedder = z.object({ embedder: z.object({ id: z.string() }) }).safeParse(index);
      return {
        target: root,
        mode: [...modes].sort().join("+") || "unknown",
        embedder: embedder.success ? embedder.data.embedder.id : null,
        chatModel: null,
        promptVersion: null,
        index,
      };
    },
    fallbacks: () => fallbacks,
    close: async () => {},
  };
}
