/**
 * @module Runtime-neutral text utilities shared by embedding and answering: Unicode-aware word
 * tokenizing, English stop words, a light suffix stemmer, number normalisation, and a small
 * Chinese→English glossary of the corpus's domain terms.
 */

/** Invisible code points that NFKC keeps but that would glue emoji pieces onto words. */
const INVISIBLES = /[\u200b-\u200d\u2060]|[\ufe00-\ufe0f]|\u20e3/g;

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Lowercases and NFKC-normalises text (full-width `２０１８` and `，` become `2018` and `,`).
 * ASCII text is returned lowercased without the normalisation pass.
 */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize("NFKC").replace(INVISIBLES, "");
}

/** Han ideographs, kana and CJK compatibility ideographs: scripts written without spaces. */
export function isCjkCodePoint(codePoint: number): boolean {
  return (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x3040 && codePoint <= 0x30ff) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3ffff)
  );
}

/** Whether the text contains any character {@link isCjkCodePoint} accepts. */
export function hasCjk(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x3040) continue;
    if (isCjkCodePoint(text.codePointAt(index) ?? code)) return true;
  }
  return false;
}

const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
const MARK = 3;
const CJK = 4;

const ASCII_KINDS = new Uint8Array(128);
ASCII_KINDS.fill(DIGIT, 48, 58);
ASCII_KINDS.fill(LETTER, 65, 91);
ASCII_KINDS.fill(LETTER, 97, 123);

const UNICODE_LETTER = /^\p{L}$/u;
const UNICODE_DIGIT = /^\p{N}$/u;
const UNICODE_MARK = /^\p{M}$/u;

function classify(codePoint: number): number {
  if (codePoint < 128) return ASCII_KINDS[codePoint] ?? OTHER;
  if (isCjkCodePoint(codePoint)) return CJK;
  const char = String.fromCodePoint(codePoint);
  if (UNICODE_LETTER.test(char)) return LETTER;
  if (UNICODE_DIGIT.test(char)) return DIGIT;
  return UNICODE_MARK.test(char) ? MARK : OTHER;
}

function classifyAt(text: string, index: number): number {
  return index < text.length ? classify(text.codePointAt(index) ?? 0) : OTHER;
}

/**
 * Splits text into lowercase word tokens: runs of letters and digits, with the combining marks
 * that follow them (a mark on its own is dropped).
 * Inside a run, `.` and `,` between digits are kept (`32.34`, `2,400`), as are `'`, `’` and `&`
 * between letters (`chang'an`, `r&d`), and a `%` right after a digit (`13.7%`). Each CJK
 * character is a token of its own. Punctuation, symbols and emoji are dropped; curly apostrophes
 * become straight ones and a trailing possessive `'s` is removed.
 */
export function tokenizeWords(text: string): string[] {
  const source = normalizeText(text);
  const tokens: string[] = [];
  let start = -1;
  let previous = OTHER;
  let index = 0;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    const codePoint = code < 0xd800 ? code : (source.codePointAt(index) ?? code);
    const width = codePoint > 0xffff ? 2 : 1;
    const kind = code < 128 ? (ASCII_KINDS[code] ?? OTHER) : classify(codePoint);
    if (kind === LETTER || kind === DIGIT) {
      if (start < 0) start = index;
      previous = kind;
    } else if (kind === MARK) {
      index += width;
      continue;
    } else if (start >= 0 && isJoiner(source, index, previous)) {
      if (code === 37) {
        tokens.push(stripPossessive(source.slice(start, index + 1)));
        start = -1;
      }
    } else {
      if (start >= 0) tokens.push(stripPossessive(source.slice(start, index)));
      start = -1;
      if (kind === CJK) tokens.push(source.slice(index, index + width));
    }
    index += width;
  }
  if (start >= 0) tokens.push(stripPossessive(source.slice(start)));
  return tokens;
}

/** Whether the punctuation at `index` continues the current word (see {@link tokenizeWords}). */
function isJoiner(text: string, index: number, previous: number): boolean {
  const code = text.charCodeAt(index);
  if (code === 37) return previous === DIGIT;
  if (code === 46 || code === 44)
    return previous === DIGIT && classifyAt(text, index + 1) === DIGIT;
  if (code === 39 || code === 0x2019 || code === 38) {
    return previous === LETTER && classifyAt(text, index + 1) === LETTER;
  }
  return false;
}

/** Folds `’` into `'` and drops a trailing possessive `'s`. */
function stripPossessive(token: string): string {
  const word = token.length > 1 && token.includes("’") ? token.replaceAll("’", "'") : token;
  const end = word.length - 2;
  if (end > 0 && word.charCodeAt(end) === 39 && word.charCodeAt(end + 1) === 115) {
    return word.slice(0, end);
  }
  return word;
}

/** Whether a token is a single CJK character, as {@link tokenizeWords} emits them. */
export function isCjkToken(token: string): boolean {
  const codePoint = token.codePointAt(0) ?? 0;
  return token.length <= 2 && isCjkCodePoint(codePoint);
}

