/**
 * @module Scoring source sentences against a question and choosing the ones that answer it:
 * rarity-weighted coverage of the question's words, proximity, the kind of fact, and the checks
 * that decide whether the sources answer at all.
 */
import { disagrees, findAnchors } from "./anchors.ts";
import { findYears, getSourceYear, THIS_YEAR } from "./dates.ts";
import { isStrictType, typedStems, typeFit } from "./fit.ts";
import { containsPhrase, findPositions, indexStems, type Unit } from "./passages.ts";
import type { QuestionAnalysis } from "./question.ts";
import type { Source } from "./types.ts";
import { isDomainWord, type Phrase, toStems } from "./vocabulary.ts";

interface Scored {
  unit: Unit;
  score: number;
  /** Match level per term: 2 in the sentence, 1 in its context, 0 absent. */
  levels: number[];
  fit: number;
}

/** Minimum share of the question's (weighted) words the chosen sentences must cover. */
const MIN_COVERAGE = 0.6;

const MIN_COVERAGE_CHINESE = 0.5;

/**
 * Bonus for question words that stand together in the sentence as they do in the question
 * ("Chongqing High-tech Zone", not "Chongqing Bishan High-tech … Zone"), and for a figure right
 * by the asked-for thing in a number question ("96 high-tech enterprises").
 */
function proximityBonus(
  analysis: QuestionAnalysis,
  unit: Unit,
  weights: readonly number[],
): number {
  const positions = analysis.terms.map((term) => findPositions(unit.stems, term.alternatives));
  let bonus = 0;
  for (let index = 0; index + 1 < positions.length; index++) {
    const here = positions[index] ?? [];
    const next = positions[index + 1] ?? [];
    const gap = Math.min(
      Number.POSITIVE_INFINITY,
      ...here.flatMap((p) => next.map((q) => (q > p ? q - p : (p - q) * 1.5))),
    );
    if (gap <= 4) {
      bonus += (gap <= 1.5 ? 0.5 : 0.3) * Math.min(weights[index] ?? 0, weights[index + 1] ?? 0);
    }
  }
  for (const name of analysis.names) {
    if (findPositions(unit.stems, [name.stems]).length === 0) continue;
    bonus += 0.25 * name.terms.reduce((sum, index) => sum + (weights[index] ?? 0), 0);
  }
  const anchors = findAnchors(unit.stems, analysis, unit.breaks);
  const head = analysis.focus?.head;
  if (head !== undefined && anchors.length > 0) {
    bonus += Math.max(...anchors.map((anchor) => anchor.quality)) * (weights[head] ?? 0);
  }
  return bonus;
}

/** 2: in the sentence; 1.5: in its title or section; 1: in the text before it; 0: absent. */
function matchLevel(unit: Unit, alternatives: readonly Phrase[]): number {
  if (alternatives.some((phrase) => containsPhrase(unit.stems, unit.stemSet, phrase))) return 2;
  if (alternatives.some((phrase) => containsPhrase(unit.heading, unit.headingSet, phrase))) {
    return 1.5;
  }
  if (alternatives.some((phrase) => containsPhrase(unit.context, unit.contextSet, phrase)))
    return 1;
  return 0;
}

/**
 * Each term's weight: squared inverse sentence frequency among the sources (rare words decide),
 * raised for names and the asked-for noun phrase, lowered for words every passage is about.
 */
export function computeWeights(analysis: QuestionAnalysis, units: readonly Unit[]): number[] {
  const total = units.length;
  return analysis.terms.map((term, index) => {
    const df = units.filter((unit) =>
      term.alternatives.some((phrase) => containsPhrase(unit.stems, unit.stemSet, phrase)),
    ).length;
    const weight = Math.log(1 + (total + 1) / (df + 0.5)) ** 2;
    if (term.figure) return weight * 0.5;
    const focused = index === analysis.focus?.head || analysis.focus?.modifiers.includes(index);
    const generic = !focused && term.surface.split(" ").every(isDomainWord) ? 0.3 : 1;
    return weight * (term.name ? 1.5 : 1) * (focused ? 1.5 : 1) * generic;
  });
}

/** Whether a unit is about the question's years ("this year" counts as its source's year). */
function matchesYears(unit: Unit, years: readonly string[]): boolean {
  if (years.length === 0) return true;
  const sourceYear = getSourceYear(unit.source.chunk.date);
  const stated = findYears(unit.text);
  if (sourceYear && THIS_YEAR.test(unit.text)) stated.push(sourceYear);
  if (stated.length > 0) return years.every((year) => stated.includes(year));
  return sourceYear !== undefined && years.every((year) => year === sourceYear);
}

