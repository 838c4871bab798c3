import { describe, expect, it } from "vitest";
import { expandQuery, getQueryExpansions } from "./query-expansion.ts";

describe("query expansion", () => {
  it("adds document vocabulary for investor wording", () => {
    expect(getQueryExpansions("Do the new rules favour electric car makers?")).toContain(
      "regulations",
    );
    expect(getQueryExpansions("Do the new rules favour electric car makers?")).toContain(
      "new energy vehicles",
    );
    expect(getQueryExpansions("Where can visiting executives find accommodation?")).toContain(
      "hotels",
    );
  });

  it("matches whole words only", () => {
    expect(getQueryExpansions("evaluate the carbon footprint")).not.toContain(
      "new energy vehicles",
    );
    expect(getQueryExpansions("scarcity")).toBe("");
  });

  it("translates Chinese domain terms", () => {
    expect(getQueryExpansions("璧山高新区有多少家企业？")).toMatch(/bishan/i);
  });

  it("keeps the original query first and leaves plain queries alone", () => {
    expect(expandQuery("notebook PCs").startsWith("notebook PCs ")).toBe(true);
    expect(expandQuery("Xiyong")).toBe("Xiyong");
  });
});
