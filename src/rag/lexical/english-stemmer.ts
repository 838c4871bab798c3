/**
 * @module The Snowball English ("Porter2") stemmer, as LanceDB's full-text index applies it (the
 * `rust-stemmers` crate, generated from the Snowball algorithm of
 * https://snowballstem.org/algorithms/english/stemmer.html). Ported step by step so that the edge
 * index stems exactly as the Node index does: a term that matches in one must match in the other.
 * Works on lowercase words; letters outside `a`–`z` count as consonants, as in the original.
 */

const VOWELS = new Set("aeiouy");
/** Vowels plus `w`, `x` and `Y`: what may not end a short syllable. */
const VOWELS_WXY = new Set("aeiouywxY");
/** Letters after which a final `li` is removed (Step 2). */
const VALID_LI = new Set("cdeghkmnrt");
const DOUBLES = new Set(["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);

/** Whole words with a fixed stem, checked before anything else. */
const EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ["skis", "ski"],
  ["skies", "sky"],
  ["dying", "die"],
  ["lying", "lie"],
  ["tying", "tie"],
  ["idly", "idl"],
  ["gently", "gentl"],
  ["ugly", "ugli"],
  ["early", "earli"],
  ["only", "onli"],
  ["singly", "singl"],
  ["sky", "sky"],
  ["news", "news"],
  ["howe", "howe"],
  ["atlas", "atlas"],
  ["cosmos", "cosmos"],
  ["bias", "bias"],
  ["andes", "andes"],
]);

/** Words left alone after Step 1a. */
const INVARIANTS_AFTER_1A = new Set([
  "inning",
  "outing",
  "canning",
  "herring",
  "earring",
  "proceed",
  "exceed",
  "succeed",
]);

/** Prefixes after which R1 starts, instead of after the first vowel–consonant pair. */
const R1_PREFIXES = ["gener", "commun", "arsen"];

type Rule = readonly [suffix: string, replacement: string | ((word: Word, start: number) => void)];

