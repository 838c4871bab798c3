/**
 * @module What an investor's message is after, from the shape of its wording in English or
 * Chinese: a greeting, what the assistant can do, an overview of something, which place suits an
 * industry, a comparison, an open question about a topic (why invest, what support exists), or a
 * fact. General conversational patterns only: no word list of the corpus's domain.
 */

/** What a message is after. */
export type Intent =
  | "greeting"
  | "capabilities"
  | "overview"
  | "matching"
  | "comparison"
  | "topic"
  | "fact";

/** Greetings, thanks and goodbyes, possibly several ("hi there, good morning!", "thanks, bye"). */
const GREETING =
  /^(?:(?:hi|hello|hallo|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|dear|thanks|thank you|thx|cheers|bye|goodbye|bye-bye|see you|ok|okay|there|all|team|nice to meet you|你好|您好|早上好|下午好|晚上好|嗨|谢谢|哈喽|再见|拜拜)[\s,.!?！？。，~]*)+$/iu;

/** Thanks or a goodbye in a message, which a welcome answers in kind ("You're welcome!"). */
const THANKS = /\b(?:thanks|thank you|thx|cheers|bye|goodbye)\b|谢谢|再见|拜拜/i;

/** Whether a message thanks or says goodbye. */
export function isThanks(text: string): boolean {
  return THANKS.test(text);
}

/** A greeting opening a message: "Hi there,", "Greetings", "Hello!" (a whole word: not "Hiring"). */
const GREETING_START =
  /^(?:(?:hi|hello|hallo|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|dear [\w\s]{1,20}?|你好|您好)(?![a-z])(?:\s+there)?[\s,.!！，。]*)+/iu;

/**
 * A message that asks something: a question mark, a question word or auxiliary first, or a
 * request ("tell me", "please list"). What is left is a statement ("I'm from Germany").
 */
const ASKS =
  /[?？]|^(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|am|can|could|do|does|did|will|would|should|shall|may|might|has|have|had|tell|give|show|list|explain|describe|compare|find|help|please|i(?:'d| would) like|i want|i need|we(?:'d| would) like|we want|we need)\b|吗|什么|哪|怎么|多少|几|是否|请/iu;

/** Questions about the assistant itself. */
const CAPABILITIES = [
  /\bwho (?:are|r) (?:you|u)\b/i,
  /\bwho am i (?:talking|speaking|chatting) (?:to|with)\b/i,
  /\bwhat (?:can|could|do|does) (?:you|this (?:assistant|bot|tool|service))\b.*\b(?:do|help|answer|cover|offer|know|tell)\b/i,
  /\bhow (?:can|could|do|will) (?:you|this (?:assistant|bot|tool|service)) (?:help|assist|work)\b/i,
  /\bwhat (?:topics|questions|subjects|things|kind of questions)\b.*\b(?:you|i)\b/i,
  /\bwhat (?:do|can) (?:you|i) (?:know|ask|cover)\b/i,
  /\bwhat is this (?:assistant|bot|tool|service|site|chat)\b/i,
  /^(?:help|menu|start|\/help|\/start)[\s?!.]*$/i,
  /\b(?:who|which (?:company|organi[sz]ation)) (?:built|made|created|developed|trained|runs|operates|wrote) (?:you|this (?:assistant|bot|tool|service|chat))\b/i,
  /\b(?:can|do|will) (?:you|u) (?:speak|understand|read|write|answer in|reply in|talk in) (?:\w+ )?(?:chinese|english|mandarin|german|french|japanese|korean|spanish|languages?)\b/i,
  /\bhow (?:does|do|will) (?:this|you) work\b/i,
  /\bwhat (?:sources|documents|data|information|material|materials) (?:do|does|did|can) (?:you|this (?:assistant|bot|tool|service)) (?:use|have|rely on|draw on|know|cover|read)\b/i,
  /\bwhere (?:does|do) (?:you|your (?:information|data|answers|sources)) (?:get|come from)\b/i,
  /你是谁|你能做什么|你可以做什么|能帮我什么|可以帮我什么|你能回答什么|有什么功能|怎么用/,
];

const COMPARISON = [
  /\bcompar(?:e|ed|ing|ison)\b/i,
  /\bvs\.?\b|\bversus\b/i,
  /\bdifferen(?:ce|ces|t) between\b/i,
  /\bhow (?:does|do|did) .+ (?:differ|compare)\b/i,
  /\bwhich (?:is|has|was|one is|zone is|park is|are) (?:the )?(?:\w+ )?(?:more|less|bigger|larger|smaller|older|newer|better|higher|lower|greater|most|least|faster|slower)\b.* or /i,
  /\b(?:bigger|larger|smaller|older|newer|better|higher|lower|faster|slower) than\b/i,
  /比较|对比|区别|哪个更|相比/,
];

