/**
 * @module The kind of fact a question asks for (a number, a share, an amount of money, an area, a
 * date, a contact, an address, a place, a name), read from its wording in English or Chinese,
 * and how well a sentence states that kind of fact. Shared by retrieval (ranking) and the
 * answerer (choosing sentences). Runtime-neutral.
 */
import { findYears } from "../passages/dates.ts";
import { extractFigures } from "../passages/figures.ts";

/** The kind of fact a question asks for. */
export type QuestionType =
  | "number"
  | "size"
  | "share"
  | "money"
  | "date"
  | "duration"
  | "contact"
  | "address"
  | "place"
  | "name"
  | "general";

/** Chinese question words for each kind, checked in order. */
const CHINESE_CUES: ReadonlyArray<readonly [RegExp, QuestionType]> = [
  [/电话|联系方式|联系电话|邮箱|邮件|热线/, "contact"],
  [/地址|在哪|哪里|位于/, "address"],
  [/多久(?!以前|之前)|多长时间|几天|几周|几个月|几年/, "duration"],
  [/什么时候|何时|哪天|哪一天|哪年|哪一年|日期|几月|多久/, "date"],
  [/比例|比重|占比|百分|多大比例|几分之|份额/, "share"],
  [/多少钱|费用|价格|投入了?多少|投资了?多少|资金/, "money"],
  [/面积|多大|平方公里/, "size"],
  [/多少|几个|几家|几项|几座|几条|多高/, "number"],
  [/谁|哪家|哪个公司|哪些企业|什么公司|哪些公司/, "name"],
];

/** The kind of fact a question asks for, from its wording (English or Chinese). */
export function detectType(text: string): QuestionType {
  if (/\p{Script=Han}/u.test(text)) {
    return CHINESE_CUES.find(([pattern]) => pattern.test(text))?.[1] ?? "general";
  }
  const lower = text.toLowerCase();
  if (
    /\b(?:phone|telephone|tel|call|hotline|contact|e-?mail|reach out|get in touch|fax)\b/.test(
      lower,
    )
  ) {
    return "contact";
  }
  if (
    /\b(?:the|an|its|their|your|postal|mailing|office|street) address\b|['’]s? address\b|\baddress (?:of|for)\b/.test(
      lower,
    ) ||
    // A street named in a question that counts is what is counted on ("road freight trips").
    (/\b(?:street|avenue|road)\b/.test(lower) && !/\bhow (?:many|much)\b/.test(lower))
  ) {
    return "address";
  }
  // "How long does it take to …" asks for a span of time, not for when something happened.
  if (
    /\bhow long (?:does|did|do|will|would|could|can|should|might)\b.*\btake\b|\bhow much time\b|\bhow many (?:days|weeks|months|years|working days)\b/.test(
      lower,
    )
  ) {
    return "duration";
  }
  if (
    /\b(?:when|what year|which year|what date|which date|since when|how long ago|how old|older|oldest|newer|newest)\b/.test(
      lower,
    )
  ) {
    return "date";
  }
  if (
    /\b(?:what|which) (?:share|percentage|percent|proportion|portion|fraction|part|ratio)\b|\bratio\b|\bhow much of\b|\bwhat portion\b|\bper ?cent(?:age)?\b|\bshare of\b/.test(
      lower,
    )
  ) {
    return "share";
  }
  if (
    /\bhow much (?:money|did|does|do|will|would|was|is)\b.*\b(?:cost|price|spend|spent|invest|invested|pay|paid|worth|fund|funds|budget)\b|\bhow much money\b|\bin money terms\b|\bhow much (?:investment|funding|capital)\b|\bwhat (?:sum|amount of money)\b/.test(
      lower,
    )
  ) {
    return "money";
  }
  // "How much did Changan fork out …?", "How much did factories produce?": an amount, unless it is
  // a change ("How much did output grow?").
  if (
    /\bhow much (?:did|does|do|will|has|have|had)\b/.test(lower) &&
    !/\b(?:grow|grew|grown|increase[sd]?|rise|rose|risen|fall|fell|fallen|drop(?:ped)?|decline[sd]?|expand(?:ed)?|improve[sd]?|change[sd]?|shorten(?:ed)?|cut|reduce[sd]?|faster|more|less)\b/.test(
      lower,
    )
  ) {
    return "money";
  }
  const sized = /\bhow (?:big|large) (?:is|are|was|were) (?:the )?([^?]+)/i.exec(text)?.[1];
  const sizedThing = sized?.split(/\s+(?:of|in|at|for)\s+/)[0] ?? "";
  const sizedHead = sizedThing.split(/\s+/).at(-1)?.toLowerCase() ?? "";
  // "How big is Bishan?": a place's name alone asks for its area.
  const sizedName = /^\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*$/u.test(sizedThing.trim());
  if (
    sizedName ||
    /^(?:zones?|parks?|areas?|districts?|land|sites?|plots?|campus|base|city)$/.test(sizedHead) ||
    /\b(?:what|which) (?:is|was) the (?:size|area)\b|\bhow many square\b/.test(lower) ||
    /\bhow much (?:land|space|area|ground|floor space)\b/.test(lower)
  ) {
    return "size";
  }
  if (/\bhow (?:many|much|big|large|fast|quickly|high|far)\b|\bnumber of\b/.test(lower)) {
    return "number";
  }
  if (/\bwhere\b|\blocated\b|\blocation\b/.test(lower)) return "place";
  if (
    /\bwho\b|\b(?:which|what) (?:\w+ )?(?:company|companies|firm|firms|enterprise|enterprises|brand|brands|organi[sz]ation|ministry|supplier|suppliers|multinationals?)\b/.test(
      lower,
    ) ||
    /^(?:.*\s)?which (?!is\b|are\b|has\b|have\b|was\b|were\b|year\b|date\b|of\b)\w+/.test(lower)
  ) {
    return "name";
  }
  return "general";
}

