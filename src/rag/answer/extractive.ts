/**
 * @module The offline answerer: picks the one to three source sentences that state the asked-for
 * fact, trims them to the clauses that carry it, and composes a short answer citing each as
 * `[n]`. It declines when the chosen sentences do not cover what the question is about — a wrong
 * figure presented as fact is the worst thing it can do.
 */
import { type Contact, describeContact, findContacts } from "./contacts.ts";
import { extractFigures, normalizeFigure } from "./figures.ts";
import { buildUnits, containsPhrase, indexStems, type Unit } from "./passages.ts";
import { presentSentence } from "./presentation.ts";
import { analyzeQuestion, type QuestionAnalysis } from "./question.ts";
import { computeWeights, solve } from "./scoring.ts";
import type { Source } from "./types.ts";
import { toStems } from "./vocabulary.ts";

/** What {@link answerFromSources} returns. */
export interface ExtractiveAnswer {
  answer: string;
  /** False when the sources do not answer the question. */
  answered: boolean;
  /** Source numbers the answer cites. */
  cited: number[];
}

const CONTACT_WORDS: ReadonlyArray<readonly [RegExp, Contact["kind"]]> = [
  [/\be-?mail|邮箱|邮件/i, "email"],
  [/\baddress|street|avenue|road|office|visit|where|地址|哪里/i, "address"],
  [/./, "phone"],
];

function answerContact(
  analysis: QuestionAnalysis,
  sources: readonly Source[],
  units: readonly Unit[],
): ExtractiveAnswer | undefined {
  const contacts = findContacts(sources.map((source) => source.chunk));
  const wanted = CONTACT_WORDS.find(([pattern]) => pattern.test(analysis.text))?.[1] ?? "phone";
  const weights = computeWeights(analysis, units);
  let best: { contact: Contact; value: number } | undefined;
  for (const contact of contacts) {
    if (contact.kind !== wanted) continue;
    const own = toStems(`${contact.organization} ${contact.line}`);
    const around = toStems(`${contact.chunk.title} ${contact.chunk.section}`);
    const ownSet = indexStems(own);
    const aroundSet = indexStems(around);
    let value = 0;
    let namesCovered = true;
    analysis.terms.forEach((term, index) => {
      const weight = weights[index] ?? 0;
      const inOwn = term.alternatives.some((phrase) => containsPhrase(own, ownSet, phrase));
      const inAround = term.alternatives.some((phrase) =>
        containsPhrase(around, aroundSet, phrase),
      );
      const importance = term.name ? 2 : 1;
      value += (inOwn ? weight * 2 : inAround ? weight : 0) * importance;
      if (term.name && !inOwn && !inAround) namesCovered = false;
    });
    const n = sources.find((source) => source.chunk === contact.chunk)?.n ?? 99;
    value -= n / 1000;
    if (!namesCovered) continue;
    if (!best || value > best.value) best = { contact, value };
  }
  if (!best) return undefined;
  const n = sources.find((source) => source.chunk === best.contact.chunk)?.n;
  if (n === undefined) return undefined;
  return { answer: `${describeContact(best.contact)} [${n}].`, answered: true, cited: [n] };
}

const NOT_ANSWERED = "I don't have that information in my sources.";

const CHINESE_LEAD = "（资料为英文，以下为英文原文摘录。）";

function decline(): ExtractiveAnswer {
  return { answer: NOT_ANSWERED, answered: false, cited: [] };
}

/** Whether the question states figures that no source contains ("they say 5,000 firms"). */
function hasUnsupportedClaim(analysis: QuestionAnalysis, sources: readonly Source[]): boolean {
  const claims = analysis.terms
    .filter((term) => term.figure)
    .map((term) => normalizeFigure(term.surface));
  if (claims.length === 0) return false;
  const known = new Set(
    sources.flatMap((source) => extractFigures(source.chunk.text).map(normalizeFigure)),
  );
  return claims.some((claim) => !known.has(claim));
}

/**
 * Answers a question from numbered sources without a language model: scores each source
 * sentence against the question (content words weighted by rarity, the domain's equivalent
 * wordings, the kind of fact asked for, the source's rank), keeps the best one to three, trims
 * them to the clauses carrying the fact and cites them. Dated sources are said to be "as of" their
 * date; when two sources give different figures for the same thing, both are given. Declines
 * (`answered: false`) when the sentences do not cover what the question is about, or when
 * nothing but injected instructions is left of it.
 */
export function answerFromSources({
  question,
  sources,
}: {
  question: string;
  sources: Source[];
}): ExtractiveAnswer {
  const analysis = analyzeQuestion(question);
  if (!analysis.text || (analysis.terms.length === 0 && analysis.type === "general")) {
    return decline();
  }
  const units = buildUnits(sources);
  if (units.length === 0) return decline();
  const lead = analysis.chinese ? `${CHINESE_LEAD}\n` : "";
  if (analysis.type === "contact" || analysis.type === "address") {
    const contact = answerContact(analysis, sources, units);
    if (contact) return { ...contact, answer: `${lead}${contact.answer}` };
    if (analysis.type === "contact") return decline();
  }
  const claim = hasUnsupportedClaim(analysis, sources)
    ? "The sources do not support the figure in your question; here is what they say."
    : "";
  if (analysis.parts.length >= 2) {
    const solved = analysis.parts.map((part) =>
      solve(analyzeQuestion(part.text, { split: false }), units, sources, part.excluded),
    );
    const answered = solved.filter((part) => !part.gap && part.chosen.length > 0);
    if (answered.length === 0) return decline();
    const seen = new Set<Unit>();
    const datesSaid = new Set<string>();
    const sentences: string[] = [];
    for (const part of answered) {
      for (const candidate of part.chosen) {
        if (seen.has(candidate.unit)) continue;
        seen.add(candidate.unit);
        sentences.push(presentSentence(candidate.unit, part.analysis, part.weights, datesSaid));
      }
    }
    const rest =
      answered.length < solved.length ? "The sources do not cover the rest of your question." : "";
    const cited = [...new Set([...seen].map((unit) => unit.source.n))];
    const text = [claim, ...sentences, rest].filter(Boolean).join(" ");
    return { answer: `${lead}${text}`, answered: true, cited };
  }
  const { chosen, disagreement, gap, weights } = solve(analysis, units, sources, []);
  if (gap) return decline();
  const datesSaid = new Set<string>();
  const sentences = chosen.map((candidate) =>
    presentSentence(candidate.unit, analysis, weights, datesSaid),
  );
  const opening = disagreement ? "The sources give different figures:" : "";
  const text = [claim, opening, ...sentences].filter(Boolean).join(" ");
  const cited = [...new Set(chosen.map((candidate) => candidate.unit.source.n))];
  return { answer: `${lead}${text}`, answered: true, cited };
}
