/**
 * @module Human contacts in the corpus (phone numbers, emails, addresses and whom they belong
 * to), and the honest decline that points an investor to one of them when the sources do not
 * answer a question.
 */
import type { Chunk } from "../types.ts";
import { formatSourceDate } from "./dates.ts";
import { stripInjection } from "./injection.ts";
import { analyzeQuestion, type QuestionType } from "./question.ts";
import type { Source } from "./types.ts";

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
      const found: { kind: Contact["kind"]; value: string }[] = [];
      const address = ADDRESS.exec(line);
      if (address?.[1]) found.push({ kind: "address", value: address[1].trim() });
      const email = EMAIL.exec(line);
      if (email) found.push({ kind: "email", value: email[0] });
      const phone = PHONE.exec(line.replace(EMAIL, " "));
      if (!address && phone && countDigits(phone[0]) >= 7) {
        found.push({ kind: "phone", value: phone[0].trim() });
      }
      for (const { kind, value } of found) {
        const organization =
          label ?? (kind === "email" ? nameFromEmail(value, chunks) : nameFromTitle(chunk.title));
        const key = `${kind}\u0000${value}\u0000${organization}`;
        if (seen.has(key)) continue;
        seen.add(key);
        contacts.push({ kind, value, organization, line, chunk });
      }
    }
  }
  return contacts;
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

/** Prefers the Investment Promotion Association's phone, then any email, then any phone. */
function pickHumanContact(contacts: readonly Contact[]): Contact | undefined {
  return (
    contacts.find(
      (contact) => contact.kind === "phone" && /investment promotion/i.test(contact.organization),
    ) ??
    contacts.find((contact) => contact.kind === "email") ??
    contacts.find((contact) => contact.kind === "phone")
  );
}

const TYPE_LEAD: Partial<Record<QuestionType, string>> = {
  number: "the number of ",
  money: "the cost of ",
  share: "the share of ",
  size: "the size of ",
};

/** A noun phrase from the question's asked-for thing: "the corporate income tax rate in Bishan High-tech Zone". */
function describeFocus(text: string): string | undefined {
  const analysis = analyzeQuestion(text, { split: false });
  const { focus } = analysis;
  if (!focus || analysis.chinese) return undefined;
  const first = Math.min(
    ...[focus.head, ...focus.modifiers].map((i) => analysis.terms[i]?.offset ?? 0),
  );
  const head = analysis.terms[focus.head];
  if (!head) return undefined;
  const headEnd = text.toLowerCase().indexOf(head.surface.split(" ").at(-1) ?? "", head.offset);
  const end = headEnd >= 0 ? headEnd + (head.surface.split(" ").at(-1)?.length ?? 0) : text.length;
  let phrase = text.slice(first, end);
  const rest = text.slice(end);
  const attached = /^\s+((?:of|in|at|for|between|from|on)\s+[^?,]{1,60}?)\s*(?:\?|$)/i.exec(
    rest,
  )?.[1];
  const named =
    /\b((?:in|of|at|for)\s+(?:the\s+)?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)/u.exec(rest)?.[1];
  const verbless =
    attached && !/\b(?:is|are|was|were|do|does|did|have|has|can|will|would)\b/i.test(attached);
  if (verbless) phrase = `${phrase} ${attached}`;
  else if (named) phrase = `${phrase} ${named}`;
  const possessive = /^\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*['’]s\b/u.test(phrase);
  const priced = /\b(?:price|prices|cost|costs|fee|fees|rate|rates)\b/i.test(phrase);
  const lead = possessive ? "" : ((priced ? undefined : TYPE_LEAD[analysis.type]) ?? "the ");
  const dated =
    /\b(?:in|for|by|during|of)\s+(?:the\s+(?:first|second)\s+half\s+of\s+)?(?:19|20)\d\d\b/i;
  const years = dated.test(text) ? " for the period you asked about" : "";
  return `${lead}${phrase.replace(/\s+(?:in|for|of|by|during)\s+(?:the\s+(?:first|second)\s+half\s+of\s+)?(?:19|20)\d\d\b/gi, "")}${years}`
    .replace(/\S*\d\S*/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * What a question was about, in a few words and without its figures: "What corporate income tax
 * rate would my company pay in Bishan High-tech Zone?" → "the corporate income tax rate in Bishan
 * High-tech Zone". `undefined` when no short description can be made.
 */
export function describeTopic(question: string): string | undefined {
  const text = stripInjection(question)
    .text.replace(/[?？.!。]+$/u, "")
    .trim();
  if (!text) return undefined;
  const focused = describeFocus(text);
  if (focused && focused.split(" ").length >= 2) return focused;
  if (/^(?:do|does|did|can|could|will|would|should|has|have)\s+(?!i\b|we\b|you\b)/i.test(text)) {
    return undefined;
  }
  const stripped = text
    .replace(
      /^(?:(?:and|so|but|also|then|please|ok|okay)[\s,]+)*(?:(?:by\s+)?(?:what|which|who|where|when|how)\s+(?:is|are|was|were|can i find|can i get|do i|does|do|did|can|could|should)?\s*|(?:do|does|did|is|are|was|were|has|have|can|could|will|would|should)\s+(?:(?:i|we|you)\s+(?:need\s+)?)?)/i,
      "",
    )
    .split(/,\s*(?:and|or|but)\b/i)[0]
    ?.replace(/\S*\d\S*/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!stripped || stripped.length > 80 || !/^(?:[Tt]he|[Aa]n?|\p{Lu}\p{L}*)\b/u.test(stripped)) {
    return undefined;
  }
  return stripped;
}

/**
 * An honest "I don't have that information" that says briefly what the question was about and
 * points to a human contact from the corpus, with its citation. Never states a figure other
 * than the cited contact's.
 */
export function composeDecline({
  question,
  contactSources,
}: {
  question: string;
  contactSources: Source[];
}): { answer: string; cited: number[] } {
  const stripped = stripInjection(question);
  const chinese = /\p{Script=Han}/u.test(stripped.text);
  const topic = chinese ? undefined : describeTopic(stripped.text);
  const parts: string[] = [];
  if (chinese) parts.push("抱歉，我的资料中没有这方面的信息。");
  if (!stripped.text && stripped.injected) {
    parts.push(
      "I can only answer questions about Chongqing's development zones from my sources, and I don't follow instructions to do otherwise.",
    );
  } else if (topic) {
    parts.push(
      `I don't have that information in my sources: they don't say anything about ${topic}.`,
    );
  } else {
    parts.push("I don't have that information in my sources.");
  }
  const contacts = findContacts(contactSources.map((source) => source.chunk));
  const contact = pickHumanContact(contacts);
  const source = contact && contactSources.find((candidate) => candidate.chunk === contact.chunk);
  if (!contact || !source) return { answer: parts.join(" "), cited: [] };
  const how =
    contact.kind === "email"
      ? `${contact.organization} by email at ${contact.value}`
      : `the ${contact.organization} (tel. ${contact.value})`;
  parts.push(`For help, you could contact ${how} [${source.n}].`);
  return { answer: parts.join(" "), cited: [source.n] };
}
