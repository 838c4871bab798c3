/**
 * @module Query expansion for an offline retriever: investors ask in their own words ("notebook
 * PCs", "electric cars", "overseas money"), promotion documents use officialese ("laptops", "new
 * energy vehicles", "foreign investment"). A reviewed thesaurus of investment-promotion vocabulary
 * appends the document-side terms to a query, and Chinese domain terms get their English
 * equivalents. The original words stay; expansions only add recall.
 */
import { translateGlossaryTerms } from "./text.ts";

/**
 * Investor phrasing → document phrasing. Keys are matched as whole words (case-insensitive,
 * simple plural `s` allowed); values are appended to the query. Keep entries general to the
 * domain — never tied to one question.
 */
const THESAURUS: ReadonlyArray<readonly [string, string]> = [
  ["accommodation|lodging|lodge|place to stay", "hotels"],
  ["notebook pc|notebook|notebook computer|laptop computer", "laptops notebook computers"],
  ["pc|personal computer", "computers laptops"],
  ["semiconductor|microchip", "chips integrated circuits"],
  ["chipmaker|chip maker|foundry", "chip manufacturing semiconductor"],
  ["productive|productivity", "production efficiency output per capita"],
  [
    "automation|automated|robot|robotics",
    "intelligent transformation intelligentization automated",
  ],
  ["multinational|global company|foreign company|international company", "well-known enterprises"],
  ["rules|law|legislation|statute", "regulations"],
  ["apply|in force|come into force|effective|kick in", "take effect"],
  ["plot|site|parcel|real estate", "land"],
  [
    "overseas money|foreign money|fdi|foreign direct investment|inbound investment",
    "foreign investment foreign capital",
  ],
  [
    "electric car|electric vehicle|ev|evs|electric vehicles",
    "new energy vehicles intelligent connected",
  ],
  ["car|cars|automaker|carmaker", "automobile automotive vehicles"],
  ["economy|economic size|economic output", "gdp"],
  ["founded|set up|created|started|launched", "established"],
  ["how old|how long", "established since"],
  ["company|companies|firm|firms|business|businesses", "enterprises"],
  ["contract manufacturing|oem|assembly for export", "processing trade"],
  ["core city|downtown|city centre|city center|inner city", "central urban areas"],
  [
    "research platform|r&d platform|research centre|research center|lab|labs",
    "r&d platforms laboratories research institutes",
  ],
  ["university|universities|college", "universities science and education"],
  ["phone|telephone|call|hotline", "tel contact number"],
  ["email|e-mail|mail", "email inquiries"],
  ["address|located|office", "address located"],
  ["contact|reach|get in touch", "contact number tel email"],
  ["size|area|how big|how large|footprint", "square kilometers area"],
  ["output|production|revenue", "output value"],
  ["growth|grew|increase|rise", "increase growth year-on-year"],
  ["investment|invest|capital", "investment"],
  ["export|exports|import|imports", "foreign trade imports and exports"],
  ["freight|shipping|cargo", "logistics freight trains"],
  ["train|rail|railway", "railway express trains"],
  ["airport|flights", "airport"],
  ["tax incentive|subsidy|subsidies|grant|grants|funding", "support funds incentives"],
  ["talent|staff|workforce|engineers|graduates", "talents r&d personnel"],
  ["startup|start-up|startups|incubator", "incubation startup platforms"],
  ["pharma|pharmaceutical|drug|drugs|life sciences", "biomedicine pharmaceutical"],
  ["green|environment|sustainability|carbon", "green low-carbon environmental protection"],
  ["it industry|tech industry|electronics", "electronic information"],
  ["park|industrial park", "park"],
  ["zone|zones", "zone development zones"],
];

const PATTERNS = THESAURUS.map(([from, to]) => {
  const alternatives = from
    .split("|")
    .map((term) => term.replace(/[.*+?^${}()[\]\\]/g, "\\$&").replace(/ /g, "\\s+"))
    .join("|");
  return {
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})s?(?![\\p{L}\\p{N}])`, "iu"),
    to,
  };
});

/** Terms to add to a query: thesaurus expansions and English for Chinese domain terms. */
export function getQueryExpansions(query: string): string {
  const additions: string[] = [];
  for (const { pattern, to } of PATTERNS) {
    if (pattern.test(query) && !additions.includes(to)) additions.push(to);
  }
  const english = translateGlossaryTerms(query);
  if (english) additions.push(english);
  return additions.join(" ");
}

/** The query with its expansions appended (unchanged when there are none). */
export function expandQuery(query: string): string {
  const additions = getQueryExpansions(query);
  return additions ? `${query} ${additions}` : query;
}
