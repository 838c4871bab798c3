/**
 * @module The offline answerer's vocabulary: investor wording mapped to the wording of
 * investment-promotion documents, words that carry no topic in a question, and the names that
 * are too common in this corpus to tell passages apart. Entries are general to the domain — none
 * is tied to one question.
 */
import { stemWord, tokenizeWords } from "../text.ts";

/**
 * Question wording (left, `|`-separated) → wording a passage may use instead (right). A passage
 * covers the question's words when it holds any right-hand phrase, or the words themselves.
 */
const EQUIVALENTS: ReadonlyArray<readonly [string, string]> = [
  [
    "company|companies|firm|firms|business|businesses|corporation|corporations|multinational|multinationals",
    "enterprise|enterprises|company|companies|firms",
  ],
  ["enterprise|enterprises", "company|companies|firms"],
  [
    "factory|factories|plant|plants|manufacturer|manufacturers|maker|makers",
    "industrial|industry|enterprises|manufacturing|production line",
  ],
  ["produce|produced|production|manufacture|manufactured", "output|production|made|manufacturing"],
  ["early|first six months|first 6 months|six months|half year|half-year|h1", "first half"],
  [
    "money|funding|funds|fund|spend|spends|spending|spent|cost|costs|budget",
    "investment|invest|invested|yuan|funds|fund|dollars",
  ],
  ["research|r&d|research and development", "r&d|research|innovation"],
  [
    "recognised|recognized|recognition|status|designated|designation|won|win|awarded|award",
    "approved|established|named|selected|appraised|awarded|list|batch",
  ],
  [
    "founded|found|started|start|set up|created|launched|began|begun|opened|get started|got started",
    "established|approved|founded|launched|started",
  ],
  ["older|oldest|age|old|newer|newest", "established|founded|approved"],
  ["world|global|worldwide|international", "world|global|worldwide|international"],
  [
    "notebook|notebooks|laptop|laptops|pc|pcs|computer|computers",
    "notebook|laptop|laptops|computers",
  ],
  [
    "semiconductor|semiconductors|chip|chips|microchip|microchips|ic|integrated circuit|integrated circuits",
    "chips|semiconductor|ic|integrated circuits|wafer",
  ],
  ["supplier|suppliers|supply|supplies", "supplied|supply|suppliers"],
  ["productive|productivity|efficient|efficiency", "production efficiency|productivity|efficiency"],
  [
    "automation|automated|automate|robot|robots|robotics",
    "intelligent|intelligentization|automated|automation|digital",
  ],
  ["rule|rules|law|laws|legislation", "regulations"],
  ["apply|applies|in force|into force|effective|kick in|valid", "take effect|takes effect|effect"],
  ["plot|plots|site|sites|land", "land|area"],
  [
    "overseas money|foreign money|fdi|foreign direct investment|overseas investment|overseas capital",
    "foreign investment|foreign capital",
  ],
  [
    "electric car|electric cars|electric vehicle|electric vehicles|ev|evs",
    "new energy vehicles|new energy automotive",
  ],
  ["car|cars|automaker|automakers|carmaker|carmakers", "automobile|automotive|vehicles"],
  ["economy|economic output|economic size", "gdp"],
  [
    "favour|favor|favours|favors|prioritise|prioritize|priority|priorities|focus",
    "prioritizing|prioritizes|priority|focus|key|dominant|pillar",
  ],
  [
    "environmentally friendly|environment|environmental|eco-friendly|sustainable|sustainability|green|cleaner",
    "green|low-carbon|environmentally|environmental|carbon|pollution",
  ],
  ["deal|deals|agreement|agreements", "agreement|agreed|invest"],
  [
    "core city|downtown|city centre|city center|inner city|core districts|core city districts|central city|core urban area|core urban areas",
    "central urban areas|central urban area|central city|core urban area",
  ],
  ["district|districts", "areas|area|district"],
  ["lorry|lorries|truck|trucks|trucking|road freight", "lorries|highway freight"],
  ["goods|cargo|shipment|shipments", "freight|goods|cargo"],
  ["rail|railway|train|trains", "railway|trains|railway express"],
  [
    "link|links|connection|connections|route|routes",
    "corridor|connected|link|route|service|network|express|line|lines",
  ],
  ["park|parks", "park|parks|industrial park|base|city|zone"],
  ["export|exports|exporting", "export|exports|trade"],
  [
    "pharma|pharmaceutical|pharmaceuticals|biotech|biotechnology|drug|drugs|life sciences",
    "biomedicine|biomedical|biological|pharmaceutical|bio-industry",
  ],
  ["accommodation|lodging|hotel|hotels", "hotels|hotel"],
  ["electronic|electronics|electronic components", "electronic|electronic information"],
  ["sector|sectors", "industry|industries|sector"],
  ["western", "west|western"],
  ["eastern", "east|eastern"],
  ["contract manufacturing|assembly for export|oem", "processing trade"],
  ["innovative|innovation", "innovation|innovative"],
  ["tech|technology", "tech|technology|high-tech"],
  [
    "aim|aims|aimed|target|targets|targeted|goal|goals|plan|plans|planned|objective|objectives",
    "strive|plan|planned|goal|target|aim|will|expected",
  ],
  ["grow|grows|growing|grew|grown|growth", "increase|increased|growth|grown|grew|year-on-year"],
  [
    "adjacent|near|next to|neighbour|neighbours|neighbor|neighbors|border|borders",
    "adjacent|near|next to",
  ],
  ["fly|flying|flight in|air travel", "airport|air"],
  ["leave|left|depart|departed|departing|set off", "departed|depart|set off|left"],
  [
    "cut|cuts|reduce|reduced|lower|lowered|shorten|shortened",
    "reduced|reduce|cut|lowered|shortened",
  ],
  ["city|city's|municipality", "city|municipality"],
  ["earliest|first", "first|earliest"],
  [
    "operating|operate|operates|present|active|based",
    "based|located|settled|operating|operation|gathering|gathered",
  ],
  [
    "pressure|push|pushes|encourage|encourages|require|requires|force|forces|oblige",
    "encourage|promote|promoting|emphasize|require|focus|drive|driving",
  ],
  ["lab|labs", "laboratories|laboratory"],
  ["platform|platforms", "platforms|platform"],
];

