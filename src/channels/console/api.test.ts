/**
 * The console's APIs over memory stores: inquiry status, note, filters and CSV; unanswered
 * questions grouped, marked handled and back when asked again; usage; feedback kept whole.
 */
import { describe, expect, it } from "vitest";
import { groupUnanswered, jaccard, questionTerms } from "../../console/unanswered.ts";
import type { InquiryRecord, QuestionRecord } from "../../records/schemas.ts";
import { createFakeAssistant } from "../../testing/fake-assistant.ts";
import { createRecordsApp, TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

const inquiry = (id: string, country: string, minutesAgo: number): InquiryRecord => ({
  id,
  createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  name: `Investor ${id}`,
  company: "",
  email: `${id}@example.com`,
  country,
  sector: "other",
  message: "Please call",
  consent: true,
  conversation: [
    { role: "user", content: "Output?" },
    {
      role: "assistant",
      content: "32.34 billion yuan [1].",
      citations: [{ n: 1, id: "c1", docId: "bishan", title: "Bishan High-tech Zone" }],
    },
  ],
});

describe("inquiries for staff", () => {
  it("are listed newest first with status and note, filtered, changed and exported", async () => {
    const { app, inquiries } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
    await inquiries.append(inquiry("old", "Germany", 30));
    await inquiries.append(inquiry("new", "Japan", 1));
    const list = async (query = "") =>
      (await (await app.request(`/api/inquiries${query}`, { headers: auth })).json()).inquiries;
    expect((await list()).map((i: InquiryRecord) => i.id)).toEqual(["new", "old"]);
    expect((await list())[1]).toMatchObject({ status: "new", note: "" });
    expect((await list())[0].conversation[1].citations[0].title).toBe("Bishan High-tech Zone");

    const patch = (id: string, body: unknown) =>
      app.request(`/api/inquiries/${id}`, {
        method: "PATCH",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const changed = await patch("old", { status: "contacted", note: "Called on Monday" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      id: "old",
      status: "contacted",
      note: "Called on Monday",
    });
    expect((await patch("old", { status: "closed" })).status).toBe(200);
    expect((await list())[1]).toMatchObject({ status: "closed", note: "Called on Monday" });

    expect((await list("?status=closed")).map((i: InquiryRecord) => i.id)).toEqual(["old"]);
    expect((await list("?status=new")).map((i: InquiryRecord) => i.id)).toEqual(["new"]);
    expect((await list("?country=japan")).map((i: InquiryRecord) => i.id)).toEqual(["new"]);

    for (const [id, body, status] of [
      ["old", { status: "won" }, 400],
      ["old", {}, 400],
      ["old", { note: "x".repeat(5001) }, 400],
      ["missing", { status: "closed" }, 404],
    ] as const) {
      const res = await patch(id, body);
      expect(res.status).toBe(status);
      expect((await res.json()).error.message).toBeTruthy();
    }
    expect((await app.request("/api/inquiries?status=won", { headers: auth })).status).toBe(400);

    const csv = await app.request("/api/inquiries.csv?status=closed", { headers: auth });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toContain("status,note");
    expect(text).toContain("[1] Bishan High-tech Zone");
    expect(text).toContain("closed,Called on Monday");
    expect(text).not.toContain("new@example.com");
  });
});

describe("feedback", () => {
  it("keeps the standalone question, the conversation and the cited titles", async () => {
    const { app, postJson } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
    const res = await postJson("/api/feedback", {
      rating: "down",
      question: "And how many enterprises are in it?",
      standaloneQuestion: "How many enterprises are in Bishan High-tech Zone?",
      answered: true,
      answer: "About 300 [1].",
      citationIds: ["c1"],
      citations: [{ n: 1, id: "c1", docId: "bishan", title: "Bishan High-tech Zone" }],
      conversation: [
        { role: "user", content: "Tell me about Bishan." },
        {
          role: "assistant",
          content: "It is a zone [1].",
          citations: [{ n: 1, title: "Bishan High-tech Zone" }],
        },
      ],
    });
    expect(res.status).toBe(201);
    const [stored] = (await (await app.request("/api/feedback", { headers: auth })).json())
      .feedback;
    expect(stored).toMatchObject({
      standaloneQuestion: "How many enterprises are in Bishan High-tech Zone?",
      answered: true,
      citations: [{ n: 1, title: "Bishan High-tech Zone" }],
    });
    expect(stored.conversation).toHaveLength(2);
  });
});

describe("unanswered questions", () => {
  it("group declined and thumbs-down questions, can be marked handled, and come back when asked again", async () => {
    const declining = createFakeAssistant();
    const decline = {
      ...declining.assistant,
      answer: async (messages: Parameters<typeof declining.assistant.answer>[0]) => ({
        ...(await declining.assistant.answer(messages)),
        answered: false,
        citations: [],
      }),
    };
    const { app, postJson } = createRecordsApp({
      adminToken: TEST_ADMIN_TOKEN,
      assistant: decline,
    });
    const ask = (content: string) =>
      postJson("/api/chat", { messages: [{ role: "user", content }] });
    await ask("What is the price of industrial land in Bishan?");
    await new Promise((r) => setTimeout(r, 5));
    await ask("What is the industrial land price in Bishan?");
    await new Promise((r) => setTimeout(r, 5));
    await ask("重庆的外国人子女学校有哪些？");
    // Newest group first: the thumbs-down must not share the Chinese question's millisecond.
    await new Promise((r) => setTimeout(r, 5));
    await postJson("/api/feedback", {
      rating: "down",
      question: "how much does industrial land cost in Bishan",
      answer: "x",
      comment: "no price given",
    });
    const groups = async () =>
      (await (await app.request("/api/admin/unanswered", { headers: auth })).json()).groups;
    await new Promise((r) => setTimeout(r, 20));
    const first = await groups();
    expect(first).toHaveLength(2);
    const land = first.find((g: { latest: { question: string } }) =>
      /land/.test(g.latest.question),
    );
    expect(land).toMatchObject({ count: 3, declined: 2, thumbsDown: 1 });
    expect(land.latest.comment).toBe("no price given");
    expect(first[0]).toBe(land);

    const marked = await app.request("/api/admin/unanswered/handled", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ itemIds: land.itemIds }),
    });
    expect(marked.status).toBe(201);
    expect((await groups()).map((g: { count: number }) => g.count)).toEqual([1]);

    await ask("Price of industrial land in Bishan?");
    await new Promise((r) => setTimeout(r, 20));
    const again = await groups();
    expect(again).toHaveLength(2);
    expect(again[0]).toMatchObject({
      count: 1,
      latest: { question: "Price of industrial land in Bishan?" },
    });
  });

  it("compare English by words and Chinese by character pairs", () => {
    expect(
      jaccard(
        questionTerms("industrial land price Bishan"),
        questionTerms("Bishan land prices, industrial"),
      ),
    ).toBe(1);
    expect(
      jaccard(questionTerms("璧山工业用地价格"), questionTerms("璧山的工业用地价格是多少")),
    ).toBeGreaterThan(0.5);
    expect(jaccard(questionTerms("璧山工业用地价格"), questionTerms("外国人子女学校"))).toBe(0);
    expect(groupUnanswered([])).toEqual([]);
  });
});

