/**
 * Open questions answered offline over the seed index: comparisons that state, for each side, the
 * facts the question compares (its age, its size, its growth, its targets), overviews, matching
 * and topic answers that say what the question is about.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import type { Lexicon } from "../lexicon/lexicon.ts";
import { prepareQuery } from "../question/query.ts";
import { createAssistant } from "./assistant.ts";
import { comparedDocuments } from "./extractive/intents.ts";
import type { Answer, Assistant } from "./types.ts";

let cleanup: () => Promise<void>;
let assistant: Assistant;
let seedLexicon: () => Promise<Lexicon>;

beforeAll(async () => {
  const seed = await createSeedIndex();
  cleanup = seed.cleanup;
  assistant = createAssistant({ retriever: seed.retriever, k: 8 });
  seedLexicon = () => seed.retriever.getLexicon();
});
afterAll(() => cleanup());

const ask = (content: string): Promise<Answer> => assistant.answer([{ role: "user", content }]);

/** A comparison's text for one side: the block that opens with the side's name. */
function sideOf(answer: Answer, name: string): string {
  const block = answer.answer.split(/\n\n/).find((part) => part.split("\n")[0]?.includes(name));
  expect(block, `no block about ${name}`).toBeDefined();
  return block ?? "";
}

describe("comparisons", () => {
  it("states each side's facts for every aspect named, the best sentence of each", async () => {
    const answer = await ask(
      "How does Bishan compare with the Chongqing High-tech Zone in age and area?",
    );
    expect(answer.answered).toBe(true);
    // Bishan has two dates of age: founded as a municipal park, made a national zone.
    const bishan = sideOf(answer, "Bishan High-tech Zone");
    expect(bishan).toMatch(/2002/);
    expect(bishan).toMatch(/2015/);
    // The High-tech Zone's area as planned now, not an older figure in a similar sentence.
    const highTech = sideOf(answer, "Chongqing High-tech Zone");
    expect(highTech).toMatch(/1991/);
    expect(highTech).toMatch(/73 square kilometers/);
  });

  it("names the side in a fact whose sentence says only 'It'", async () => {
    const answer = await ask(
      "How does Bishan compare with the Chongqing High-tech Zone in age and area?",
    );
    const facts = answer.answer.split("\n").filter((line) => line.startsWith("- "));
    expect(facts.some((line) => /State Letter No\. 175/.test(line))).toBe(true);
    for (const line of facts) expect(line).not.toMatch(/^- (?:It|Its)\b/);
    expect(sideOf(answer, "Bishan High-tech Zone")).toMatch(
      /Bishan High-tech Zone was approved by the State Council/,
    );
  });

  it("answers a comparison of targets with each side's planned figures", async () => {
    const answer = await ask(
      "Compare the output targets of Bishan and the Chongqing High-tech Zone.",
    );
    expect(answer.answered).toBe(true);
    const bishan = sideOf(answer, "Bishan High-tech Zone");
    expect(bishan).toMatch(/by 2022[^\n]*planned industrial output value/i);
    expect(bishan).not.toMatch(/established|square kilometers/);
  });

  it("compares the industries asked about, not counts of enterprises", async () => {
    const answer = await ask("Compare the industries of Bishan and the Chongqing High-tech Zone.");
    const bishan = sideOf(answer, "Bishan High-tech Zone");
    expect(bishan).toMatch(/intelligent equipment/);
    expect(bishan).not.toMatch(/1056 enterprises|25% of enterprises/);
  });

  it("answers which grows faster with each side's growth figures", async () => {
    const answer = await ask(
      "Which park is growing faster, Xiyong Microelectronics Park or Chongqing International Biological City?",
    );
    expect(answer.answered).toBe(true);
    expect(sideOf(answer, "Xiyong Microelectronics Park")).toMatch(/17\.92%/);
    expect(sideOf(answer, "Chongqing International Biological City")).toMatch(
      /growth of more than 30%/,
    );
  });
});

describe("comparisons of two parts of one named thing", () => {
  it("answers with sentences about each part instead of declining", async () => {
    const answer = await ask(
      "What is the difference between the eastern and the western areas of the Chongqing High-tech Zone?",
    );
    expect(answer.intent).toBe("comparison");
    expect(answer.answered).toBe(true);
    // Both parts, each with what the sources say of it.
    expect(answer.answer).toMatch(/\bEast(?:ern)?\b/i);
    expect(answer.answer).toMatch(/\bWest(?:ern)?\b/i);
    expect(answer.answer).toMatch(/square kilometers/);
    for (const citation of answer.citations) {
      expect(citation.docId).toBe("chongqing-high-tech-zone-overview");
    }
  });

  it("declines when the sources say nothing of one of the parts", async () => {
    const answer = await ask(
      "What is the exchange rate between the yuan and the euro in the Chongqing High-tech Zone?",
    );
    expect(answer.answered).toBe(false);
  });
});

