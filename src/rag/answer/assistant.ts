/**
 * @module The answering pipeline every channel, test and evaluation calls: rewrite a follow-up
 * into a standalone question, analyse it once (what it is after, its terms and their related
 * corpus wordings, the thing asked for), retrieve and number sources for it, answer through the
 * LLM when one is configured (falling back to the offline extractive answerer when it fails or
 * runs out of time), decline with a human contact when the sources do not answer, check every
 * figure against the citations, and number the citations 1..n in the order the answer cites them.
 */
import { createLexicon, type Lexicon } from "../lexicon/lexicon.ts";
import { EMPTY_LEXICON } from "../lexicon/profile.ts";
import { findUnverifiedFigures } from "../passages/figures.ts";
import type { Prompts } from "../prompts.ts";
import { analyzeQuestion, type QuestionAnalysis } from "../question/analysis.ts";
import type { Retriever } from "../types.ts";
import { rewriteFollowUp } from "./condense.ts";
import {
  CONTACT_QUERY,
  composeDecline,
  type DeclineReason,
  findContacts,
  pickHumanContact,
} from "./contacts.ts";
import { answerExtractively } from "./extractive/index.ts";
import { streamLlmAnswer } from "./llm.ts";
import { rewriteWithLlm } from "./llm-rewrite.ts";
import { withoutInstructions } from "./source-guard.ts";
import { appendSources, renumberCitations, retrieveSources, toCitations } from "./sources.ts";
import type {
  Answer,
  AnswerEvent,
  AnswerMode,
  Assistant,
  ChatMessage,
  ChatModel,
  Source,
} from "./types.ts";

export { DEFAULT_ANSWER_K } from "./sources.ts";

export interface AssistantOptions {
  retriever: Retriever;
  /** Sources retrieved and numbered per answer. */
  k: number;
  /** LLM mode: the model, the reviewed prompts and the time the whole LLM answer may take. */
  llm?: { model: ChatModel; prompts: Prompts; deadlineMs: number } | undefined;
  /** Told about LLM failures that were answered offline instead. */
  onFallback?: (reason: string, error: unknown) => void;
}

/** Contact passages retrieved for a decline. */
const CONTACT_K = 3;

/** An answer before it is turned into the response: text, whether it answers, cited numbers. */
interface Draft {
  answer: string;
  answered: boolean;
  cited: number[];
  /** Figures a guard already removed from the text (LLM mode). */
  unverified?: string[];
}

/** Splits text into small pieces for streaming an answer that was composed whole. */
function* splitForStreaming(text: string): Generator<string> {
  for (const piece of text.match(/\S+\s*|\n+/g) ?? []) yield piece;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "AbortError" || /abort|timed? ?out/i.test(error.message)) return "timeout";
    return error.message.slice(0, 200);
  }
  return "unknown error";
}

/** Runs `work` with a signal aborted after `ms` or when `outer` aborts. */
function createDeadline(ms: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("LLM deadline exceeded")), ms);
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    },
  };
}

