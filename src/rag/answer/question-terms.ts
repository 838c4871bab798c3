/**
 * @module Question words for the offline answerer: tokens with their case and position, the
 * terms a passage must cover (with equivalent wordings), the kind of fact asked for, the
 * asked-for noun phrase and multi-word names.
 */
import { isStopWord, stemWord, tokenizeWords } from "../text.ts";
import type { QuestionAnalysis, QuestionTerm, QuestionType } from "./question.ts";
import { isFillerWord, isGenericNameWord, matchEquivalence } from "./vocabulary.ts";

/** A year as a word token. */
export const YEAR = /^(?:19|20)\d\d$/;

/** Words that only say which kind of fact is wanted; the type check covers them. */
const CUE_WORDS = new Set(
  (
    "phone telephone tel call calls calling hotline contact contacts email e-mail mail fax wechat " +
    "address addresses street avenue road office located location situated where when date dates " +
    "percentage percent proportion portion fraction share shares amount value how what which who " +
    "whom whose why since long old big large size fast quickly"
  ).split(" "),
);

/** Words after which a noun phrase ends: verbs and auxiliaries. */
const VERBS = new Set(
  (
    "is are was were be been do does did has have had will would can could should may might get " +
    "gets got come comes came go goes went make makes made take takes took need needs cost costs " +
    "pay pays paid plan plans aim aims expect expects provide provides build built account " +
    "accounts happen happens become became leave leaves spend spends spent"
  ).split(" "),
);

/** Heads that introduce the real thing: "what share of X", "the number of X". */
const OF_HEADS = new Set(
  "share percentage proportion portion fraction part number amount kind type total".split(" "),
);

/** The kind of fact an English question asks for, from its wording. */
export function detectType(text: string): QuestionType {
  const lower = text.toLowerCase();
  if (
    /\b(?:phone|telephone|tel|call|hotline|contact|e-?mail|reach out|get in touch|fax)\b/.test(
      lower,
    )
  ) {
    return "contact";
  }
  if (
    /\b(?:the|an|its|their|your|postal|mailing|office|street) address\b|\baddress (?:of|for)\b|\b(?:street|avenue|road|office)\b/.test(
      lower,
    )
  ) {
    return "address";
  }
  if (
    /\b(?:when|what year|which year|what date|which date|since when|how long|how old|older|oldest|newer)\b/.test(
      lower,
    )
  ) {
    return "date";
  }
  if (
    /\b(?:what|which) (?:share|percentage|percent|proportion|portion|fraction|part)\b|\bhow much of\b|\bbig chunk\b|\bwhat portion\b|\bper ?cent(?:age)?\b/.test(
      lower,
    )
  ) {
    return "share";
  }
  if (
    /\bhow much (?:money|did|does|do|will|would|was|is)\b.*\b(?:cost|price|spend|spent|invest|invested|pay|paid|worth|fund|funds|budget)\b|\bhow much money\b|\bin money terms\b|\bhow much (?:investment|funding|capital)\b|\bprices?\b/.test(
      lower,
    )
  ) {
    return "money";
  }
  const sized = /\bhow (?:big|large) (?:is|are|was|were) (?:the )?([^?]+)/.exec(lower)?.[1];
  const sizedHead =
    sized
      ?.split(/\s+(?:of|in|at|for)\s+/)[0]
      ?.split(/\s+/)
      .at(-1) ?? "";
  if (/^(?:zones?|parks?|areas?|districts?|land|sites?|plots?|campus|base)$/.test(sizedHead)) {
    return "size";
  }
  if (/\bhow (?:many|much|big|large|fast|quickly|high|far)\b|\bnumber of\b/.test(lower)) {
    return "number";
  }
  if (/\bwhere\b|\blocated\b|\blocation\b/.test(lower)) return "place";
  if (/^(?:is|are) there (?:a|an|any)\b|^are any\b|^(?:is|are) there\b/.test(lower)) return "name";
  if (
    /\bwho\b|\b(?:which|what) (?:\w+ )?(?:company|companies|firm|firms|enterprise|enterprises|brand|brands|organi[sz]ation|ministry|one|supplier|multinationals?)\b/.test(
      lower,
    ) ||
    /^(?:.*\s)?which (?!is\b|are\b|has\b|have\b|was\b|were\b|year\b|date\b|of\b)\w+/.test(lower)
  ) {
    return "name";
  }
  return "general";
}

