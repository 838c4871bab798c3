/**
 * @module The prompts, parsed from the reviewed files in `prompts/` and rendered into chat
 * messages. Runtime-neutral: reading the files is each runtime's job (`src/runtime/node/prompts.ts`).
 * Everything the user, the conversation or a passage says is placed inside delimited blocks that
 * its own text cannot close.
 */
import { z } from "zod";
import type { ChatMessage, ChatModelRequest, Source } from "./answer/types.ts";
import type { Intent } from "./question/intent.ts";

/** The raw text of the three prompt files. */
export interface PromptFiles {
  system: string;
  answer: string;
  rewrite: string;
}

/** Parsed prompts: the bodies without their headers, and the version they share. */
export interface Prompts {
  /** The prompt-set version every file declares; record it with answers and eval runs. */
  version: number;
  system: string;
  /** Template with `{{sources}}`, `{{history}}`, `{{question}}`, `{{language}}` and `{{task}}`. */
  answer: string;
  /** Template with `{{history}}`, `{{question}}` and `{{language}}`. */
  rewrite: string;
}

/** One message of a rendered prompt. */
export type PromptMessage = ChatModelRequest["messages"][number];

/** What the model replies, alone, when the sources do not answer; the prompts must name it. */
export const DECLINE_MARKER = "NO_ANSWER";

/** A prompt file is malformed; the message names the file and what to fix. */
export class PromptsError extends Error {
  override readonly name = "PromptsError";
}

/** Earlier turns shown to the model, newest last; older ones rarely matter and cost tokens. */
const HISTORY_MESSAGES = 6;
/** Characters kept of each earlier turn. */
const HISTORY_MESSAGE_CHARS = 1000;

const PLACEHOLDERS = {
  system: [],
  answer: ["sources", "history", "question", "language", "task"],
  rewrite: ["history", "question", "language"],
} as const satisfies Record<keyof PromptFiles, readonly string[]>;

/**
 * The header line, an HTML comment so that Markdown renderers hide it and formatters keep it
 * (YAML front matter is not safe: Biome reads `version: 1` over `---` as a setext heading).
 */
const HEADER = /^\uFEFF?[ \t]*<!--(.*?)-->[ \t]*(?:\n|$)/;

const PromptHeader = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d*$/, "must be a positive whole number")
    .transform(Number),
});

/**
 * Parses and checks the three prompt files. Each starts with the header line
 * `<!-- version: N -->`, and all three declare the same version: they are reviewed and released
 * as one set. Templates must use exactly their placeholders, and the system and answer prompts
 * must name {@link DECLINE_MARKER}.
 * @throws PromptsError naming the file and the problem.
 */
export function parsePrompts(files: PromptFiles): Prompts {
  const system = parsePromptFile("system", files.system);
  const answer = parsePromptFile("answer", files.answer);
  const rewrite = parsePromptFile("rewrite", files.rewrite);
  const versions = [system.version, answer.version, rewrite.version];
  if (new Set(versions).size !== 1) {
    throw new PromptsError(
      `The prompt files declare different versions (system ${system.version}, answer ${answer.version}, rewrite ${rewrite.version}): they are versioned as a set, so give all three the same version.`,
    );
  }
  for (const name of ["system", "answer"] as const) {
    const body = name === "system" ? system.body : answer.body;
    if (!body.includes(DECLINE_MARKER)) {
      throw new PromptsError(
        `prompts/${name}.md must tell the model to reply ${DECLINE_MARKER} when the sources do not answer: the code detects that marker.`,
      );
    }
  }
  return {
    version: system.version,
    system: system.body,
    answer: answer.body,
    rewrite: rewrite.body,
  };
}

function parsePromptFile(name: keyof PromptFiles, text: string): { version: number; body: string } {
  const normalized = text.replaceAll("\r\n", "\n");
  const match = HEADER.exec(normalized);
  if (!match) {
    throw new PromptsError(
      `prompts/${name}.md must start with the header line "<!-- version: N -->".`,
    );
  }
  const fields: Record<string, string> = {};
  for (const part of (match[1] ?? "").split(";")) {
    if (!part.trim()) continue;
    const field = /^\s*([A-Za-z][\w-]*):\s*(.*?)\s*$/.exec(part);
    if (!field?.[1]) {
      throw new PromptsError(
        `prompts/${name}.md: header field "${part.trim()}" is not "key: value" (e.g. "<!-- version: 1 -->").`,
      );
    }
    fields[field[1]] = field[2] ?? "";
  }
  const header = PromptHeader.safeParse(fields);
  if (!header.success) {
    const problem = header.error.issues[0];
    throw new PromptsError(
      `prompts/${name}.md: header field ${problem?.path.join(".") || "version"} ${problem?.message ?? "is invalid"} (e.g. "<!-- version: 1 -->").`,
    );
  }
  const body = normalized.slice(match[0].length).trim();
  if (!body) throw new PromptsError(`prompts/${name}.md has no text after its header.`);
  checkPlaceholders(name, body);
  return { version: header.data.version, body };
}

