/**
 * @module The failing cases in the HTML report: the conversation, the answer, its citations, the
 * evidence it should have found and why it failed. All of it is untrusted text, escaped.
 */
import { isRelevant } from "../metrics/retrieval.ts";
import type { KeyFact } from "../schema.ts";
import { escapeHtml } from "./escape.ts";
import type { CaseResult } from "./model.ts";

const list = (items: readonly string[]) =>
  items.length === 0
    ? '<p class="muted">none</p>'
    : `<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`;

const factText = (fact: KeyFact) => (typeof fact === "string" ? fact : fact.join(" | "));

function renderCase(result: CaseResult): string {
  const e = escapeHtml;
  const mark = (passage: { docId: string; text: string }) =>
    isRelevant(passage, result.evidence) ? '<span class="hit">evidence</span> ' : "";
  const turns = result.messages.map(
    (m) => `<div class="turn ${m.role}"><b>${m.role}</b> ${e(m.content)}</div>`,
  );
  const answer = result.answer;
  const citations = (answer?.citations ?? []).map(
    (c) =>
      `${mark(c)}<b>[${c.n}]</b> <code>${e(c.docId)}</code> ${e(c.title)} (${e(c.date)})<blockquote>${e(c.text)}</blockquote>`,
  );
  const evidence = result.evidence.map(
    (item) => `<code>${e(item.docId)}</code><blockquote>${e(item.text)}</blockquote>`,
  );
  const retrieved = result.retrieved.map(
    (p, index) =>
      `${index + 1}. ${mark(p)}<code>${e(p.docId)}</code> ${e(p.text.slice(0, 240))}${p.text.length > 240 ? "…" : ""}`,
  );
  const answerBlock = answer
    ? `<p class="answer">${e(answer.answer)}</p><p class="muted">${answer.answered ? "answered" : "declined"} · ${e(answer.mode)} · query: ${e(answer.query)}</p>`
    : `<p class="error">${e(result.error ?? "no answer")}</p>`;
  return `<details class="case"><summary><code>${e(result.id)}</code> <span class="tag">${e(result.category)}</span> ${e(result.messages.at(-1)?.content ?? "")}</summary>
<div class="reasons">${list(result.failures.map(e))}</div>
<h4>Conversation</h4>${turns.join("")}
${result.standaloneQuestion ? `<p class="muted">standalone: ${e(result.standaloneQuestion)}</p>` : ""}
<h4>Answer</h4>${answerBlock}
<h4>Citations</h4>${list(citations)}
<h4>Evidence</h4>${list(evidence)}
<h4>Key facts</h4>${list(result.keyFacts.map((fact) => e(factText(fact))))}
<h4>Top 5 retrieved</h4>${list(retrieved)}
</details>`;
}

/** The failing cases, grouped by category. */
export function renderFailingCases(cases: readonly CaseResult[]): string {
  const failing = cases.filter((c) => c.failures.length > 0);
  if (failing.length === 0) return "<p>Every case passed.</p>";
  return failing.map(renderCase).join("\n");
}
