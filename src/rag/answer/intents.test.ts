/**
 * What investors ask first, answered offline through the one pipeline every channel uses:
 * greetings, overviews, "which zone for my industry", comparisons, follow-ups that switch zones,
 * the chat page's starter questions, and declines that read well and never answer with a
 * neighbouring figure.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanceRetriever } from "../../adapters/lancedb/lance-retriever.ts";
import { createSeedIndex } from "../../testing/index-fixture.ts";
import { createAssistant } from "./assistant.ts";
import type { Answer, Assistant, ChatMessage } from "./types.ts";

let retriever: LanceRetriever;
let cleanup: () => Promise<void>;
let assistant: Assistant;

beforeAll(async () => {
  ({ retriever, cleanup } = await createSeedIndex());
  assistant = createAssistant({ retriever, k: 8 });
});
afterAll(() => cleanup());

const ask = (content: string): Promise<Answer> => assistant.answer([{ role: "user", content }]);

/** Every `[n]` of an answer names one of its citations, numbered 1..n in order of first use. */
function expectWellCited(answer: Answer) {
  const markers = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
  expect(markers.length).toBeGreaterThan(0);
  const firstUse = [...new Set(markers)];
  expect(firstUse).toEqual(firstUse.map((_, index) => index + 1));
  expect(answer.citations.map((citation) => citation.n)).toEqual(firstUse);
}

