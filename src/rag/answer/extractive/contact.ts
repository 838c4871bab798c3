/**
 * @module Contact questions ("How do I reach the investment promotion association?", "What is
 * Bishan's address?") answered from the contacts the sources hold: the kind asked for (email,
 * address, phone) of the organisation or place the question names.
 */
import type { Lexicon } from "../../lexicon/lexicon.ts";
import { toStems } from "../../lexicon/words.ts";
import { containsPhrase, indexStems } from "../../passages/match.ts";
import { createScoringContext } from "../../passages/score.ts";
import type { PreparedQuery } from "../../question/query.ts";
import { type Contact, describeContact, findContacts } from "../contacts.ts";
import type { Source } from "../types.ts";

/** The kind of contact a question asks for. */
function wantedKind(query: PreparedQuery): Contact["kind"] {
  if (/\be-?mail|邮箱|邮件/i.test(query.text)) return "email";
  if (query.type === "address" || /\baddress|street|地址/i.test(query.text)) return "address";
  return "phone";
}

/**
 * The contact of the kind asked for whose organisation, line or document best matches the
 * question's words (a name the question uses must be matched), cited; `undefined` when the
 * sources hold none.
 */
export function answerContact({
  query,
  sources,
  lexicon,
}: {
  query: PreparedQuery;
  sources: readonly Source[];
  lexicon: Lexicon;
}): { text: string; cited: number[] } | undefined {
  const kind = wantedKind(query);
  const { weights } = createScoringContext(query, lexicon);
  const askedDocs = new Set(query.entities.flatMap((entity) => entity.docIds.slice(0, 1)));
  const asked = new Set(query.entities.map((entity) => entity.name));
  let best: { contact: Contact; value: number; n: number } | undefined;
  for (const contact of findContacts(sources.map((source) => source.chunk))) {
    if (contact.kind !== kind) continue;
    const own = toStems(`${contact.organization} ${contact.line}`);
    const around = toStems(`${contact.chunk.title} ${contact.chunk.section}`);
    const ownSet = indexStems(own);
    const aroundSet = indexStems(around);
    let value = 0;
    let namesCovered = true;
    query.terms.forEach((term, index) => {
      const found = (stems: readonly string[], set: ReadonlySet<string>) =>
        term.alternatives.some((alternative) => containsPhrase(stems, set, alternative.stems));
      const inOwn = found(own, ownSet);
      const inAround = found(around, aroundSet);
      value += (inOwn ? 2 : inAround ? 1 : 0) * (weights[index] ?? 0);
      if (term.partOfName && !inOwn && !inAround) namesCovered = false;
    });
    if (!namesCovered) continue;
    const n = sources.find((source) => source.chunk === contact.chunk)?.n ?? 99;
    value -= n / 1000;
    // The asked-about place's own contact first ("Who can I call about investing in Bishan?").
    if (askedDocs.has(contact.chunk.docId)) value += 100;
    if (
      lexicon.entities
        .find(contact.organization)
        .some(({ entity }) => asked.has(lexicon.subjectOf(entity).name))
    ) {
      value += 100;
    }
    if (!best || value > best.value) best = { contact, value, n };
  }
  if (!best) return undefined;
  return { text: `${describeContact(best.contact)} [${best.n}].`, cited: [best.n] };
}
