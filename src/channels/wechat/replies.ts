/**
 * @module What the assistant says on WeChat: an answer as plain text with a short numbered source
 * list, and the fixed replies (welcome, what it can do, still working, failures) — all within
 * WeChat's text limit of 2,048 UTF-8 bytes, shortened at a character boundary, never mid-character.
 */
import type { Answer } from "../../rag/answer/types.ts";

/** WeChat's limit for a text reply's `Content`, in UTF-8 bytes. */
export const MAX_REPLY_BYTES = 2048;

/** The language a reply is written in. */
export type Language = "en" | "zh";

/** A reply before rendering, as stored between retries: the body and its source lines. */
export interface ReplyContent {
  body: string;
  sources: string[];
  language: Language;
  /** A line shown above the body. */
  note?: string;
}

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Length of `text` in UTF-8 bytes. */
export function measureUtf8(text: string): number {
  return encoder.encode(text).length;
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes that ends between two graphemes. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (measureUtf8(text) <= maxBytes) return text;
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const size = measureUtf8(segment);
    if (used + size > maxBytes) break;
    used += size;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

const ELLIPSIS = "…";

/**
 * `text` shortened to `maxBytes` with an ellipsis, cut after a sentence or a word when one ends
 * in the last fifth of what fits, else at a grapheme boundary.
 */
export function shortenToBytes(text: string, maxBytes: number): string {
  if (measureUtf8(text) <= maxBytes) return text;
  const room = maxBytes - measureUtf8(ELLIPSIS);
  if (room <= 0) return truncateUtf8(ELLIPSIS, maxBytes);
  const cut = truncateUtf8(text, room);
  const floor = Math.floor(cut.length * 0.8);
  const sentenceEnd = Math.max(
    ...[". ", "! ", "? ", "。", "！", "？", "\n"].map((mark) => {
      const at = cut.lastIndexOf(mark);
      return at < 0 ? -1 : at + mark.trimEnd().length;
    }),
  );
  if (sentenceEnd >= floor) return `${cut.slice(0, sentenceEnd).trimEnd()}${ELLIPSIS}`;
  const space = cut.lastIndexOf(" ");
  if (space >= floor) return `${cut.slice(0, space).trimEnd()}${ELLIPSIS}`;
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** `zh` when Chinese characters make up a good share of the letters in `text`, else `en`. */
export function detectLanguage(text: string): Language {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return han > 0 && han * 3 >= latin ? "zh" : "en";
}

/** Markdown an LLM may write, as plain text WeChat shows sensibly. */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, "$1 ($2)")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, "$2")
    .replace(/^[ \t]*[-*][ \t]+/gm, "• ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const SOURCES_HEADING: Record<Language, string> = { en: "Sources:", zh: "来源：" };

/** An answer as reply content: plain text and one line per cited source. */
export function composeAnswerReply(answer: Answer, language: Language): ReplyContent {
  const sources = answer.citations.map((citation) => {
    const date = citation.date && citation.date !== "undated" ? `, ${citation.date}` : "";
    return `[${citation.n}] ${citation.title}${date}`;
  });
  return { body: toPlainText(answer.answer), sources, language };
}

/** Reply content that is only text. */
export function composeTextReply(body: string, language: Language): ReplyContent {
  return { body, sources: [], language };
}

/**
 * Renders reply content within `maxBytes`: the note, the body, then as many source lines as fit
 * in at most half the space (each shortened if it must be). The body is shortened to what is left.
 */
export function renderReply(content: ReplyContent, maxBytes = MAX_REPLY_BYTES): string {
  const head = content.note ? `${shortenToBytes(content.note, Math.floor(maxBytes / 4))}\n\n` : "";
  let sourceBlock = "";
  if (content.sources.length > 0) {
    const budget = Math.floor(maxBytes / 2);
    const lines: string[] = [];
    let block = `\n\n${SOURCES_HEADING[content.language]}`;
    for (const source of content.sources) {
      const line = `\n${shortenToBytes(source, 160)}`;
      if (measureUtf8(block + line) > budget) break;
      block += line;
      lines.push(line);
    }
    if (lines.length > 0) sourceBlock = block;
  }
  const room = maxBytes - measureUtf8(head) - measureUtf8(sourceBlock);
  return `${head}${shortenToBytes(content.body, room)}${sourceBlock}`;
}

const EXAMPLES_EN = [
  "What was Bishan High-tech Zone's industrial output in the first half of 2018?",
  "What do Chongqing's 2025 development zone regulations change for foreign trade?",
  "Whom should I contact about investing in Bishan?",
];
const EXAMPLES_ZH = ["璧山高新区2018年上半年的工业总产值是多少？", "重庆高新区有哪些重点产业？"];

/** The reply to a new follower: what the assistant does, with example questions. */
export const WELCOME_REPLY = composeTextReply(
  [
    "Welcome! I answer questions about investing in Chongqing — its development zones, industries, policies and contacts — from published documents, and name my sources.",
    `Try:\n${EXAMPLES_EN.map((example) => `• ${example}`).join("\n")}`,
    "欢迎关注！我根据公开资料回答有关在重庆投资的问题（开发区、产业、政策、联系方式），并注明来源。",
    `例如：\n${EXAMPLES_ZH.map((example) => `• ${example}`).join("\n")}`,
  ].join("\n\n"),
  "en",
);

/** The reply to what the assistant cannot read: images, locations, links, files, unknown types. */
export const CAPABILITIES_REPLY = composeTextReply(
  [
    "I can only read text (or voice messages WeChat has transcribed). Please type your question about investing in Chongqing, for example:",
    `• ${EXAMPLES_EN[0]}`,
    "我目前只能阅读文字消息（或微信已识别的语音）。请用文字提出关于在重庆投资的问题，例如：",
    `• ${EXAMPLES_ZH[0]}`,
  ].join("\n"),
  "en",
);

const STILL_WORKING: Record<Language, string> = {
  en: "I'm still putting your answer together. Send any message (for example “1”) in a few seconds and I'll reply with it.",
  zh: "正在为您整理答案，请稍候几秒后发送任意消息（例如“1”），我会把答案发给您。",
};
const NOT_READY: Record<Language, string> = {
  en: "The document index is being prepared, so I can't answer yet. Please try again in a few minutes.",
  zh: "资料库正在准备中，暂时无法回答，请几分钟后再试。",
};
const FAILED: Record<Language, string> = {
  en: "Sorry, something went wrong while preparing your answer. Please ask again.",
  zh: "抱歉，生成答案时出现问题，请重新提问。",
};
const EARLIER_ANSWER: Record<Language, string> = {
  en: "Here is the answer to your previous question. Your latest message was not read yet — please send it again.",
  zh: "这是您上一个问题的答案。您刚才的消息尚未处理，请重新发送。",
};

/** Says the answer is on its way and that the next message fetches it. */
export function composeStillWorking(language: Language): ReplyContent {
  return composeTextReply(STILL_WORKING[language], language);
}

/** Says the index is not ready. */
export function composeNotReady(language: Language): ReplyContent {
  return composeTextReply(NOT_READY[language], language);
}

/** Says the answer failed. */
export function composeFailure(language: Language): ReplyContent {
  return composeTextReply(FAILED[language], language);
}

/** Says the sender is over their message limit and when to ask again. */
export function composeSlowDown(language: Language, seconds: number): ReplyContent {
  const text =
    language === "zh"
      ? `消息发送过于频繁，请约 ${seconds} 秒后再提问。`
      : `You're sending messages faster than I can answer. Please ask again in about ${seconds} seconds.`;
  return composeTextReply(text, language);
}

/** The line above an earlier answer delivered in reply to a new question. */
export function getEarlierAnswerNote(language: Language): string {
  return EARLIER_ANSWER[language];
}

/** Whether a message only asks for the pending answer ("1", "ok", "继续", "?" …). */
export function isFetchRequest(text: string): boolean {
  const trimmed = text.trim().toLowerCase();
  return (
    trimmed.length <= 2 ||
    /^(ok|okay|yes|continue|go on|answer|next|more|please|thanks|thank you|继续|答案|好的?|嗯+|谢谢|在吗)[.!?。！？]*$/.test(
      trimmed,
    )
  );
}