function scoreUnits(
  analysis: QuestionAnalysis,
  units: readonly Unit[],
  weights: readonly number[],
): Scored[] {
  const questionStems = typedStems(analysis);
  const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  const inNames = new Set(
    analysis.names.flatMap((name) =>
      name.terms.filter((index) => !analysis.terms[index]?.name).map((index) => ({ name, index })),
    ),
  );
  return units.map((unit) => {
    const levels = analysis.terms.map((term) => matchLevel(unit, term.alternatives));
    for (const { name, index } of inNames) {
      if (levels[index] === 2 && findPositions(unit.stems, [name.stems]).length === 0) {
        levels[index] = 1.5;
      }
    }
    let matched = 0;
    levels.forEach((level, index) => {
      const weight = weights[index] ?? 0;
      const name = analysis.terms[index]?.name === true;
      const credit =
        level === 2
          ? 1
          : level === 1.5
            ? name
              ? 0.8
              : 0.9
            : level === 1
              ? name
                ? 0.5
                : 0.75
              : 0;
      matched += weight * credit;
    });
    matched += proximityBonus(analysis, unit, weights);
    const fit = typeFit(unit.text, analysis.type, questionStems);
    const rank = 0.02 / unit.source.n;
    const length = Math.max(0, unit.text.length - 300) / 4000;
    const head = analysis.focus?.head;
    const headLevel = head === undefined ? 2 : (levels[head] ?? 0);
    const headless = headLevel === 2 ? 1 : headLevel === 1 ? 0.6 : 0.4;
    const score = (matched / total) * (0.35 + 0.65 * fit) * headless + rank - length;
    return { unit, score, levels, fit };
  });
}

function coverage(
  analysis: QuestionAnalysis,
  weights: readonly number[],
  chosen: readonly Scored[],
  indices: readonly number[] = analysis.terms.map((_, index) => index),
): number {
  let covered = 0;
  let total = 0;
  for (const index of indices) {
    if (analysis.terms[index]?.figure) continue;
    const weight = weights[index] ?? 0;
    total += weight;
    if (chosen.some((scored) => (scored.levels[index] ?? 0) > 0)) covered += weight;
  }
  return total === 0 ? 1 : covered / total;
}

function isCovered(levels: readonly number[], index: number): boolean {
  return (levels[index] ?? 0) > 0;
}

/**
 * The sentence right before or after the best one (same chunk) that holds the asked-for words
 * the best one only has in its context: "Industry, …, biomedicine and high-tech services are the
 * dominant industries." before "… are developing at the same time in the "1+3+X" system".
 */
function completeFocus(
  analysis: QuestionAnalysis,
  best: Scored,
  scored: readonly Scored[],
): Scored | undefined {
  const { focus } = analysis;
  if (!focus) return undefined;
  const focusTerms = [focus.head, ...focus.modifiers];
  const missing = focusTerms.filter((index) => (best.levels[index] ?? 0) < 2);
  if (missing.length === 0) return undefined;
  return scored.find(
    (candidate) =>
      candidate.unit.source === best.unit.source &&
      Math.abs(candidate.unit.index - best.unit.index) === 1 &&
      missing.every((index) => candidate.levels[index] === 2),
  );
}

function select(
  analysis: QuestionAnalysis,
  scored: Scored[],
): { chosen: Scored[]; disagreement: boolean } {
  const ranked = [...scored]
    .filter((candidate) => matchesYears(candidate.unit, analysis.years))
    .filter((candidate) => !isStrictType(analysis.type) || candidate.fit > 0)
    .sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return { chosen: [], disagreement: false };
  const chosen: Scored[] = [best];
  const neighbour = completeFocus(analysis, best, scored);
  if (neighbour) {
    const ordered = neighbour.unit.index < best.unit.index ? [neighbour, best] : [best, neighbour];
    return { chosen: ordered, disagreement: false };
  }
  const key = analysis.terms.flatMap((term, index) =>
    (term.name || index === analysis.focus?.head) && isCovered(best.levels, index) ? [index] : [],
  );
  const rival = ranked.find(
    (candidate) =>
      candidate !== best &&
      candidate.score >= best.score * 0.65 &&
      candidate.fit >= best.fit &&
      key.every((index) => isCovered(candidate.levels, index)) &&
      disagrees(best.unit, candidate.unit, analysis),
  );
  if (rival && ["number", "share", "money", "size", "general"].includes(analysis.type)) {
    chosen.push(rival);
    return { chosen, disagreement: true };
  }
  return { chosen, disagreement: false };
}

