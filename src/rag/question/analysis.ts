/**
 * @module A question analysed once per request, for retrieval and answering alike: injected
 * instructions removed, what it is after (greeting, overview, matching, comparison, fact…), its
 * terms with their related corpus wordings, the kind of fact and the thing asked for, the named
 * things it mentions, and a comparison's or two-part question's parts. Runtime-neutral.
 */

import type { Lexicon } from "../lexicon/lexicon.ts";
import { stripInjection } from "./injection.ts";
import { classifyIntent, type Intent, stripGreeting } from "./intent.ts";
import { findParts, type SubQuestion } from "./parts.ts";
import { type PreparedQuery, prepareQuery } from "./query.ts";

/** A part of a comparison or two-part question, prepared for retrieval. */
export interface AnalysedPart extends SubQuestion {
  query: PreparedQuery;
}

export interface QuestionAnalysis {
  /** The question as analysed: injected instructions and a leading greeting removed. */
  text: string;
  /** Instructions aimed at the assistant were removed from it. */
  injected: boolean;
  intent: Intent;
  /** The question prepared for retrieval and scoring. */
  query: PreparedQuery;
  /** A comparison's sides or a two-part question's parts; empty otherwise. */
  parts: AnalysedPart[];
  comparison: boolean;
}

/** Analyses a standalone question (a follow-up already rewritten). */
export function analyzeQuestion(question: string, lexicon: Lexicon): QuestionAnalysis {
  const { text: stripped, injected } = stripInjection(question);
  const intent = classifyIntent(stripped);
  const text =
    intent === "greeting" || intent === "capabilities" ? stripped : stripGreeting(stripped);
  const query = prepareQuery(text, lexicon);
  const { parts, comparison } = query.chinese
    ? { parts: [], comparison: false }
    : findParts(text, lexicon);
  return {
    text,
    injected,
    intent: comparison && intent === "fact" ? "comparison" : intent,
    query,
    parts: parts.map((part) => ({ ...part, query: prepareQuery(part.text, lexicon) })),
    comparison,
  };
}