const OVERVIEW = [
  /^(?:please\s+)?(?:tell|teach) me (?:(?:a little|a bit|more|something) )?about\b/i,
  /\b(?:give|get) me (?:a |an |the )?(?:overview|introduction|intro|summary|rundown|big picture|quick picture|picture|highlights|essentials|basics)\b/i,
  /\bwhat (?:should|do|must|would) (?:i|we) (?:know|consider)\b/i,
  /\boverview of\b|\bintroduc(?:e|tion to)\b|\bsummar(?:y|ise|ize) (?:of )?\b|\bbackground on\b/i,
  /\b(?:key|main|basic|essential|important) (?:facts|points|information|details) (?:about|on)\b/i,
  /\bwhat (?:do )?(?:the |your )?(?:sources|documents|you|they) (?:say|says|know|have|tell)(?: (?:me|us))?(?: about| on)?\b/i,
  /^(?:so\s+)?what(?:'s| is| are) (?:the deal with|the story (?:with|of)|up with)\b/i,
  /^(?:and\s+)?(?:what|how) about\s+[\w\s'’-]{2,40}\??$/i,
  /^describe\b/i,
  /\b(?:big|overall|general|whole|broad|economic) picture\b|\bwhat(?:'s| is) (?:the )?(?:overall |general |economic )?(?:situation|picture)\b/i,
  /介绍|概况|简介|情况怎么样|是什么样的/,
];

/** The question without the words that ask for an overview: what it is an overview of. */
export function overviewSubject(text: string): string {
  return OVERVIEW.reduce((rest, pattern) => rest.replace(pattern, " "), text).trim();
}

const MATCHING = [
  /\bwhere (?:in [\w\s'’-]{1,30} )?(?:should|could|can|would|do|might) (?:we|i|companies|firms|(?:a|an|my|our) [\w\s-]{1,40}?)\b.*\b(?:set up|invest|locate|open|build|base|go|look|start|establish|put|expand)\b/i,
  /\bwhich (?:\w+ ){0,2}(?:zone|zones|park|parks|area|areas|district|districts|place|location|city|region)\b.*\b(?:for|suit|suits|best|should|would|fits?|right|ideal|good|makes? sense)\b/i,
  /\b(?:is|are) there (?:anything|any (?:zone|park|place|area|cluster|hub)s?)\b.*\bfor\b/i,
  /\b(?:best|right|good|ideal|suitable) (?:place|location|base|zone|park|area|spot|home)s?\b/i,
  // "Is the High-tech Zone a good fit for a software company?"
  /^(?:is|are|would)\s+.{1,60}?\s+(?:a\s+)?(?:good|right|suitable|sensible|great|ideal)\s+(?:fit|place|location|base|choice|option|home)\s+for\b/i,
  /\b(?:is|would be) (?:chongqing|it|this|the city) (?:a )?(?:good|right|suitable|sensible|smart)\b/i,
  /\bsuits? (?:us|me|our|my)\b|\bsuitable for (?:us|me|our|my)\b/i,
  /\b(?:we|i)(?:'re| are| am|'m)? (?:a |an )?[\w\s-]{0,40}(?:maker|manufacturer|supplier|producer|company|firm|startup|start-up|developer|designer|business|group)\b.*\b(?:where|which|set up|invest|look|locate|offer|help)\b/i,
  /\bwhere (?:in chongqing|do|are)\b.*\b(?:companies|firms|makers|manufacturers|cluster|clustered|concentrated|based)\b/i,
  /\b(?:find|choose|pick|select|recommend) (?:me |us )?(?:a |an |the )?(?:good |right |suitable )?(?:location|site|place|base|zone|park|area)\b/i,
  /适合|选址|在哪里投资|哪个园区|哪个开发区|去哪里/,
];

/** Nouns that only ask what speaks for a place ("the strengths of the Xiyong park"). */
export const APPEAL_NOUNS =
  /\b(?:advantages?|benefits?|strengths?|selling points?|attractions?|appeal|merits?|pros|cons)\b/i;

/** Whether a question asks why to invest, or what speaks for a place: reasons, not one fact. */
export function asksWhy(text: string): boolean {
  return /^\s*why\b/i.test(text) || APPEAL_NOUNS.test(text) || /\battractive\b/i.test(text);
}

const TOPIC = [
  /^why (?:should|would|must|do|does) (?:i|we|a|an|my|our|foreign|investors?|companies|one)\b/i,
  /\bwhy (?:invest|choose|pick|come to)\b/i,
  /\bwhy (?:should|would|must|do|does) (?:i|we|a|an|my|our|foreign|investors?|companies|one)\b.*\b(?:invest|choose|pick|locate|set up|come|go)\b/i,
  /\bwhat (?:kinds?|sorts?|types?) of\b.*\b(?:support|incentives?|help|subsid(?:y|ies)|funding|policies|programmes|programs|platforms|services)\b/i,
  // "How is the business environment in the zone?": what it is like, not one figure.
  /^(?:and\s+)?how (?:is|are) (?:the )?[\w\s'’-]{2,40}? (?:in|at|of|for|around)\b/i,
  /\b(?:do|does|will|would|can)\b.*\b(?:anything|something|much)\s+to\s+(?:help|support|encourage|attract)\b/i,
  APPEAL_NOUNS,
  /\battractive\b/i,
  // "What does Chongqing offer investors?", "How well connected is Chongqing for shipping?"
  /\bwhat (?:does|do|can|could) [\w\s'’-]{1,40}? offer\b/i,
  /^(?:and\s+)?how (?:well|good|easy|convenient)\b/i,
  /\bwhat(?:['’]s| is| are) (?:so |really |most )?\w+ about\b/i,
  /\bwhat (?:\w+ )?(?:support|incentives?|help|subsid(?:y|ies)|funding|policies|programmes|programs|platforms|services|options|opportunities)\b/i,
  /\b(?:are|is) there (?:any )?(?:[\w-]+ )?(?:support|incentives?|subsid(?:y|ies)|funding|funds|grants?|policies|programmes|programs|platforms|incubators?)\b/i,
  // "What is Chongqing doing to attract investment?", "How does Chongqing support innovation?"
  /\bwhat (?:is|are) [\w\s'’-]{1,40}? doing\b/i,
  /^(?:and\s+)?how (?:does|do|is|are|can|will) [\w\s'’-]{1,40}? (?:support|help|encourage|attract|promote|foster)\b/i,
  /为什么|优势|好处|支持|扶持|优惠|补贴|政策/,
];

/** An investor saying what their business does or is ("we make …", "I'm with a battery maker"). */
const BUSINESS =
  /\b(?:we|i)(?:'re|'m| are| am)?\s+(?:(?:with|from|at)\s+)?(?:(?:a|an)\s+[\w\s-]{0,40}?(?:maker|manufacturer|supplier|producer|company|firm|startup|start-up|developer|designer|business|group)\b|(?:make|produce|manufacture|build|develop|design|supply|assemble)\b)|我们(?:是|生产|制造|做)/i;

/**
 * Requests no document can answer, whatever the corpus: a task rather than a question ("book me
 * a flight", "write a poem", "translate …") or what is true only at the moment of asking ("what
 * time is it", "tomorrow's weather", "today's exchange rate").
 */
const UNSUPPORTED = [
  /\b(?:book|reserve|order|buy)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+|some\s+)?(?:flights?|tickets?|hotels?|rooms?|tables?|taxis?|cars?|meals?|food)\b/i,
  /\b(?:write|compose|tell|sing|make up|recite)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+|some\s+)?(?:poems?|songs?|stor(?:y|ies)|jokes?|haikus?|limericks?|essays?|riddles?)\b/i,
  /^(?:please\s+)?(?:can you\s+|could you\s+)?translate\b/i,
  /\bwhat\s+(?:time|day|date)\s+is\s+it\b|\bwhat(?:'s|\s+is)\s+(?:the\s+)?(?:time|date)\s+(?:now|today)\b|\bwhat\s+day\s+is\s+today\b/i,
  /\b(?:weather|forecast|temperature)\b.*\b(?:today|tonight|tomorrow|now|this week|this weekend)\b|\b(?:today|tomorrow)['’]?s?\s+(?:weather|forecast)\b/i,
  /\b(?:exchange rate|share price|stock price|stock market)s?\b.*\b(?:today|now|right now|currently|at the moment|live)\b|\b(?:today|now)['’]?s?\s+(?:exchange rate|share price|stock price)\b/i,
  /现在几点|今天几号|今天星期几|天气预报|明天天气|今天天气|讲个笑话|写一首诗|帮我订/,
];

/** Whether a message asks for something no document can give (see {@link UNSUPPORTED}). */
export function isUnsupportedRequest(text: string): boolean {
  return UNSUPPORTED.some((pattern) => pattern.test(text));
}

/** Classifies a message (injected instructions already removed). */
export function classifyIntent(text: string): Intent {
  const trimmed = text.trim();
  if (!trimmed) return "fact";
  if (GREETING.test(trimmed)) return "greeting";
  const afterGreeting = trimmed.replace(GREETING_START, "").trim();
  if (!ASKS.test(afterGreeting)) {
    // "We make EV batteries.": what the investor does, told rather than asked, asks where.
    if (BUSINESS.test(afterGreeting)) return "matching";
    // "Hi there, I'm from Germany and looking at Chongqing": a greeting and a statement.
    if (afterGreeting !== trimmed) return "greeting";
  }
  if (CAPABILITIES.some((pattern) => pattern.test(trimmed))) return "capabilities";
  if (COMPARISON.some((pattern) => pattern.test(trimmed))) return "comparison";
  if (MATCHING.some((pattern) => pattern.test(trimmed))) return "matching";
  if (OVERVIEW.some((pattern) => pattern.test(trimmed))) return "overview";
  if (TOPIC.some((pattern) => pattern.test(trimmed))) return "topic";
  // A greeting followed by a question is that question ("hello, who are you?" is caught above).
  return "fact";
}

/** A greeting at the start of a message ("Hi! When was…"), removed before reading the question. */
export function stripGreeting(text: string): string {
  return text
    .replace(
      /^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|dear [\w\s]{1,20}|你好|您好)[\s,.!！，。]+)+/iu,
      "",
    )
    .trim();
}
