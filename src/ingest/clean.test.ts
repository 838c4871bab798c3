import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyBoilerplateLine, cleanBlocks, cleanText } from "./clean.ts";

const corpusDir = fileURLToPath(new URL("../../corpus/", import.meta.url));
const seedFiles = readdirSync(corpusDir).filter((name) => name.endsWith(".txt"));
const readSeed = (name: string) => readFileSync(`${corpusDir}${name}`, "utf8");
const cleanedSeeds = new Map(seedFiles.map((name) => [name, cleanText(readSeed(name))]));
const allCleaned = [...cleanedSeeds.values()].join("\n\n");

describe("cleanText on the seed corpus", () => {
  it("covers the five seed files", () => {
    expect(seedFiles).toHaveLength(5);
  });

  it.each([
    "I Agree",
    "ICP",
    "cookies",
    "Cookie Policy",
    "Leaving a message",
    "Wechat QR code",
    "All Rights Reserved",
    "Prohbited",
    "illegal and undesirable information",
    "67230470",
    "67158993",
    "About Us",
    "MUST READ",
    "iChongqing Title",
    "A Tour in Chongqing",
    "New Era, New Journey",
    "互联网新闻信息服务许可证",
  ])("removes %j", (boilerplate) => {
    expect(allCleaned).not.toContain(boilerplate);
  });

  it("leaves no navigation-only line behind", () => {
    const lines = allCleaned.split("\n");
    expect(lines).not.toContain("Back");
    expect(lines.filter((line) => classifyBoilerplateLine(line) !== undefined)).toEqual([]);
  });

  it.each([
    "67862888",
    "41407196",
    "service@ichongqing.info",
    "Address: No. 8 Shuangxing Avenue, Biquan Street, Bishan District, Chongqing",
    "Contact number: 023-41407196",
    "March 1, 2025",
    "32.34 billion",
    "For any inquiries, please email service@ichongqing.info",
  ])("keeps the fact %j", (fact) => {
    expect(allCleaned).toContain(fact);
  });

  it("turns the glued footer into a readable contact block", () => {
    const bishan = cleanedSeeds.get("bishan-high-tech-zone.txt") ?? "";
    expect(bishan).toContain(
      [
        "Host: Chongqing Foreign Trade and Economic Relations Commerce",
        "Undertaker: Chongqing Investment Promotion Association",
        "Tel: +86-023-67862888",
      ].join("\n"),
    );
    expect(bishan.match(/Undertaker:/g)).toHaveLength(1);
  });

  it("keeps every other line byte-identical apart from whitespace", () => {
    for (const [name, cleaned] of cleanedSeeds) {
      const original = readSeed(name).replace(/[\u00A0\s]+/g, " ");
      const keptLines = cleaned.split("\n").filter((line) => !/^(Host|Undertaker|Tel):/.test(line));
      for (const line of keptLines) expect(original).toContain(line);
    }
  });

  it("keeps curly quotes as they are", () => {
    expect(allCleaned).toContain("Chongqing’s cross-border highway freight service");
    expect(allCleaned).toContain(
      "“National High-tech Industry Standardization Demonstration Zone”",
    );
  });

  it("collapses whitespace and blank-line runs", () => {
    for (const cleaned of cleanedSeeds.values()) {
      expect(cleaned).not.toMatch(/\n{3,}| {2,}|\u00A0|^\s|\s$/);
    }
  });

  it("is deterministic and idempotent", () => {
    for (const [name, cleaned] of cleanedSeeds) {
      expect(cleanText(readSeed(name))).toBe(cleaned);
      expect(cleanText(cleaned)).toBe(cleaned);
    }
  });
});

