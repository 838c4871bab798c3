/**
 * Property-based fuzzing of the console's inputs: any body, id and query to the staff APIs, any
 * form to the sign-in, and any upload name. No input may produce a 5xx; every API rejection is a
 * 4xx with the JSON error shape, and an accepted upload name never leaves the upload folder.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../http/errors.ts";
import { checkUploadName } from "../../runtime/node/documents.ts";
import { createRecordsApp, TEST_ADMIN_TOKEN } from "../../testing/records-app.ts";

const RUNS = 150;
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const { app, inquiries } = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN });
await inquiries.append({
  id: "known",
  createdAt: new Date().toISOString(),
  name: "A",
  company: "",
  email: "a@example.com",
  country: "Germany",
  sector: "other",
  message: "Hi",
  consent: true,
  conversation: [],
});

async function expectHandled(res: Response) {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    const body = await res.json();
    expect(typeof body.error.code).toBe("string");
    expect(typeof body.error.message).toBe("string");
  }
}

const id = fc.oneof(fc.constant("known"), fc.string({ maxLength: 60 }));

describe("the console APIs under arbitrary input", () => {
  it("PATCH /api/inquiries/:id answers 200 or a 4xx JSON error", async () => {
    await fc.assert(
      fc.asyncProperty(id, fc.oneof(fc.json(), fc.string()), async (target, body) => {
        const res = await app.request(`/api/inquiries/${encodeURIComponent(target)}`, {
          method: "PATCH",
          headers: { ...auth, "content-type": "application/json" },
          body,
        });
        await expectHandled(res);
      }),
      { numRuns: RUNS },
    );
  });

  it("POST /api/admin/unanswered/handled answers 201 or a 4xx JSON error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), async (body) => {
        const res = await app.request("/api/admin/unanswered/handled", {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body,
        });
        await expectHandled(res);
      }),
      { numRuns: RUNS },
    );
  });

  it("listings answer 200 or a 4xx JSON error for any query", async () => {
    const paths = [
      "/api/admin/questions",
      "/api/admin/stats",
      "/api/inquiries",
      "/api/inquiries.csv",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.dictionary(
          fc.constantFrom("limit", "days", "channel", "answered", "status", "country", "x"),
          fc.string({ maxLength: 120 }),
        ),
        async (path, query) => {
          const res = await app.request(`${path}?${new URLSearchParams(query)}`, { headers: auth });
          await expectHandled(res);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the sign-in form never fails with a 5xx", async () => {
    const fresh = createRecordsApp({ adminToken: TEST_ADMIN_TOKEN }).app;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.constantFrom(
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "text/plain",
          "application/json",
        ),
        async (body, type) => {
          const res = await fresh.request("/admin/sign-in", {
            method: "POST",
            headers: { "content-type": type },
            body,
          });
          expect([401, 429]).toContain(res.status);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("upload names", () => {
  it("are kept inside the upload folder or refused with a 400", () => {
    const pieces = fc.constantFrom(
      "..",
      ".",
      "/",
      "\\",
      "\u0000",
      "\n",
      "a",
      "文",
      " ",
      ".md",
      ".pdf",
      ".txt",
      "%2e",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join("")),
        ),
        (name) => {
          let accepted: string;
          try {
            accepted = checkUploadName(name);
          } catch (error) {
            expect(error).toBeInstanceOf(ApiError);
            expect((error as ApiError).status).toBe(400);
            return;
          }
          expect(accepted).not.toMatch(/[/\\]|\.\.|^\./);
          expect(accepted).toMatch(/\.(pdf|html|htm|md|txt)$/i);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
