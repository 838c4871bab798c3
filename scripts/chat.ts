/**
 * @module `npm run chat`: a terminal chat with the same pipeline as the server, printing the
 * sources under each answer. The conversation is kept, so follow-up questions work.
 */
import { createInterface } from "node:readline/promises";
import { createNodeAssistant, createNodeContext } from "../src/node/context.ts";
import { loadConfig } from "../src/node/env.ts";
import type { ChatMessage } from "../src/rag/answer/types.ts";
import { createLanceRetriever } from "../src/store/lance-retriever.ts";

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

const terminal = createInterface({ input: process.stdin, output: process.stdout });
const history: ChatMessage[] = [];
console.log(
  `Chongqing investment assistant (${assistant.mode} mode). Ask a question; "/new" starts over, Ctrl+D quits.`,
);
terminal.on("close", () => process.exit(0));
for (;;) {
  const question = (await terminal.question("\n> ")).trim();
  if (!question) continue;
  if (question === "/new") {
    history.length = 0;
    console.log("(new conversation)");
    continue;
  }
  history.push({ role: "user", content: question.slice(0, 4000) });
  try {
    let answer: Awaited<ReturnType<typeof assistant.answer>> | undefined;
    for await (const event of assistant.stream(history)) {
      if (event.type === "delta") process.stdout.write(event.text);
      if (event.type === "done") answer = event.answer;
    }
    if (!answer) continue;
    process.stdout.write("\n");
    if (answer.fallback) console.log(`(answered offline: ${answer.fallback.reason})`);
    for (const citation of answer.citations) {
      const date = citation.date === "undated" ? "" : `, ${citation.date}`;
      console.log(`  [${citation.n}] ${citation.title}${date}`);
    }
    if (answer.unverified.length > 0)
      console.log(`  unverified figures: ${answer.unverified.join(", ")}`);
    history.push({ role: "assistant", content: answer.answer });
  } catch (error) {
    history.pop();
    console.error(`Could not answer: ${(error as Error).message}`);
  }
}