describe("usage", () => {
  it("counts questions per day by channel and language with the answered share", async () => {
    const { app, stores } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
    const row = (
      id: string,
      daysAgo: number,
      channel: QuestionRecord["channel"],
      answered: boolean,
      language = "en",
    ): QuestionRecord => ({
      id,
      createdAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      channel,
      language,
      question: id,
      standaloneQuestion: "",
      answered,
      mode: "offline",
      latencyMs: 10,
      cited: [],
      turn: 0,
    });
    for (const r of [
      row("a", 0, "web", true),
      row("b", 0, "wechat", false, "zh"),
      row("c", 2, "api", true),
      row("d", 40, "web", true),
    ]) {
      await stores.questions.append(r);
    }
    const res = await app.request("/api/admin/stats?days=7", { headers: auth });
    expect(res.status).toBe(200);
    const stats = await res.json();
    expect(stats.days).toHaveLength(7);
    expect(stats.days.at(-1)).toMatchObject({
      total: 2,
      byChannel: { web: 1, wechat: 1 },
      byLanguage: { en: 1, zh: 1 },
    });
    expect(stats.totals).toMatchObject({ questions: 3, answered: 2, declined: 1 });
    expect((await app.request("/api/admin/stats?days=0", { headers: auth })).status).toBe(400);
  });
});
