/**
 * @module Figures a sentence states about the asked-for thing ("96 high-tech enterprises",
 * "output value was 32.34 billion"), and whether two sentences disagree about it. Runtime-neutral.
 */
import { isStopWord } from "../lexicon/words.ts";
import type { PreparedQuery } from "../question/query.ts";
import { isNumberToken } from "../question/type.ts";
import { findYears } from "./dates.ts";
import { normalizeFigure } from "./figures.ts";
import { findPositions, matchesStem } from "./match.ts";

/** Words that may stand between a figure and what it counts: "10 billion yuan annual output". */
const MEASURE_WORDS = new Set(
  "yuan dollar us rmb usd billion million thousand trillion hundred square kilomet kilometer hectar unit percent more than over about nearly approxim".split(
    " ",
  ),
);

const CURRENCY_STEMS = new Set(["yuan", "dollar", "rmb", "usd", "cny", "euro"]);

/** Kinds of question whose answer is a figure. */
const FIGURE_TYPES = new Set(["number", "share", "money", "size", "general"]);

/** A figure stated about the asked-for thing. */
export interface Anchor {
  value: string;
  /** Words around the figure, to tell "output value was 32.34 billion" from "investment was …". */
  signature: Set<string>;
  /** What the figure measures: `currency`, `area`, `%` or the noun after it. */
  measure: string;
  /** The question term the figure is stated about. */
  term: number;
  /** 1 when the figure directly counts the asked-for thing ("96 high-tech enterprises"). */
  quality: number;
}

/** The stems a term can be found by (its own and its related wordings'). */
function phrasesOf(query: PreparedQuery, index: number): (readonly string[])[] {
  return query.terms[index]?.alternatives.map((alternative) => alternative.stems) ?? [];
}

function findMeasure(
  stems: readonly string[],
  at: number,
  breaks: ReadonlySet<number>,
  head: readonly (readonly string[])[],
): { measure: string; signature: Set<string> } {
  const signature = new Set<string>();
  for (let index = Math.max(0, at - 4); index < at; index++) {
    const stem = stems[index] ?? "";
    if (!isStopWord(stem) && !isNumberToken(stem) && !MEASURE_WORDS.has(stem)) signature.add(stem);
  }
  const token = stems[at] ?? "";
  if (token.endsWith("%") || stems[at + 1] === "percent") return { measure: "%", signature };
  const run: string[] = [];
  for (let index = at + 1; index < stems.length && run.length < 6; index++) {
    const stem = stems[index] ?? "";
    if (isStopWord(stem) || isNumberToken(stem)) break;
    run.push(stem);
    if (!MEASURE_WORDS.has(stem) && !CURRENCY_STEMS.has(stem)) signature.add(stem);
    if (breaks.has(index) || head.some((phrase) => matchesStem(stem, phrase.at(-1) ?? ""))) break;
  }
  if (run.some((stem) => CURRENCY_STEMS.has(stem))) return { measure: "currency", signature };
  if (run.includes("squar") || run.includes("square") || run.some((s) => s.startsWith("hectar"))) {
    return { measure: "area", signature };
  }
  return { measure: run.filter((stem) => !MEASURE_WORDS.has(stem)).join(" "), signature };
}

/** Where a sentence's figures (not years) are, by its stems array: found once per sentence. */
const figuresByStems = new WeakMap<readonly string[], number[]>();

function figurePositions(stems: readonly string[]): number[] {
  let positions = figuresByStems.get(stems);
  if (!positions) {
    positions = [];
    for (const [at, token] of stems.entries()) {
      if (isNumberToken(token) && !/^(?:19|20)\d\d$/.test(token)) positions.push(at);
    }
    figuresByStems.set(stems, positions);
  }
  return positions;
}

/**
 * The figures a sentence states about what a figure question asks for: right before the
 * asked-for noun (only its modifiers and measure words between) or just after it ("output value
 * was 32.34 billion"). Without a focus noun, figures next to any question word count, weaker.
 */