describe("cleanText on pages worded differently", () => {
  const page = [
    "PortalX Title",
    "",
    "You are here: Home > Invest > Policies",
    "",
    "Liangjiang New Area Tax Guide",
    "",
    "Posted on 12 May 2024. Enterprises in encouraged industries pay 15% corporate income tax, and R&D spending above 2 million yuan earns a 100% super deduction.",
    "",
    "This site uses cookies to improve your browsing experience. Click accept to consent to cookies.",
    "Accept All Cookies",
    "Reject All",
    "Read our Privacy Policy | Terms and Conditions",
    "",
    "(Photo: Li Ming)",
    "",
    "Investment Services BureauTel: 023-6788 1234Fax: 023-6788 1235",
    "E-mail: invest@liangjiang.example.gov.cn",
    "Add: 18 Keyuan Road, Yubei District, Chongqing 401120",
    "",
    "Share this article",
    "Print | Back to top",
    "Leave us a message",
    "Scan the QR code to follow our official WeChat account",
    "To report illegal or harmful information, call 12377.",
    "京ICP证030173号 沪公网安备 31010402000001号",
    "© 2024 Liangjiang Administrative Committee. Unauthorized reproduction is prohibited without permission.",
    "",
    "Open Doors, Shared Futures",
    "",
    "Questions? Write to invest@liangjiang.example.gov.cn",
  ].join("\n");
  const cleaned = cleanText(page);

  it("removes boilerplate of every category", () => {
    for (const gone of [
      "PortalX Title",
      "You are here",
      "cookies",
      "Accept All",
      "Reject All",
      "Privacy Policy",
      "Li Ming",
      "Share this",
      "Back to top",
      "Leave us a message",
      "QR code",
      "12377",
      "ICP",
      "公网安备",
      "©",
      "Open Doors",
    ]) {
      expect(cleaned).not.toContain(gone);
    }
  });

  it("keeps the content and splits the glued contact fields", () => {
    expect(cleaned).toBe(
      [
        "Liangjiang New Area Tax Guide",
        "",
        "Posted on 12 May 2024. Enterprises in encouraged industries pay 15% corporate income tax, and R&D spending above 2 million yuan earns a 100% super deduction.",
        "",
        "Investment Services Bureau",
        "Tel: 023-6788 1234",
        "Fax: 023-6788 1235",
        "E-mail: invest@liangjiang.example.gov.cn",
        "Add: 18 Keyuan Road, Yubei District, Chongqing 401120",
        "",
        "Questions? Write to invest@liangjiang.example.gov.cn",
      ].join("\n"),
    );
  });

  it("recognises Chinese boilerplate", () => {
    const chinese = cleanText(
      [
        "当前位置：首页 > 投资指南",
        "",
        "两江新区对鼓励类产业企业减按15%的税率征收企业所得税。",
        "外商投资企业开展网站业务需要办理ICP备案。",
        "",
        "联系电话：023-67880000",
        "",
        "违法和不良信息举报电话：12377",
        "版权所有：重庆两江新区管理委员会",
        "渝公网安备 50011202500000号",
        "扫一扫关注微信公众号",
        "【打印】【关闭】",
      ].join("\n"),
    );
    expect(chinese).toBe(
      "两江新区对鼓励类产业企业减按15%的税率征收企业所得税。\n外商投资企业开展网站业务需要办理ICP备案。\n\n联系电话：023-67880000",
    );
  });

  it("does not touch prose that mentions the same subjects", () => {
    const prose = [
      "Foreign-invested enterprises that run websites in China need an ICP licence from the provincial communications administration.",
      "The zone offers copyright registration and patent services for software companies.",
      "Visitors who accept the invitation can share the booth with partners.",
      "Home appliances account for 12% of exports.",
      "Copyright protection for software is registered with the municipal copyright office.",
      "Foreign visitors can pay by scanning a QR code with Alipay or WeChat Pay.",
      "The regulations require platforms to remove illegal and harmful information and report it to regulators.",
      "Land Title",
      "Contact us",
      "",
      "Tel: 023-6000 0000",
    ].join("\n");
    expect(cleanText(prose)).toBe(prose);
  });

  it("keeps short title-case lines that are not at the end of the page", () => {
    const text =
      "Open Doors, Shared Futures\n\nThe zone was founded in 1991 and covers 73 square kilometres.";
    expect(cleanText(text)).toBe(text);
  });
});

describe("cleanBlocks", () => {
  it("drops a heading that is itself boilerplate and keeps real headings", () => {
    const blocks = cleanBlocks([
      { text: "Related Articles", headingLevel: 2 },
      { text: "Tax incentives", headingLevel: 2 },
      { text: "Rates are  15%\u00A0for encouraged industries." },
      { text: "How To Reach Us", headingLevel: 2 },
      { text: "Tel: 023-6000 0000" },
    ]);
    expect(blocks).toEqual([
      { text: "Tax incentives", headingLevel: 2 },
      { text: "Rates are 15% for encouraged industries." },
      { text: "How To Reach Us", headingLevel: 2 },
      { text: "Tel: 023-6000 0000" },
    ]);
  });
});

describe("classifyBoilerplateLine", () => {
  it.each([
    ["I Agree", "cookie-notice"],
    ["By continuing to browse our site you agree to our use of cookies.", "cookie-notice"],
    ["渝ICP备12005872号-5", "licence"],
    ["Copyright 2012 All Rights Reserved by the Commission", "legal-notice"],
    [
      "Internet illegal and undesirable information can be reported by calling 110",
      "report-hotline",
    ],
    ["Leaving a message", "message-widget"],
    ["Wechat QR code", "qr-code"],
    ["(Photo/Chongqing Daily)", "photo-credit"],
    ["About UsContact Us", "navigation"],
    ["Home › Invest › Parks", "navigation"],
    ["MUST READ", "navigation"],
  ])("%j is %s", (line, category) => {
    expect(classifyBoilerplateLine(line)).toBe(category);
  });

  it.each([
    "A picture of the Chongqing development zone. (Photo/Chongqing Daily)",
    "Contact number: 023-41407196",
    "For any inquiries, please email service@ichongqing.info",
    "Contact Us",
    "Share of foreign trade: 98.5%",
  ])("keeps %j", (line) => {
    expect(classifyBoilerplateLine(line)).toBeUndefined();
  });
});