/** Words that read as verbs, adverbs or comparatives: a question may use them loosely. */
function isLooseWord(word: string): boolean {
  return /(?:ing|ed|ly|ier|ied)$/.test(word) && word.length > 4;
}

/**
 * Question words that appear nowhere in the sources (title, section or text of any of them):
 * "tax", "mayor", "Shanghai". Sources that never mention what is asked about cannot answer it.
 */
function findAbsentTerms(analysis: QuestionAnalysis, sources: readonly Source[]): string[] {
  if (analysis.chinese) return [];
  const stems = sources.flatMap((source) =>
    toStems(`${source.chunk.title} ${source.chunk.section} ${source.chunk.text}`),
  );
  const set = indexStems(stems);
  return analysis.terms
    .filter(
      (term) =>
        !term.figure &&
        !isLooseWord(term.surface) &&
        !term.alternatives.some((phrase) => containsPhrase(stems, set, phrase)),
    )
    .map((term) => term.surface);
}

/**
 * Why the chosen sentences do not answer the question, or `undefined` when they do: a question
 * word no source mentions, the asked-for thing or a name missing from a chosen sentence, or too
 * little of the question covered.
 */
function findGap(
  analysis: QuestionAnalysis,
  chosen: readonly Scored[],
  weights: readonly number[],
  absent: readonly string[],
): string | undefined {
  if (chosen.length === 0) return "no sentence fits";
  const covered = (index: number) => chosen.some((scored) => isCovered(scored.levels, index));
  const { focus } = analysis;
  for (const scored of chosen) {
    if (focus && !isCovered(scored.levels, focus.head)) return "focus";
    if (analysis.terms.some((term, index) => term.name && !isCovered(scored.levels, index))) {
      return "name";
    }
  }
  if (focus) {
    const modifiers = focus.modifiers.filter((index) => !analysis.terms[index]?.figure);
    const hits = modifiers.filter(covered).length;
    if (modifiers.length > 0 && hits * 2 < modifiers.length) return "focus modifiers";
  }
  if (absent.length > 0) return `absent: ${absent.join(", ")}`;
  const missingName = analysis.terms.findIndex((term, index) => term.name && !covered(index));
  if (missingName >= 0) return "name";
  const minimum = analysis.chinese ? MIN_COVERAGE_CHINESE : MIN_COVERAGE;
  if (coverage(analysis, weights, chosen) < minimum) return "coverage";
  return undefined;
}

interface Solution {
  analysis: QuestionAnalysis;
  weights: number[];
  chosen: Scored[];
  disagreement: boolean;
  /** Why the sources do not answer it; `undefined` when they do. */
  gap: string | undefined;
}

/**
 * A Chinese question's terms come from glossary translations that offer several English words
 * for one term ("funds capital"); the ones no source uses are dropped rather than counted missing.
 */
function keepPresentTerms(
  analysis: QuestionAnalysis,
  sources: readonly Source[],
): QuestionAnalysis {
  const absent = new Set(findAbsentTerms({ ...analysis, chinese: false }, sources));
  const kept = analysis.terms.flatMap((term, index) => (absent.has(term.surface) ? [] : [index]));
  if (kept.length === 0) return analysis;
  const remap = (index: number) => kept.indexOf(index);
  const focusTerms = analysis.focus
    ? [...analysis.focus.modifiers, analysis.focus.head].map(remap).filter((index) => index >= 0)
    : [];
  const head = focusTerms.at(-1);
  return {
    ...analysis,
    terms: kept.map((index) => analysis.terms[index] as QuestionAnalysis["terms"][number]),
    focus: head === undefined ? undefined : { head, modifiers: focusTerms.slice(0, -1) },
  };
}

/** Picks the sentences answering one (part of a) question and checks that they really do. */
export function solve(
  question: QuestionAnalysis,
  units: readonly Unit[],
  sources: readonly Source[],
  excluded: readonly string[],
): Solution {
  const analysis = question.chinese ? keepPresentTerms(question, sources) : question;
  const weights = computeWeights(analysis, units);
  const allowed = units.filter(
    (unit) => !excluded.some((stem) => unit.stemSet.has(stem) || unit.contextSet.has(stem)),
  );
  const scored = scoreUnits(analysis, allowed, weights);
  const { chosen, disagreement } = select(analysis, scored);
  const gap = findGap(analysis, chosen, weights, findAbsentTerms(analysis, sources));
  return { analysis, weights, chosen, disagreement, gap };
}
