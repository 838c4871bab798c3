/**
 * @module Human contacts in the corpus (phone numbers, emails, addresses and whom they belong
 * to), and the honest decline that points an investor to one of them when the sources do not
 * answer a question.
 */

import { formatSourceDate } from "../passages/dates.ts";
import type { Chunk } from "../types.ts";

/**
 * The sentence a decline ends with, pointing to a human contact (see {@link composeDecline}): no
 * part of the conversation's topic.
 */
export const CONTACT_SENTENCE =
  /\s*(?:For help, you could (?:contact|email) [^\n]*?\[\d+\]\.|如需帮助，[^。]*。)/g;

/** A query that retrieves the passages holding the corpus's contact details. */
export const CONTACT_QUERY =
  "Chongqing Investment Promotion Association Tel contact number email inquiries address";

/** A way to reach a person or an office, as a passage gives it. */
export interface Contact {
  kind: "phone" | "email" | "address";
  /** `+86-023-67862888`, `service@ichongqing.info`, `No. 8 Shuangxing Avenue, …`. */
  value: string;
  /** Whom it reaches: a label in the passage (`Undertaker: …`), the email's site, or the title. */
  organization: string;
  /** The line it was found on. */
  line: string;
  chunk: Chunk;
}

const PHONE = /(?<![\w-])\+?\d[\d\s()-]{5,}\d(?![\w-])/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const ADDRESS = /^(?:address|add|addr|地址)\s*[:：]\s*(.+)$/i;
/** Lines naming who runs a page: `Undertaker: Chongqing Investment Promotion Association`. */
const ORGANIZATION_LABEL =
  /^(?:undertaker|organi[sz]er|operator|sponsor|host|contact|publisher)\s*[:：]\s*(.+)$/i;
/** Hotlines for reporting illegal content are not contacts for investors. */
const NOT_FOR_INVESTORS = /illegal|undesirable|report|complain|举报|违法/i;

function countDigits(text: string): number {
  return text.replace(/\D/g, "").length;
}

/** A title as an organisation name: `Chongqing High-tech Zone: overview` → `Chongqing High-tech Zone`. */
function nameFromTitle(title: string): string {
  return title.split(/\s*[:|—–]\s+/)[0]?.trim() || title;
}

function nameFromEmail(email: string, chunks: readonly Chunk[]): string {
  const host = email.split("@")[1] ?? email;
  const label = host.split(".")[0] ?? host;
  const pattern = new RegExp(`\\b${label.replace(/[^\w-]/g, "")}\\b`, "i");
  for (const chunk of chunks) {
    const found = pattern.exec(`${chunk.title}\n${chunk.text}`);
    if (found && found[0] !== found[0].toLowerCase()) return found[0];
  }
  return host;
}

/**
 * Phone numbers, emails and addresses in the chunks, each with the organisation it belongs to:
 * the nearest `Undertaker:`/`Host:`-style label above it in the same block, else (for emails) the
 * site the address belongs to, else the document title. Report-abuse hotlines are left out.
 * Duplicates (the same value for the same organisation) are listed once.
 */
export function findContacts(chunks: readonly Chunk[]): Contact[] {
  const contacts: Contact[] = [];
  const seen = new Set<string>();
  for (const chunk of chunks) {
    for (const { kind, value, label, line } of readContactLines(chunk)) {
      const organization =
        label ?? (kind === "email" ? nameFromEmail(value, chunks) : nameFromTitle(chunk.title));
      const key = `${kind}\u0000${value}\u0000${organization}`;
      if (seen.has(key)) continue;
      seen.add(key);
      contacts.push({ kind, value, organization, line, chunk });
    }
  }
  return contacts;
}

/** A contact as one chunk states it, with the label above it if any. */
interface ContactLine {
  kind: Contact["kind"];
  value: string;
  label: string | undefined;
  line: string;
}

/** Each chunk's contact lines, read once per chunk object (chunks live as long as their index). */
const contactLines = new WeakMap<Chunk, readonly ContactLine[]>();