/** Step 2 suffixes (in R1) and their replacements. */
const STEP2: ReadonlyArray<Rule> = [
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["abli", "able"],
  ["entli", "ent"],
  ["izer", "ize"],
  ["ization", "ize"],
  ["ational", "ate"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["aliti", "al"],
  ["alli", "al"],
  ["fulness", "ful"],
  ["ousli", "ous"],
  ["ousness", "ous"],
  ["iveness", "ive"],
  ["iviti", "ive"],
  ["biliti", "ble"],
  ["bli", "ble"],
  [
    "ogi",
    (word, start) => {
      if (word.chars[start - 1] === "l") word.replace(start, "og");
    },
  ],
  ["fulli", "ful"],
  ["lessli", "less"],
  [
    "li",
    (word, start) => {
      if (VALID_LI.has(word.chars[start - 1] ?? "")) word.replace(start, "");
    },
  ],
];

/** Step 3 suffixes (in R1) and their replacements. */
const STEP3: ReadonlyArray<Rule> = [
  ["tional", "tion"],
  ["ational", "ate"],
  ["alize", "al"],
  ["icate", "ic"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
  [
    "ative",
    (word, start) => {
      if (start >= word.p2) word.replace(start, "");
    },
  ],
];

/** Step 4 suffixes, deleted when in R2 (`ion` only after `s` or `t`). */
const STEP4 = [
  "ic",
  "ance",
  "ence",
  "able",
  "ible",
  "ate",
  "ive",
  "ize",
  "iti",
  "al",
  "ism",
  "ion",
  "er",
  "ous",
  "ant",
  "ent",
  "ment",
  "ement",
];

/** A word being stemmed: its characters and its R1 and R2 region starts. */
class Word {
  chars: string[];
  p1: number;
  p2: number;

  constructor(chars: string[]) {
    this.chars = chars;
    this.p1 = chars.length;
    this.p2 = chars.length;
  }

  get length(): number {
    return this.chars.length;
  }

  endsWith(suffix: string): boolean {
    const start = this.length - suffix.length;
    if (start < 0) return false;
    for (let index = 0; index < suffix.length; index++) {
      if (this.chars[start + index] !== suffix[index]) return false;
    }
    return true;
  }

  /** Replaces everything from `start` to the end. */
  replace(start: number, replacement: string): void {
    this.chars.splice(start, this.length - start, ...replacement);
  }

  isVowel(index: number): boolean {
    return VOWELS.has(this.chars[index] ?? "");
  }

  /** The longest suffix of `rules` the word ends with (Snowball `among`: no fallback). */
  findLongest<T extends { 0: string }>(rules: ReadonlyArray<T>): T | undefined {
    let best: T | undefined;
    for (const rule of rules) {
      if (this.endsWith(rule[0]) && rule[0].length > (best?.[0].length ?? -1)) best = rule;
    }
    return best;
  }

  /** Whether the part before `end` contains a vowel. */
  hasVowelBefore(end: number): boolean {
    for (let index = 0; index < end; index++) if (this.isVowel(index)) return true;
    return false;
  }

  /**
   * Whether the word, up to `end`, ends in a short syllable: consonant–vowel–consonant (the last
   * not `w`, `x` or `Y`), or vowel–consonant at the very start.
   */
  endsInShortSyllable(end: number): boolean {
    const last = this.chars[end - 1];
    if (last === undefined || this.isVowel(end - 1)) return false;
    if (!this.isVowel(end - 2)) return false;
    if (end === 2) return true;
    return end >= 3 && !this.isVowel(end - 3) && !VOWELS_WXY.has(last);
  }
}

/** Marks `y` as a consonant (`Y`) at the start of the word and after a vowel. */
function markConsonantY(word: Word): boolean {
  let found = false;
  if (word.chars[0] === "'") word.chars.shift();
  if (word.chars[0] === "y") {
    word.chars[0] = "Y";
    found = true;
  }
  for (let index = 1; index < word.length; index++) {
    if (word.chars[index] === "y" && word.isVowel(index - 1)) {
      word.chars[index] = "Y";
      found = true;
    }
  }
  return found;
}

/** Where a region starts: after the first consonant that follows a vowel, from `from` on. */
function findRegionStart(word: Word, from: number): number {
  let index = from;
  while (index < word.length && !word.isVowel(index)) index++;
  if (index >= word.length) return word.length;
  index++;
  while (index < word.length && word.isVowel(index)) index++;
  return index >= word.length ? word.length : index + 1;
}

function markRegions(word: Word): void {
  const text = word.chars.join("");
  const prefix = R1_PREFIXES.find((candidate) => text.startsWith(candidate));
  if (prefix) {
    word.p1 = prefix.length;
  } else {
    word.p1 = findRegionStart(word, 0);
    if (word.p1 >= word.length) return;
  }
  word.p2 = findRegionStart(word, word.p1);
}

function step1a(word: Word): void {
  const apostrophe = word.findLongest([["'s'"], ["'s"], ["'"]] as const);
  if (apostrophe) word.replace(word.length - apostrophe[0].length, "");
  const suffix = word.findLongest([["sses"], ["ied"], ["ies"], ["s"], ["ss"], ["us"]] as const);
  if (!suffix) return;
  const start = word.length - suffix[0].length;
  switch (suffix[0]) {
    case "sses":
      word.replace(start, "ss");
      return;
    case "ied":
    case "ies":
      word.replace(start, start >= 2 ? "i" : "ie");
      return;
    case "s":
      // Delete when a vowel occurs before the letter preceding the `s`.
      if (start >= 1 && word.hasVowelBefore(start - 1)) word.replace(start, "");
      return;
    default:
      return;
  }
}

function step1b(word: Word): void {
  const suffix = word.findLongest([
    ["eed"],
    ["eedly"],
    ["ed"],
    ["edly"],
    ["ing"],
    ["ingly"],
  ] as const);
  if (!suffix) return;
  const start = word.length - suffix[0].length;
  if (suffix[0] === "eed" || suffix[0] === "eedly") {
    if (start >= word.p1) word.replace(start, "ee");
    return;
  }
  if (!word.hasVowelBefore(start)) return;
  word.replace(start, "");
  if (word.endsWith("at") || word.endsWith("bl") || word.endsWith("iz")) {
    word.chars.push("e");
  } else if (DOUBLES.has(word.chars.slice(-2).join(""))) {
    word.chars.pop();
  } else if (word.length === word.p1 && word.endsInShortSyllable(word.length)) {
    word.chars.push("e");
  }
}

function step1c(word: Word): void {
  const last = word.length - 1;
  const letter = word.chars[last];
  if (letter !== "y" && letter !== "Y") return;
  if (last >= 2 && !word.isVowel(last - 1)) word.chars[last] = "i";
}

function applyRules(word: Word, rules: ReadonlyArray<Rule>): void {
  const rule = word.findLongest(rules);
  if (!rule) return;
  const start = word.length - rule[0].length;
  if (start < word.p1) return;
  const [, replacement] = rule;
  if (typeof replacement === "string") word.replace(start, replacement);
  else replacement(word, start);
}

function step4(word: Word): void {
  const suffix = word.findLongest(STEP4.map((candidate) => [candidate] as const));
  if (!suffix) return;
  const start = word.length - suffix[0].length;
  if (start < word.p2) return;
  if (suffix[0] === "ion") {
    const before = word.chars[start - 1];
    if (before !== "s" && before !== "t") return;
  }
  word.replace(start, "");
}

function step5(word: Word): void {
  const last = word.length - 1;
  if (word.chars[last] === "e") {
    if (last >= word.p2 || (last >= word.p1 && !word.endsInShortSyllable(last))) {
      word.chars.pop();
    }
  } else if (word.chars[last] === "l" && last >= word.p2 && word.chars[last - 1] === "l") {
    word.chars.pop();
  }
}

/** Stems one lowercase word with the Snowball English algorithm. */
export function stemEnglish(input: string): string {
  const exception = EXCEPTIONS.get(input);
  if (exception !== undefined) return exception;
  const chars = Array.from(input);
  if (chars.length < 3) return input;
  const word = new Word(chars);
  const foundY = markConsonantY(word);
  markRegions(word);
  step1a(word);
  if (!INVARIANTS_AFTER_1A.has(word.chars.join(""))) {
    step1b(word);
    step1c(word);
    applyRules(word, STEP2);
    applyRules(word, STEP3);
    step4(word);
    step5(word);
  }
  const stem = word.chars.join("");
  return foundY ? stem.replaceAll("Y", "y") : stem;
}
