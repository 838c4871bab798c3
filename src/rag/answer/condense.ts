/**
 * @module Rule-based follow-up rewriting: turns the last question of a conversation into one that
 * stands on its own ("How many enterprises are in it?" → "How many enterprises are in Bishan
 * High-tech Zone?"), by carrying the subject from earlier turns. No model is involved, so the
 * offline mode keeps conversations coherent too.
 */
import type { Lexicon } from "../lexicon/lexicon.ts";
import { capitalise, escapeRegExp } from "../text.ts";
import { CONTACT_SENTENCE } from "./contacts.ts";
import type { ChatMessage } from "./types.ts";

/** Something a follow-up can refer back to. */
interface Entity {
  text: string;
  /** Last word, lowercase: `zone`, `regulations`, `park`. */
  head: string;
  plural: boolean;
  /** A capitalised name (`Bishan High-tech Zone`) rather than a phrase (`the development zones`). */
  named: boolean;
  /** A named thing of the corpus (found by its aliases). */
  known?: boolean;
  /** A place, as the corpus lexicon files it (a zone, a park, a district). */
  place?: boolean;
  /** Said with "a" or "an": what it is, the answer that follows usually names. */
  indefinite?: boolean;
}

/** Heads of the things investors ask about; they make an entity a likely subject. */
const SUBJECT_HEADS =
  /^(?:zones?|parks?|areas?|city|cities|district|districts|centres?|centers?|regulations|rules|bases?|ports?|corridors?|express)$/i;

/** Sentence openers that are not part of a name even when capitalised. */
const OPENERS = new Set(
  "what which who whom whose when where why how tell is are was were do does did can could will would should has have had please and but so also yes no ok okay i i'm i'd i've it its the a an in on at by for from over this that these those there thanks hi hello".split(
    " ",
  ),
);

