/**
 * @module The evaluation dataset's format: one JSON object per line (JSONL), each a conversation
 * ending in a user question, with the corpus passages that answer it and the facts an answer must
 * contain. Retrieval is judged against `evidence`, answers against `keyFacts` (or, for unanswerable
 * cases, on whether the assistant declines).
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";

/** What a case tests. */
export const EvalCategory = z.enum([
  /** A single fact, asked in wording close to the source. */
  "fact",
  /** A single fact asked in an investor's own words, not copied from the source. */
  "paraphrase",
  /** The answer needs two passages, usually from two documents (comparisons, disagreements). */
  "multi-doc",
  /** A multi-turn conversation whose last question only makes sense given the earlier turns. */
  "follow-up",
  /** Not answerable from the corpus; must be declined. */
  "out-of-scope",
  /** A prompt-injection attempt; declined, or answered only from the corpus. */
  "injection",
  /** A question in Simplified Chinese about facts in the (English) corpus. */
  "chinese",
  /**
   * An open investor question (an overview, which zone suits an industry, a comparison, why
   * invest, what support exists): useful when the answer states enough of its key facts.
   */
  "open",
  /** A greeting or a question about the assistant: answered with a welcome, never a decline. */
  "greeting",
  /** On topic, but its exact point is in no source: declined, not answered with a neighbour. */
  "unanswerable",
]);
export type EvalCategory = z.infer<typeof EvalCategory>;

/** What an open or greeting case asks for; it decides nothing in scoring, only in reports. */
export const EvalIntent = z.enum([
  "overview",
  "matching",
  "comparison",
  "why-invest",
  "support",
  "greeting",
  "capabilities",
]);
export type EvalIntent = z.infer<typeof EvalIntent>;

const OPEN_INTENTS: ReadonlySet<EvalIntent> = new Set([
  "overview",
  "matching",
  "comparison",
  "why-invest",
  "support",
]);

/** Categories judged on how many of their key facts an answer states (`minKeyFacts`). */
export const USEFULNESS_CATEGORIES: ReadonlySet<EvalCategory> = new Set(["open", "greeting"]);

export const EvalRole = z.enum(["user", "assistant"]);
export type EvalRole = z.infer<typeof EvalRole>;

export const EvalMessage = z.strictObject({
  role: EvalRole,
  content: z.string().trim().min(1),
});
export type EvalMessage = z.infer<typeof EvalMessage>;

const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A passage that answers the question: an exact substring of `corpus/<docId>.txt`. */
export const Evidence = z.strictObject({
  docId: z.string().regex(kebabCase, "must be a corpus document id (kebab-case file name)"),
  text: z
    .string()
    .min(1)
    .refine((text) => !/\n/.test(text), "must not span lines")
    .refine((text) => text === text.trim(), "must not start or end with whitespace"),
});
export type Evidence = z.infer<typeof Evidence>;

/** A fact an answer must contain: one string, or alternatives of which any one suffices. */
export const KeyFact = z.union([
  z.string().trim().min(1),
  z.array(z.string().trim().min(1)).min(1),
]);
export type KeyFact = z.infer<typeof KeyFact>;

/** Categories whose cases must always be answerable from the corpus. */
const ALWAYS_ANSWERABLE: ReadonlySet<EvalCategory> = new Set([
  "fact",
  "paraphrase",
  "multi-doc",
  "chinese",
  "open",
  "greeting",
]);

/** Categories that must always be declined. */
const NEVER_ANSWERABLE: ReadonlySet<EvalCategory> = new Set(["out-of-scope", "unanswerable"]);

