/**
 * @module The offline (extractive) answerer's entry: answers an analysed question from numbered
 * sources without a language model, by what the question is after — a welcome, an overview, the
 * places that suit an industry, a comparison, an open topic, or a fact — and says when the
 * sources do not answer it, with the closest thing they do say. Composing the decline's wording
 * and contact is the pipeline's (it needs to retrieve the contact).
 */
import type { Lexicon } from "../../lexicon/lexicon.ts";
import { extractFigures, normalizeFigure } from "../../passages/figures.ts";
import { namesCorpusTopic } from "../../passages/score.ts";
import type { QuestionAnalysis } from "../../question/analysis.ts";
import { asksWhy, isThanks, overviewSubject } from "../../question/intent.ts";
import { prepareQuery } from "../../question/query.ts";
import type { Source } from "../types.ts";
import { answerContact } from "./contact.ts";
import { type Candidate, type FactSolution, type Gap, solveFact } from "./facts.ts";
import {
  composeComparison,
  composeDocuments,
  composeLead,
  composeMatching,
  composeOverview,
  composeSides,
  composeTopic,
  composeWelcome,
  namesDocument,
  soleSubject,
  sourcesOfBestDocument,
} from "./intents.ts";
import { CHINESE_LEAD, presentSentence } from "./present.ts";

/** What the extractive answerer made of a question. */
export type ExtractiveDraft =
  | { outcome: "answer"; answer: string; cited: number[] }
  | {
      outcome: "decline";
      /** Why: nothing in the sources concerns the question, or only its exact point is missing. */
      reason: "out-of-scope" | "missing" | "injected";
      gap?: Gap | undefined;
      /** What the sources do say about the topic, presented and cited. */
      related?: { text: string; n: number } | undefined;
    };

export interface ExtractiveInput {
  analysis: QuestionAnalysis;
  sources: readonly Source[];
  lexicon: Lexicon;
  /** One numbered source per corpus document, for a welcome. */
  documents?: readonly Source[];
}

/** Whether the question states figures that no source contains ("they say 5,000 firms"). */
function claimsUnsupportedFigure(analysis: QuestionAnalysis, sources: readonly Source[]): boolean {
  const claims = analysis.query.terms
    .filter((term) => /^\d/.test(term.surface) && !/^(?:19|20)\d\d$/.test(term.surface))
    .map((term) => normalizeFigure(term.surface));
  if (claims.length === 0) return false;
  const known = new Set(
    sources.flatMap((source) => extractFigures(source.chunk.text).map(normalizeFigure)),
  );
  return claims.some((claim) => !known.has(claim));
}

function presentAll(solution: FactSolution, chosen: readonly Candidate[]): string[] {
  const datesSaid = new Set<string>();
  return chosen.map((candidate) =>
    presentSentence({
      sentence: candidate.sentence,
      source: candidate.source,
      context: solution.context,
      datesSaid,
    }),
  );
}

/** A decline for a solution with a gap, with the closest sentence as what the sources do say. */
function declineFor(solution: FactSolution, lexiconKnowsAnything: boolean): ExtractiveDraft {
  const related = solution.related;
  const relatedText = related
    ? { text: presentAll(solution, [related])[0] ?? "", n: related.source.n }
    : undefined;
  // When a named thing is asked about, finding no sentence of the asked kind ("how big") means the
  // sources lack that fact, not that the question is outside them.
  const outOfScope =
    !lexiconKnowsAnything ||
    (solution.gap === "nothing" && solution.context.query.entities.length === 0);
  return {
    outcome: "decline",
    reason: outOfScope && !related ? "out-of-scope" : "missing",
    gap: solution.gap,
    ...(relatedText ? { related: relatedText } : {}),
  };
}

/**
 * Whether the question concerns what the corpus is about: some sentence matches it a little, it
 * names one of the corpus's named things, or it names a thing the corpus speaks of that is not in
 * nearly every sentence ("logistics", not only "Chongqing").
 */
function touchesCorpus(solution: FactSolution, lexicon: Lexicon): boolean {
  if (solution.ranked.some((candidate) => candidate.score > 0.15)) return true;
  // A thing the corpus names ("the Free Trade Zone") is something the sources speak of.
  if (solution.context.query.entities.length > 0) return true;
  return solution.context.query.terms.some(
    (term) => !term.chinese && namesCorpusTopic(term, lexicon),
  );
}