/** Whether a token starts with a digit (numbers, years, `5g`, `12-inch` pieces). */
export function isNumberToken(token: string): boolean {
  const code = token.charCodeAt(0);
  return code >= 48 && code <= 57;
}

const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$/;

/**
 * Canonical form of a numeric token: thousands separators removed (`2,400` → `2400`) and
 * trailing zeros after a decimal point dropped (`5.50` → `5.5`); a `%` suffix is kept.
 * Returns `undefined` for tokens that are not plain numbers (`5g`, `1,2,3` stays as is).
 */
export function normalizeNumber(token: string): string | undefined {
  if (!/^\d[\d.,]*%?$/.test(token)) return undefined;
  let value = THOUSANDS.test(token) ? token.replaceAll(",", "") : token;
  if (value.includes(",")) return value;
  const percent = value.endsWith("%");
  if (percent) value = value.slice(0, -1);
  if (value.includes(".")) value = value.replace(/\.?0+$/, "");
  return percent ? `${value}%` : value;
}

/** Common English function words, lowercase; they carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before " +
    "being below between both but by can can't cannot could couldn't did didn't do does doesn't " +
    "doing don't down during each etc few for from further had hadn't has hasn't have haven't " +
    "having he her here hers herself him himself his how i if in into is isn't it its itself " +
    "just let's me more most mustn't my myself no nor not of off on once only or other ought our " +
    "ours ourselves out over own per same shan't she should shouldn't so some such than that the " +
    "their theirs them themselves then there these they this those through to too under until " +
    "up upon very via was wasn't we were weren't what when where which while who whom whose why " +
    "will with won't would wouldn't you your yours yourself yourselves also s t may might must " +
    "shall within without whether"
  ).split(" "),
);

/** Whether a lowercase token is in {@link STOP_WORDS}. */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

const VOWELS = /[aeiouy]/;

/** Derivational endings, longest first; each needs a stem of at least four letters left over. */
const DERIVATIONAL_SUFFIXES = [
  "izations",
  "ization",
  "isations",
  "isation",
  "ational",
  "ations",
  "ation",
  "ments",
  "ment",
  "ness",
  "ities",
  "ity",
  "ically",
  "ively",
  "ative",
  "ators",
  "ator",
  "ive",
  "ical",
  "ial",
  "ally",
  "ful",
  "ous",
  "ism",
  "ist",
  "ize",
  "ise",
  "ance",
  "ence",
  "able",
  "ible",
  "ate",
  "ic",
  "al",
  "ly",
  "er",
  "or",
] as const;

/**
 * A light, conservative suffix stemmer: plural and verb inflections, then at most one
 * derivational ending, then a final `e`/`y` drop, so that `investments`, `investors` and
 * `investing` all become `invest`, and `industry`, `industries` and `industrial` become
 * `industr`. Only all-letter words longer than three letters are touched. Not a linguistic
 * analysis: the aim is that related surface forms collide, consistently.
 */
export function stemWord(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let stem = stripInflection(word);
  for (const suffix of DERIVATIONAL_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 4) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  if (stem.length > 4 && stem.endsWith("e")) stem = stem.slice(0, -1);
  if (stem.length > 3 && stem.endsWith("y")) stem = stem.slice(0, -1);
  return stem;
}