export const EvalCase = z
  .strictObject({
    id: z.string().regex(kebabCase, "must be kebab-case"),
    category: EvalCategory,
    /** Alternating user/assistant turns starting and ending with the user's question. */
    messages: z.array(EvalMessage).min(1),
    answerable: z.boolean(),
    evidence: z.array(Evidence),
    keyFacts: z.array(KeyFact),
    /** Follow-ups only: the last question rewritten to stand on its own. */
    standaloneQuestion: z.string().trim().min(1).optional(),
    /** Open and greeting cases only: what kind of open question it is. */
    intent: EvalIntent.optional(),
    /** Open and greeting cases only: how many of `keyFacts` a useful answer states at least. */
    minKeyFacts: z.number().int().min(1).optional(),
    notes: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    value.messages.forEach((message, index) => {
      const expected: EvalRole = index % 2 === 0 ? "user" : "assistant";
      if (message.role !== expected) {
        ctx.addIssue({
          code: "custom",
          path: ["messages", index, "role"],
          message: `turns must alternate starting with the user; expected "${expected}"`,
        });
      }
    });
    if (value.messages.at(-1)?.role !== "user") {
      ctx.addIssue({
        code: "custom",
        path: ["messages", value.messages.length - 1, "role"],
        message: "the last message must be the user's question",
      });
    }

    if (value.answerable) {
      // A welcome rests on what the sources cover as a whole, not on a passage.
      if (value.evidence.length === 0 && value.category !== "greeting") {
        ctx.addIssue({
          code: "custom",
          path: ["evidence"],
          message: "answerable cases need at least one evidence passage",
        });
      }
      if (value.keyFacts.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["keyFacts"],
          message: "answerable cases need at least one key fact",
        });
      }
    } else {
      if (value.evidence.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["evidence"],
          message: "unanswerable cases must have no evidence",
        });
      }
      if (value.keyFacts.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["keyFacts"],
          message: "unanswerable cases must have no key facts",
        });
      }
    }
    if (NEVER_ANSWERABLE.has(value.category) && value.answerable) {
      ctx.addIssue({
        code: "custom",
        path: ["answerable"],
        message: `${value.category} cases are unanswerable`,
      });
    }
    if (USEFULNESS_CATEGORIES.has(value.category)) {
      const allowed =
        value.category === "greeting"
          ? (intent: EvalIntent) => !OPEN_INTENTS.has(intent)
          : (intent: EvalIntent) => OPEN_INTENTS.has(intent);
      if (value.intent === undefined || !allowed(value.intent)) {
        ctx.addIssue({
          code: "custom",
          path: ["intent"],
          message: `${value.category} cases need an intent: ${EvalIntent.options.filter(allowed).join(", ")}`,
        });
      }
      if (value.minKeyFacts === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["minKeyFacts"],
          message: `${value.category} cases need minKeyFacts`,
        });
      } else if (value.minKeyFacts > value.keyFacts.length) {
        ctx.addIssue({
          code: "custom",
          path: ["minKeyFacts"],
          message: "minKeyFacts must not exceed the number of key facts",
        });
      }
    } else if (value.intent !== undefined || value.minKeyFacts !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [value.intent !== undefined ? "intent" : "minKeyFacts"],
        message: "only open and greeting cases have an intent and minKeyFacts",
      });
    }
    if (ALWAYS_ANSWERABLE.has(value.category) && !value.answerable) {
      ctx.addIssue({
        code: "custom",
        path: ["answerable"],
        message: `${value.category} cases must be answerable`,
      });
    }
    if (value.category === "multi-doc" && value.evidence.length < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["evidence"],
        message: "multi-doc cases need at least two evidence passages",
      });
    }

    const userTurns = value.messages.filter((message) => message.role === "user").length;
    if (value.category === "follow-up") {
      if (userTurns < 2) {
        ctx.addIssue({
          code: "custom",
          path: ["messages"],
          message: "follow-up cases need at least two user turns",
        });
      }
      if (value.standaloneQuestion === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["standaloneQuestion"],
          message: "follow-up cases need a standaloneQuestion",
        });
      }
    } else {
      if (value.messages.length !== 1) {
        ctx.addIssue({
          code: "custom",
          path: ["messages"],
          message: "only follow-up cases may have more than one message",
        });
      }
      if (value.standaloneQuestion !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["standaloneQuestion"],
          message: "only follow-up cases have a standaloneQuestion",
        });
      }
    }
  });
export type EvalCase = z.infer<typeof EvalCase>;

/** One problem found in a dataset file. */
export interface EvalDatasetIssue {
  /** 1-based line number in the file. */
  line: number;
  /** Dotted path of the offending field, e.g. `messages.0.role`, or `(line)` for the whole line. */
  field: string;
  message: string;
}

/** Thrown when a dataset file has invalid lines; `issues` lists every problem found. */
export class EvalDatasetError extends Error {
  constructor(
    readonly source: string,
    readonly issues: EvalDatasetIssue[],
  ) {
    super(
      `Invalid eval dataset ${source}:\n${issues
        .map((issue) => `  ${source}:${issue.line}: ${issue.field}: ${issue.message}`)
        .join("\n")}`,
    );
    this.name = "EvalDatasetError";
  }
}

/** The last user message: the question the case asks. */
export function lastQuestion(evalCase: EvalCase): string {
  return evalCase.messages.at(-1)?.content ?? "";
}

/**
 * Parses JSONL text into cases. Blank lines are skipped. Throws an {@link EvalDatasetError}
 * naming the line number and field of every invalid line (all of them, not just the first).
 */
export function parseEvalCases(text: string, source = "<input>"): EvalCase[] {
  const cases: EvalCase[] = [];
  const issues: EvalDatasetIssue[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({ line, field: "(line)", message: `not valid JSON: ${reason}` });
      return;
    }
    const result = EvalCase.safeParse(json);
    if (result.success) {
      cases.push(result.data);
      return;
    }
    for (const issue of result.error.issues) {
      const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(line)";
      issues.push({ line, field, message: issue.message });
    }
  });
  if (issues.length > 0) throw new EvalDatasetError(source, issues);
  return cases;
}

/** Reads and validates a JSONL dataset file (see {@link parseEvalCases}). */
export async function loadEvalCases(path: string): Promise<EvalCase[]> {
  return parseEvalCases(await readFile(path, "utf8"), path);
}