export function findAnchors(
  stems: readonly string[],
  query: PreparedQuery,
  breaks: ReadonlySet<number> = new Set(),
  /** The stems as a set, when the caller has it (an analysed sentence does). */
  set: ReadonlySet<string> = new Set(stems),
): Anchor[] {
  if (!FIGURE_TYPES.has(query.type)) return [];
  // Only a figure can anchor: most sentences have none worth the term search.
  const figures = figurePositions(stems);
  if (figures.length === 0) return [];
  const positions = query.terms.map((term, index) =>
    /^\d/.test(term.surface) ? [] : findPositions(stems, phrasesOf(query, index), set),
  );
  const { focus } = query;
  const modifiers = new Set(
    (focus?.modifiers ?? []).flatMap((index) => phrasesOf(query, index).flat()),
  );
  const anchors: Anchor[] = [];
  for (const at of figures) {
    const token = stems[at] ?? "";
    const percent = token.endsWith("%") || stems[at + 1] === "percent";
    const kind = query.type === "share" ? (percent ? 1 : 0.5) : percent ? 0.3 : 1;
    let quality = 0;
    let term = -1;
    if (focus) {
      term = focus.head;
      const heads = (positions[focus.head] ?? []).filter(
        (head) => !CURRENCY_STEMS.has(stems[head] ?? ""),
      );
      for (const head of heads) {
        if (at < head) {
          const between = stems.slice(at + 1, head);
          if (between.length > focus.modifiers.length + 3) continue;
          const loose = between.filter(
            (stem) =>
              !modifiers.has(stem) &&
              !MEASURE_WORDS.has(stem) &&
              !isNumberToken(stem) &&
              !isStopWord(stem),
          ).length;
          quality = Math.max(quality, kind * (loose === 0 ? 1 : loose <= 2 ? 0.7 : 0.4));
        } else if (at > head && at - head <= 4) {
          quality = Math.max(quality, kind * 0.8);
        }
      }
    } else {
      let nearest = Number.POSITIVE_INFINITY;
      positions.forEach((list, index) => {
        for (const position of list) {
          const distance = position < at ? at - position : (position - at) * 1.5;
          if (distance <= 4 && distance < nearest) {
            nearest = distance;
            term = index;
          }
        }
      });
      if (term >= 0) quality = kind * 0.6;
    }
    if (quality <= 0) continue;
    const { measure, signature } = findMeasure(
      stems,
      at,
      breaks,
      focus ? phrasesOf(query, term) : [],
    );
    anchors.push({ value: normalizeFigure(token), measure, signature, term, quality });
  }
  return anchors;
}

/** What {@link disagrees} needs of a sentence. */
export interface AnchoredText {
  text: string;
  stems: readonly string[];
  stemSet: ReadonlySet<string>;
  breaks: ReadonlySet<number>;
}

/** Whether two sentences state different figures, in the same measure, for the asked-for thing. */
export function disagrees(a: AnchoredText, b: AnchoredText, query: PreparedQuery): boolean {
  const yearsA = findYears(a.text);
  const yearsB = findYears(b.text);
  if (yearsA.length > 0 && yearsB.length > 0 && !yearsA.some((year) => yearsB.includes(year))) {
    return false;
  }
  const strong = (sentence: AnchoredText) =>
    findAnchors(sentence.stems, query, sentence.breaks, sentence.stemSet).filter(
      (anchor) => anchor.quality >= 0.6,
    );
  const left = strong(a);
  const right = strong(b);
  const shared = (x: Anchor, y: Anchor) =>
    [...x.signature].filter((stem) => y.signature.has(stem)).length;
  const same = (x: Anchor, y: Anchor) =>
    x.term === y.term &&
    x.measure === y.measure &&
    (query.focus !== undefined || x.measure === "area" || shared(x, y) >= 2);
  return left.some(
    (x) =>
      right.some((y) => same(x, y) && y.value !== x.value) &&
      !right.some((y) => same(x, y) && y.value === x.value),
  );
}