function stripInflection(word: string): string {
  let stem = word;
  if (stem.endsWith("sses")) stem = stem.slice(0, -2);
  else if (stem.endsWith("ies") && stem.length > 4) stem = `${stem.slice(0, -3)}y`;
  else if (stem.endsWith("s") && !/(?:ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  for (const suffix of ["ingly", "edly", "ing", "ed"]) {
    if (!stem.endsWith(suffix)) continue;
    const rest = stem.slice(0, -suffix.length);
    if (rest.length < 3 || !VOWELS.test(rest)) break;
    stem = /([^aeiouslz])\1$/.test(rest) ? rest.slice(0, -1) : rest;
    break;
  }
  return stem;
}

/**
 * Chinese terms and the English words the corpus uses for them, so that a Chinese question can
 * reach English passages without a translation service. Domain-specific on purpose: place names,
 * zone types and the economic vocabulary of investment-promotion documents.
 */
const CHINESE_GLOSSARY = new Map<string, string>(
  Object.entries({
    重庆: "chongqing",
    璧山: "bishan",
    高新区: "high-tech zone",
    高新技术产业开发区: "high-tech industrial development zone",
    高新技术企业: "high-tech enterprises",
    高新技术: "high-tech",
    开发区: "development zone",
    经开区: "economic technological development zone",
    经济技术开发区: "economic technological development zone",
    园区: "park",
    产业园: "industrial park",
    工业园: "industrial park",
    两江新区: "liangjiang new area",
    两江: "liangjiang",
    西永: "xiyong",
    微电子: "microelectronics",
    九龙坡: "jiulongpo",
    沙坪坝: "shapingba",
    石桥铺: "shiqiaopu",
    二郎: "erlang",
    金凤: "jinfeng",
    含谷: "hangu",
    白市驿: "baishiyi",
    成渝: "chengdu-chongqing",
    成都: "chengdu",
    四川: "sichuan",
    中心城区: "central urban areas",
    主城区: "central urban areas",
    城区: "urban areas",
    西部科学城: "western science city",
    科学城: "science city",
    国际生物城: "international biological city",
    生物城: "biological city",
    国务院: "state council",
    市政府: "municipal government",
    条例: "regulations",
    政策: "policies",
    优惠: "preferential incentives",
    补贴: "subsidies support funds",
    税收: "taxation",
    外资: "foreign investment capital",
    外商: "foreign investors",
    投资者: "investors",
    投资: "investment invest",
    招商: "investment promotion",
    营商环境: "business environment",
    企业: "enterprises",
    公司: "company",
    项目: "projects",
    产值: "output value",
    工业总产值: "total industrial output value",
    工业增加值: "industrial added value",
    增加值: "added value",
    地区生产总值: "gdp",
    生产总值: "gdp",
    固定资产投资: "fixed assets investment",
    营业收入: "operating income",
    销售收入: "sales revenue",
    进出口: "import export",
    出口: "export",
    进口: "import",
    外贸: "foreign trade",
    加工贸易: "processing trade",
    贸易: "trade",
    自贸区: "free trade zone",
    自由贸易试验区: "pilot free trade zone",
    综合保税区: "comprehensive bonded zone",
    保税区: "bonded zone",
    增长: "growth increase",
    同比: "year-on-year",
    上半年: "first half",
    成立: "established",
    设立: "established",
    批准: "approved",
    面积: "area square kilometers",
    平方公里: "square kilometers",
    土地: "land",
    用地: "land use",
    工业: "industrial",
    产业链: "industrial chain",
    产业集群: "industrial clusters",
    集群: "clusters",
    产业: "industry industries",
    战略性新兴产业: "strategic emerging industries",
    新兴产业: "emerging industries",
    制造业: "manufacturing",
    制造: "manufacturing",
    智能: "intelligent",
    装备: "equipment",
    电子信息: "electronic information",
    电子: "electronic",
    笔记本电脑: "notebook computers laptops",
    电脑: "computers",
    芯片: "chips",
    集成电路: "integrated circuits",
    半导体: "semiconductor",
    晶圆: "wafer",
    面板: "panels",
    生物医药: "biomedicine",
    医药: "pharmaceutical",
    汽车: "automobile vehicles",
    新能源: "new energy",
    新材料: "new materials",
    大数据: "big data",
    物联网: "iot",
    研发: "r&d research development",
    创新: "innovation",
    科技: "science technology",
    技术: "technology",
    实验室: "laboratories",
    人才: "talents",
    大学: "university",
    孵化: "incubation",
    平台: "platforms",
    物流: "logistics",
    铁路: "railway",
    中欧班列: "china-europe railway express",
    陆海新通道: "new international land-sea trade corridor",
    跨境: "cross-border",
    公路: "highway",
    货运: "freight",
    机场: "airport",
    交通: "transportation traffic",
    一带一路: "belt and road initiative",
    长江经济带: "yangtze river economic belt",
    长江: "yangtze river",
    绿色: "green",
    低碳: "low-carbon",
    环保: "environmental protection",
    地址: "address",
    电话: "contact number telephone",
    联系: "contact",
    长安汽车: "chang'an automobile",
    英业达: "inventec",
    华润微: "cr micro",
    海力士: "sk hynix",
    英特尔: "intel",
    华为: "huawei",
    华硕: "asus",
    意大利: "italy",
    新加坡: "singapore",
    越南: "vietnam",
    欧洲: "europe",
    全球: "global worldwide",
    世界: "world",
    比例: "share proportion",
    占比: "share accounting",
    总额: "total volume",
    中心: "center",
    建设: "construction build",
    资金: "funds capital",
    施行: "take effect",
    生效: "take effect",
    市级: "municipal",
    国家级: "national-level",
    年底: "end",
    入驻: "settled",
    聚集: "gathered settled",
    投资促进会: "investment promotion association",
    管委会: "management committee",
    规划: "planning plan",
    目标: "goal target",
  }),
);

const GLOSSARY_MAX_LENGTH = Math.max(...[...CHINESE_GLOSSARY.keys()].map((term) => term.length));

/**
 * English words for the Chinese domain terms found in a text (longest match first, left to
 * right), joined by spaces; `""` when the text has no CJK or no known term. Meant to be appended
 * to a Chinese query before English-language matching.
 */
export function translateGlossaryTerms(text: string): string {
  if (!hasCjk(text)) return "";
  const found: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (!isCjkCodePoint(text.charCodeAt(index))) {
      index++;
      continue;
    }
    let matched = 0;
    const longest = Math.min(GLOSSARY_MAX_LENGTH, text.length - index);
    for (let length = longest; length >= 2; length--) {
      const english = CHINESE_GLOSSARY.get(text.slice(index, index + length));
      if (english !== undefined) {
        found.push(english);
        matched = length;
        break;
      }
    }
    index += matched || 1;
  }
  return found.join(" ");
}
