import { describe, expect, it } from "vitest";
import { createTestSource } from "../../testing/answer-fixtures.ts";
import { findUnverifiedFigures } from "../passages/figures.ts";
import { composeDecline, findContacts, pickHumanContact } from "./contacts.ts";

const bishanFooter = createTestSource(
  7,
  "Address: No. 8 Shuangxing Avenue, Biquan Street, Bishan District, Chongqing\n\nContact number: 023-41407196\n\nHost: Chongqing Foreign Trade and Economic Relations Commerce\nUndertaker: Chongqing Investment Promotion Association\nTel: +86-023-67862888",
  { title: "Chongqing Bishan High-tech Industrial Development Zone", date: "2018" },
);
const articleFooter = createTestSource(
  8,
  "Internet illegal and undesirable information can be reported by calling this telephone number:+86-23-67230470\n\nFor any inquiries, please email service@ichongqing.info",
  { title: "Chongqing Core Urban Area Catalyzing High-Quality Development", date: "2021" },
);

describe("findContacts", () => {
  it("finds phones, emails and addresses with whom they reach, leaving out report hotlines", () => {
    const contacts = findContacts([bishanFooter.chunk, articleFooter.chunk]).map(
      ({ kind, value, organization }) => ({ kind, value, organization }),
    );
    expect(contacts).toEqual([
      {
        kind: "address",
        value: "No. 8 Shuangxing Avenue, Biquan Street, Bishan District, Chongqing",
        organization: "Chongqing Bishan High-tech Industrial Development Zone",
      },
      {
        kind: "phone",
        value: "023-41407196",
        organization: "Chongqing Bishan High-tech Industrial Development Zone",
      },
      {
        kind: "phone",
        value: "+86-023-67862888",
        organization: "Chongqing Investment Promotion Association",
      },
      { kind: "email", value: "service@ichongqing.info", organization: "ichongqing.info" },
    ]);
  });
});

describe("pickHumanContact", () => {
  const contacts = findContacts([bishanFooter.chunk, articleFooter.chunk]);

  it("prefers the asked-about place's own phone", () => {
    const contact = pickHumanContact(contacts, [bishanFooter.chunk.docId]);
    expect(contact?.value).toBe("023-41407196");
  });

  it("otherwise the investment promotion office, then an email", () => {
    expect(pickHumanContact(contacts)?.value).toBe("+86-023-67862888");
    const emailOnly = findContacts([articleFooter.chunk]);
    expect(pickHumanContact(emailOnly)?.value).toBe("service@ichongqing.info");
    expect(pickHumanContact([])).toBeUndefined();
  });
});

describe("composeDecline", () => {
  const [phone] = findContacts([bishanFooter.chunk]).filter((c) => c.kind === "phone");
  const contact = phone && { contact: phone, n: 7 };

  it("declines in a clean English sentence with the contact, cited, and no question pasted in", () => {
    const decline = composeDecline({ chinese: false, reason: "missing", contact });
    expect(decline.answer).toBe(
      "I don't have that information in my sources. For help, you could contact the Chongqing Bishan High-tech Industrial Development Zone (tel. 023-41407196) [7].",
    );
    expect(decline.cited).toEqual([7]);
    expect(findUnverifiedFigures(decline.answer, [bishanFooter.chunk.text])).toEqual([]);
  });

  it("says what the sources do say when they cover the topic but not the exact point", () => {
    const decline = composeDecline({
      chinese: false,
      reason: "missing",
      related: { text: "The built area covers 21 square kilometers [3].", n: 3 },
      contact,
    });
    expect(decline.answer).toMatch(
      /^My sources don't give that exact information\. Here is what they do say: The built area/,
    );
    expect(decline.cited).toEqual([3, 7]);
  });

  it("declines in Chinese for a Chinese question, and explains out-of-scope and injected ones", () => {
    const chinese = composeDecline({ chinese: true, reason: "missing", contact });
    expect(chinese.answer).toMatch(/^抱歉，我的资料中没有这方面的信息。如需帮助/);
    expect(chinese.answer).toContain("023-41407196");
    const outside = composeDecline({ chinese: false, reason: "out-of-scope" });
    expect(outside.answer).toMatch(/outside what my sources cover/);
    expect(outside.cited).toEqual([]);
    const injected = composeDecline({ chinese: false, reason: "injected" });
    expect(injected.answer).toMatch(/don't follow instructions/);
  });
});
