import { describe, expect, it } from "vitest";
import { formatCsv, formatCsvCell, formatInquiriesCsv } from "./csv.ts";
import type { InquiryRecord } from "./schemas.ts";

describe("formatCsvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r\nlf", '"cr\r\nlf"'],
    ["", ""],
    ["重庆", "重庆"],
  ])("quotes %j as RFC 4180 asks", (given, expected) => {
    expect(formatCsvCell(given)).toBe(expected);
  });

  it.each([
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\r=1", '"\'\r=1"'],
  ])("neutralises a formula in %j", (given, expected) => {
    expect(formatCsvCell(given)).toBe(expected);
  });

  it("writes empty cells for missing values and numbers as they are", () => {
    expect(formatCsv(["a", "b", "c"], [[undefined, null, 3]])).toBe("a,b,c\r\n,,3\r\n");
  });
});

describe("formatInquiriesCsv", () => {
  it("puts each inquiry on one logical row with the conversation in one cell", () => {
    const record: InquiryRecord = {
      id: "i1",
      createdAt: "2025-03-01T08:00:00.000Z",
      name: "=cmd|'/c calc'!A1",
      company: "Acme, Ltd",
      email: "ana@example.com",
      country: "Germany",
      sector: "automotive",
      message: 'We "plan" a plant',
      consent: true,
      language: "en",
      conversation: [
        { role: "user", content: "Land prices?" },
        { role: "assistant", content: "I do not have that information." },
      ],
    };
    // (A turn's cited sources are written under it; see the next test.)
    const csv = formatInquiriesCsv([record]);
    const [header, row] = csv.split("\r\n");
    expect(header).toBe(
      "id,created_at,name,company,email,country,sector,message,consent,language,conversation,status,note",
    );
    expect(row).toBe(
      `i1,2025-03-01T08:00:00.000Z,'=cmd|'/c calc'!A1,"Acme, Ltd",ana@example.com,Germany,automotive,"We ""plan"" a plant",yes,en,"user: Land prices?\n\nassistant: I do not have that information.",new,`,
    );
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});

describe("conversation cells", () => {
  it("keep the sources an assistant turn's [n] markers point to", () => {
    const record: InquiryRecord = {
      id: "i2",
      createdAt: "2025-03-01T08:00:00.000Z",
      name: "Ana",
      company: "",
      email: "ana@example.com",
      country: "Germany",
      sector: "other",
      message: "Call me",
      consent: true,
      conversation: [
        { role: "user", content: "Output?" },
        {
          role: "assistant",
          content: "32.34 billion yuan [1].",
          citations: [{ n: 1, id: "c1", docId: "bishan", title: "Bishan High-tech Zone" }],
        },
      ],
    };
    const csv = formatInquiriesCsv([{ ...record, status: "contacted", note: "called" }]);
    expect(csv).toContain("assistant: 32.34 billion yuan [1].\n[1] Bishan High-tech Zone");
    expect(csv.split("\r\n")[1]?.endsWith(",contacted,called")).toBe(true);
  });
});
