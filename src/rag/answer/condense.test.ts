import { describe, expect, it } from "vitest";
import { createLexicon } from "../lexicon/lexicon.ts";
import { EMPTY_LEXICON } from "../lexicon/profile.ts";
import { rewriteFollowUp } from "./condense.ts";
import type { ChatMessage } from "./types.ts";

const user = (content: string): ChatMessage => ({ role: "user", content });
const assistant = (content: string): ChatMessage => ({ role: "assistant", content });

describe("rewriteFollowUp", () => {
  it("returns a first or standalone question unchanged", () => {
    expect(rewriteFollowUp([user("How many enterprises are in Bishan?")])).toBe(
      "How many enterprises are in Bishan?",
    );
    expect(
      rewriteFollowUp([
        user("Tell me about Bishan High-tech Zone."),
        assistant("It was approved in September 2015."),
        user("Is there a rail freight link to Europe?"),
      ]),
    ).toBe("Is there a rail freight link to Europe?");
    expect(rewriteFollowUp([])).toBe("");
  });

  it("takes 'And for X?' with a name as the same question about X", () => {
    expect(
      rewriteFollowUp([
        user("How big is the Chongqing High-tech Zone?"),
        assistant("73 square kilometers."),
        user("And for Bishan?"),
      ]),
    ).toBe("How big is Bishan?");
    // A time is still a time.
    expect(
      rewriteFollowUp([
        user("What was Bishan's industrial output in 2018?"),
        assistant("32.34 billion yuan."),
        user("And for 2017?"),
      ]),
    ).toBe("What was Bishan's industrial output for 2017?");
  });

  it("answers 'What about X – <question about it>?' as that question about X", () => {
    expect(
      rewriteFollowUp([
        user("What national honours has the Bishan zone received?"),
        assistant("It is a national high-tech zone."),
        user("What about the Chongqing High-tech Zone - what titles has it been given?"),
      ]),
    ).toBe("What titles has Chongqing High-tech Zone been given?");
  });

  it("reads a contraction as the question word it starts with", () => {
    const rewritten = rewriteFollowUp([
      user("How much does the Bishan zone spend on R&D?"),
      assistant("5.5% of its output."),
      user("And what's the R&D target for 2022?"),
    ]);
    expect(rewritten).toMatch(/^What's the R&D target for 2022/);
    expect(rewritten).not.toMatch(/spend/);
  });

  it("carries the subject an earlier follow-up resolved to, not a place its answer names", () => {
    expect(
      rewriteFollowUp([
        user("What industries does Bishan High-tech Zone focus on?"),
        assistant("Intelligent equipment."),
        user("Where exactly is it?"),
        assistant("It is in Bishan District, west of Chongqing's central urban area."),
        user("And what number should I call?"),
      ]),
    ).toBe("What number should I call regarding Bishan High-tech Zone?");
  });

  it("resolves pronouns to the subject of earlier turns", () => {
    const history = [
      user("Tell me about Bishan High-tech Zone. When did it become a national zone?"),
      assistant("It was approved by the State Council in September 2015."),
    ];
    expect(rewriteFollowUp([...history, user("How many enterprises are in it?")])).toBe(
      "How many enterprises are in Bishan High-tech Zone?",
    );
    expect(rewriteFollowUp([...history, user("And its phone number?")])).toBe(
      "What is Bishan High-tech Zone's phone number?",
    );
    expect(rewriteFollowUp([...history, user("What industries are there?")])).toBe(
      "What industries are in Bishan High-tech Zone?",
    );
    expect(
      rewriteFollowUp([
        user("What are the Chongqing Development Zone Regulations about?"),
        assistant("Planning, land use and safety."),
        user("When do they come into force?"),
      ]),
    ).toBe("When do Chongqing Development Zone Regulations come into force?");
  });

  it("takes a lowercase subject whole, a year or a compound noun in it, over a name in the answer", () => {
    expect(
      rewriteFollowUp([
        user("Tell me about the 2025 development zone regulations."),
        assistant("They were approved by the Municipal People's Congress."),
        user("When do they come into force?"),
      ]),
    ).toBe("When do the 2025 development zone regulations come into force?");
    expect(
      rewriteFollowUp([
        user("What do the new development zone regulations say about idle land?"),
        assistant("They encourage its revitalization."),
        user("When were they approved?"),
      ]),
    ).toBe("When were the new development zone regulations approved?");
    expect(
      rewriteFollowUp([
        user("How many enterprises have settled in Chongqing's development zones?"),
        assistant("Nearly 200,000 by the end of 2024."),
        user("What share of foreign investment do they attract?"),
      ]),
    ).toBe("What share of foreign investment do Chongqing's development zones attract?");
  });

  it("carries the subject into an elliptical question", () => {
    expect(
      rewriteFollowUp([
        user("What industries does Bishan High-tech Zone focus on?"),
        assistant("Intelligent equipment and information technology."),
        user("And what number should I call?"),
      ]),
    ).toBe("What number should I call regarding Bishan High-tech Zone?");
  });

  it("swaps the entity, the year or the topic for 'What about …?' and 'And in …?'", () => {
    const history = [
      user("How many enterprises are in Chongqing High-tech Zone?"),
      assistant("The sources do not say."),
    ];
    expect(rewriteFollowUp([...history, user("What about Bishan?")])).toBe(
      "How many enterprises are in Bishan?",
    );
    expect(
      rewriteFollowUp([
        user("What was the output of Xiyong Microelectronics Park in 2019?"),
        assistant("…"),
        user("And in 2020?"),
      ]),
    ).toBe("What was the output of Xiyong Microelectronics Park in 2020?");
    expect(
      rewriteFollowUp([
        user("What were Chongqing High-tech Zone's goals for 2015?"),
        assistant("A regional GDP of 80 billion yuan."),
        user("What about operating income?"),
      ]),
    ).toBe("What is the operating income of Chongqing High-tech Zone for 2015?");
  });

  it("replaces 'that' and 'those' with what the previous question asked about", () => {
    expect(
      rewriteFollowUp([
        user("What was the output of Xiyong Microelectronics Park in 2020?"),
        assistant("222.7 billion yuan."),
        user("How fast was that growing?"),
      ]),
    ).toBe("How fast was the output of Xiyong Microelectronics Park in 2020 growing?");
    expect(
      rewriteFollowUp([
        user("What was Bishan High-tech Zone's industrial output in the first half of 2018?"),
        assistant("32.34 billion yuan."),
        user("And what was it in 2023?"),
      ]),
    ).toBe("What was Bishan High-tech Zone's industrial output in 2023?");
  });

  it("prefers the earlier subject that matches 'that zone', even from the assistant", () => {
    expect(
      rewriteFollowUp([
        user("Which zone in Chongqing is built around electronic information?"),
        assistant(
          "Chongqing High-tech Zone, where the Jinfeng Electronic Information Industrial Park is.",
        ),
        user("Which big brands are there?"),
        assistant("ASUS built its second China operating headquarters there."),
        user("When did that zone get started?"),
      ]),
    ).toBe("When did Chongqing High-tech Zone get started?");
  });

  it("resolves Chinese pronouns to a Chinese subject", () => {
    expect(
      rewriteFollowUp([
        user("璧山高新区是什么时候成立的？"),
        assistant("2015年9月。"),
        user("它的联系电话是多少？"),
      ]),
    ).toBe("璧山高新区联系电话是多少？");
  });

  describe("with the corpus's named things", () => {
    const documents = ["a", "b", "c", "d"].map((id) => ({ id, title: id, date: "2021" }));
    const lexicon = createLexicon({
      ...EMPTY_LEXICON,
      documents,
      entities: [
        {
          name: "Xiyong Microelectronics Park",
          aliases: ["xiyong microelectronics industrial park", "xiyong microelectronics park"],
          docIds: ["a"],
          mentions: 5,
          place: true,
        },
        {
          name: "Chongqing International Biological City",
          aliases: ["chongqing international biological city"],
          docIds: ["b"],
          mentions: 2,
          place: true,
        },
        {
          name: "Bishan High-tech Zone",
          aliases: ["bishan hightech zone", "bishan zone"],
          docIds: ["c"],
          mentions: 3,
          place: true,
        },
        // A term most documents use: a topic, not what a question is about.
        { name: "R&D", aliases: ["r&d"], docIds: ["a", "b", "c"], mentions: 16 },
      ],
    });
    const listed = [
      user("Which parks in Chongqing are strongest in chips and in biomedicine?"),
      assistant(
        "For chips, Xiyong Micro-electronics Industrial Park, which makes 80% of the city's IC output; for biomedicine, Chongqing International Biological City.",
      ),
    ];

    it("takes 'the second one', 'the latter', 'the first one' by their place in the last answer's list", () => {
      const ask = (question: string) => rewriteFollowUp([...listed, user(question)], lexicon);
      expect(ask("How many projects are running in the second one?")).toBe(
        "How many projects are running in Chongqing International Biological City?",
      );
      expect(ask("What is the output of the latter?")).toBe(
        "What is the output of Chongqing International Biological City?",
      );
      expect(ask("When was the first one set up?")).toBe(
        "When was Xiyong Microelectronics Park set up?",
      );
      // "the first half" is a time, not a list's first item.
      expect(ask("What was the output of the second one in the first half of the year?")).toBe(
        "What was the output of Chongqing International Biological City in the first half of the year?",
      );
    });

    it("takes 'they' and 'them' for the plural thing last asked about, in its place", () => {
      const ask = (first: string, question: string) =>
        rewriteFollowUp([user(first), assistant("…"), user(question)], lexicon);
      expect(
        ask("How many enterprises are in the Bishan zone?", "What industries are they in?"),
      ).toBe("What industries are the enterprises in Bishan High-tech Zone in?");
      expect(
        ask(
          "Who are the big IC firms in Xiyong Microelectronics Park?",
          "Which of them makes chips?",
        ),
      ).toBe("Which of the big IC firms in Xiyong Microelectronics Park makes chips?");
      // "their" is often the place's own.
      expect(ask("How many enterprises are in the Bishan zone?", "What are their sales?")).toBe(
        "What are Bishan High-tech Zone's sales?",
      );
    });

    it("takes 'it' for a thing just asked about, never for a topic term ('R&D')", () => {
      expect(
        rewriteFollowUp(
          [user("Who built an R&D center in the city?"), assistant("…"), user("What did it cost?")],
          lexicon,
        ),
      ).toBe("What did the R&D center cost?");
      // The answer names which one: that is what "it" is now.
      expect(
        rewriteFollowUp(
          [
            user("Who built an R&D center in the city?"),
            assistant("At Chang'an Automobile Global R&D Center, 180 laboratories were built."),
            user("What did it cost?"),
          ],
          lexicon,
        ),
      ).toBe("What did Chang'an Automobile Global R&D Center cost?");
    });

    it("asks a bare question word of what the last question asked about ('By when?')", () => {
      expect(
        rewriteFollowUp([
          user("What is the output target of the Bishan zone?"),
          assistant("500 billion yuan."),
          user("By when?"),
        ]),
      ).toBe("By when is the output target of the Bishan zone?");
      // Of a yes-or-no question, the question word asks its clause.
      expect(
        rewriteFollowUp(
          [
            user("Does Chongqing run trucking services into Southeast Asia?"),
            assistant("Yes: lorries have departed more than 7,400 times."),
            user("Since when?"),
          ],
          lexicon,
        ),
      ).toBe("Since when does Chongqing run trucking services into Southeast Asia?");
    });

    it("takes 'the latest one' for one of the things last counted, and asks its clause 'On what date?'", () => {
      const turns = [
        user("How many cross-border highway freight service lines has Chongqing opened?"),
        assistant("Ten."),
        user("Where was the latest one launched?"),
      ];
      expect(rewriteFollowUp(turns, lexicon)).toBe(
        "Where was the latest cross-border highway freight service line launched?",
      );
      expect(
        rewriteFollowUp(
          [
            ...turns,
            // A decline's closing contact is no subject of the conversation.
            assistant(
              "I don't have that information in my sources. For help, you could contact the Chongqing Investment Promotion Association (tel. +86-023-67862888) [1].",
            ),
            user("On what date?"),
          ],
          lexicon,
        ),
      ).toBe("On what date was the latest cross-border highway freight service line launched?");
    });

    it("takes 'they' for what a yes-or-no question asked whether there was any of", () => {
      expect(
        rewriteFollowUp(
          [
            user("Has Chongqing passed any new rules for its development zones recently?"),
            assistant("Yes. The regulations also cover the northern New zones."),
            user("When do they take effect?"),
          ],
          lexicon,
        ),
      ).toBe("When do the new rules take effect?");
    });

    it("replaces one pronoun, never the 'it' of 'it takes'", () => {
      expect(
        rewriteFollowUp(
          [
            user("Tell me about Chang'an Automobile's R&D center in Chongqing."),
            assistant("It has 180 laboratories."),
            user("How long did it take them to build it?"),
          ],
          lexicon,
        ),
      ).toBe("How long did it take Chang'an Automobile's R&D to build it?");
    });

    it("carries the subject to a question that names only a topic term ('R&D'), or opens with 'what's'", () => {
      expect(
        rewriteFollowUp(
          [
            user("How much does the Bishan zone spend on R&D?"),
            assistant("It invested 1.12 billion yuan in R&D."),
            user("And what's the R&D target for 2022?"),
          ],
          lexicon,
        ),
      ).toBe("What's the R&D target for 2022 regarding Bishan High-tech Zone?");
    });

    it("swaps the place for 'And X?', not a topic term, whatever the corpus calls the place", () => {
      expect(
        rewriteFollowUp(
          [
            user("How many R&D platforms does the Bishan zone have?"),
            assistant("71 municipal innovation platforms."),
            user("And Xiyong?"),
          ],
          lexicon,
        ),
      ).toBe("How many R&D platforms does Xiyong have?");
      // "the Bishan zone" is "Bishan High-tech Zone" to the corpus: what is replaced is as written.
      expect(
        rewriteFollowUp(
          [
            user("How many enterprises does the Bishan zone have?"),
            assistant("1056."),
            user("What about the Xiyong Microelectronics Park?"),
          ],
          lexicon,
        ),
      ).toBe("How many enterprises does Xiyong Microelectronics Park have?");
    });

    it("does not make a phrase that names its own place belong to an earlier subject that is none", () => {
      expect(
        rewriteFollowUp(
          [
            user("How does Chongqing connect to Europe by rail?"),
            assistant("Through the China-Europe Railway Express, run with Chengdu."),
            user("What about trucking routes down to Southeast Asia?"),
          ],
          lexicon,
        ),
      ).toBe("What is the trucking routes down to Southeast Asia?");
      // A phrase with no place of its own still belongs to the subject.
      expect(
        rewriteFollowUp(
          [
            user("What was the output of the Bishan zone in 2018?"),
            assistant("32.34 billion yuan."),
            user("What about the tax revenue?"),
          ],
          lexicon,
        ),
      ).toBe("What is the tax revenue of Bishan High-tech Zone in 2018?");
    });
  });

  describe("naming what was talked about", () => {
    const lexicon = createLexicon({
      ...EMPTY_LEXICON,
      documents: [{ id: "bishan", title: "Bishan High-tech Zone", date: "2018" }],
      entities: [
        {
          name: "Bishan High-tech Zone",
          aliases: ["bishan hightech zone"],
          docIds: ["bishan"],
          mentions: 3,
          place: true,
        },
        // "Bishan" alone is also the district's alias; the documents are about the zone.
        {
          name: "Bishan District",
          aliases: ["bishan district", "bishan"],
          docIds: ["bishan"],
          mentions: 3,
          place: true,
        },
      ],
    });

    it("names 'Bishan' alone as the thing its documents are about", () => {
      expect(
        rewriteFollowUp(
          [user("Tell me about Bishan."), assistant("…"), user("What is its phone number?")],
          lexicon,
        ),
      ).toBe("What is Bishan High-tech Zone's phone number?");
    });

    it("takes 'that' with no phrase for the last topic as the thing last talked about", () => {
      expect(
        rewriteFollowUp(
          [user("What did Bishan make in 2018?"), assistant("…"), user("How fast did that grow?")],
          lexicon,
        ),
      ).toBe("How fast did Bishan High-tech Zone grow?");
    });

    it("asks the last question again of another time ('And how many in 2020?')", () => {
      expect(
        rewriteFollowUp([
          user("How many trains have gone to Europe?"),
          assistant("More than 14,000."),
          user("And how many in 2020?"),
        ]),
      ).toBe("How many trains have gone to Europe in 2020?");
    });
  });
});
