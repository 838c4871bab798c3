/**
 * @module A question analysed once per request, for retrieval and answering alike: injected
 * instructions removed, what it is after (greeting, overview, matching, comparison, fact…), its
 * terms with their related corpus wordings, the kind of fact and the thing asked for, the named
 * things it mentions, and a comparison's or two-part question's parts. Runtime-neutral.
 */

import type { Lexicon } from "../lexicon/lexicon.ts";
import { stem } from "../lexicon/words.ts";
import { hasStrongWording, namesCorpusTopic } from "../passages/score.ts";
import { stripInjection } from "./injection.ts";
import { classifyIntent, type Intent, isUnsupportedRequest, stripGreeting } from "./intent.ts";
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
  /**
   * A task, a question about the moment of asking, or one about a name the corpus never uses and
   * nothing it names: no source answers it, so it is declined.
   */
  unsupported: boolean;
}

/** Words naming the assistant itself: a question using them is about the assistant. */
const ASSISTANT_WORDS =
  /^(?:you|your|yourself|u|bot|chatbot|assistant|ai|robot|human|machine|你|您)$/u;
/** Words about the conversation itself, which name no topic of the sources. */
const CONVERSATION_WORDS =
  /^(?:questions?|answers?|information|info|help|ask|topics?|know|cover|covers|sort|kind|type|things?|anyone|somebody|someone|here|there|this|talk|chat|tell|say|can|do|able)$/;

/**
 * A message with no topic of its own — no named thing, no kind of fact asked for, no content word
 * beyond the assistant and the conversation ("What are you?", "what is this?", "yo", "在吗") — is
 * about the assistant or small talk: it gets the welcome, never an out-of-scope decline.
 */
function classifyTopicless(text: string, query: PreparedQuery): Intent | undefined {
  if (query.entities.length > 0 || (query.type !== "general" && query.type !== "name")) {
    return undefined;
  }
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  const aboutAssistant = words.some((word) => ASSISTANT_WORDS.test(word)) || /你|您/.test(text);
  const topical = query.terms.filter(
    (term) =>
      !term.surface.split(" ").every((word) => ASSISTANT_WORDS.test(word)) &&
      !term.surface.split(" ").every((word) => CONVERSATION_WORDS.test(word)),
  );
  if (topical.length > 0) return undefined;
  if (aboutAssistant || query.terms.length > 0) return "capabilities";
  return words.length <= 4 ? "greeting" : undefined;
}

/**
 * "What can you tell me about Bishan?", "What do you know about biomedicine?": asked of the
 * assistant, but about a thing the sources name or a topic they speak of, it asks for that thing's
 * overview. About nothing in particular ("What can you tell me about investing here?") it asks
 * what the assistant can do.
 */
function classifyAskedAbout(
  text: string,
  query: PreparedQuery,
  lexicon: Lexicon,
): Intent | undefined {
  const about = /\b(?:about|on)\s+(.+)$/i.exec(text)?.[1];
  if (!about) return undefined;
  if (query.entities.length > 0) return "overview";
  const topical = prepareQuery(about, lexicon).terms.some(
    // An activity ("investing here") is what the assistant helps with, not a topic of its own.
    (term) => !/ing$/.test(term.surface) && namesCorpusTopic(term, lexicon),
  );
  return topical ? "overview" : undefined;
}

/** A message that is only a name ("Bishan High-tech Zone", "Xiyong?") asks for an overview of it. */
function classifyBareName(text: string, query: PreparedQuery): Intent | undefined {
  // "How big is Bishan?" asks a fact about it, whatever its other words.
  if (/\b(?:what|which|who|where|when|why|how|whose)\b|什么|哪|怎么|多少|几/i.test(text)) {
    return undefined;
  }
  const named = query.terms.length > 0 && query.terms.every((term) => term.partOfName);
  return named && query.entities.length === 1 && query.type === "general" ? "overview" : undefined;
}