describe("greetings and questions about the assistant", () => {
  it.each(["hi", "Hello!", "你好", "What can you help me with?", "hello, who are you?"])(
    "welcomes %j with what the sources cover, never a decline",
    async (message) => {
      const answer = await ask(message);
      expect(answer.answered).toBe(true);
      expect(answer.intent === "greeting" || answer.intent === "capabilities").toBe(true);
      expect(answer.answer).not.toMatch(/don't have that information|没有这方面/);
      // One cited source per corpus document, with its date.
      expect(answer.citations.map((citation) => citation.docId).sort()).toEqual(
        [
          "bishan-high-tech-zone",
          "central-urban-areas-high-quality-development",
          "chongqing-high-tech-zone-overview",
          "development-zone-regulations-2025",
          "high-tech-zone-processing-trade-park",
        ].sort(),
      );
      expect(answer.answer).toMatch(/2025|2018/);
      expectWellCited(answer);
    },
  );

  it("answers 'What can you tell me about X?' about X when the sources speak of X", async () => {
    const bishan = await ask("What can you tell me about Bishan?");
    expect(bishan.intent).toBe("overview");
    expect(bishan.answer).toMatch(/^Key facts about Bishan High-tech Zone/);
    const topic = await ask("What do you know about biomedicine?");
    expect(topic.intent).toBe("overview");
    expect(topic.answer).toMatch(/biomedicine/i);
    expectWellCited(topic);
    // About nothing in particular, it asks what the assistant can do.
    expect((await ask("What can you tell me about investing here?")).intent).toBe("capabilities");
  });

  it("answers 'what the sources say about' a topic with the passages on it, not a document's opening", async () => {
    const answer = await ask("Summarize what the sources say about logistics.");
    expect(answer.answered).toBe(true);
    for (const line of answer.answer.split("\n").filter((one) => one.startsWith("- "))) {
      expect(line).toMatch(/logistics|freight|lorries|corridor/i);
    }
    expectWellCited(answer);
  });

  it("answers thanks and goodbyes in kind before the welcome", async () => {
    expect((await ask("thank you, bye")).answer).toMatch(/^You're welcome!/);
    expect((await ask("谢谢")).answer).toMatch(/^不客气！/);
    expect((await ask("hello")).answer).toMatch(/^Hello!/);
  });

  it("welcomes in Chinese with the documents' Chinese titles", async () => {
    const answer = await ask("您好，你能做什么？");
    expect(answer.answer).toMatch(/^您好/);
    expect(answer.answer).toContain("重庆璧山高新技术产业开发区");
  });
});

describe("open questions", () => {
  it("gives an overview of a zone as several cited facts that name it", async () => {
    const answer = await ask("Tell me about Bishan.");
    expect(answer.intent).toBe("overview");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain("Bishan High-tech Zone");
    expect(
      answer.answer.split("\n").filter((line) => line.startsWith("- ")).length,
    ).toBeGreaterThanOrEqual(3);
    expect(answer.answer).not.toContain("…");
    expectWellCited(answer);
  });

  it.each(["What is the Biological City known for?", "What does the Xiyong park produce?"])(
    "takes %j, naming a place and nothing else, as asking for its key facts",
    async (question) => {
      const answer = await ask(question);
      expect(answer.intent).toBe("overview");
      expect(answer.answered).toBe(true);
      expect(
        answer.answer.split("\n").filter((line) => line.startsWith("- ")).length,
      ).toBeGreaterThanOrEqual(2);
      expectWellCited(answer);
    },
  );

  it("declines what a place asks of no word the sources use ('What does it cost to rent in Bishan?')", async () => {
    const answer = await ask("What does it cost to rent in Bishan?");
    expect(answer.answered).toBe(false);
    expect(answer.answer).not.toMatch(/billion|square kilometers/);
  });

  it("gives an overview of a document no place names from its opening, in its order", async () => {
    const answer = await ask("Give me an overview of the 2025 development zone regulations.");
    expect(answer.intent).toBe("overview");
    expect(answer.answered).toBe(true);
    // The title names the regulations, though other zones' passages share words with the question.
    expect(new Set(answer.citations.map((citation) => citation.docId))).toEqual(
      new Set(["development-zone-regulations-2025"]),
    );
    expect(answer.answer).toContain("March 1, 2025");
    expect(
      answer.answer.split("\n").filter((line) => line.startsWith("- ")).length,
    ).toBeGreaterThanOrEqual(3);
    expectWellCited(answer);
  });

  it("names the places whose sources mention an investor's industry", async () => {
    const answer = await ask("We build industrial robots — where in Chongqing should we set up?");
    expect(answer.intent).toBe("matching");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/intelligent equipment|equipment manufacturing/i);
    expectWellCited(answer);
  });

  it("takes the industry, not the kind of place asked for, as what must match ('which zone')", async () => {
    const answer = await ask("Which zone is best for auto parts?");
    expect(answer.intent).toBe("matching");
    expect(answer.answer).toMatch(/auto parts/i);
    // Every listed sentence speaks of the industry, not merely of a zone.
    const lines = answer.answer.split("\n").filter((line) => line.startsWith("- "));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/auto/i);
    expectWellCited(answer);
    // Labelled with the zone the passage is about, not a landmark named in passing before it.
    expect(answer.answer).toMatch(/- Chongqing High-tech Zone: .*auto parts/i);
    expect(answer.answer).not.toMatch(/Xiexin Tianjiao City:/);
  });

  it("takes the word describing who asks for the industry when no noun names one ('a biomedical company')", async () => {
    const answer = await ask("Which zone should a biomedical company choose?");
    expect(answer.intent).toBe("matching");
    expect(answer.answer).toMatch(/- Chongqing International Biological City: .*biomedicine/);
    for (const line of answer.answer.split("\n").filter((one) => one.startsWith("- "))) {
      expect(line).toMatch(/biomedic/i);
    }
    expectWellCited(answer);
  });

  it("takes no word of what the asker wants ('good locations') for the industry", async () => {
    const answer = await ask("Any good locations for a battery factory?");
    expect(answer.answer).not.toMatch(/good industrial foundation|strategic location/);
  });

  it("does not take who asks ('a company like ours') for the industry", async () => {
    const answer = await ask(
      "We make intelligent equipment. Which Chongqing zone would suit a company like ours?",
    );
    expect(answer.intent).toBe("matching");
    const lines = answer.answer.split("\n").filter((line) => line.startsWith("- "));
    expect(lines.length).toBeGreaterThan(0);
    // Not "Many well-known enterprises … are based in the Park": any company would match that.
    for (const line of lines) expect(line).toMatch(/intelligent|equipment/i);
  });

  it("answers whether Chongqing suits chip design with the chip industry's places", async () => {
    const answer = await ask("Is Chongqing a good base for chip design?");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/Xiyong|IC|chip/);
  });

  it("answers an open question naming a thing that is no place with the topic, not its key facts", async () => {
    const answer = await ask("What support is there for R&D?");
    expect(answer.intent).toBe("topic");
    expect(answer.answered).toBe(true);
    expect(answer.answer).not.toMatch(/Key facts about R&D/);
    expect(answer.answer).toMatch(/support/i);
    expectWellCited(answer);
  });

  it("answers 'the pros and cons of' a place with its key facts, and 'Tell me about Chongqing' with a document", async () => {
    const answer = await ask("What are the pros and cons of the High-tech Zone?");
    expect(answer.answer).toMatch(/^Key facts about Chongqing High-tech Zone/);
    // A word in most passages is no topic: a document's key points, not scattered sentences.
    expect((await ask("Tell me about Chongqing")).answer).toMatch(/^Key points of "/);
  });

  it("answers 'the strengths of' a place with its key facts", async () => {
    const answer = await ask("What are the strengths of the Xiyong park?");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^Key facts about Xiyong Microelectronics Park/);
    expectWellCited(answer);
  });

  it("answers an open question about several things with a sentence for each", async () => {
    // No sentence speaks of logistics, Europe and Southeast Asia at once.
    const answer = await ask(
      "We ship goods to Europe and to Southeast Asia. What logistics options are there for a manufacturer?",
    );
    expect(answer.answered).toBe(true);
    const lines = answer.answer.split("\n").filter((line) => line.startsWith("- "));
    expect(lines.length).toBeGreaterThan(1);
    expect(answer.answer).toMatch(/Europe/);
    expect(answer.answer).toMatch(/logistics|Land-Sea/);
    expectWellCited(answer);
  });

  it("answers 'why invest' with several reasons from the sources, not one fact", async () => {
    const answer = await ask("Why should a European electronics firm invest in Chongqing?");
    expect(answer.answered).toBe(true);
    expect(
      answer.answer.split("\n").filter((line) => line.startsWith("- ")).length,
    ).toBeGreaterThan(1);
    expectWellCited(answer);
  });

  it("compares two places when the question shortens a name ('the Biological City')", async () => {
    const answer = await ask("Compare the Xiyong park with the Biological City.");
    expect(answer.answer).toMatch(/Key facts about Xiyong Microelectronics Park/);
    expect(answer.answer).toMatch(/Key facts about Chongqing International Biological City/);
    expectWellCited(answer);
  });

  it("never gives one zone's fact as another's when a sentence names it as one of a kind", async () => {
    const answer = await ask(
      "Which became a state-approved high-tech zone first, Chongqing High-tech Zone or Bishan, and when was each approved?",
    );
    // Bishan's approval ("… the second National High-tech Zone in the city") is Bishan's alone.
    expect(answer.answer).not.toMatch(/Chongqing High-tech Zone was approved by the State Council/);
    expect(answer.answer).toMatch(/March 1991/);
    expect(answer.answer).toMatch(/Bishan High-tech Zone was approved .* September 2015/);
  });

  it("compares two zones side by side, naming each", async () => {
    const answer = await ask(
      "How does Bishan compare with the Chongqing High-tech Zone in terms of age and size?",
    );
    expect(answer.intent).toBe("comparison");
    expect(answer.answer).toContain("Bishan High-tech Zone");
    expect(answer.answer).toContain("Chongqing High-tech Zone");
    expect(answer.answer).toMatch(/1991/);
    expectWellCited(answer);
  });

  it("never answers an open or a fact question with a page's credits line", async () => {
    for (const question of [
      "Convince me: why would we invest in Bishan rather than somewhere else in Chongqing?",
      "Why should we invest in the Chongqing High-tech Zone?",
    ]) {
      const answer = await ask(question);
      expect(answer.answer).not.toMatch(/Undertaker:|Host:/);
    }
    // Asked for a contact, the credits are where the number is.
    expect((await ask("Who can I call about investing in Bishan?")).answer).toMatch(/023-41407196/);
  });

  it("compares what the question names when it is none of an overview's usual facts", async () => {
    const answer = await ask(
      "Which one has more research platforms, the Chongqing High-tech Zone or the Bishan zone?",
    );
    expect(answer.intent).toBe("comparison");
    // The High-tech Zone's side states its platforms, not its founding or its area.
    expect(answer.answer).toMatch(/272 R&D platforms/);
    // So does Bishan's, where the sources call them "innovation platforms".
    expect(answer.answer).toMatch(/71 municipal innovation platforms/);
    expect(answer.answer).not.toMatch(/December 2002/);
    expectWellCited(answer);
  });
});

