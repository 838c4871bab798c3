/**
 * @module Whether a sentence states the kind of fact a question asks for: a number, a share, an
 * amount of money, an area, a date, a contact, an address, a name.
 */
import { findYears } from "./dates.ts";
import { extractFigures } from "./figures.ts";
import type { QuestionAnalysis, QuestionType } from "./question.ts";
import { isGenericNameWord, toStems } from "./vocabulary.ts";

/** Numbers written as words: "ten lines", "one trillion yuan", "half of the output". */
export const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|half|quarter|dozen)\b/i;

const SHARE = /%|\bper ?cent\b|\bhalf\b|\bquarter\b|\b(?:one|1) in (?:every )?\w+\b|\bthird\b/i;

const CURRENCY = /\b(?:yuan|rmb|cny|dollars?|usd|euros?)\b|US\$|\$\s?\d/i;

const MONTH =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;

const AREA = /\bsquare (?:kilo)?met(?:er|re)s?\b|\bhectares?\b|\bkm²|\bkm2\b|\bacres?\b|\bmu\b/i;

const PHONE = /\+?\d[\d\s-]{6,}\d/;

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

const STREET = /\b(?:No\.\s*\d+|Avenue|Street|Road|Address)\b/;

const PLACE =
  /\b(?:located|adjacent|situated|lies|address|in the (?:core|centre|center|heart|west|east|north|south|central))\b/i;

function hasQuantity(text: string): boolean {
  const figures = extractFigures(text).filter((figure) => !/^(?:19|20)\d\d$/.test(figure));
  return figures.length > 0 || NUMBER_WORDS.test(text);
}

/** Stems of the words the question itself uses (not their equivalents). */
export function typedStems(analysis: QuestionAnalysis): Set<string> {
  return new Set(analysis.terms.flatMap((term) => toStems(term.surface)));
}

/** How well a text states the kind of fact asked for: 1 fits, 0 does not (between: partly). */
export function typeFit(
  text: string,
  type: QuestionType,
  questionStems: ReadonlySet<string>,
): number {
  switch (type) {
    case "number":
      return hasQuantity(text) ? 1 : 0;
    case "share":
      return SHARE.test(text) ? 1 : hasQuantity(text) ? 0.5 : 0;
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
    case "contact":
      return PHONE.test(text) || EMAIL.test(text) ? 1 : 0;
    case "address":
      return STREET.test(text) ? 1 : 0;
    case "place":
      return PLACE.test(text) ? 1 : 0.7;
    case "name": {
      const names = (text.match(/(?<=\s)\p{Lu}[\p{L}&'-]+/gu) ?? []).filter(
        (name) => !isGenericNameWord(name),
      );
      return names.some((name) => !toStems(name).every((stem) => questionStems.has(stem)))
        ? 1
        : 0.6;
    }
    default:
      return 1;
  }
}

/** Whether a type's check is a requirement (a date question needs a date) or only a preference. */
export function isStrictType(type: QuestionType): boolean {
  return type !== "general" && type !== "place" && type !== "name";
}

/** Whether a word token is a figure or a number word. */
export function isNumberToken(token: string): boolean {
  return /^\d/.test(token) || NUMBER_WORDS.test(token);
}