/** Answers a fact question (or each part of a two-part question or comparison). */
function answerFacts(input: ExtractiveInput): ExtractiveDraft {
  const { analysis, sources, lexicon } = input;
  const lead = analysis.query.chinese ? `${CHINESE_LEAD}\n` : "";
  if (analysis.query.type === "contact" || analysis.query.type === "address") {
    const contact = answerContact({ query: analysis.query, sources, lexicon });
    if (contact)
      return { outcome: "answer", answer: `${lead}${contact.text}`, cited: contact.cited };
    if (analysis.query.type === "contact") return { outcome: "decline", reason: "missing" };
  }
  const claim = claimsUnsupportedFigure(analysis, sources)
    ? "The sources do not support the figure in your question; here is what they say. "
    : "";
  if (analysis.parts.length >= 2) {
    const solved = analysis.parts.map((part) =>
      solveFact({ query: part.query, sources, lexicon, excluded: part.excluded }),
    );
    separateParts(analysis, solved, input);
    const answered = solved.filter((solution) => !solution.gap && solution.chosen.length > 0);
    if (answered.length === 0) {
      const whole = solveFact({ query: analysis.query, sources, lexicon });
      if (!whole.gap) return answerOne(whole, lead, claim);
      return declineFor(whole, touchesCorpus(whole, lexicon));
    }
    const seen = new Set<Candidate["sentence"]>();
    const sentences: string[] = [];
    const cited = new Set<number>();
    for (const solution of answered) {
      const fresh = solution.chosen.filter((candidate) => !seen.has(candidate.sentence));
      for (const candidate of fresh) {
        seen.add(candidate.sentence);
        cited.add(candidate.source.n);
      }
      sentences.push(...presentAll(solution, fresh));
    }
    const rest =
      answered.length < solved.length ? " The sources do not cover the rest of your question." : "";
    return {
      outcome: "answer",
      answer: `${lead}${claim}${sentences.join(" ")}${rest}`,
      cited: [...cited],
    };
  }
  const solution = solveFact({ query: analysis.query, sources, lexicon });
  if (solution.gap) return declineFor(solution, touchesCorpus(solution, lexicon));
  return answerOne(solution, lead, claim);
}

/** A part's next-best answer may replace its best when it scores at least this share of it. */
const MIN_SEPARATE_SCORE = 0.9;

/**
 * Two parts of a question ask two things: when they chose the same best sentence, the part whose
 * next-best answer (without that sentence) is nearly as good takes it instead ("what share in
 * the central urban areas, and what share in the development zones?").
 */
function separateParts(
  analysis: QuestionAnalysis,
  solved: FactSolution[],
  { sources, lexicon }: ExtractiveInput,
): void {
  const bestText = (solution: FactSolution | undefined) =>
    solution && !solution.gap ? solution.chosen[0]?.sentence.text : undefined;
  for (let a = 0; a < solved.length; a++) {
    for (let b = a + 1; b < solved.length; b++) {
      const shared = bestText(solved[a]);
      if (!shared || shared !== bestText(solved[b])) continue;
      let replacement: { index: number; solution: FactSolution; ratio: number } | undefined;
      for (const index of [a, b]) {
        const part = analysis.parts[index];
        const before = solved[index]?.chosen[0]?.score ?? 0;
        if (!part || before <= 0) continue;
        const solution = solveFact({
          query: part.query,
          sources,
          lexicon,
          excluded: part.excluded,
          avoided: new Set([shared]),
        });
        const ratio = (solution.chosen[0]?.score ?? 0) / before;
        if (!solution.gap && ratio >= MIN_SEPARATE_SCORE && ratio > (replacement?.ratio ?? 0)) {
          replacement = { index, solution, ratio };
        }
      }
      if (replacement) solved[replacement.index] = replacement.solution;
    }
  }
}

function answerOne(solution: FactSolution, lead: string, claim: string): ExtractiveDraft {
  const sentences = presentAll(solution, solution.chosen);
  const opening = solution.disagreement ? "The sources give different figures: " : "";
  return {
    outcome: "answer",
    answer: `${lead}${claim}${opening}${sentences.join(" ")}`,
    cited: [...new Set(solution.chosen.map((candidate) => candidate.source.n))],
  };
}

