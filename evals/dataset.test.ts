import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type EvalCase,
  type EvalCategory,
  EvalDatasetError,
  lastQuestion,
  loadEvalCases,
  parseEvalCases,
} from "./schema.ts";

const CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));

const DOC_IDS = [
  "chongqing-high-tech-zone-overview",
  "bishan-high-tech-zone",
  "central-urban-areas-high-quality-development",
  "development-zone-regulations-2025",
  "high-tech-zone-processing-trade-park",
] as const;

/** The datasets and how many cases of each category they hold at least. */
const DATASETS: { file: string; minimums: Record<EvalCategory, number> }[] = [
  {
    file: "dev.jsonl",
    minimums: {
      fact: 30,
      paraphrase: 25,
      "multi-doc": 8,
      "follow-up": 14,
      "out-of-scope": 14,
      injection: 10,
      chinese: 10,
      open: 20,
      greeting: 5,
      unanswerable: 10,
    },
  },
  {
    // Written from the corpus alone by someone who saw neither the code nor dev.jsonl; frozen.
    file: "holdout.jsonl",
    minimums: {
      fact: 15,
      paraphrase: 22,
      "multi-doc": 6,
      "follow-up": 14,
      "out-of-scope": 10,
      injection: 4,
      chinese: 14,
      open: 18,
      greeting: 6,
      unanswerable: 12,
    },
  },
];

/** Site chrome that must never serve as evidence. */
const BOILERPLATE = [
  /cookie/i,
  /privacy/i,
  /terms of use/i,
  /copyright/i,
  /ICP备/,
  /许可证/,
  /I Agree/,
  /illegal and undesirable/i,
  /QR code/i,
  /Leaving a message/i,
];

const corpusCache = new Map<string, string>();
function corpusText(docId: string): string {
  let text = corpusCache.get(docId);
  if (text === undefined) {
    text = readFileSync(`${CORPUS_DIR}${docId}.txt`, "utf8");
    corpusCache.set(docId, text);
  }
  return text;
}

/** Case- and whitespace-insensitive form (also folds curly quotes) for key-fact matching. */
function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

function words(text: string): string[] {
  return normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

function ngrams(tokens: string[], n: number): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + n <= tokens.length; i++) grams.add(tokens.slice(i, i + n).join(" "));
  return grams;
}