describe("declines", () => {
  it.each([
    "What is the corporate income tax rate?",
    "What is the average monthly wage for factory workers in Bishan?",
    "企业所得税税率是多少？",
    "工人的平均工资是多少？",
    // Only a weak relation ("airport" for "flights", "average" for "平均") links these to a sentence.
    "How many international flights does Jiangbei airport have?",
    "重庆高新区的平均工资是多少？",
  ])("declines %j instead of answering with a neighbouring figure", async (question) => {
    const answer = await ask(question);
    expect(answer.answered).toBe(false);
    // The only figures a decline may state are a contact's and what it quotes as related.
    const quoted = answer.citations.map((citation) => citation.text).join(" ");
    // (Besides the date a quoted passage is from: "As of 2012, …".)
    const stated = answer.answer.replace(/\[\d+\]|\bAs of (?:\w+ \d+, )?\d{4}\b/g, "");
    for (const figure of stated.match(/\d[\d,.]*/g) ?? []) {
      expect(quoted).toContain(figure.replace(/[.,]$/, ""));
    }
  });

  it("declines a date question whose only year is another event's ('When was Xiyong founded?')", async () => {
    // Xiyong's passages give the year of its output, not of its founding.
    const answer = await ask("When was Xiyong founded?");
    expect(answer.answered).toBe(false);
    expect(answer.answer).not.toMatch(/222\.7 billion/);
  });

  it("declines a question about a compound the sources never say ('time zone'), not a 'zone'", async () => {
    const answer = await ask("What time zone is Chongqing in?");
    expect(answer.answered).toBe(false);
  });

  it("never calls a question about a zone the sources name outside them", async () => {
    const answer = await ask("When was the Free Trade Zone created?");
    expect(answer.answered).toBe(false);
    expect(answer.answer).not.toMatch(/outside what my sources cover/);
  });

  it.each([
    "I'm a German auto parts supplier. Which zone should I look at for the number of faster trains?",
    "What is the corporate income tax rate in Bishan High-tech Zone?",
    "What's the weather like in Paris?",
  ])("never pastes the question into a decline: %j", async (question) => {
    const answer = await ask(question);
    if (answer.answered) return;
    const words = question.toLowerCase().match(/[a-z]{4,}/g) ?? [];
    const runs = words.slice(0, -2).map((_, index) => words.slice(index, index + 3).join(" "));
    const text = answer.answer.toLowerCase();
    expect(runs.filter((run) => text.includes(run))).toEqual([]);
  });

  it("declines in Chinese for a Chinese question, with a contact", async () => {
    const answer = await ask("重庆高新区的工业用水价格是多少？");
    expect(answer.answered).toBe(false);
    expect(answer.answer).toMatch(/^(?:抱歉|资料中没有)/);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it("quotes what the sources say only when it is about the question's topic", async () => {
    // Only "Chongqing" links the question to the sources: nothing related to quote.
    const unemployment = await ask("What is the unemployment rate in Chongqing?");
    expect(unemployment.answered).toBe(false);
    expect(unemployment.answer).not.toMatch(/Here is what they do say/);
    // The central urban areas are the topic; what the sources say about them is worth quoting.
    const population = await ask("What is the population of the central urban areas?");
    expect(population.answered).toBe(false);
    expect(population.answer).toMatch(/Here is what they do say: .*central urban areas/);
  });

  it("quotes the sentence holding what is asked about when only the question's additions are missing", async () => {
    // The sources speak of the High-tech Zone's incentives, not of ones for pharmaceutical firms.
    const answer = await ask(
      "What incentives does the High-tech Zone give to Japanese pharmaceutical firms?",
    );
    expect(answer.answered).toBe(false);
    expect(answer.answer).toMatch(/Here is what they do say: .*incentives/);
  });

  it("does not call a question about something the sources speak of outside them", async () => {
    const answer = await ask(
      "We're an export-oriented manufacturer that ships to both Europe and Southeast Asia. What logistics options does Chongqing give us?",
    );
    expect(answer.answer).not.toMatch(/outside what my sources cover/);
    const weather = await ask("What's the weather like in Paris?");
    expect(weather.answer).toMatch(/outside what my sources cover/);
    // A name spelt otherwise than the sources do ("Changan", for "Chang’an"), among things they
    // speak of, is not a name outside them.
    const campus = await ask("How big is the Changan research campus, in hectares?");
    expect(campus.answer).not.toMatch(/outside what my sources cover/);
    expect(campus.answer).toContain("66.7 hectares");
  });

  it("gives the asked-about zone's own contact when declining a question about it", async () => {
    const answer = await ask("What is the minimum registered capital for a company in Bishan?");
    expect(answer.answered).toBe(false);
    expect(answer.answer).toContain("023-41407196");
  });
});

describe("fact questions", () => {
  it("takes a sentence naming a topic ('R&D') as no rival of a place named after it", async () => {
    const answer = await ask(
      "How many laboratories does Chang’an Automobile Global R&D Center have?",
    );
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain("180 laboratories");
    // "The R&D center has …" names the center asked about, so the figure reads as its own.
    expect(answer.answer).toMatch(/Chang’an Automobile Global R&D Center has seven functions/);
  });

  it("answers a Chinese share question ('比重') with the share, whatever the sources call it", async () => {
    const answer = await ask("今年上半年重庆中心城区GDP占全市的比重是多少？");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain("77.8%");
    // A price is a thing of its own, not only the kind of fact asked for.
    const water = await ask("重庆高新区的工业用水价格是多少？");
    expect(water.answered).toBe(false);
  });

  it("answers despite a word neither the corpus nor English knows, unless it is the thing asked for", async () => {
    // "photonics" for the sources' "optical": one wording among many the sentence covers.
    const answer = await ask(
      "Who in the zone offers silicon photonics chip tape-out to global customers?",
    );
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain("United Microelectronics Center");
    const price = await ask("What do industrial users pay for electricity per kWh in Bishan?");
    expect(price.answered).toBe(false);
  });

  it("answers what the main industries are with a list of them, whatever ranks them 'main'", async () => {
    const answer = await ask("What are the main industries in the Chongqing High-tech Zone?");
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/new materials and other industries|biomedicine/);
  });

  it.each([
    "What are Bishan High-tech Zone's main industries?",
    "What industries does Bishan focus on?",
  ])(
    "answers %j, asking what things there are, with the sentence that lists them",
    async (question) => {
      const answer = await ask(question);
      expect(answer.answered).toBe(true);
      expect(answer.answer).toMatch(
        /intelligent equipment, information technology, life and health/,
      );
      expectWellCited(answer);
    },
  );

  it("answers with the sentence before the best one when it holds part of what is asked", async () => {
    // "upgrade" is in the sentence before "150 such projects": both answer, the figure decides.
    const answer = await ask(
      "How many upgrade projects have firms at Xiyong completed in five years?",
    );
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/upgrades[\s\S]*150 such projects/);
    expectWellCited(answer);
  });

  it("gives both figures when two passages about the same zone disagree", async () => {
    const answer = await ask("What is the planning area of the Chongqing High-tech Zone?");
    expect(answer.answer).toMatch(/different figures/);
    expect(answer.answer).toMatch(/73 square kilometers/);
    expect(answer.answer).toMatch(/70 square kilometers/);
    expectWellCited(answer);
  });

  it("answers 'how long did it take' with a span of time, and declines when none is stated", async () => {
    const built = await ask("How long did it take to build Chang'an's R&D center?");
    expect(built.answer).toMatch(/eight years/);
    // The airport is named in the sources, a driving time is not.
    const drive = await ask(
      "How long does it take to drive from the High-tech Zone to Jiangbei airport?",
    );
    expect(drive.answered).toBe(false);
  });

  it("answers a question naming two things only from sentences that speak of both", async () => {
    // The Xiyong park's investments are CR Micro's; nothing says what Intel invests.
    const intel = await ask("How much does Intel invest in the Xiyong park each year?");
    expect(intel.answered).toBe(false);
    // Huawei is among the companies the park's passage lists after naming the park.
    const huawei = await ask("Is Huawei based in the Xiyong park?");
    expect(huawei.answered).toBe(true);
    expect(huawei.answer).toMatch(/Huawei/);
  });

  it("answers a target with the plan's figure, dated by the plan's year, not its source's", async () => {
    const answer = await ask("What is Bishan's R&D target for 2022?");
    expect(answer.answered).toBe(true);
    // "By 2022, the planned output …. The … system is basically mature, with R&D investment
    // accounting for 5.5% …": the second sentence continues the 2022 plan.
    expect(answer.answer).toMatch(/^By 2022, .*R&D investment accounting for 5\.5%/);
    // "R&D" is a named topic, not a place: a sentence must say it, naming Bishan is not enough.
    const named = await ask("What is Bishan High-tech Zone's R&D target for 2022?");
    expect(named.answer).toMatch(/R&D investment accounting for 5\.5%/);
    // A target for something the plan does not mention is not any planned figure.
    const tax = await ask("What is Bishan's target for tax revenue?");
    expect(tax.answered).toBe(false);
  });

  it("answers how big a place named alone is with its area, not any figure", async () => {
    const answer = await ask("How big is Bishan?");
    expect(answer.answer).toMatch(/21 square kilometers/);
    // No sentence states Xiyong's area: a decline, not a claim that Xiyong is outside the sources.
    const xiyong = await ask("How big is Xiyong?");
    expect(xiyong.answered).toBe(false);
    expect(xiyong.answer).not.toMatch(/outside what my sources cover/);
  });

  it("never answers with a photo's caption", async () => {
    const answer = await ask("Who passed the development zone regulations?");
    expect(answer.answer).not.toMatch(/picture of/i);
    expect(answer.answer).toMatch(/People's Congress/);
  });

  it("answers a question about two zones at once for each, naming each", async () => {
    const answer = await ask(
      "When were the High-tech Zone and Bishan approved by the State Council?",
    );
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain("1991");
    // Bishan's sentence opens "It was approved …": the answer says whose approval it was.
    expect(answer.answer).toMatch(/Bishan High-tech Zone was approved .*2015/);
    expect(answer.citations.map((citation) => citation.docId)).toEqual([
      "chongqing-high-tech-zone-overview",
      "bishan-high-tech-zone",
    ]);
  });

  it("answers each part of a two-part question with its own sentence", async () => {
    const answer = await ask(
      "What share of Chongqing's foreign trade takes place in the central urban areas, and what share in the development zones?",
    );
    expect(answer.answer).toMatch(/98\.5%/);
    expect(answer.answer).toMatch(/90% of foreign trade/);
    expectWellCited(answer);
  });
});

describe("follow-ups", () => {
  it("resolve to the zone talked about last, and the answer names it", async () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "When was the Chongqing High-tech Zone established?" },
      { role: "assistant", content: "It was established in March 1991 [1]." },
      { role: "user", content: "And what about Bishan?" },
      { role: "assistant", content: "Bishan was approved in September 2015 [1]." },
      { role: "user", content: "And how many enterprises are in it?" },
    ];
    const answer = await assistant.answer(messages);
    expect(answer.query).toMatch(/Bishan/);
    expect(answer.answer).toMatch(/1056|1,056/);
    expect(answer.answer).toContain("Bishan");
  });

  it("answer 'how much money' with the amount a sentence states in other words (invest)", async () => {
    const answer = await assistant.answer([
      { role: "user", content: "What is CR Micro building in Chongqing?" },
      { role: "assistant", content: "A 12-inch power semiconductor wafer production line [1]." },
      { role: "user", content: "How much money are they putting in?" },
    ]);
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/7\.55 billion yuan/);
  });

  it("answer a share of a possessor's total without that possessor named ('the city's total')", async () => {
    const answer = await assistant.answer([
      {
        role: "user",
        content: "How much foreign trade did the central urban areas do in the first half?",
      },
      { role: "assistant", content: "371 billion yuan [1]." },
      { role: "user", content: "What share of the city's total is that?" },
    ]);
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/98\.5%/);
  });
});

describe("the chat page's starter questions", () => {
  it("answers every one, in both languages, with a citation", async () => {
    const strings = await readFile(new URL("../../web/strings.js", import.meta.url), "utf8");
    const starters = [...strings.matchAll(/starters: \[([\s\S]*?)\]/g)].flatMap((block) =>
      [...(block[1] ?? "").matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? ""),
    );
    expect(starters.length).toBeGreaterThanOrEqual(8);
    const failures: string[] = [];
    for (const question of starters) {
      const answer = await ask(question);
      if (!answer.answered || answer.citations.length === 0) failures.push(question);
    }
    expect(failures).toEqual([]);
  });
});
