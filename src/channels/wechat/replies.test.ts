import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Answer } from "../../rag/answer/types.ts";
import {
  CAPABILITIES_REPLY,
  composeAnswerReply,
  composeStillWorking,
  detectLanguage,
  isFetchRequest,
  MAX_REPLY_BYTES,
  measureUtf8,
  renderReply,
  shortenToBytes,
  toPlainText,
  truncateUtf8,
  WELCOME_REPLY,
} from "./replies.ts";

const graphemesOf = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map(
    (part) => part.segment,
  );

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc.string({ unit: "binary", maxLength: 400 }),
  fc
    .array(fc.constantFrom("重庆", "👨‍👩‍👧", "🇨🇳", "é", "a", " ", ". ", "。"), { maxLength: 300 })
    .map((parts) => parts.join("")),
);

describe("truncateUtf8 and shortenToBytes", () => {
  it("never exceed the byte budget nor split a character or grapheme (property)", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 600 }), (input, budget) => {
        const cut = truncateUtf8(input, budget);
        expect(measureUtf8(cut)).toBeLessThanOrEqual(budget);
        expect(input.startsWith(cut)).toBe(true);
        const whole = graphemesOf(input);
        const kept = graphemesOf(cut);
        expect(kept).toEqual(whole.slice(0, kept.length));
        const short = shortenToBytes(input, budget);
        expect(measureUtf8(short)).toBeLessThanOrEqual(Math.max(budget, 0));
        if (measureUtf8(input) <= budget) expect(short).toBe(input);
      }),
      { numRuns: 400 },
    );
  });

  it("prefers to end after a sentence or a word", () => {
    const sentences = "First sentence here. Second sentence is somewhat longer than the first.";
    expect(shortenToBytes(sentences, 60)).toBe(
      "First sentence here. Second sentence is somewhat longer…",
    );
    expect(shortenToBytes("重庆两江新区。璧山高新区是国家级高新区", 40)).toBe(
      "重庆两江新区。璧山高新区…",
    );
    expect(shortenToBytes("abc", 2)).toBe("");
  });
});

describe("composing replies", () => {
  const answer: Answer = {
    answer:
      "## Output\n**Bishan**'s output was 32.34 billion yuan [1]. See [the report](https://example.com/r).",
    answered: true,
    mode: "llm",
    citations: [
      { n: 1, id: "c1", docId: "d1", title: "Bishan High-tech Zone", date: "2018", text: "" },
      { n: 3, id: "c3", docId: "d3", title: "Undated notice", date: "undated", text: "" },
    ],
    unverified: [],
    query: "",
  };

  it("renders plain text with a numbered source list", () => {
    expect(renderReply(composeAnswerReply(answer, "en"))).toBe(
      "Output\nBishan's output was 32.34 billion yuan [1]. See the report (https://example.com/r).\n\nSources:\n[1] Bishan High-tech Zone, 2018\n[3] Undated notice",
    );
    expect(renderReply(composeAnswerReply(answer, "zh"))).toMatch(/\n\n来源：\n\[1\]/);
  });

  it("keeps the sources to half the space and the whole reply to 2,048 bytes", () => {
    const many: Answer = {
      ...answer,
      answer: "长".repeat(2000),
      citations: Array.from({ length: 40 }, (_, i) => ({
        n: i + 1,
        id: `c${i}`,
        docId: `d${i}`,
        title: `一份很长的文件标题 ${"很长".repeat(40)}`,
        date: "2021",
        text: "",
      })),
    };
    const rendered = renderReply(composeAnswerReply(many, "zh"));
    expect(measureUtf8(rendered)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    const [body = "", sources = ""] = rendered.split("\n\n来源：");
    expect(body.endsWith("…")).toBe(true);
    expect(measureUtf8(sources)).toBeLessThanOrEqual(MAX_REPLY_BYTES / 2);
    expect(sources).toMatch(/^\n\[1\] /);
  });

  it("puts a note above the body", () => {
    const rendered = renderReply({ ...composeAnswerReply(answer, "en"), note: "Earlier answer:" });
    expect(rendered.startsWith("Earlier answer:\n\nOutput")).toBe(true);
  });

  it("keeps the fixed replies within the limit", () => {
    for (const reply of [WELCOME_REPLY, CAPABILITIES_REPLY, composeStillWorking("zh")]) {
      expect(measureUtf8(renderReply(reply))).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    }
  });
});

describe("small readers", () => {
  it("detects Chinese questions", () => {
    expect(detectLanguage("璧山高新区的工业产值是多少？")).toBe("zh");
    expect(detectLanguage("What is Liangjiang (两江新区) known for?")).toBe("en");
    expect(detectLanguage("两江新区 GDP")).toBe("zh");
  });

  it("recognises messages that only fetch a waiting answer", () => {
    for (const fetch of ["1", "ok", "OK!", "继续", "好的", "?", "thanks"]) {
      expect(isFetchRequest(fetch)).toBe(true);
    }
    for (const question of ["What about Liangjiang?", "两江新区呢？"]) {
      expect(isFetchRequest(question)).toBe(false);
    }
  });

  it("turns Markdown into plain text", () => {
    expect(toPlainText("# Title\n\n\n\n- one\n* two\n__bold__ and **strong**")).toBe(
      "Title\n\n• one\n• two\nbold and strong",
    );
  });
});