describe.each(DATASETS)("evals/$file", ({ file, minimums }) => {
  let cases: EvalCase[] = [];
  beforeAll(async () => {
    cases = await loadEvalCases(fileURLToPath(new URL(`./${file}`, import.meta.url)));
  });

  it("parses every line", () => {
    expect(cases.length).toBeGreaterThanOrEqual(110);
  });

  it("has unique ids", () => {
    const seen = new Set<string>();
    const duplicates = cases.map((c) => c.id).filter((id) => seen.size === seen.add(id).size);
    expect(duplicates).toEqual([]);
  });

  it("meets the per-category minimums", () => {
    const counts = Object.fromEntries(
      Object.keys(minimums).map((category) => [
        category,
        cases.filter((c) => c.category === category).length,
      ]),
    );
    for (const [category, minimum] of Object.entries(minimums)) {
      expect(counts[category], category).toBeGreaterThanOrEqual(minimum);
    }
  });

  it("quotes evidence verbatim from the named corpus file", () => {
    const problems: string[] = [];
    for (const c of cases) {
      for (const evidence of c.evidence) {
        const path = `${CORPUS_DIR}${evidence.docId}.txt`;
        if (!existsSync(path)) problems.push(`${c.id}: no corpus file for ${evidence.docId}`);
        else if (!corpusText(evidence.docId).includes(evidence.text)) {
          problems.push(`${c.id}: not in ${evidence.docId}: ${evidence.text}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps evidence to one sentence or less, free of site boilerplate", () => {
    const problems: string[] = [];
    for (const c of cases) {
      for (const { text } of c.evidence) {
        if (/\n/.test(text)) problems.push(`${c.id}: spans lines: ${text}`);
        if (/[.!?。]\s+[A-Z]/.test(text)) problems.push(`${c.id}: more than one sentence: ${text}`);
        if (BOILERPLATE.some((pattern) => pattern.test(text))) {
          problems.push(`${c.id}: boilerplate: ${text}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("finds every key fact (at least one alternative) in the case's evidence", () => {
    const problems: string[] = [];
    // A greeting's key facts are what the corpus covers as a whole; it has no evidence passage.
    for (const c of cases.filter((c) => c.category !== "greeting")) {
      const passages = c.evidence.map((evidence) => normalise(evidence.text));
      for (const fact of c.keyFacts) {
        const alternatives = typeof fact === "string" ? [fact] : fact;
        const found = alternatives.some((alternative) =>
          passages.some((passage) => passage.includes(normalise(alternative))),
        );
        if (!found) problems.push(`${c.id}: ${JSON.stringify(fact)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("gives answerable cases evidence and key facts, unanswerable cases neither", () => {
    for (const c of cases) {
      if (c.answerable) {
        if (c.category !== "greeting") expect(c.evidence.length, c.id).toBeGreaterThan(0);
        expect(c.keyFacts.length, c.id).toBeGreaterThan(0);
      } else {
        expect(c.evidence, c.id).toEqual([]);
        expect(c.keyFacts, c.id).toEqual([]);
      }
    }
    const declined = cases.filter((c) => ["out-of-scope", "unanswerable"].includes(c.category));
    expect(declined.every((c) => !c.answerable)).toBe(true);
    const injections = cases.filter((c) => c.category === "injection");
    expect(injections.some((c) => !c.answerable)).toBe(true);
  });

  it("gives open questions and greetings an intent and a usefulness threshold", () => {
    const open = cases.filter((c) => c.category === "open");
    const intents = new Set(open.map((c) => c.intent));
    for (const intent of ["overview", "matching", "comparison", "why-invest", "support"]) {
      expect(intents.has(intent as EvalCase["intent"]), intent).toBe(true);
    }
    for (const c of cases.filter((c) => c.category === "greeting")) {
      expect(["greeting", "capabilities"], c.id).toContain(c.intent);
      expect(c.minKeyFacts, c.id).toBeGreaterThanOrEqual(1);
    }
  });

  it("covers every corpus document", () => {
    const cited = new Set(cases.flatMap((c) => c.evidence.map((evidence) => evidence.docId)));
    for (const docId of DOC_IDS) expect(cited.has(docId), docId).toBe(true);
  });

  it("has multi-turn follow-ups with standalone questions, both 2- and 3-turn", () => {
    const followUps = cases.filter((c) => c.category === "follow-up");
    const userTurns = followUps.map((c) => c.messages.filter((m) => m.role === "user").length);
    for (const [index, c] of followUps.entries()) {
      expect(userTurns[index], c.id).toBeGreaterThanOrEqual(2);
      expect(c.standaloneQuestion, c.id).toBeTruthy();
      expect(c.messages.at(-1)?.role, c.id).toBe("user");
    }
    expect(userTurns).toContain(2);
    expect(userTurns).toContain(3);
    for (const c of cases.filter((c) => c.category !== "follow-up")) {
      expect(c.messages, c.id).toHaveLength(1);
      expect(c.standaloneQuestion, c.id).toBeUndefined();
    }
  });

  it("draws at least half of the multi-doc cases from two different documents", () => {
    const multi = cases.filter((c) => c.category === "multi-doc");
    for (const c of multi) expect(c.evidence.length, c.id).toBeGreaterThanOrEqual(2);
    const crossDocument = multi.filter((c) => new Set(c.evidence.map((e) => e.docId)).size >= 2);
    expect(crossDocument.length * 2).toBeGreaterThanOrEqual(multi.length);
  });

  it("asks chinese cases in Chinese", () => {
    for (const c of cases.filter((c) => c.category === "chinese")) {
      expect(lastQuestion(c), c.id).toMatch(/\p{Script=Han}/u);
    }
  });

  it("words paraphrases differently from their evidence", () => {
    // No run of four words may be copied from the paragraph-level source of the evidence.
    const problems: string[] = [];
    for (const c of cases.filter((c) => c.category === "paraphrase")) {
      const question = ngrams(words(lastQuestion(c)), 4);
      for (const evidence of c.evidence) {
        const source = ngrams(words(evidence.text), 4);
        const copied = [...question].filter((gram) => source.has(gram));
        if (copied.length > 0) problems.push(`${c.id}: ${copied.join(" | ")}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("parseEvalCases", () => {
  const valid = {
    id: "bishan-output-h1-2018",
    category: "fact",
    messages: [{ role: "user", content: "What was Bishan's output in H1 2018?" }],
    answerable: true,
    evidence: [{ docId: "bishan-high-tech-zone", text: "32.34 billion yuan" }],
    keyFacts: ["32.34 billion"],
  };

  it("accepts a valid line and skips blank lines", () => {
    expect(parseEvalCases(`\n${JSON.stringify(valid)}\n\n`)).toHaveLength(1);
  });

  it("reports the line number and field of an invalid line", () => {
    const bad = { ...valid, messages: [{ role: "system", content: "hi" }] };
    const text = [JSON.stringify(valid), JSON.stringify(bad)].join("\n");
    try {
      parseEvalCases(text, "dev.jsonl");
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(EvalDatasetError);
      const issues = (error as EvalDatasetError).issues;
      expect(issues[0]).toMatchObject({ line: 2, field: "messages.0.role" });
      expect((error as Error).message).toContain("dev.jsonl:2: messages.0.role:");
    }
  });

  it("reports malformed JSON and semantic rule violations", () => {
    const unanswerableWithEvidence = { ...valid, category: "out-of-scope", answerable: false };
    const text = ["{not json", JSON.stringify(unanswerableWithEvidence)].join("\n");
    try {
      parseEvalCases(text);
      expect.unreachable("should have thrown");
    } catch (error) {
      const issues = (error as EvalDatasetError).issues;
      expect(issues).toContainEqual(expect.objectContaining({ line: 1, field: "(line)" }));
      expect(issues).toContainEqual(expect.objectContaining({ line: 2, field: "evidence" }));
      expect(issues).toContainEqual(expect.objectContaining({ line: 2, field: "keyFacts" }));
    }
  });

  it("requires a standalone question on follow-ups", () => {
    const followUp = {
      ...valid,
      category: "follow-up",
      messages: [
        { role: "user", content: "Tell me about Bishan." },
        { role: "assistant", content: "It is a national high-tech zone." },
        { role: "user", content: "How much did it produce?" },
      ],
    };
    expect(() => parseEvalCases(JSON.stringify(followUp))).toThrow(/standaloneQuestion/);
  });
});