/** Numbers written as words: "ten lines", "one trillion yuan", "half of the output". */
export const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|half|quarter|dozen)\b/i;

const SHARE = /%|\bper ?cent\b|\bhalf\b|\bquarter\b|\b(?:one|1) in (?:every )?\w+\b|\bthird\b/i;

const CURRENCY = /\b(?:yuan|rmb|cny|dollars?|usd|euros?)\b|US\$|\$\s?\d/i;

const MONTH =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;

/** A span of time: "eight years", "within 3 working days", "two months". */
const DURATION =
  /\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|several|a few|a|an)\s+(?:working\s+|business\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?)\b(?!-on-)/i;

const AREA = /\bsquare (?:kilo)?met(?:er|re)s?\b|\bhectares?\b|\bkm²|\bkm2\b|\bacres?\b|\bmu\b/i;

const PHONE = /\+?\d[\d\s-]{6,}\d/;

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

const STREET = /\b(?:No\.\s*\d+|Avenue|Street|Road|Address)\b/;

const PLACE =
  /\b(?:located|adjacent|situated|lies|address|in the (?:core|centre|center|heart|west|east|north|south|central))\b/i;

/** A capitalised word that is not the first of its sentence: a name may be stated. */
const NAME_WORD = /(?<=[\s(,])\p{Lu}[\p{L}&'-]+/gu;

/** A percentage preceded by a word of change: "an increase of 13.7%", "grew by 30%". */
const CHANGE_PERCENT =
  /\b(?:increase[ds]?|increasing|growth|grew|grown|grow|rose|risen|rise|up|down|fell|fallen|decline[ds]?|drop(?:ped)?|year-on-year|reduced|cut)\b(?:\s+\S+){0,3}?\s+[\d.,]+\s?%(?:\s?[-–~]\s?[\d.,]+\s?%)?/gi;

/** Whether every percentage a text states is a change (growth or fall), none a share. */
function onlyChanges(text: string): boolean {
  const percents = text.match(/[\d.,]+\s?%(?:\s?[-–~]\s?[\d.,]+\s?%)?/g)?.length ?? 0;
  const changes = text.match(CHANGE_PERCENT)?.length ?? 0;
  return percents > 0 && changes >= percents;
}

function hasQuantity(text: string): boolean {
  const figures = extractFigures(text).filter((figure) => !/^(?:19|20)\d\d$/.test(figure));
  return figures.length > 0 || NUMBER_WORDS.test(text);
}

/**
 * How well a text states the kind of fact asked for: 1 fits, 0 does not (between: partly). For a
 * name, a capitalised word other than the question's own (`askedWords`, lowercase) fits.
 */
export function typeFit(
  text: string,
  type: QuestionType,
  askedWords: ReadonlySet<string> = new Set(),
): number {
  switch (type) {
    case "number":
      return hasQuantity(text) ? 1 : 0;
    case "share":
      if (!SHARE.test(text)) return hasQuantity(text) ? 0.5 : 0;
      // "an increase of 13.7%" is a change, not a share of something.
      return onlyChanges(text) ? 0.3 : 1;
    case "money":
      return CURRENCY.test(text) && hasQuantity(text) ? 1 : 0;
    case "size":
      return AREA.test(text) && hasQuantity(text) ? 1 : 0;
    case "date":
      return MONTH.test(text) && findYears(text).length > 0
        ? 1
        : findYears(text).length > 0
          ? 0.8
          : 0;
    case "duration":
      return DURATION.test(text) ? 1 : 0;
    case "contact":
      return PHONE.test(text) || EMAIL.test(text) ? 1 : 0;
    case "address":
      return STREET.test(text) ? 1 : 0;
    case "place":
      return PLACE.test(text) ? 1 : 0.7;
    case "name": {
      const names = text.match(NAME_WORD) ?? [];
      return names.some((name) => !askedWords.has(name.toLowerCase())) ? 1 : 0.6;
    }
    default:
      return 1;
  }
}

/**
 * The nouns by which a question names the kind of fact it asks for ("how much *money*", "what
 * *share*"): a sentence stating that kind of fact (an amount, a percentage) answers them in its
 * own words, so they need no match of their own.
 */
const TYPE_NOUNS: Readonly<Partial<Record<QuestionType, readonly string[]>>> = {
  number: ["number", "count", "total"],
  size: ["size", "area"],
  share: ["share", "percentage", "percent", "proportion", "portion", "fraction", "part", "ratio"],
  money: ["money", "amount", "sum", "cost", "price", "fund", "funding", "capital", "budget"],
  date: ["date", "year", "time"],
  duration: ["time", "duration", "period", "long"],
};

/** Nouns that ask for what is planned ("the R&D *target* for 2022"), whatever kind of fact. */
const PLAN_NOUNS = ["plan", "target", "goal", "aim", "objective"];

/** Whether `surface` (a question's word) only says that a plan is asked for. */
export function namesPlan(surface: string): boolean {
  return PLAN_NOUNS.includes(surface.toLowerCase().replace(/s$/, ""));
}

/** Whether `surface` (a question's word) only names the kind of fact `type` asks for. */
export function namesType(surface: string, type: QuestionType): boolean {
  return TYPE_NOUNS[type]?.includes(surface.toLowerCase().replace(/s$/, "")) ?? false;
}

/** Whether a type's check is a requirement (a date question needs a date) or a preference. */
export function isStrictType(type: QuestionType): boolean {
  return type !== "general" && type !== "place" && type !== "name";
}

/** Whether a word token is a figure or a number word. */
export function isNumberToken(token: string): boolean {
  return /^\d/.test(token) || NUMBER_WORDS.test(token);
}