function cleanWord(word: string): string {
  return word.replace(/^[("“'‘]+|[)"”'’.,;:!?]+$/gu, "");
}

function isCapitalised(word: string): boolean {
  return /^[\p{Lu}\d][\p{L}\d'’&-]*/u.test(word) && /\p{L}/u.test(word);
}

/** Capitalised names in a text, with `of`/`and` inside: "Chang'an Automobile's Global R&D Center". */
function findNames(text: string, lexicon: Lexicon | undefined): Entity[] {
  const entities: Entity[] = [];
  for (const sentence of text.split(/(?<=[.?!。？！])\s+/u)) {
    const words = sentence.split(/\s+/).filter(Boolean);
    let run: string[] = [];
    const flush = () => {
      while (run.length > 0 && !isCapitalised(cleanWord(run.at(-1) ?? ""))) run.pop();
      if (run.length > 0) {
        const name = run
          .map(cleanWord)
          .join(" ")
          .replace(/['’]s$/u, "");
        const parts = name.split(/[\s-]+/);
        const specific =
          parts.length >= 2 ||
          parts.some((part) => !lexicon?.isGeneric(part.replace(/['’]s$/u, "")) === true);
        const last = (parts.at(-1) ?? "").toLowerCase();
        if (specific && !/^(?:r&d|i|chongqing|china)$/i.test(name)) {
          entities.push({ text: name, head: last, plural: /s$/.test(last), named: true });
        }
      }
      run = [];
    };
    words.forEach((raw, index) => {
      const word = cleanWord(raw);
      const capital = isCapitalised(word);
      // "What's" opens a question as "What" does.
      const lower = word.toLowerCase().replace(/['’](?:s|re|ve|ll|d)$/, "");
      // A sentence opens with a capital: an English word that is no noun there ("Since the
      // launch …") names nothing.
      const opener =
        index === 0 &&
        (OPENERS.has(lower) || (lexicon?.isEnglish(lower) === true && !lexicon.isNoun(lower)));
      if (capital && !opener) run.push(raw);
      else if (run.length > 0 && /^(?:of|and)$/.test(word)) run.push(raw);
      else flush();
      if (/[,;:.?!)]$/.test(raw)) flush();
    });
    flush();
  }
  return entities;
}

/**
 * Lowercase phrases naming a subject: "the new development zone regulations", "the 2025
 * regulations", "Chongqing's development zones" (a name's possessive determines a noun phrase as
 * "the" does) — the whole noun phrase up to its last head (a compound's earlier nouns, "zone" in
 * "development zone regulations", qualify it), not across a preposition or article.
 */
function findPhrases(text: string): Entity[] {
  const pattern =
    /(?:\bthe|\ban?|\b\p{Lu}[\p{L}-]*['’]s)\s+(?:(?!(?:the|a|an|of|in|on|at|and|or|for|to|with|from|by)\s)[\p{L}\d][\w&-]*\s+){0,4}(zones?|parks?|areas?|regulations|rules|city|district|centres?|centers?)\b/gu;
  return [...text.matchAll(pattern)].map((match) => ({
    // "an R&D center" once said is "the R&D center".
    text: match[0].replace(/^an?\s/i, "the "),
    head: match[1] ?? "",
    plural: /s$/.test(match[1] ?? ""),
    named: false,
    indefinite: /^an?\s/i.test(match[0]),
  }));
}

/**
 * What a question counts or asks to be named, as a phrase a later "they" or "them" may stand
 * for: "How many laptops are made …" → "the laptops"; "Which companies …" → "the companies".
 */
function findAskedThings(text: string, lexicon: Lexicon | undefined): Entity[] {
  const asked = askedPhrase(text);
  if (!asked) return [];
  const head = (asked.split(/\s+/).at(-1) ?? "").toLowerCase();
  // "How many enterprises are in Bishan?": they are Bishan's enterprises.
  const place = findKnownEntities(text, lexicon).find((entity) => entity.place);
  const where = place && !asked.includes(place.text) ? ` in ${place.text}` : "";
  return [{ text: `the ${asked}${where}`, head, plural: true, named: false }];
}

/** The plural a question counts or asks to have named ("freight service lines"), as written. */
function askedPhrase(text: string): string | undefined {
  const match =
    /\b(?:how many|which|what)\s+((?:[\p{L}&-]+\s+){0,4}?[\p{L}-]+s)\s+(?:are|were|have|has|had|do|does|did|will|can)\b/iu.exec(
      text,
    ) ??
    // "Who are the big IC firms in Xiyong?"
    /\b(?:who|what|which)\s+(?:are|were)\s+the\s+((?:[\p{L}&-]+\s+){0,3}?[\p{L}-]+s)\b/iu.exec(
      text,
    ) ??
    // "Has Chongqing passed any new rules for its zones?", "Are there any bonded areas?"
    /\bany\s+((?:[\p{L}&-]+\s+){0,3}?[\p{L}-]+s)\b/iu.exec(text);
  return match?.[1];
}

function findChineseNames(text: string): Entity[] {
  const pattern =
    /[\u4e00-\u9fff]{2,8}?(?:高新区|开发区|产业园|园区|新区|科学城|生物城|研发中心|条例|促进会)/gu;
  return [...text.matchAll(pattern)].map((match) => ({
    text: match[0],
    head: match[0],
    plural: false,
    named: true,
  }));
}

/**
 * The corpus's named things a text mentions, by the name of what it means ("Bishan" alone is
 * Bishan High-tech Zone, the subject of its documents, not Bishan District).
 */
function findKnownEntities(text: string, lexicon: Lexicon | undefined): Entity[] {
  if (!lexicon) return [];
  return lexicon.entities.find(text).map((mention) => {
    const entity = lexicon.namedBy(mention);
    const head = (entity.name.split(/\s+/).at(-1) ?? "").toLowerCase();
    return {
      text: entity.name,
      head,
      plural: /s$/.test(head),
      named: true,
      known: true,
      place: entity.place === true,
    };
  });
}

function findEntities(text: string, lexicon?: Lexicon): Entity[] {
  return [
    ...findKnownEntities(text, lexicon),
    ...findNames(text, lexicon),
    ...findPhrases(text),
    ...findAskedThings(text, lexicon),
    ...findChineseNames(text),
  ];
}

/**
 * The entity a reference points to: the most recently mentioned one (the last exchange first,
 * its question before its answer), preferring a thing the corpus knows, a name, and the kind of
 * thing asked for ("that zone").
 */
function pickEntity(
  turns: readonly ChatMessage[],
  wanted: { head?: string; plural?: boolean; agree?: boolean },
  lexicon: Lexicon | undefined,
): Entity | undefined {
  // Most recent first; within an exchange, the user's question before the assistant's answer.
  const ordered = turns
    .map((turn, index) => ({ turn, index }))
    .sort((a, b) => {
      const exchange = (index: number, role: string) => (role === "user" ? index + 1 : index);
      return exchange(b.index, b.turn.role) - exchange(a.index, a.turn.role);
    })
    .map(({ turn }) => turn);
  const rank = (entity: Entity, userTurn: boolean): number => {
    let score = 0;
    if (wanted.head && entity.head.replace(/s$/, "") === wanted.head.replace(/s$/, "")) score += 8;
    if (entity.known) score += 3;
    if (entity.named) score += userTurn ? 4 : 3;
    else if (userTurn) score += 1;
    if (SUBJECT_HEADS.test(entity.head)) score += 2;
    if (wanted.plural !== undefined && entity.plural === wanted.plural) score += 1;
    // "they" and "them" stand for a plural: a named zone of the same exchange yields to it.
    if (wanted.agree && entity.plural !== wanted.plural) score -= 8;
    // A topic term ("R&D") is what questions ask about anywhere, not a thing "it" stands for.
    if (isTopicTerm(entity, lexicon)) score -= 6;
    return score;
  };
  const sameKind = (entity: Entity) =>
    wanted.head !== undefined && entity.head.replace(/s$/, "") === wanted.head.replace(/s$/, "");
  // A decline's closing contact names an organisation, not what the conversation is about.
  const found = ordered.map((turn) =>
    findEntities(
      turn.role === "assistant" ? turn.content.replace(CONTACT_SENTENCE, " ") : turn.content,
      lexicon,
    ),
  );
  // "That zone" is the last zone talked about, however recent a company's name is.
  const kindOnly = found.some((entities) => entities.some(sameKind));
  let best: { entity: Entity; score: number } | undefined;
  // "Who built an R&D center …?" – "At Chang'an's Global R&D Center …": a named thing of the
  // kind the question asked about with "a" or "an" is the one the conversation is now about.
  const answers = (entity: Entity, order: number): boolean =>
    ordered[order]?.role === "assistant" &&
    ordered[order - 1]?.role === "user" &&
    entity.named &&
    (found[order - 1] ?? []).some(
      (asked) =>
        asked.indefinite === true &&
        (asked.head === entity.head ||
          (SUBJECT_HEADS.test(asked.head) &&
            (entity.place === true || SUBJECT_HEADS.test(entity.head)))),
    );
  ordered.forEach((turn, order) => {
    for (const entity of found[order] ?? []) {
      if (kindOnly && !sameKind(entity)) continue;
      // Recency decides: an older mention needs a much better fit to win.
      const score =
        rank(entity, turn.role === "user") - order * 10 + (answers(entity, order) ? 10 : 0);
      if (!best || score > best.score) best = { entity, score };
    }
  });
  return best?.entity;
}

/** Time expressions: "in 2020", "in the first half of 2018", "for 2015", "by 2022", "in total". */
const TIME =
  /\s*\b(?:(?:in|for|by|during|of)\s+(?:the\s+(?:first|second)\s+half\s+of\s+(?:the\s+year|\d{4})|(?:19|20)\d\d)|in\s+the\s+first\s+half\s+of\s+the\s+year|each\s+(?:month|year)|in\s+total)\b/gi;

function findTime(text: string): string | undefined {
  return text.match(TIME)?.[0]?.trim();
}

function withoutTime(text: string): string {
  return text.replace(TIME, "").replace(/\s+/g, " ").trim();
}

function thirdPerson(verb: string): string {
  if (/(?:s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/**
 * What a question asks about, as a noun phrase: "What was the output of X in 2020?" → "the output
 * of X in 2020"; "How many trains have left X?" → "the trains that have left X".
 */
function findTopic(question: string): string | undefined {
  const text = question.trim().replace(/[?？.]+$/u, "");
  const copula = /^(?:and\s+)?(?:what|how much|how many)\s+(?:was|were|is|are)\s+(.+)$/i.exec(text);
  if (copula?.[1]) return copula[1];
  const counted =
    /^(?:and\s+)?how\s+(?:many|much)\s+(.+?)\s+(have|has|had|are|were|will)\s+(.+)$/i.exec(text);
  if (counted?.[1] && counted[3]) return `the ${counted[1]} that ${counted[2]} ${counted[3]}`;
  const done = /^(?:and\s+)?how\s+(?:many|much)\s+(.+?)\s+(does|do)\s+(\S+)\s+(\w+)\s*(.*)$/i.exec(
    text,
  );
  if (done?.[1] && done[3] && done[4]) {
    const verb = done[2]?.toLowerCase() === "does" ? thirdPerson(done[4]) : done[4];
    return `the ${done[1]} that ${done[3]} ${verb} ${done[5] ?? ""}`.trim();
  }
  return undefined;
}

/** "that", "those", "this" standing for a thing (not "that zone", not "is it true that …"). */
const DEMONSTRATIVE =
  /\b(?:that|this|those|these)\b(?=\s*(?:[?？.!]|$|\s+(?:is|was|were|are|represent|represents|mean|means|include|includes|growing|grow|grew|compare|amount|come|comes)\b))|\b(?:of|from|about)\s+(?:those|these|that|this)\b(?!\s+\p{L})/iu;

const DEMONSTRATIVE_NOUN =
  /\b(?:that|this|the same)\s+(zone|park|area|city|district|centre|center|place|one|company|project|document|regulation|regulations|rules)\b/i;

const PERSONAL = /\b(?:it|its|it's|they|them|their|there)\b/i;

/** "Is there a link …", "there are …": "there" that points at nothing. */
const EXISTENTIAL = /\b(?:is|are|was|were)\s+there\s+(?=[a-z])|\bthere\s+(?:is|are|was|were)\b/gi;

const ELLIPSIS =
  /^(?:and|also|so|what about|how about|same for|and what about|and how about)\b\s*/i;

/** A question word alone ("By when?", "Where?"): it asks of what the conversation was about. */
const BARE_QUESTION =
  /^(by when|since when|when|where|why|how much|how many|how|(?:on|in|by|from)?\s*(?:what|which) (?:date|day|year|month))\s*[?？.!]*$/i;

/** "the second one", "the last of them", "the latter": a thing by its place in a list. */
const ORDINAL =
  /\bthe\s+(?:(first|second|third|fourth|fifth|last)\s+(?:one|of\s+(?:them|those|these))|(former|latter))\b/i;

const ORDINAL_INDEX: Record<string, number> = {
  first: 0,
  former: 0,
  second: 1,
  third: 2,
  fourth: 3,
  fifth: 4,
  last: -1,
  latter: -1,
};

/** The places the corpus knows that a text names, each once, in the order it names them. */
function listedPlaces(text: string, lexicon: Lexicon): string[] {
  const names = lexicon.entities
    .find(text)
    .filter((mention) => mention.entity.place)
    .sort((a, b) => a.start - b.start)
    .map((mention) => lexicon.namedBy(mention).name);
  return [...new Set(names)];
}

/**
 * "the second one" → the second place the last answer listed (or, failing that, the last
 * question); unchanged when no list is long enough.
 */
function resolveOrdinal(
  question: string,
  turns: readonly ChatMessage[],
  lexicon?: Lexicon,
): string {
  const match = ORDINAL.exec(question);
  if (!match || !lexicon) return question;
  const index = ORDINAL_INDEX[(match[1] ?? match[2] ?? "").toLowerCase()] ?? 0;
  const needed = index < 0 ? 2 : index + 1;
  for (const role of ["assistant", "user"] as const) {
    const turn = turns.findLast((candidate) => candidate.role === role);
    const places = turn ? listedPlaces(turn.content, lexicon) : [];
    if (places.length < needed) continue;
    const place = index < 0 ? places.at(-1) : places[index];
    if (place) return question.replace(match[0], place);
  }
  return question;
}

/** "the latest one", "a bigger one": a thing of the kind last asked about (not "one of them"). */
const ONE = /\b(?:the|a|an)\s+(?:[a-z-]+\s+)?(one)\b(?!\s+of\b)/i;

/**
 * "Where was the latest one launched?" after "How many freight lines has Chongqing opened?": "one"
 * is one of the things the last question counted or asked to have named ("line").
 */
function resolveOne(question: string, turns: readonly ChatMessage[]): string {
  const match = ONE.exec(question);
  if (!match) return question;
  const previous = turns.findLast((turn) => turn.role === "user")?.content;
  const asked = previous ? askedPhrase(previous) : undefined;
  if (!asked) return question;
  const words = asked.split(/\s+/);
  const head = (words.at(-1) ?? "").replace(/ies$/, "y").replace(/(?<=[^s])s$/, "");
  const end = (match.index ?? 0) + match[0].length;
  const thing = [...words.slice(0, -1), head].join(" ");
  return `${question.slice(0, end - "one".length)}${thing}${question.slice(end)}`;
}

function hasAnaphor(question: string): boolean {
  const withoutExistential = question.replace(
    /\b(?:is|are|was|were)\s+there\s+(?=[a-z])|\bthere\s+(?:is|are|was|were)\b|\bis it true\b/gi,
    " ",
  );
  return (
    PERSONAL.test(withoutExistential) ||
    DEMONSTRATIVE.test(question) ||
    DEMONSTRATIVE_NOUN.test(question) ||
    ORDINAL.test(question) ||
    ONE.test(question) ||
    /它|其|那里|该区|该园区|这个区|那个区/.test(question)
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function possessive(name: string): string {
  return /s$/.test(name) ? `${name}'` : `${name}'s`;
}

/** "What about X?" / "And in 2020?" / "And industrial output?": X, when the rest is elided. */
function findElidedSubject(question: string): string | undefined {
  const match = /^(?:and\s+)?(?:what|how)\s+about\s+(.+?)[?？.]*$/i.exec(question.trim());
  if (match?.[1]) return match[1];
  const bare = /^and\s+(.+?)[?？.]*$/i.exec(question.trim());
  if (!bare?.[1]) return undefined;
  // "what's" asks as "what" does: a contraction is its first word.
  const words = bare[1].split(/\s+/).map((word) => word.replace(/['’](?:s|re|ve|ll|d)$/i, ""));
  const verbless = !words.some((word) =>
    /^(?:is|are|was|were|do|does|did|has|have|had|can|will|would|should|what|when|where|which|who|how)$/i.test(
      word,
    ),
  );
  return verbless && words.length <= 6 ? bare[1] : undefined;
}

/** "What about X – <question>?" → X and the question (which refers to X), when so written. */
function splitAboutClause(question: string): { subject: string; rest: string } | undefined {
  const match =
    /^(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*(?:\s[-–—]\s|[,;:])\s*((?:what|which|how|when|where|who|is|are|does|do|did|has|have|can)\b.+)$/i.exec(
      question.trim(),
    );
  return match?.[1] && match[2] ? { subject: match[1], rest: match[2] } : undefined;
}

function replaceEntity(question: string, previous: Entity | undefined, next: string): string {
  if (previous && question.includes(previous.text)) {
    // "the Chongqing High-tech Zone" → "Bishan", not "the Bishan".
    const article = /^the\s/i.test(next) ? "" : `(?:the\\s+)?`;
    return question.replace(new RegExp(`\\b${article}${escapeRegExp(previous.text)}`, "i"), next);
  }
  return `${question.replace(/[?？.]+$/u, "")} for ${next}?`;
}

function rewriteElided(
  elided: string,
  previousQuestion: string,
  turns: ChatMessage[],
  lexicon: Lexicon | undefined,
): string {
  const subject = elided.replace(/^(?:the|a|an)\s+/i, "");
  const entity = pickEntity(turns, {}, lexicon);
  const owned = /^(?:its|their)\s+(.+)$/i.exec(subject)?.[1];
  if (owned && entity) return `What is ${possessive(entity.text)} ${owned}?`;
  // "And for Bishan?", "And in Bishan?": another place, not another time.
  const place = /^(?:in|for|at)\s+(?:the\s+)?(.+)$/i.exec(subject)?.[1];
  if (place && isCapitalised(place) && !findTime(` ${subject}`)) {
    const previousEntity = subjectOf(previousQuestion, lexicon);
    return replaceEntity(previousQuestion, previousEntity, place);
  }
  if (/^(?:in|for|by|during)\s+|^(?:19|20)\d\d$/i.test(subject) || findTime(` ${subject}`)) {
    const time = /^(?:19|20)\d\d$/.test(subject) ? `in ${subject}` : subject;
    const base = withoutTime(previousQuestion.replace(/[?？.]+$/u, ""));
    return `${base} ${time}?`;
  }
  if (isCapitalised(subject) && !OPENERS.has(subject.split(" ")[0]?.toLowerCase() ?? "")) {
    const previousEntity = subjectOf(previousQuestion, lexicon);
    return replaceEntity(previousQuestion, previousEntity, subject);
  }
  const time = findTime(previousQuestion);
  // "What about trucking routes to Southeast Asia?" after a question about a railway: a phrase
  // that names its own place is not owned by an earlier subject that is no place.
  const namesPlace = findEntities(subject, lexicon).some((found) => found.named);
  const owner = entity && !(namesPlace && !entity.place) ? ` of ${entity.text}` : "";
  return `What is the ${subject}${owner}${time ? ` ${time}` : ""}?`;
}

function resolveReferences(
  question: string,
  turns: ChatMessage[],
  previous: string,
  lexicon: Lexicon | undefined,
): string {
  let text = resolveOne(resolveOrdinal(question, turns, lexicon), turns);
  const topic = findTopic(previous);
  const ownTime = findTime(text);
  if (topic && /\b(?:what|how much|how big)\s+(?:was|is|were|are)\s+it\b/i.test(text)) {
    const subject = ownTime ? withoutTime(topic) : topic;
    text = text.replace(/\bit\b/i, subject);
  }
  if (DEMONSTRATIVE.test(text)) {
    // "How fast did that grow?": what the last question asked about, or failing a phrase for
    // it, the thing it was about.
    const subject = topic
      ? ownTime
        ? withoutTime(topic)
        : topic
      : pickEntity(turns, {}, lexicon)?.text;
    if (subject) {
      text = text.replace(
        /\b(?:that|this|those|these)\b(?!\s+(?:zone|park|area|city|district|centre|center|place|one)\b)/i,
        subject,
      );
    }
  }
  const nounReference = DEMONSTRATIVE_NOUN.exec(text);
  if (nounReference) {
    const entity = pickEntity(turns, { head: nounReference[1] ?? "" }, lexicon);
    if (entity) text = text.replace(nounReference[0], entity.text);
  }
  const plural = /\b(?:they|them|their)\b/i.test(text);
  // "their" is often a place's ("their main industries"); "they" and "them" agree in number.
  const agree = /\b(?:they|them)\b/i.test(text);
  if (PERSONAL.test(text.replace(EXISTENTIAL, " "))) {
    const entity = pickEntity(turns, { plural, agree }, lexicon);
    if (entity) {
      text = text
        .replace(/\b(?:its|their)\b/gi, possessive(entity.text))
        .replace(/\bit's\b/gi, `${entity.text} is`)
        // Once is enough: in "How long did it take them to build it?" the "it" of "it take" is no
        // thing, and a second pronoun may stand for something else.
        .replace(/\b(?:it(?!\s+(?:take|takes|took)\b)|they|them)\b/i, entity.text)
        .replace(
          /(?<!\b(?:is|are|was|were)\s)\bthere\b(?!\s+(?:is|are|was|were)\b)|(?<=\b(?:is|are|was|were)\s)there(?=\s*[?？.!]*$)/gi,
          `in ${entity.text}`,
        );
    }
  }
  if (/它|其|那里|该区|该园区|这个区|那个区/.test(text)) {
    const entity = pickEntity(turns, {}, lexicon);
    if (entity) text = text.replace(/它的|它|其|那里|该园区|该区|这个区|那个区/g, entity.text);
  }
  return text;
}

/**
 * A one-word name the corpus uses in most of its documents, no place ("R&D"): it names a topic a
 * question may ask about anywhere, not the subject the question is about.
 */
function isTopicTerm(entity: Entity, lexicon: Lexicon | undefined): boolean {
  if (!lexicon || entity.place || /\s/.test(entity.text.trim())) return false;
  const mention = lexicon.entities.find(entity.text)[0];
  if (!mention || mention.entity.place || /\s/.test(mention.entity.name)) return false;
  return mention.entity.docIds.length * 2 >= Math.max(2, lexicon.documents.length);
}

/**
 * What a question is about, for "And Bishan?" to replace: the longest name or phrase it writes
 * that is no topic term ("the Bishan zone", not "R&D" in "How many R&D platforms does the Bishan
 * zone have?").
 */
function subjectOf(question: string, lexicon: Lexicon | undefined): Entity | undefined {
  const found = findEntities(question, lexicon).filter((entity) => !isTopicTerm(entity, lexicon));
  // As the question writes it ("the High-tech Zone", "Bishan"), so that it can be replaced.
  const written = found
    .filter((entity) => question.includes(entity.text))
    .map((entity) => {
      // "the Bishan zone": a name with the kind of place after it in lowercase.
      const after = question.slice(question.indexOf(entity.text) + entity.text.length);
      const head = /^\s+([a-z]+)\b/.exec(after)?.[1];
      return head && SUBJECT_HEADS.test(head)
        ? { ...entity, text: `${entity.text} ${head}`, head }
        : entity;
    })
    .sort((a, b) => b.text.length - a.text.length);
  return written[0] ?? found[0];
}

function mentionsSubject(question: string, lexicon: Lexicon | undefined): boolean {
  if (/chongqing|重庆/i.test(question)) return true;
  return findEntities(question, lexicon).some((entity) => !isTopicTerm(entity, lexicon));
}

/**
 * Rewrites the conversation's last user question into a standalone question, carrying the
 * subject (a zone, park, document or company name) from the most recent earlier turn that has
 * one — user turns first, then the assistant's. Pronouns ("it", "its", "they", "there", "that
 * zone"), "that"/"those" standing for an earlier answer, and ellipsis ("What about Bishan?",
 * "And in 2020?", "And its phone number?") are resolved. A question that already stands on its
 * own is returned unchanged.
 */
export function rewriteFollowUp(messages: ChatMessage[], lexicon?: Lexicon): string {
  const lastIndex = messages.findLastIndex((message) => message.role === "user");
  if (lastIndex < 0) return "";
  const question = (messages[lastIndex]?.content ?? "").trim();
  const turns = messages.slice(0, lastIndex);
  if (!turns.some((turn) => turn.role === "user")) return question;
  const elliptical = ELLIPSIS.test(question) || BARE_QUESTION.test(question);
  if (
    !elliptical &&
    !hasAnaphor(question) &&
    (mentionsSubject(question, lexicon) || !pickEntity(turns, {}, lexicon))
  ) {
    return question;
  }
  // "What about X – what titles has it been given?": a question of its own follows, about X
  // (checked before ellipsis, which would take all of it for X).
  const about = splitAboutClause(question);
  if (about) {
    const subject = about.subject.replace(/^the\s+/i, "");
    const turn: ChatMessage = { role: "user", content: subject };
    return capitalise(resolveReferences(about.rest, [turn], subject, lexicon));
  }
  const previous = rewriteFollowUp(turns, lexicon);
  // The earlier question as resolved: what "it" meant there is what the conversation is about.
  const previousIndex = turns.findLastIndex((turn) => turn.role === "user");
  const resolved = turns.map((turn, index) =>
    index === previousIndex ? { ...turn, content: previous } : turn,
  );
  const elided = findElidedSubject(question);
  if (elided) return capitalise(rewriteElided(elided, previous, resolved, lexicon));
  const core = question.replace(/^(?:and|also|so)\s+/i, "");
  // "By when?", "Where?": the question word alone asks it of what the last question asked about.
  const bare = BARE_QUESTION.exec(core);
  const asked = bare ? findTopic(previous) : undefined;
  if (bare?.[1] && asked) return capitalise(`${bare[1]} is ${asked}?`);
  // "Does Chongqing run trucking services into Southeast Asia?" – "Since when?": the question
  // word asks the yes-or-no question's own clause.
  // "Where was the latest line launched?" – "On what date?": the other question word's clause.
  const clause =
    /^(?:and\s+)?(?:(?:where|when|why|how)\s+)?((?:does|do|did|is|are|was|were|has|have|had|can|will)\s.+)$/i.exec(
      previous.trim(),
    )?.[1];
  if (bare?.[1] && clause) return capitalise(`${bare[1]} ${lowerFirst(clause)}`);
  // "And how many in 2020?": the last question, asked of another time.
  const time = findTime(` ${core}`);
  if (time && /^(?:how\s+(?:many|much)|what)?[\s?？.]*$/i.test(withoutTime(core))) {
    return capitalise(`${withoutTime(previous.replace(/[?？.]+$/u, ""))} ${time}?`);
  }
  let rewritten = resolveReferences(core, resolved, previous, lexicon);
  // "the latest one" resolved to a thing is what the question is about.
  const ownThing = ONE.test(core) && !ONE.test(rewritten);
  if (!ownThing && !hasAnaphor(rewritten) && !mentionsSubject(rewritten, lexicon)) {
    const entity = pickEntity(resolved, {}, lexicon);
    if (entity) rewritten = `${rewritten.replace(/[?？.]+$/u, "")} regarding ${entity.text}?`;
  }
  return capitalise(rewritten);
}