describe("comparisons of two documents named by their titles", () => {
  it("answers for each document from its own passages", async () => {
    const answer = await ask(
      "How do the key industries in the 2025 regulations compare with those in the report on the core urban area?",
    );
    expect(answer.answered).toBe(true);
    const documents = new Set(answer.citations.map((citation) => citation.docId));
    expect(documents).toEqual(
      new Set([
        "development-zone-regulations-2025",
        "central-urban-areas-high-quality-development",
      ]),
    );
    // One block per document, each under its title; the regulations' own list of industries.
    const blocks = answer.answer.split("\n\n");
    expect(blocks).toHaveLength(2);
    const regulations = blocks.find((block) => block.includes("Regulations to Take Effect"));
    expect(regulations).toMatch(/33618/);
  });

  it("names no documents for a comparison that names no two titles", async () => {
    const lexicon = await seedLexicon();
    for (const question of [
      "How do the development zones compare?",
      "Compare the regulations with the rules.",
    ]) {
      expect(comparedDocuments(prepareQuery(question, lexicon), lexicon)).toEqual([]);
    }
  });
});

describe("overviews of a document", () => {
  it("answer what the question asks besides the overview, then the opening", async () => {
    const answer = await ask(
      "Give me an overview of the 2025 development zone regulations. How many enterprises have settled in the zones?",
    );
    expect(answer.intent).toBe("overview");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/200,000 enterprises/);
    // Still the document's own key points, from its opening.
    expect(answer.answer).toMatch(/March 1, 2025/);
    for (const citation of answer.citations) {
      expect(citation.docId).toBe("development-zone-regulations-2025");
    }
  });
});

describe("overviews of what no place names", () => {
  it.each([
    "Please give me an overview of all of Chongqing's development zones together. What share of the economy do they hold?",
    "Give me an overview of Chongqing's development zones as a group. How many of them are there?",
  ])("come from the document on the topic, not one zone's page: %j", async (question) => {
    const answer = await ask(question);
    expect(answer.intent).toBe("overview");
    expect(answer.answered).toBe(true);
    for (const citation of answer.citations) {
      expect(citation.docId).toBe("development-zone-regulations-2025");
    }
  });
});

describe("which place suits an industry", () => {
  it.each([
    "We're a pharmaceutical company. Where in Chongqing do pharma and biotech firms cluster?",
    "We're a Korean chip supplier. Where in Chongqing are the semiconductor companies?",
  ])("labels each line with a place or a document, never a company: %j", async (question) => {
    const answer = await ask(question);
    expect(answer.answered).toBe(true);
    const lexicon = await seedLexicon();
    const places = new Set(
      lexicon.entities.all.filter((entity) => entity.place).map((entity) => entity.name),
    );
    const titles = new Set(lexicon.documents.map((document) => document.title));
    const labels = answer.answer
      .split("\n")
      .filter((line) => line.startsWith("- "))
      .map((line) => line.slice(2, line.indexOf(": ")));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(places.has(label) || titles.has(label)).toBe(true);
    // Each place once, however the sources spell it.
    const squashed = labels.map((label) => label.toLowerCase().replace(/[^a-z0-9]/g, ""));
    expect(new Set(squashed).size).toBe(labels.length);
  });
});

describe("topic questions", () => {
  it("answers why invest in one named place with that place's key facts", async () => {
    const answer = await ask("Why pick Bishan?");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain("Bishan High-tech Zone");
    const facts = answer.answer.split("\n").filter((line) => line.startsWith("- "));
    expect(facts.length).toBeGreaterThanOrEqual(3);
    // Its output, its size and its founding, each from Bishan's own document.
    expect(answer.answer).toMatch(/output value/);
    expect(answer.answer).toMatch(/square kilometers/);
    expect(answer.answer).toMatch(/established/);
    expect(new Set(answer.citations.map((citation) => citation.docId))).toEqual(
      new Set(["bishan-high-tech-zone"]),
    );
  });

  it("answers a topic of its own about a named place from that topic, not an overview", async () => {
    const answer = await ask(
      "Are there any incubators for startups in the Chongqing High-tech Zone?",
    );
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/incubat/i);
    expect(answer.answer).not.toMatch(/^Key facts about/);
  });
});