function checkPlaceholders(name: keyof PromptFiles, body: string): void {
  const expected: readonly string[] = PLACEHOLDERS[name];
  const used = new Set(
    [...body.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((match) => match[1] ?? ""),
  );
  const unknown = [...used].filter((placeholder) => !expected.includes(placeholder));
  const missing = expected.filter((placeholder) => !used.has(placeholder));
  if (unknown.length > 0 || missing.length > 0) {
    const problems = [
      unknown.length > 0 ? `unknown placeholders ${unknown.map((p) => `{{${p}}}`).join(", ")}` : "",
      missing.length > 0 ? `missing placeholders ${missing.map((p) => `{{${p}}}`).join(", ")}` : "",
    ].filter(Boolean);
    throw new PromptsError(
      `prompts/${name}.md: ${problems.join("; ")}. It takes exactly: ${expected.map((p) => `{{${p}}}`).join(", ") || "none"}.`,
    );
  }
}

/**
 * The messages that ask the model to answer `question` (the standalone question retrieval ran
 * on) from `sources`. Earlier turns go in as quoted data, without their citation markers, whose
 * numbers referred to other sources.
 */
export function renderAnswerPrompt(input: {
  prompts: Prompts;
  question: string;
  sources: readonly Source[];
  history?: readonly ChatMessage[];
  /** What the question is after; it picks the task line of the prompt. */
  intent?: Intent;
}): PromptMessage[] {
  const { prompts, question, sources, history = [], intent = "fact" } = input;
  const content = fillTemplate(prompts.answer, {
    sources: formatSources(sources),
    history: formatHistory(history),
    question: quoteData(question.trim()),
    language: describeLanguage(question),
    task: TASKS[intent],
  });
  return [
    { role: "system", content: prompts.system },
    { role: "user", content },
  ];
}

/**
 * The messages that ask the model to turn the conversation's last user message into a
 * standalone question; the turns before it are the history.
 */
export function renderRewritePrompt(input: {
  prompts: Prompts;
  messages: readonly ChatMessage[];
}): PromptMessage[] {
  const { prompts, messages } = input;
  const last = messages.at(-1);
  const question = last?.role === "user" ? last.content : "";
  const content = fillTemplate(prompts.rewrite, {
    history: formatHistory(last?.role === "user" ? messages.slice(0, -1) : messages),
    question: quoteData(question.trim()),
    language: describeLanguage(question),
  });
  return [{ role: "user", content }];
}

/** Replaces `{{name}}` in one pass, so that a value containing `{{question}}` stays literal. */
function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(
    /\{\{\s*([^{}]*?)\s*\}\}/g,
    (placeholder, name: string) => values[name] ?? placeholder,
  );
}

/**
 * What the answer should do, by what the question is after. Code, not a prompt file: each line
 * pairs with an intent the analysis recognises, and a new intent needs a new line here.
 */
const TASKS: Record<Intent, string> = {
  fact: "Answer the question with the facts the sources give.",
  greeting:
    "The message is a greeting. Reply with a short welcome: say that you answer questions about investing in Chongqing's development zones from the sources, list what the sources cover (their titles and dates, each cited), and suggest two or three questions to ask. Do not reply NO_ANSWER.",
  capabilities:
    "The message asks what you can do. Say that you answer questions about investing in Chongqing's development zones from the sources, list what the sources cover (their titles and dates, each cited), and suggest two or three questions to ask. Do not reply NO_ANSWER.",
  overview:
    "The question asks for an overview. Give 3 to 5 key facts about what it asks about (when established, size, output, main industries, contact), each in its own sentence with its citation, naming it.",
  matching:
    "The question asks which place suits an industry or a company. Name each zone or park whose sources mention that industry, with the evidence and its citation. If none do, reply NO_ANSWER.",
  comparison:
    "The question compares two things. Give the same facts for each side, naming each side, with citations; say which side the sources lack a fact for.",
  topic:
    "The question is open (why invest, what support exists). Give the 2 to 4 most relevant facts from the sources, each cited.",
};

/** The tags that delimit data in the templates; data must not be able to open or close them. */
const DELIMITER_TAG = /<(?=\s*\/?\s*(?:sources?|history|message|question)\b)/gi;

/**
 * Makes text safe to place inside a delimited block: a `<` that would start one of our tags
 * becomes `‹`, so a passage saying `</source>` cannot end its block early.
 */
function quoteData(text: string): string {
  return text.replace(DELIMITER_TAG, "‹");
}

function quoteAttribute(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replaceAll('"', "'")
    .replaceAll("<", "‹")
    .replaceAll(">", "›")
    .trim();
}

function formatSources(sources: readonly Source[]): string {
  return sources
    .map(({ n, chunk }) => {
      const section = chunk.section ? ` section="${quoteAttribute(chunk.section)}"` : "";
      const attributes = `n="${n}" title="${quoteAttribute(chunk.title)}"${section} date="${quoteAttribute(chunk.date)}"`;
      return `<source ${attributes}>\n${quoteData(chunk.text.trim())}\n</source>`;
    })
    .join("\n\n");
}

function formatHistory(history: readonly ChatMessage[]): string {
  const turns = history.slice(-HISTORY_MESSAGES).map(({ role, content }) => {
    const text = content.replace(/\s*[[［【]\d+(?:\s*[,，]\s*\d+)*[\]］】]/g, "").trim();
    const clipped =
      text.length > HISTORY_MESSAGE_CHARS ? `${text.slice(0, HISTORY_MESSAGE_CHARS)}…` : text;
    return `<message role="${role}">\n${quoteData(clipped)}\n</message>`;
  });
  return turns.length > 0 ? turns.join("\n") : "(none)";
}

/**
 * Names the language to answer in. Only scripts are told apart: CJK questions get an explicit
 * language (models otherwise drift into the English of the sources), others "the question's".
 */
function describeLanguage(question: string): string {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(question)) return "Japanese";
  if (/\p{Script=Hangul}/u.test(question)) return "Korean";
  if (/\p{Script=Han}/u.test(question)) return "Chinese";
  return "the language of the question";
}