/** Words that say how a question is asked, not what it is about. */
const FILLER = new Set(
  (
    "tell know let see please thanks thank hi hello ok okay yes true really exactly already just " +
    "roughly approximately about around decent dedicated big like mine visit visiting person people " +
    "executive executives visitor visitors someone anyone anything else thing things kind sort lot " +
    "bit chunk come comes coming get gets got go goes going put find send use using want wants need " +
    "needs able possible still right thing compared compare comparison versus vs board report " +
    "confirm verify check say says said document documents source sources corpus number numbers " +
    "year years each every near nearby thanks become became been being also quite much many more " +
    "less give gives given provide figure figures different seen heard read level one ones end " +
    "i'm i'd i'll im id ill there here now currently current make makes made happen happens " +
    "happening rest exist exists available idea ideas enough information info detail details " +
    "i've ive we've last next previous ago across total terms easier earlier went goes new"
  ).split(" "),
);

/** Capitalised words that are parts of many names here and identify nothing on their own. */
const GENERIC_NAME_WORDS = new Set(
  (
    "chongqing china chinese zone zones park parks area areas district districts high tech hi " +
    "development industrial industry new city center centre national international management " +
    "committee regulations regulation municipal government state council western eastern northern " +
    "southern west east north south central urban economic technological science technology " +
    "province provincial i what when where which who how is are does do can"
  ).split(" "),
);

/** Words every passage here is about: they tell little apart unless they are what is asked. */
const DOMAIN_WORDS = new Set(
  "company companies firm firms business businesses enterprise enterprises investor investors chongqing china".split(
    " ",
  ),
);

/** Whether a lowercase word is one every passage of this domain is about. */
export function isDomainWord(word: string): boolean {
  return DOMAIN_WORDS.has(word);
}

/** An alternative wording: the stems that must all appear for it to match. */
export type Phrase = readonly string[];

/** Stems of a text's words, in order (stop words kept: phrases match word for word). */
export function toStems(text: string): string[] {
  return tokenizeWords(text).map(stemWord);
}

interface Equivalence {
  from: Phrase[];
  to: Phrase[];
}

const EQUIVALENCES: readonly Equivalence[] = EQUIVALENTS.map(([from, to]) => ({
  from: from.split("|").map(toStems),
  to: [...from.split("|"), ...to.split("|")].map(toStems),
}));

/** The longest equivalence whose question wording starts at `stems[index]`. */
export function matchEquivalence(
  stems: readonly string[],
  index: number,
): { length: number; alternatives: Phrase[] } | undefined {
  let best: { length: number; alternatives: Phrase[] } | undefined;
  for (const { from, to } of EQUIVALENCES) {
    for (const phrase of from) {
      if (phrase.length === 0 || (best && phrase.length <= best.length)) continue;
      if (phrase.every((stem, offset) => stems[index + offset] === stem)) {
        best = { length: phrase.length, alternatives: to };
      }
    }
  }
  return best;
}

/** Whether a lowercase word carries no topic in a question. */
export function isFillerWord(word: string): boolean {
  return FILLER.has(word);
}

/** Whether a capitalised word is too common in this domain to single out a passage. */
export function isGenericNameWord(word: string): boolean {
  return GENERIC_NAME_WORDS.has(word.toLowerCase());
}
