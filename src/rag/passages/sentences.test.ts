import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences.ts";

describe("splitSentences", () => {
  it("keeps decimals, abbreviations and initials inside sentences", () => {
    expect(
      splitSentences(
        "The output was 32.34 billion yuan, up 13.7%. Address: No. 8 Shuangxing Avenue. It was approved by the State Council (State Letter No. 175) in September 2015. Ask U.S. investors.",
      ),
    ).toEqual([
      "The output was 32.34 billion yuan, up 13.7%.",
      "Address: No. 8 Shuangxing Avenue.",
      "It was approved by the State Council (State Letter No. 175) in September 2015.",
      "Ask U.S. investors.",
    ]);
  });

  it("splits on line breaks, question marks and Chinese punctuation", () => {
    expect(
      splitSentences("Heading\nIs it open? Yes! 璧山高新区成立于2015年。产值增长13.7%。"),
    ).toEqual(["Heading", "Is it open?", "Yes!", "璧山高新区成立于2015年。", "产值增长13.7%。"]);
  });

  it("does not split before a lowercase continuation or inside quotes", () => {
    expect(splitSentences('He said "go." then left. Next one.')).toEqual([
      'He said "go." then left.',
      "Next one.",
    ]);
    expect(splitSentences("")).toEqual([]);
  });

  it("ends a sentence after 'etc.' or 'Ltd.' when a capital follows, but not inside a name", () => {
    expect(
      splitSentences(
        "They have 24 markets of IT, auto parts, etc. Five hotels above star level. It signed with Xiyong Co., Ltd. and the Fund Co., Ltd. They agreed to invest.",
      ),
    ).toEqual([
      "They have 24 markets of IT, auto parts, etc.",
      "Five hotels above star level.",
      "It signed with Xiyong Co., Ltd. and the Fund Co., Ltd.",
      "They agreed to invest.",
    ]);
  });
});
