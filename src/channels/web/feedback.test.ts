import { describe, expect, it } from "vitest";
import { createRecordsApp, TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";

const feedback = {
  rating: "down",
  question: "What was Bishan's output in H1 2018?",
  answer: "As of 2018, output was 32.34 billion yuan [1].",
  citationIds: ["c1"],
  comment: "The figure is from 2018; I need a newer one.",
  language: "en",
};

describe("POST /api/feedback", () => {
  it("stores a rating with the question, the answer and the cited ids", async () => {
    const { postJson, feedback: store } = createRecordsApp();
    const res = await postJson("/api/feedback", feedback);
    expect(res.status).toBe(201);
    const { id, createdAt } = await res.json();
    expect(store.records).toEqual([
      { ...feedback, id, createdAt, citations: [], conversation: [] },
    ]);
  });

  it("accepts a rating without a comment", async () => {
    const { postJson, feedback: store } = createRecordsApp();
    const { comment, language, ...rest } = feedback;
    expect((await postJson("/api/feedback", { ...rest, rating: "up" })).status).toBe(201);
    expect(store.records[0]).toMatchObject({ rating: "up", comment: "" });
  });

  it("answers 400 naming each bad field", async () => {
    const { postJson, feedback: store } = createRecordsApp();
    const res = await postJson("/api/feedback", {
      ...feedback,
      rating: "meh",
      question: "",
      citationIds: "c1",
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("bad_request:feedback");
    expect(Object.keys(error.details).sort()).toEqual(["citationIds", "question", "rating"]);
    expect(store.records).toEqual([]);
  });
});

describe("GET /api/feedback", () => {
  it("needs the staff token and lists feedback for staff", async () => {
    const { postJson, getWithToken } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
    await postJson("/api/feedback", feedback);
    expect((await getWithToken("/api/feedback", "")).status).toBe(401);
    const res = await getWithToken("/api/feedback", TEST_ADMIN_TOKEN);
    expect(res.status).toBe(200);
    expect((await res.json()).feedback).toEqual([expect.objectContaining(feedback)]);
    expect((await createRecordsApp().getWithToken("/api/feedback", "x")).status).toBe(403);
  });
});
