/**
 * @module `npm run chat`: a terminal chat with the same pipeline as the server, printing the
 * sources under each answer. The conversation is kept, so follow-up questions work. Typed at a
 * terminal it prompts; piped (`echo "question" | npm run chat`, `npm run chat < questions.txt`)
 * it answers every line in turn and exits at the end of the input.
 */
import { createInterface } from "node:readline";
import { createLanceRetriever } from "../src/adapters/lancedb/lance-retriever.ts";
import type { Answer, ChatMessage } from "../src/rag/answer/types.ts";
import { createNodeAssistant, createNodeContext } from "../src/runtime/node/context.ts";
import { loadConfig } from "../src/runtime/node/env.ts";

/** The longest question and the most messages the pipeline is given, as on `/api/chat`. */
const MAX_QUESTION_CHARS = 4000;
const MAX_MESSAGES = 40;

const COMMANDS: Record<string, string> = {
  "/help": "lists these commands",
  "/new": "starts a new conversation (forgets the previous questions)",
  "/quit": "leaves (so does Ctrl+D, or the end of piped input)",
};

const HELP = [
  "Commands:",
  ...Object.entries(COMMANDS).map(([name, what]) => `  ${name.padEnd(6)} ${what}`),
  "Anything else is sent as a question.",
].join("\n");

const config = loadConfig();
const context = await createNodeContext(config);
const retriever = createLanceRetriever({
  db: context.db,
  embedder: context.embedder,
  refreshSeconds: 5,
});
const status = await retriever.getStatus();
if (!status.ready) {
  console.error(`${status.reason} ${status.action}`);
  process.exit(1);
}
const assistant = await createNodeAssistant({
  config,
  retriever,
  onFallback: (reason) => console.error(`(LLM unavailable: ${reason}; answering offline)`),
});

const interactive = Boolean(process.stdin.isTTY);
const history: ChatMessage[] = [];

function printSources(answer: Answer) {
  if (answer.fallback) console.log(`(answered offline: ${answer.fallback.reason})`);
  for (const citation of answer.citations) {
    const date = citation.date === "undated" ? "" : `, ${citation.date}`;
    console.log(`  [${citation.n}] ${citation.title}${date}`);
  }
  if (answer.unverified.length > 0) {
    console.log(`  unverified figures: ${answer.unverified.join(", ")}`);
  }
}

async function ask(question: string) {
  history.push({ role: "user", content: question.slice(0, MAX_QUESTION_CHARS) });
  try {
    let answer: Answer | undefined;
    // A long piped file would otherwise send its whole history with every question.
    for await (const event of assistant.stream(history.slice(-MAX_MESSAGES))) {
      if (event.type === "delta") process.stdout.write(event.text);
      if (event.type === "done") answer = event.answer;
    }
    if (!answer) throw new Error("the answer ended early");
    process.stdout.write("\n");
    printSources(answer);
    history.push({ role: "assistant", content: answer.answer });
  } catch (error) {
    history.pop();
    console.error(`Could not answer: ${(error as Error).message}`);
  }
}

console.log(
  `Chongqing investment assistant (${assistant.mode} mode). Ask a question; /help lists the commands.`,
);
// Lines are read through the async iterator, which buffers them while an answer is written:
// piped input arrives all at once, and none of it may be lost or cut short by the end of input.
const lines = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: interactive,
});
lines.on("SIGINT", () => process.exit(130));
lines.setPrompt("> ");
const prompt = () => {
  if (!interactive) return;
  process.stdout.write("\n");
  lines.prompt();
};
prompt();
for await (const line of lines) {
  const input = line.trim();
  if (!input) {
    prompt();
    continue;
  }
  // Piped questions are echoed, so the output reads as a transcript.
  if (!interactive) console.log(`\n> ${input}`);
  if (input === "/quit" || input === "/exit") break;
  if (input === "/help") console.log(HELP);
  else if (input === "/new") {
    history.length = 0;
    console.log("(new conversation)");
  } else if (/^\/[a-z]+$/i.test(input)) {
    console.log(`Unknown command ${input}. /help lists the commands.`);
  } else {
    await ask(input);
  }
  prompt();
}
lines.close();
// The index connection keeps native handles open; the conversation is over.
process.exit(0);