/** A word of the question with where and how it was written. */
export interface Token {
  word: string;
  stem: string;
  offset: number;
  capitalised: boolean;
  sentenceStart: boolean;
  /** Joined to the previous word by a hyphen (`High-tech`). */
  hyphenated: boolean;
}

/** The question's word tokens with their offsets and capitalisation. */
export function locateTokens(text: string): Token[] {
  const lower = text.toLowerCase();
  const tokens: Token[] = [];
  let cursor = 0;
  for (const word of tokenizeWords(text)) {
    const found = lower.indexOf(word, cursor);
    const offset = found >= 0 ? found : cursor;
    if (found >= 0) cursor = found + word.length;
    const original = text.slice(offset, offset + word.length);
    const before = text.slice(0, offset).trimEnd();
    tokens.push({
      word,
      stem: stemWord(word),
      offset,
      capitalised: /^\p{Lu}/u.test(original) || /\p{Ll}\p{Lu}/u.test(original),
      sentenceStart: before === "" || /[.?!:;"“(]$/.test(before),
      hyphenated: offset > 0 && text[offset - 1] === "-",
    });
  }
  return tokens;
}

/** Whether a lowercase word says what a question is about. */
export function isContentWord(word: string): boolean {
  return !isStopWord(word) && !isFillerWord(word) && !CUE_WORDS.has(word) && word.length > 1;
}

/** "my company", "firms like ours": the asker's own business, not what the question is about. */
function isSelfReference(tokens: Token[], index: number): boolean {
  const before = tokens[index - 1]?.word;
  const after = `${tokens[index + 1]?.word ?? ""} ${tokens[index + 2]?.word ?? ""}`;
  return before === "my" || before === "our" || /^like (?:mine|ours|us|me)$/.test(after);
}

/**
 * The terms a passage must cover (equivalent wordings folded into one term, the asker's own
 * business and filler left out) and the years the question names.
 */
export function collectTerms(tokens: Token[]): { terms: QuestionTerm[]; years: string[] } {
  const terms: QuestionTerm[] = [];
  const years: string[] = [];
  const stems = tokens.map((token) => token.stem);
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index] as Token;
    if (YEAR.test(token.word)) {
      years.push(token.word);
      index++;
      continue;
    }
    const equivalence = matchEquivalence(stems, index);
    if (equivalence && !(equivalence.length === 1 && !isContentWord(token.word))) {
      const words = tokens.slice(index, index + equivalence.length).map((t) => t.word);
      const same = terms.find((term) => term.alternatives === equivalence.alternatives);
      if (same) {
        const added = words.join(" ");
        if (!same.surface.split(" ").includes(added)) same.surface = `${same.surface} ${added}`;
        index += equivalence.length;
        continue;
      }
      terms.push({
        surface: words.join(" "),
        alternatives: equivalence.alternatives,
        name: false,
        figure: false,
        offset: token.offset,
      });
      index += equivalence.length;
      continue;
    }
    index++;
    const figure = /^\d/.test(token.word);
    if (!figure && !isContentWord(token.word)) continue;
    if (isSelfReference(tokens, index - 1)) continue;
    terms.push({
      surface: token.word,
      alternatives: [[token.stem]],
      name: !figure && token.capitalised && !token.sentenceStart && !isGenericNameWord(token.word),
      figure,
      offset: token.offset,
    });
  }
  return { terms, years };
}