/** Rejects when `signal` aborts, so a stalled stream cannot hold the answer past its deadline. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Creates the assistant: LLM mode when `llm` is given, offline extractive mode otherwise. */
export function createAssistant(options: AssistantOptions): Assistant {
  const { k, llm } = options;
  // Passages are data: instructions planted in one never reach the answerer or the model.
  const retriever = withoutInstructions(options.retriever);
  const mode: AnswerMode = llm ? "llm" : "extractive";
  let emptyLexicon: Lexicon | undefined;

  async function getLexicon(): Promise<Lexicon> {
    if (retriever.getLexicon) return retriever.getLexicon();
    emptyLexicon ??= createLexicon(EMPTY_LEXICON);
    return emptyLexicon;
  }

  async function rewrite(
    messages: ChatMessage[],
    lexicon: Lexicon,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const offline = rewriteFollowUp(messages, lexicon);
    if (!llm || messages.length < 2) return offline;
    const deadline = createDeadline(Math.min(llm.deadlineMs, 8000), signal);
    try {
      return await raceAbort(
        rewriteWithLlm({
          model: llm.model,
          prompts: llm.prompts,
          messages,
          signal: deadline.signal,
        }),
        deadline.signal,
      );
    } catch (error) {
      options.onFallback?.(`rewrite: ${describeFailure(error)}`, error);
      return offline;
    } finally {
      deadline.clear();
    }
  }

  /**
   * A decline in the question's language: what the sources do say (when the answerer found
   * something), and the asked-about place's contact or the investment promotion office's, whose
   * passages are retrieved and numbered after `sources` (which this extends).
   */
  async function decline({
    analysis,
    sources,
    reason,
    related,
  }: {
    analysis: QuestionAnalysis;
    sources: Source[];
    reason: DeclineReason;
    related?: { text: string; n: number } | undefined;
  }): Promise<Draft> {
    const preferredDocs = analysis.query.entities.flatMap((entity) => entity.docIds.slice(0, 1));
    const found = [];
    if (preferredDocs.length > 0) {
      found.push(
        ...(await retriever.search(CONTACT_QUERY, { k: CONTACT_K, docIds: preferredDocs })),
      );
    }
    found.push(...(await retriever.search(CONTACT_QUERY, { k: CONTACT_K })));
    appendSources(
      sources,
      found.map((hit) => hit.chunk),
    );
    const contactChunks = new Set(found.map((hit) => hit.chunk.id));
    const contactSources = sources.filter((source) => contactChunks.has(source.chunk.id));
    const contact = pickHumanContact(
      findContacts(contactSources.map((source) => source.chunk)),
      preferredDocs,
    );
    const n = contact && sources.find((source) => source.chunk === contact.chunk)?.n;
    const composed = composeDecline({
      chinese: analysis.query.chinese,
      reason,
      related,
      contact: contact && n !== undefined ? { contact, n } : undefined,
    });
    return { answer: composed.answer, answered: false, cited: composed.cited };
  }

  /** The offline answer: extractive, or a decline with what the sources say and a contact. */
  async function answerOffline(analysis: QuestionAnalysis, sources: Source[], lexicon: Lexicon) {
    const draft = answerExtractively({
      analysis,
      sources,
      lexicon,
      documents:
        analysis.intent === "greeting" || analysis.intent === "capabilities" ? sources : [],
    });
    if (draft.outcome === "answer") {
      return { answer: draft.answer, answered: true, cited: draft.cited } satisfies Draft;
    }
    return decline({ analysis, sources, reason: draft.reason, related: draft.related });
  }

  /** Turns a draft into the response: cited sources renumbered 1..n, unverified figures listed. */
  function buildAnswer(draft: Draft, sources: readonly Source[], query: string): Answer {
    const { answer, order } = renumberCitations(draft.answer, draft.cited);
    const citations = toCitations(sources, order).map((citation, index) => ({
      ...citation,
      n: index + 1,
    }));
    const unverified = findUnverifiedFigures(
      answer,
      // A figure may come from a source's title ("takes effect on March 1").
      citations.map((citation) =>
        [citation.title, citation.titleZh ?? "", citation.text].join("\n"),
      ),
      citations.map((citation) => citation.date),
    );
    return {
      answer,
      answered: draft.answered,
      mode: "extractive",
      citations,
      unverified: [...new Set([...(draft.unverified ?? []), ...unverified])],
      query,
    };
  }

  async function* stream(
    messages: ChatMessage[],
    { signal }: { signal?: AbortSignal } = {},
  ): AsyncGenerator<AnswerEvent> {
    const lexicon = await getLexicon();
    const query = await rewrite(messages, lexicon, signal);
    const analysis = analyzeQuestion(query, lexicon);
    const sources = await retrieveSources({ analysis, retriever, lexicon, k });

    let draft: Draft | undefined;
    let answeredBy: AnswerMode = "extractive";
    let fallback: Answer["fallback"];
    let streamed = false;
    let sourcesSent = false;
    if (llm && sources.length > 0 && analysis.text && !analysis.unsupported) {
      // The model cites these numbers as it streams; the final answer renumbers them 1..n.
      yield {
        type: "sources",
        sources: toCitations(
          sources,
          sources.map((source) => source.n),
        ),
      };
      sourcesSent = true;
      const deadline = createDeadline(llm.deadlineMs, signal);
      try {
        const generator = streamLlmAnswer({
          model: llm.model,
          prompts: llm.prompts,
          question: analysis.text,
          intent: analysis.intent,
          history: messages.slice(0, -1),
          sources,
          signal: deadline.signal,
        });
        for (;;) {
          const next = await raceAbort(generator.next(), deadline.signal);
          if (next.done) {
            draft = next.value;
            break;
          }
          streamed = true;
          yield { type: "delta", text: next.value };
        }
        answeredBy = "llm";
      } catch (error) {
        const reason = describeFailure(error);
        fallback = { from: "llm", reason };
        options.onFallback?.(reason, error);
      } finally {
        deadline.clear();
      }
      if (draft && !draft.answered) {
        draft = {
          ...(await decline({ analysis, sources, reason: "missing" })),
          unverified: draft.unverified ?? [],
        };
      }
    }
    draft ??= await answerOffline(analysis, sources, lexicon);
    const answer = buildAnswer(draft, sources, query);
    if (!sourcesSent) yield { type: "sources", sources: answer.citations };
    if (!streamed || answeredBy === "extractive" || !draft.answered) {
      for (const piece of splitForStreaming(answer.answer)) yield { type: "delta", text: piece };
    }
    answer.mode = answeredBy;
    answer.intent = analysis.intent;
    if (fallback) answer.fallback = fallback;
    yield { type: "done", answer };
  }

  return {
    mode,
    stream,
    async answer(messages, streamOptions) {
      for await (const event of stream(messages, streamOptions)) {
        if (event.type === "done") return event.answer;
      }
      throw new Error("The answer stream ended without an answer.");
    },
  };
}
