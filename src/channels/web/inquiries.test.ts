import { describe, expect, it } from "vitest";
import { RecordsUnavailableError } from "../../records/types.ts";
import { createRecordsApp, TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";

const inquiry = {
  name: "Ana Müller",
  company: "Acme GmbH",
  email: "ana@example.com",
  country: "Germany",
  sector: "automotive",
  message: "We are looking at a parts plant in Bishan.",
  consent: true,
  language: "en",
  conversation: [
    { role: "user", content: "What was Bishan's output?" },
    { role: "assistant", content: "32.34 billion yuan [1]." },
  ],
};

describe("POST /api/inquiries", () => {
  it("stores a valid inquiry and answers 201 with its id", async () => {
    const { postJson, inquiries } = createRecordsApp();
    const res = await postJson("/api/inquiries", inquiry);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), createdAt: expect.any(String) });
    expect(inquiries.records).toEqual([{ ...inquiry, id: body.id, createdAt: body.createdAt }]);
  });

  it("fills optional fields and trims text", async () => {
    const { postJson, inquiries } = createRecordsApp();
    const { company, sector, conversation, language, ...required } = inquiry;
    const res = await postJson("/api/inquiries", { ...required, name: "  Ana  " });
    expect(res.status).toBe(201);
    expect(inquiries.records[0]).toMatchObject({
      name: "Ana",
      company: "",
      sector: "other",
      conversation: [],
    });
  });

  it.each([
    ["a bad email", { email: "ana@" }, ["email"]],
    ["an email without a top-level domain", { email: "anna@mueller" }, ["email"]],
    ["a Chinese email without a top-level domain", { email: "wang@qq" }, ["email"]],
    ["an email that is not text", { email: 42 }, ["email"]],
    ["missing consent", { consent: undefined }, ["consent"]],
    ["refused consent", { consent: false }, ["consent"]],
    ["empty name and message", { name: " ", message: "" }, ["name", "message"]],
    ["an unknown sector", { sector: "casinos" }, ["sector"]],
    [
      "a bad conversation turn",
      { conversation: [{ role: "system", content: "x" }] },
      ["conversation.0.role"],
    ],
  ])("answers 400 with field errors for %s", async (_name, change, fields) => {
    const { postJson, inquiries } = createRecordsApp();
    const res = await postJson("/api/inquiries", { ...inquiry, ...change });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("bad_request:inquiries");
    expect(Object.keys(error.details).sort()).toEqual(fields.sort());
    for (const field of fields) expect(error.message).toContain(field);
    expect(inquiries.records).toEqual([]);
  });

  it("answers 400 for malformed JSON and 413 for a flood", async () => {
    const { postJson } = createRecordsApp();
    expect((await postJson("/api/inquiries", "{nope")).status).toBe(400);
    const huge = await postJson("/api/inquiries", { ...inquiry, message: "x".repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("payload_too_large");
  });

  it("does not acknowledge an inquiry the store failed to keep", async () => {
    const failing = {
      append: async () => Promise.reject(new Error("disk full")),
      list: async () => [],
      deleteBefore: async () => 0,
    };
    const { postJson } = createRecordsApp({ records: { inquiries: failing } });
    const res = await postJson("/api/inquiries", inquiry);
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe("internal");
  });

  it("answers 503 saying to try again when the records database is down, and logs what to fix", async () => {
    const down = async (): Promise<never> => {
      throw new RecordsUnavailableError(
        "The records database is unavailable; please try again in a few minutes.",
        "Check DATABASE_URL.",
        { cause: new Error("connect ECONNREFUSED") },
      );
    };
    const failing = { append: down, list: down, deleteBefore: down };
    const { postJson, getWithToken } = createRecordsApp({
      records: { inquiries: failing },
      adminToken: TEST_ADMIN_TOKEN,
    });
    const res = await postJson("/api/inquiries", inquiry);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    const { error } = await res.json();
    expect(error).toEqual({
      code: "unavailable:records",
      message: "The records database is unavailable; please try again in a few minutes.",
    });
    expect((await getWithToken("/api/inquiries", TEST_ADMIN_TOKEN)).status).toBe(503);
  });
});

describe("GET /api/inquiries", () => {
  it("is switched off with a clear message when no ADMIN_TOKEN is set", async () => {
    const { getWithToken } = createRecordsApp();
    const res = await getWithToken("/api/inquiries", "anything-at-all-here");
    expect(res.status).toBe(403);
    const { error } = await res.json();
    expect(error.code).toBe("disabled:admin");
    expect(error.message).toContain("ADMIN_TOKEN");
  });

  it.each([
    ["no token", undefined],
    ["a wrong token", "wrong-token-0123456789abc"],
    ["a prefix of the token", TEST_ADMIN_TOKEN.slice(0, -1)],
  ])("answers 401 with a Bearer challenge for %s", async (_name, token) => {
    const { getWithToken } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
    const res = await getWithToken("/api/inquiries", token);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="staff"');
    expect((await res.json()).error.code).toBe("unauthorized:admin");
  });

  it("lists inquiries newest first for staff, honouring limit", async () => {
    const { postJson, getWithToken } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
    for (const name of ["First", "Second", "Third"]) {
      await postJson("/api/inquiries", { ...inquiry, name });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const res = await getWithToken("/api/inquiries", TEST_ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const { inquiries } = await res.json();
    expect(inquiries.map((i: { name: string }) => i.name)).toEqual(["Third", "Second", "First"]);
    expect(inquiries[0].conversation).toEqual(inquiry.conversation);
    const limited = await (await getWithToken("/api/inquiries?limit=1", TEST_ADMIN_TOKEN)).json();
    expect(limited.inquiries).toHaveLength(1);
    const bad = await getWithToken("/api/inquiries?limit=0", TEST_ADMIN_TOKEN);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toHaveProperty("limit");
  });

  it("is described in OpenAPI with the staff security scheme", async () => {
    const { app } = createRecordsApp();
    const spec = await (await app.request("/openapi.json")).json();
    expect(spec.paths["/api/inquiries"].post.requestBody).toBeDefined();
    expect(spec.paths["/api/inquiries"].get.security).toEqual([{ staffToken: [] }]);
    expect(spec.components.securitySchemes.staffToken.scheme).toBe("bearer");
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(["InquiryRequest", "Inquiry", "Created"]),
    );
  });
});

describe("the email rule the page and the server share", () => {
  it.each([
    ["anna@mueller.de", true],
    ["wang@qq.com", true],
    ["  a.b+tag@sub.example.co.uk ", true],
    ["li@例子.中国", true],
    ["anna@mueller", false],
    ["wang@qq", false],
    ["ana@", false],
    ["a..b@example.com", false],
    ["a@example..com", false],
    ["a b@example.com", false],
    [`${"a".repeat(250)}@b.cn`, false],
  ])("%s → %s on the server", async (email, accepted) => {
    const { postJson } = createRecordsApp();
    const res = await postJson("/api/inquiries", { ...inquiry, email });
    expect(res.status).toBe(accepted ? 201 : 400);
  });
});