/**
 * Answers an analysed question from numbered sources without a language model; the draft is an
 * answer citing `[n]`, or a decline saying why (and what the sources do say, when they cover the
 * topic but not the exact point).
 */
export function answerExtractively(input: ExtractiveInput): ExtractiveDraft {
  const { analysis, sources, lexicon } = input;
  const chinese = analysis.query.chinese;
  if (!analysis.text || analysis.unsupported) {
    return { outcome: "decline", reason: analysis.injected ? "injected" : "out-of-scope" };
  }
  switch (analysis.intent) {
    case "greeting":
    case "capabilities": {
      const welcome = composeWelcome({
        documents: input.documents ?? [],
        lexicon,
        chinese,
        thanked: isThanks(analysis.text),
      });
      return { outcome: "answer", answer: welcome.text, cited: welcome.cited };
    }
    case "overview": {
      const [named] = analysis.query.entities;
      const entity = named && lexicon.subjectOf(named);
      // Of a named thing its key facts; of a document (or of nothing said) the best document's
      // opening; of a topic ("what the sources say about logistics") the passages on it.
      const subject = prepareQuery(overviewSubject(analysis.text), lexicon);
      // "Tell me about Chongqing": a word in most passages is no topic to gather them by.
      const topical = subject.terms.some(
        (term) => !term.stems.every((one) => lexicon.isFrequent(one)),
      );
      const composed = entity
        ? composeOverview({ entity, sources, lexicon, chinese })
        : !topical || namesDocument(subject, lexicon)
          ? composeLead({
              query: analysis.query,
              sources: sourcesOfBestDocument(analysis.query, subject, sources, lexicon),
              lexicon,
              chinese,
            })
          : composeTopic({ query: subject, sources, lexicon, chinese });
      if (composed) return { outcome: "answer", answer: composed.text, cited: composed.cited };
      break;
    }
    case "matching": {
      const composed = composeMatching({ query: analysis.query, sources, lexicon, chinese });
      if (composed) return { outcome: "answer", answer: composed.text, cited: composed.cited };
      break;
    }
    case "comparison": {
      const { entities } = analysis.query;
      if (entities.length >= 2) {
        const composed = composeComparison({
          entities: entities.map((entity) => lexicon.subjectOf(entity)),
          query: analysis.query,
          sources,
          lexicon,
          chinese,
        });
        if (composed) return { outcome: "answer", answer: composed.text, cited: composed.cited };
      } else if (entities.length === 1 && analysis.parts.length >= 2) {
        // Two parts of one named thing: answered as facts when the sources allow, or with the
        // sentences about the thing that speak to each part.
        const facts = answerFacts(input);
        if (facts.outcome === "answer") return facts;
        const composed = composeSides({
          parts: analysis.parts,
          query: analysis.query,
          sources,
          lexicon,
          chinese,
        });
        if (composed) return { outcome: "answer", answer: composed.text, cited: composed.cited };
      } else if (entities.length === 0) {
        // Two documents named by their titles ("the regulations article and the piece on …").
        const composed = composeDocuments({ query: analysis.query, sources, lexicon, chinese });
        if (composed) return { outcome: "answer", answer: composed.text, cited: composed.cited };
      }
      break;
    }
    case "topic": {
      const subject = soleSubject(analysis.query);
      const overview =
        subject &&
        composeOverview({ entity: lexicon.subjectOf(subject), sources, lexicon, chinese });
      if (overview) return { outcome: "answer", answer: overview.text, cited: overview.cited };
      // "Why invest …?" asks for reasons: what the sources say most about it, before one fact.
      const why = asksWhy(analysis.text);
      const topic = () => composeTopic({ query: analysis.query, sources, lexicon, chinese });
      const first = why ? topic() : undefined;
      if (first) return { outcome: "answer", answer: first.text, cited: first.cited };
      const facts = answerFacts(input);
      if (facts.outcome === "answer") return facts;
      const composed = why ? undefined : topic();
      if (composed) return { outcome: "answer", answer: composed.text, cited: composed.cited };
      return facts;
    }
    default:
      break;
  }
  return answerFacts(input);
}