/** Runs of capitalised words (with `of`/`and` inside and hyphenated parts): multi-word names. */
export function findNames(tokens: Token[], terms: QuestionTerm[]): QuestionAnalysis["names"] {
  const names: QuestionAnalysis["names"] = [];
  let run: Token[] = [];
  const flush = () => {
    while (run.length > 0 && !run.at(-1)?.capitalised) run.pop();
    if (run.length >= 2) {
      const start = run[0]?.offset ?? 0;
      const end = (run.at(-1)?.offset ?? 0) + 1;
      names.push({
        stems: run.map((token) => token.stem),
        terms: termIndicesIn(terms, start, end),
      });
    }
    run = [];
  };
  for (const token of tokens) {
    const continues =
      token.capitalised ||
      (run.length > 0 && (token.hyphenated || token.word === "of" || token.word === "and"));
    if (
      continues &&
      !(
        token.capitalised &&
        token.sentenceStart &&
        run.length === 0 &&
        /^(?:what|when|where|which|who|how|is|are|does|do|did|can|has|have|was|were|and|tell|i)$/.test(
          token.word,
        )
      )
    ) {
      run.push(token);
    } else {
      flush();
    }
  }
  flush();
  return names;
}

function termIndicesIn(terms: QuestionTerm[], start: number, end: number): number[] {
  return terms.flatMap((term, index) => (term.offset >= start && term.offset < end ? [index] : []));
}

/** The asked-for noun phrase after "what", "which", "how many" or "how much": head and modifiers. */
export function findFocus(
  tokens: Token[],
  terms: QuestionTerm[],
  type: QuestionType,
): QuestionAnalysis["focus"] {
  const words = tokens.map((token) => token.word);
  let start = words.findIndex((word) => word === "what" || word === "which" || word === "how");
  if (start < 0 || start > 3) return undefined;
  if (words[start] === "how") {
    if (words[start + 1] !== "many" && words[start + 1] !== "much") return undefined;
    start += 2;
    if (/^(?:does|do|did|will|would)$/.test(words[start] ?? "")) {
      const end = words.findIndex(
        (word, index) => index > start && /^(?:cost|costs|pay|earn|charge)$/.test(word),
      );
      if (end < 0) return undefined;
      return focusFrom(tokens.slice(start + 1, end), terms, type);
    }
  } else {
    start += 1;
    if (/^(?:is|are|was|were)$/.test(words[start] ?? "")) start += 1;
  }
  const phrase: Token[] = [];
  for (let index = start; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (OF_HEADS.has(token.word) && words[index + 1] === "of") {
      phrase.length = 0;
      index++;
      continue;
    }
    if (VERBS.has(token.word)) break;
    const next = words[index + 1];
    if (/ed$/.test(token.word) && phrase.length > 0 && (next === undefined || isStopWord(next))) {
      break;
    }
    if (isStopWord(token.word)) {
      if (phrase.length > 0) break;
      continue;
    }
    phrase.push(token);
  }
  return focusFrom(phrase, terms, type);
}

/** Heads of "which company…?" questions: they say a name is wanted, not what it is called. */
const NAME_HEADS = new Set(
  "company companies firm firms brand brands enterprise enterprises organisation organization one supplier suppliers multinational multinationals".split(
    " ",
  ),
);

function focusFrom(
  phrase: Token[],
  terms: QuestionTerm[],
  type: QuestionType,
): QuestionAnalysis["focus"] {
  const offsets = new Set(phrase.map((token) => token.offset));
  const indices = terms.flatMap((term, index) =>
    offsets.has(term.offset) && !term.figure ? [index] : [],
  );
  if (
    type === "name" &&
    phrase.length > 1 &&
    NAME_HEADS.has(terms[indices.at(-1) ?? -1]?.surface ?? "")
  )
    indices.pop();
  const head = indices.at(-1);
  if (head === undefined) return undefined;
  return { head, modifiers: indices.slice(0, -1) };
}
