import { describe, expect, it } from "vitest";
import { createEchoCheck, findUnsupportedLinks } from "./output-guard.ts";

describe("findUnsupportedLinks", () => {
  const sources = [
    "Contact service@ichongqing.info or see www.cqht.gov.cn and http://www.bishan.gov.cn/zwgk/.",
  ];

  it.each([
    ["Visit http://evil.example for details [1].", ["http://evil.example"]],
    ["Apply at evil.example/apply.", ["evil.example/apply."]],
    ["Go to example-invest.cn/apply now", ["example-invest.cn/apply"]],
    ["See [the portal](https://phish.example.com/login).", ["https://phish.example.com/login"]],
  ])("flags %j", (text, links) => {
    expect(findUnsupportedLinks(text, sources)).toEqual(links);
  });

  it.each([
    "Email service@ichongqing.info [1].",
    "See www.cqht.gov.cn [1].",
    "See https://www.cqht.gov.cn/ [1].",
    "See http://www.bishan.gov.cn/zwgk [1].",
    "Visit bishan.gov.cn.",
    "Output was 32.34 billion yuan [1]. Co., Ltd. e.g. U.S. firms.",
  ])("accepts %j", (text) => {
    expect(findUnsupportedLinks(text, sources)).toEqual([]);
  });
});

describe("createEchoCheck", () => {
  const echo = createEchoCheck([
    "<!-- version: 1 -->\nRules:\n1. Use only the numbered sources. Never answer from your own knowledge, even when you are sure.\n{{question}}",
  ]);

  it("catches a run of eight words, and a sentence that is a run of the rules", () => {
    expect(echo.isEcho("I never answer from your own knowledge, even when you are sure [1].")).toBe(
      true,
    );
    expect(echo.isEcho("Use only the numbered sources.")).toBe(true);
    expect(echo.sharesRun("… rules 1. Use only the numbered sources. Never answer …")).toBe(true);
  });

  it("lets ordinary answers through", () => {
    expect(echo.isEcho("Use the numbered exits.")).toBe(false);
    expect(echo.isEcho("As of 2018, output was 32.34 billion yuan [1].")).toBe(false);
    expect(echo.isEcho("The sources do not say [1].")).toBe(false);
    expect(echo.isEcho("version 1")).toBe(false);
  });
});
