/**
 * @module Question analysis for the offline answerer: what kind of fact is asked for (a number,
 * a date, a name, a contact…), which words a passage must cover (with the domain's equivalent
 * wordings), which of them are names and which form the asked-for thing itself, the years that
 * pin the answer down, and how a comparison or a two-part question splits.
 */
import { hasCjk, translateGlossaryTerms } from "../text.ts";
import { stripInjection } from "./injection.ts";
import { findParts } from "./question-parts.ts";
import {
  collectTerms,
  detectType,
  findFocus,
  findNames,
  locateTokens,
  YEAR,
} from "./question-terms.ts";
import type { Phrase } from "./vocabulary.ts";

/** The kind of fact a question asks for. */
export type QuestionType =
  | "number"
  | "size"
  | "share"
  | "money"
  | "date"
  | "contact"
  | "address"
  | "place"
  | "name"
  | "general";

/** A word (or phrase) of the question that a passage should cover. */
export interface QuestionTerm {
  /** As asked, lowercase: `tax`, `electric cars`. */
  surface: string;
  /** Stem sequences any of which covers the term. */
  alternatives: Phrase[];
  /** A proper name (`Bishan`, `Shanghai`): an answer must mention it. */
  name: boolean;
  /** A figure stated in the question: scored, never required. */
  figure: boolean;
  /** Character offset in the analysed text. */
  offset: number;
}

/** One side of a comparison, or one part of a two-part question, asked on its own. */
export interface SubQuestion {
  /** The part as a question of its own ("which is older, A or B?" → "which is older A"). */
  text: string;
  /** Name stems only the other side has: a passage about them answers the other side. */
  excluded: string[];
}

/** Everything the offline answerer needs to know about a question. */
export interface QuestionAnalysis {
  /** The question with injected instructions removed; may be empty. */
  text: string;
  injected: boolean;
  /** Asked in Chinese: terms come from the glossary translation, matching is lenient. */
  chinese: boolean;
  type: QuestionType;
  terms: QuestionTerm[];
  /** Years the answer must be about (`2018`). */
  years: string[];
  /** The asked-for thing (`corporate income tax rate`): its head and modifiers, as term indices. */
  focus: { head: number; modifiers: number[] } | undefined;
  /** Sides of a comparison (`A or B`) or parts of a two-part question; empty otherwise. */
  parts: SubQuestion[];
  /** The question compares two things (`which is older, A or B?`). */
  comparison: boolean;
  /** Names of several words (`Chongqing High-tech Zone`): stems and the terms they hold. */
  names: { stems: Phrase; terms: number[] }[];
}

const CHINESE_CUES: ReadonlyArray<readonly [RegExp, QuestionType]> = [
  [/电话|联系|邮箱|邮件|热线/, "contact"],
  [/地址|在哪|哪里|位于/, "address"],
  [/什么时候|何时|哪天|哪一天|哪年|哪一年|日期|几月/, "date"],
  [/比例|占比|百分|多大比例|几分之/, "share"],
  [/资金|多少钱|费用|价格|投入|投资了多少/, "money"],
  [/多少|几个|几家|几项|多大|多高/, "number"],
  [/谁|哪家|哪个公司|哪些企业|什么公司/, "name"],
];

/**
 * "They say Bishan has 5,000 enterprises — confirm?": a figure stated in the question before a
 * noun makes it a question about that count; the noun's term index is returned.
 */
function findClaimedCount(terms: QuestionTerm[], text: string): number | undefined {
  if (
    !/\b(?:confirm|verify|true|correct|right|accurate|say|says|said|claim|claims)\b/i.test(text)
  ) {
    return undefined;
  }
  const index = terms.findIndex((term) => term.figure && !YEAR.test(term.surface));
  if (index < 0) return undefined;
  const next = terms[index + 1];
  return next && !next.figure && !next.name ? index + 1 : undefined;
}

/** The asked-for thing in a Chinese question: "…有多少家高新技术企业？" → "高新技术企业". */
function findChineseFocus(text: string): string | undefined {
  return (
    /多少[家个项座条名台亿万元]*(\p{Script=Han}{2,12})[？?。！!]*$/u.exec(text)?.[1] ??
    /的(\p{Script=Han}{2,10})(?:是|有)多少/u.exec(text)?.[1] ??
    /(\p{Script=Han}{2,10})(?:是|有)多少/u.exec(text)?.[1]
  );
}

function analyzeChinese(text: string, injected: boolean): QuestionAnalysis {
  const english = translateGlossaryTerms(text);
  const collected = collectTerms(locateTokens(english)).terms;
  const terms: QuestionTerm[] = [];
  for (const term of collected) {
    if (terms.some((other) => other.surface === term.surface)) continue;
    terms.push({ ...term, name: false, offset: 0 });
  }
  const years = [...text.matchAll(/(?<!\d)((?:19|20)\d\d)(?!\d)/g)].map((match) => match[1] ?? "");
  const type = CHINESE_CUES.find(([pattern]) => pattern.test(text))?.[1] ?? "general";
  const focusText = findChineseFocus(text);
  const focusSurfaces = focusText
    ? collectTerms(locateTokens(translateGlossaryTerms(focusText))).terms.map(
        (term) => term.surface,
      )
    : [];
  const focusIndices = [
    ...new Set(
      focusSurfaces.flatMap((surface) => {
        const index = terms.findIndex((term) => term.surface.split(" ").includes(surface));
        return index >= 0 ? [index] : [];
      }),
    ),
  ];
  const head = focusIndices.at(-1);
  return {
    text,
    injected,
    chinese: true,
    type,
    terms,
    years,
    focus: head === undefined ? undefined : { head, modifiers: focusIndices.slice(0, -1) },
    parts: [],
    comparison: false,
    names: [],
  };
}

/**
 * Analyses a user question (injected instructions are stripped first). With `split`, a
 * comparison or a two-part question also gets its parts as questions of their own.
 */
export function analyzeQuestion(question: string, { split = true } = {}): QuestionAnalysis {
  const { text, injected } = stripInjection(question);
  if (hasCjk(text)) return analyzeChinese(text, injected);
  const tokens = locateTokens(text);
  const { terms, years } = collectTerms(tokens);
  const { parts, comparison } = split ? findParts(text) : { parts: [], comparison: false };
  let type = detectType(text);
  let focus = findFocus(tokens, terms, type);
  const claimed = type === "general" ? findClaimedCount(terms, text) : undefined;
  if (claimed !== undefined) {
    type = "number";
    focus = { head: claimed, modifiers: [] };
  }
  return {
    text,
    injected,
    chinese: false,
    type,
    terms,
    years,
    focus,
    names: findNames(tokens, terms),
    parts,
    comparison,
  };
}

/**
 * The parts of a comparison or two-part question as questions of their own ("Which is older, A
 * or B?" → one about A, one about B); empty for a simple question. Retrieving for each part
 * finds passages that a search for the whole question ranks too low.
 */
export function getSubQuestions(question: string): string[] {
  return analyzeQuestion(question).parts.map((part) => part.text);
}
