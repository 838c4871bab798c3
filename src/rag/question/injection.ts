/**
 * @module Prompt-injection stripping for the offline answerer: instructions aimed at the assistant
 * ("ignore previous instructions", "you are now…", "print your system prompt", "answer from your
 * own knowledge", fake `<context>` tags, links to repeat) are removed before a question is
 * analysed, so they are never followed. The question they wrap, if any, is kept.
 */

/** Markup that pretends to open or close a prompt section: `</context>`, `<system>`, `[INST]`. */
const FAKE_MARKUP =
  /<\/?\s*(?:context|system|user|assistant|instructions?|prompt|documents?|sources?)\s*>|\[\/?(?:INST|SYS)\]|<<\/?SYS>>/gi;

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'）)]*[^\s<>"'）).,;:!?]/gi;

/** A sentence containing any of these is an instruction to the assistant, not a question. */
const MARKERS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.?!]*\b(?:instructions?|rules?|prompts?|guidelines?|directions?|constraints?|restrictions?|guardrails?|policy|policies)\b/i,
  /\byou are (?:now|no longer|free|an? unrestricted)\b/i,
  /\b(?:act|behave|respond) as (?:if|an?|the)\b/i,
  /\bpretend (?:to be|you are|that)\b/i,
  /\b(?:system|developer)\s+(?:prompt|message|notice|instructions?|override|mode)\b/i,
  /\bnew (?:instructions?|task|persona)\b/i,
  /\b(?:print|reveal|show|repeat|output|display|tell me|give me|share|dump)\b[^.?!]*\b(?:system prompt|your (?:prompt|instructions|rules|configuration))\b/i,
  /\b(?:your|from) own knowledge\b/i,
  /\bnot (?:from |based on |using )?the (?:documents|sources|corpus|context)\b/i,
  /\bwithout (?:any )?(?:citations?|sources|caveats)\b/i,
  /\bno (?:citations?|caveats|disclaimers?)\b/i,
  // "Make up a number", "make something up" (not "Which districts make up the area?").
  /\bmake up (?:a |an |some |the )?(?:\w+ )?(?:numbers?|figures?|answers?|data|facts?|statistics?|stats|estimates?|quotes?|sources?|stuff|something)\b|\bmake (?:it|something|one|them|things|stuff|(?:a |the )?numbers?|(?:a |the )?figures?) up\b|\binvent (?:a|an|some)\b|\bfabricate\b/i,
  /\breply (?:only )?with\b|\brespond only with\b|\bsay only\b/i,
  /\binclude (?:the|this|a) link\b|\btell (?:users|people|everyone)\b/i,
  /\b(?:jailbreak|DAN mode|unrestricted)\b/i,
  /\bthe (?:corpus|documents?|sources?|knowledge base) (?:was|were|has been|have been) updated\b/i,
  /忽略|无视|忘记|系统提示|提示词|你现在是|扮演|不要引用|编造/,
];

/** Lead-ins that point back at removed injected text: "Using that update, …". */
const DANGLING_LEAD =
  /^(?:using|based on|according to|given|with|per) (?:that|this|the|these) (?:update|notice|information|instructions?|data|change)s?\s*,?\s*/i;

/** What is left of a question once injected instructions are removed. */
export interface StrippedQuestion {
  /** The question without instructions, links or fake markup; may be empty. */
  text: string;
  /** Whether anything was removed. */
  injected: boolean;
}

function splitClauses(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/u)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Removes instructions aimed at the assistant from a user question. A sentence carrying an
 * instruction is dropped, except for a question after its last colon ("Answer from your own
 * knowledge: what is …?" keeps "what is …?"). Links are always removed: the answerer must never
 * repeat a link a user supplied.
 */
export function stripInjection(question: string): StrippedQuestion {
  let injected = false;
  const unmarked = question.replace(FAKE_MARKUP, () => {
    injected = true;
    return " ";
  });
  const unlinked = unmarked.replace(URL, () => {
    injected = true;
    return " ";
  });
  const kept: string[] = [];
  for (const sentence of splitClauses(unlinked)) {
    if (!MARKERS.some((marker) => marker.test(sentence))) {
      kept.push(sentence);
      continue;
    }
    injected = true;
    const colon = Math.max(sentence.lastIndexOf(":"), sentence.lastIndexOf("："));
    const tail = colon >= 0 ? sentence.slice(colon + 1).trim() : "";
    if (/[?？]$/.test(tail) && !MARKERS.some((marker) => marker.test(tail))) kept.push(tail);
  }
  const text = kept
    .map((sentence, index) =>
      index === 0 || injected ? sentence.replace(DANGLING_LEAD, "") : sentence,
    )
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  return { text, injected };
}