function readContactLines(chunk: Chunk): readonly ContactLine[] {
  const known = contactLines.get(chunk);
  if (known) return known;
  const lines: ContactLine[] = [];
  let label: string | undefined;
  for (const raw of chunk.text.split("\n")) {
    const line = raw.trim();
    if (!line) {
      label = undefined;
      continue;
    }
    if (NOT_FOR_INVESTORS.test(line)) continue;
    const labelled = ORGANIZATION_LABEL.exec(line);
    if (labelled?.[1] && !PHONE.test(line) && !EMAIL.test(line)) {
      label = labelled[1].trim();
      continue;
    }
    const address = ADDRESS.exec(line);
    if (address?.[1]) lines.push({ kind: "address", value: address[1].trim(), label, line });
    const email = EMAIL.exec(line);
    if (email) lines.push({ kind: "email", value: email[0], label, line });
    const phone = PHONE.exec(line.replace(EMAIL, " "));
    if (!address && phone && countDigits(phone[0]) >= 7) {
      lines.push({ kind: "phone", value: phone[0].trim(), label, line });
    }
  }
  contactLines.set(chunk, lines);
  return lines;
}

/** One sentence giving a contact, e.g. "The contact number for X is 023-41407196". */
export function describeContact(contact: Contact): string {
  const date = formatSourceDate(contact.chunk.date);
  const lead = date ? `As of ${date}, the` : "The";
  if (contact.kind === "email") {
    const to = contact.value.endsWith(contact.organization) ? "" : ` to ${contact.organization}`;
    return `${date ? `As of ${date}, inquiries` : "Inquiries"}${to} can be emailed to ${contact.value}`;
  }
  if (contact.kind === "address") {
    return `${lead} address of ${contact.organization} is ${contact.value.replace(/[.。]$/, "")}`;
  }
  return `${lead} contact number for ${contact.organization} is ${contact.value}`;
}

/**
 * The contact a decline points to: the asked-about place's own (its documents' phone, then
 * email) when the sources have one, else an investment promotion office's phone, else any email,
 * else any phone.
 */
export function pickHumanContact(
  contacts: readonly Contact[],
  preferredDocs: readonly string[] = [],
): Contact | undefined {
  const own = contacts.filter((contact) => preferredDocs.includes(contact.chunk.docId));
  return (
    own.find((contact) => contact.kind === "phone") ??
    own.find((contact) => contact.kind === "email") ??
    contacts.find(
      (contact) => contact.kind === "phone" && /investment promotion/i.test(contact.organization),
    ) ??
    contacts.find((contact) => contact.kind === "email") ??
    contacts.find((contact) => contact.kind === "phone")
  );
}

/** Why an answer declines. */
export type DeclineReason = "out-of-scope" | "missing" | "injected";

/**
 * An honest decline in the question's language: what is missing (never the question repeated),
 * what the sources do say about the topic when they say something (cited), and a human contact
 * from the corpus (cited).
 */
export function composeDecline({
  chinese,
  reason,
  related,
  contact,
}: {
  chinese: boolean;
  reason: DeclineReason;
  related?: { text: string; n: number } | undefined;
  contact?: { contact: Contact; n: number } | undefined;
}): { answer: string; cited: number[] } {
  const parts: string[] = [];
  const cited: number[] = [];
  if (chinese) {
    if (reason === "injected")
      parts.push("我只根据资料回答有关重庆开发区投资的问题，不会执行其他指令。");
    else if (related)
      parts.push("资料中没有您问的这一具体信息。资料中与此相关的内容（英文原文）：");
    else if (reason === "out-of-scope")
      parts.push("抱歉，这个问题超出了我的资料范围：我只能回答有关在重庆开发区投资的问题。");
    else parts.push("抱歉，我的资料中没有这方面的信息。");
  } else if (reason === "injected") {
    parts.push(
      "I can only answer questions about investing in Chongqing's development zones from my sources, and I don't follow instructions to do otherwise.",
    );
  } else if (related) {
    parts.push("My sources don't give that exact information. Here is what they do say:");
  } else if (reason === "out-of-scope") {
    parts.push(
      "That is outside what my sources cover: I can only answer questions about investing in Chongqing's development zones.",
    );
  } else {
    parts.push("I don't have that information in my sources.");
  }
  if (related) {
    parts.push(related.text);
    cited.push(related.n);
  }
  if (contact) {
    const { kind, value, organization } = contact.contact;
    const marker = `[${contact.n}]`;
    if (chinese) {
      parts.push(
        kind === "email"
          ? `如需帮助，可发邮件至 ${value}（${organization}）${marker}。`
          : `如需帮助，可联系${organization}（电话：${value}）${marker}。`,
      );
    } else {
      parts.push(
        kind === "email"
          ? `For help, you could email ${organization} at ${value} ${marker}.`
          : `For help, you could contact the ${organization} (tel. ${value}) ${marker}.`,
      );
    }
    cited.push(contact.n);
  }
  return { answer: parts.join(chinese ? "" : " "), cited };
}