/**
 * "What is Bishan known for?", "What does the Xiyong park produce?": a what-question of no
 * particular kind about one place, naming nothing but the place (its other words are verbs and
 * function words), asks what the place is: its key facts.
 */
function classifyPlaceOnly(
  text: string,
  query: PreparedQuery,
  lexicon: Lexicon,
): Intent | undefined {
  if (!/^\s*what\b/i.test(text) || query.type !== "general" || query.chinese) return undefined;
  const [entity, ...others] = query.entities;
  if (!entity?.place || others.length > 0) return undefined;
  const named = query.terms.filter((term) => term.partOfName);
  const rest = query.terms.filter((term) => !term.partOfName);
  // A verb the sources never use in any strong wording ("What does it cost there?") asks for
  // something they may lack, not for what the place is.
  return named.length > 0 &&
    rest.every((term) => !term.noun && !/^\d/.test(term.surface) && hasStrongWording(term, lexicon))
    ? "overview"
    : undefined;
}

/**
 * A question about a name the corpus never uses, and about nothing the corpus names ("Who won
 * the World Cup?", "What does Tesla make?"): no source can concern it.
 */
function asksOnlyAboutUnknownName(text: string, query: PreparedQuery, lexicon: Lexicon): boolean {
  if (query.entities.length > 0 || /chongqing|重庆/i.test(text)) return false;
  // Several things the sources speak of around the name ("the Changan research campus, in
  // hectares", "a Taiwanese computer brand's operating HQ in the zone") make it a question about
  // them, perhaps in another spelling or with a word the sources do not use: the answerer judges.
  const corpusNouns = query.terms.filter((term) => !term.proper && namesCorpusTopic(term, lexicon));
  if (corpusNouns.length >= 2) return false;
  return query.terms.some(
    (term) =>
      term.proper === true &&
      term.misspelt === undefined &&
      term.stems.some((stem) => lexicon.sentenceFrequency(stem) === 0) &&
      !isDestination(text, term.surface),
  );
}

/**
 * Whether a name follows "to", "from", "with"…: it is where something goes or whom it links
 * ("trucking routes down to Southeast Asia"), not what the question is about; whether the sources
 * cover that is for the answerer to judge.
 */
function isDestination(text: string, surface: string): boolean {
  const at = text.toLowerCase().indexOf(surface.toLowerCase());
  if (at < 0) return false;
  // The name's earlier words may come between ("to Southeast Asia").
  return /\b(?:to|towards?|from|into|with|via)\s+(?:the\s+)?(?:\p{Lu}[\p{L}'’-]*\s+)*$/u.test(
    text.slice(0, at),
  );
}

/**
 * "Which zones focus on biomedicine?", "What parks make chips?": a question asking which places
 * do something asks which places suit that industry.
 */
function classifyPlaceQuestion(text: string, lexicon: Lexicon): Intent | undefined {
  const asked = /^\s*(?:which|what)\s+([a-z]+)\s+(?!is\b|are\b|was\b|were\b|has\b|have\b)/i.exec(
    text,
  )?.[1];
  return asked && lexicon.isPlaceKind(stem(asked.toLowerCase())) ? "matching" : undefined;
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
    intent:
      intent === "capabilities"
        ? (classifyAskedAbout(text, query, lexicon) ?? intent)
        : comparison && intent === "fact"
          ? "comparison"
          : intent === "fact"
            ? (classifyBareName(text, query) ??
              classifyPlaceOnly(text, query, lexicon) ??
              classifyTopicless(text, query) ??
              classifyPlaceQuestion(text, lexicon) ??
              intent)
            : intent,
    query,
    parts: parts.map((part) => ({ ...part, query: prepareQuery(part.text, lexicon) })),
    comparison,
    unsupported:
      intent === "fact" &&
      (isUnsupportedRequest(text) || asksOnlyAboutUnknownName(text, query, lexicon)),
  };
}
