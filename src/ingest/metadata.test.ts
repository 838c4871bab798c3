import { describe, expect, it } from "vitest";
import {
  createDocumentId,
  detectLanguage,
  humaniseFileName,
  isIsoDate,
  normaliseDateHint,
  parseDocumentMeta,
  resolveDocumentMetadata,
} from "./metadata.ts";

describe("parseDocumentMeta", () => {
  it("accepts every field of a seed sidecar", () => {
    const result = parseDocumentMeta(
      {
        title: "Chongqing Bishan High-tech Industrial Development Zone",
        publisher: "Chongqing Investment Promotion Association",
        date: "2018",
        dateApproximate: true,
        language: "en",
        author: "Zhan Chen",
        seedFile: "001_fe9a854ed3289b95.txt",
        sourceUrl: "https://www.example.com/page",
      },
      "bishan.txt.meta.json",
    );
    expect(result).toEqual({
      ok: true,
      meta: expect.objectContaining({ date: "2018", dateApproximate: true, language: "en" }),
    });
  });

  it("treats every field as optional and null as missing", () => {
    expect(parseDocumentMeta({}, "a.meta.json")).toEqual({ ok: true, meta: {} });
    expect(parseDocumentMeta(undefined, "a.meta.json")).toEqual({ ok: true, meta: {} });
    expect(parseDocumentMeta({ date: null, title: "T" }, "a.meta.json")).toEqual({
      ok: true,
      meta: { title: "T" },
    });
  });

  it.each(["2025", "2025-02", "2025-02-26", "undated"])("accepts the date %s", (date) => {
    expect(parseDocumentMeta({ date }, "x").ok).toBe(true);
  });

  it.each(["26/02/2025", "2025-13", "2025-02-30", "Feb 2025", "25"])(
    "rejects the date %s",
    (date) => {
      expect(parseDocumentMeta({ date }, "x").ok).toBe(false);
    },
  );

  it("coerces YAML dates and years, which front matter parses into Date and number", () => {
    const result = parseDocumentMeta({ date: new Date("2024-03-01T00:00:00Z") }, "x");
    expect(result).toEqual({ ok: true, meta: { date: "2024-03-01" } });
    expect(parseDocumentMeta({ date: 2018 }, "x")).toEqual({ ok: true, meta: { date: "2018" } });
  });

  it("canonicalises language tags and rejects non-tags", () => {
    expect(parseDocumentMeta({ language: "zh-cn" }, "x")).toEqual({
      ok: true,
      meta: { language: "zh-CN" },
    });
    expect(parseDocumentMeta({ language: "Chinese (simplified)" }, "x").ok).toBe(false);
  });

  it("names the file and every invalid field in the error", () => {
    const result = parseDocumentMeta(
      { date: "26/02/2025", sourceUrl: "not a url", dateApproximate: "yes" },
      "guide.txt.meta.json",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^guide\.txt\.meta\.json: /);
    expect(result.error).toContain('field "date"');
    expect(result.error).toContain('field "sourceUrl"');
    expect(result.error).toContain('field "dateApproximate"');
  });

  it("rejects metadata that is not an object", () => {
    expect(parseDocumentMeta(["title"], "x.meta.json")).toEqual({
      ok: false,
      error: "x.meta.json: expected an object of metadata fields",
    });
  });
});

describe("createDocumentId", () => {
  it.each([
    ["bishan-high-tech-zone.txt", "bishan-high-tech-zone"],
    ["policies/tax.md", "policies-tax"],
    ["Policies/Tax Incentives (2024).PDF", "policies-tax-incentives-2024"],
    ["001_Bishan__Zone.html", "001-bishan-zone"],
    ["Café Guide.md", "cafe-guide"],
  ])("%s → %s", (path, id) => {
    expect(createDocumentId(path)).toBe(id);
  });

  it("falls back to a stable hash when nothing of the name survives", () => {
    const id = createDocumentId("重庆指南.txt");
    expect(id).toMatch(/^doc-[0-9a-f]{10}$/);
    expect(createDocumentId("重庆指南.txt")).toBe(id);
    expect(createDocumentId("成都指南.txt")).not.toBe(id);
  });
});

describe("humaniseFileName", () => {
  it("turns a file name into a title", () => {
    expect(humaniseFileName("policies/tax-incentives_2024.md")).toBe("Tax incentives 2024");
  });
});

describe("detectLanguage", () => {
  it("tells Chinese from English by the share of CJK characters", () => {
    expect(detectLanguage("Chongqing High-tech Zone was established in March 1991.")).toBe("en");
    expect(detectLanguage("重庆高新区是国务院批准设立的国家级高新区，面积 73 平方公里。")).toBe(
      "zh",
    );
    expect(detectLanguage("The ICP filing number is 渝ICP备12005872号 for this site.")).toBe("en");
    expect(detectLanguage("")).toBe("en");
  });
});

describe("dates", () => {
  it("validates calendar dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
  });

  it("normalises dates found in documents", () => {
    expect(normaliseDateHint("2025-02-26T10:00:00+08:00")).toBe("2025-02-26");
    expect(normaliseDateHint("2025/2/6")).toBe("2025-02-06");
    expect(normaliseDateHint("2025-02")).toBe("2025-02");
    expect(normaliseDateHint("yesterday")).toBeUndefined();
    expect(normaliseDateHint("2025-02-31")).toBeUndefined();
  });
});

describe("resolveDocumentMetadata", () => {
  it("applies the defaults when nothing is declared or found", () => {
    expect(
      resolveDocumentMetadata({
        path: "notes/site-visit_notes.txt",
        declared: {},
        hints: {},
        text: "重庆两江新区欢迎外国投资者。",
      }),
    ).toEqual({
      id: "notes-site-visit-notes",
      title: "Site visit notes",
      publisher: "unknown",
      date: "undated",
      language: "zh",
      dateApproximate: false,
    });
  });

  it("prefers declared metadata over hints found in the document", () => {
    const resolved = resolveDocumentMetadata({
      path: "page.html",
      declared: { title: "Declared", date: "2021", dateApproximate: true },
      hints: {
        title: "From <title>",
        date: "2024-05-12T09:00:00Z",
        language: "en-US",
        publisher: "Site",
      },
      text: "",
    });
    expect(resolved).toMatchObject({
      title: "Declared",
      date: "2021",
      dateApproximate: true,
      language: "en-US",
      publisher: "Site",
    });
  });

  it("ignores hints that would not pass the schema", () => {
    const resolved = resolveDocumentMetadata({
      path: "page.html",
      declared: {},
      hints: { date: "last Tuesday", language: "english", sourceUrl: "javascript:alert(1)" },
      text: "Plain English text.",
    });
    expect(resolved.date).toBe("undated");
    expect(resolved.language).toBe("en");
    expect(resolved.sourceUrl).toBeUndefined();
  });
});
