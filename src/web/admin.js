/**
 * @module The staff console: inquiries, unanswered questions, the question log, feedback,
 * documents and usage, over the `/api/admin/*` staff APIs with the session cookie. Plain modules,
 * no build step; every server string is inserted as text, never as HTML.
 */
import { STRINGS } from "./admin-strings.js";

const $ = (id) => document.getElementById(id);
const SECTIONS = ["inquiries", "unanswered", "questions", "feedback", "documents", "usage"];
const SVG = "http://www.w3.org/2000/svg";
const COLOURS = ["#1f5f8b", "#d9822b", "#3b8f5a", "#8e44ad", "#c0392b", "#7f8c8d"];

let language = localStorage.getItem("cq-admin-language") === "zh" ? "zh" : "en";
const params = new URLSearchParams(location.search);
if (params.get("lang") === "zh" || params.get("lang") === "en") language = params.get("lang");

function t(key, values = {}) {
  const text = STRINGS[language][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** Creates an element; `children` may be strings (inserted as text) or nodes. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    // Through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
    else if (name === "style") node.style.cssText = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

function formatTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(language === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  if (response.status === 401) {
    location.reload();
    throw new Error("signed out");
  }
  const body = response.headers.get("content-type")?.includes("json")
    ? await response.json()
    : undefined;
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

const sendJson = (path, method, body) =>
  api(path, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

function showLoading(container) {
  container.replaceChildren(el("p", { class: "hint", text: t("loading") }));
}

function showError(container, error) {
  container.replaceChildren(
    el("p", {
      class: "notice error",
      role: "alert",
      text: t("loadFailed", { error: error.message }),
    }),
  );
}

/** A conversation whose assistant turns list the sources their [n] markers point to. */
function renderConversation(turns) {
  if (!turns?.length) return el("p", { class: "hint", text: t("noConversation") });
  return el(
    "details",
    { class: "conversation" },
    el("summary", { text: t("conversation", { n: turns.length }) }),
    el(
      "ol",
      {},
      turns.map((turn) =>
        el(
          "li",
          { class: `turn ${turn.role}` },
          el("p", { text: turn.content }),
          turn.citations?.length
            ? el(
                "ul",
                { class: "sources" },
                turn.citations.map((c) => el("li", { text: `[${c.n}] ${c.title}` })),
              )
            : null,
        ),
      ),
    ),
  );
}

// --- Inquiries -------------------------------------------------------------------------------

function inquiryQuery() {
  const form = $("inquiry-filter");
  const query = new URLSearchParams();
  if (form.elements.status.value) query.set("status", form.elements.status.value);
  if (form.elements.country.value.trim()) query.set("country", form.elements.country.value.trim());
  return query;
}

function renderInquiry(inquiry) {
  const status = el(
    "select",
    { name: "status", "aria-label": t("status") },
    ["new", "contacted", "closed"].map((value) =>
      el("option", { value, selected: inquiry.status === value, text: t(`status_${value}`) }),
    ),
  );
  const note = el("textarea", { name: "note", rows: 2, maxlength: 5000, "aria-label": t("note") });
  note.value = inquiry.note ?? "";
  const message = el("span", { class: "save-status", role: "status" });
  const form = el(
    "form",
    {
      class: "inquiry-edit",
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const saved = await sendJson(
            `/api/inquiries/${encodeURIComponent(inquiry.id)}`,
            "PATCH",
            {
              status: status.value,
              note: note.value,
            },
          );
          badge.textContent = t(`status_${saved.status}`);
          badge.className = `badge status-${saved.status}`;
          message.textContent = t("saved");
        } catch (error) {
          message.textContent = t("saveFailed", { error: error.message });
        }
      },
    },
    el("label", {}, el("span", { text: t("status") }), status),
    el("label", { class: "grow" }, el("span", { text: t("note") }), note),
    el("button", { type: "submit", class: "primary", text: t("save") }),
    message,
  );
  const badge = el("span", {
    class: `badge status-${inquiry.status}`,
    text: t(`status_${inquiry.status}`),
  });
  return el(
    "article",
    { class: "card inquiry", "data-id": inquiry.id },
    el(
      "header",
      {},
      el("h2", { text: `${inquiry.name}${inquiry.company ? ` — ${inquiry.company}` : ""}` }),
      badge,
    ),
    el(
      "p",
      { class: "meta" },
      `${formatTime(inquiry.createdAt)} · ${inquiry.country} · ${inquiry.sector} · `,
      el("a", { href: `mailto:${inquiry.email}`, text: inquiry.email }),
    ),
    el("p", { class: "message", text: inquiry.message }),
    renderConversation(inquiry.conversation),
    form,
  );
}

async function loadInquiries() {
  const list = $("inquiry-list");
  showLoading(list);
  const query = inquiryQuery();
  $("inquiry-csv").href = `/api/inquiries.csv${query.size ? `?${query}` : ""}`;
  try {
    const { inquiries } = await api(`/api/inquiries?${query}`);
    list.replaceChildren(
      ...(inquiries.length
        ? inquiries.map(renderInquiry)
        : [el("p", { class: "hint", text: t("none") })]),
    );
  } catch (error) {
    showError(list, error);
  }
}

// --- Unanswered ------------------------------------------------------------------------------

function renderGroup(group) {
  const status = el("span", { role: "status" });
  const counts = [t("asked", { n: group.count })];
  if (group.declined) counts.push(t("declinedCount", { n: group.declined }));
  if (group.thumbsDown) counts.push(t("downCount", { n: group.thumbsDown }));
  return el(
    "article",
    { class: "card group" },
    el(
      "header",
      {},
      el("h2", { text: group.latest.question }),
      el("span", { class: "badge", text: String(group.count) }),
    ),
    el("p", {
      class: "meta",
      text: `${formatTime(group.latest.createdAt)} · ${group.latest.channel} · ${counts.join(" · ")}`,
    }),
    group.latest.comment ? el("p", { class: "comment", text: group.latest.comment }) : null,
    group.examples.length
      ? el(
          "div",
          {},
          el("p", { class: "hint", text: t("alsoAsked") }),
          el(
            "ul",
            {},
            group.examples.map((text) => el("li", { text })),
          ),
        )
      : null,
    el("button", {
      type: "button",
      class: "secondary",
      text: t("markHandled"),
      onclick: async (event) => {
        event.target.disabled = true;
        try {
          await sendJson("/api/admin/unanswered/handled", "POST", { itemIds: group.itemIds });
          status.textContent = t("handled");
          event.target.closest("article").classList.add("done");
        } catch (error) {
          event.target.disabled = false;
          status.textContent = t("saveFailed", { error: error.message });
        }
      },
    }),
    status,
  );
}

async function loadUnanswered() {
  const list = $("unanswered-list");
  showLoading(list);
  try {
    const { groups } = await api("/api/admin/unanswered");
    list.replaceChildren(
      ...(groups.length ? groups.map(renderGroup) : [el("p", { class: "hint", text: t("none") })]),
    );
  } catch (error) {
    showError(list, error);
  }
}

// --- Questions -------------------------------------------------------------------------------

async function loadQuestions() {
  const table = $("question-table");
  const state = $("question-log-state");
  const channel = $("question-filter").elements.channel.value;
  try {
    const data = await api(`/api/admin/questions?limit=500${channel ? `&channel=${channel}` : ""}`);
    state.textContent = !data.enabled
      ? t("logOff")
      : data.retentionDays > 0
        ? t("logOn", { days: data.retentionDays })
        : t("logForever");
    const head = el(
      "tr",
      {},
      ["time", "channel", "language", "question", "answeredCol", "mode", "latency", "cited"].map(
        (key) => el("th", { scope: "col", text: t(key) }),
      ),
    );
    const rows = data.questions.map((q) =>
      el(
        "tr",
        { class: q.answered ? "" : "declined" },
        el("td", { text: formatTime(q.createdAt) }),
        el("td", { text: q.channel }),
        el("td", { text: q.language }),
        el("td", {
          text: q.question,
          title:
            q.standaloneQuestion && q.standaloneQuestion !== q.question
              ? q.standaloneQuestion
              : undefined,
        }),
        el("td", { text: q.answered ? t("yes") : t("no") }),
        el("td", { text: q.mode }),
        el("td", { class: "number", text: `${q.latencyMs} ms` }),
        el("td", { text: q.cited.map((c) => c.title).join("; ") }),
      ),
    );
    table.replaceChildren(
      el("thead", {}, head),
      el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 8, text: t("none") }))),
    );
  } catch (error) {
    showError(state, error);
  }
}

// --- Feedback --------------------------------------------------------------------------------

function renderFeedback(item) {
  const titles = item.citations?.length
    ? item.citations.map((c) => `[${c.n}] ${c.title}`)
    : item.citationIds;
  return el(
    "article",
    { class: `card rating-${item.rating}` },
    el(
      "header",
      {},
      el("h2", { text: item.question }),
      el("span", { class: `badge ${item.rating}`, text: item.rating === "up" ? "👍" : "👎" }),
    ),
    el("p", {
      class: "meta",
      text: `${formatTime(item.createdAt)}${item.language ? ` · ${item.language}` : ""}`,
    }),
    item.standaloneQuestion && item.standaloneQuestion !== item.question
      ? el("p", {}, el("strong", { text: `${t("rewritten")}: ` }), item.standaloneQuestion)
      : null,
    item.comment
      ? el("p", { class: "comment" }, el("strong", { text: `${t("comment")}: ` }), item.comment)
      : null,
    el(
      "details",
      {},
      el("summary", { text: t("answer") }),
      el("p", { class: "answer", text: item.answer }),
    ),
    titles.length
      ? el(
          "div",
          {},
          el("p", { class: "hint", text: t("sources") }),
          el(
            "ul",
            { class: "sources" },
            titles.map((text) => el("li", { text })),
          ),
        )
      : null,
    renderConversation(item.conversation),
  );
}

async function loadFeedback() {
  const list = $("feedback-list");
  showLoading(list);
  try {
    const { feedback } = await api("/api/feedback?limit=500");
    list.replaceChildren(
      ...(feedback.length
        ? feedback.map(renderFeedback)
        : [el("p", { class: "hint", text: t("none") })]),
    );
  } catch (error) {
    showError(list, error);
  }
}

// --- Documents -------------------------------------------------------------------------------

function showJob(job) {
  const box = $("job");
  if (job.state === "running") {
    const progress = el("progress", { max: job.progress.total || 1, value: job.progress.done });
    box.replaceChildren(
      el("p", {
        text: t("jobRunning", {
          kind: t(`kind_${job.kind}`),
          file: job.fileName,
          message: job.progress.message,
        }),
      }),
      progress,
    );
  } else if (job.state === "done") {
    box.replaceChildren(
      el("p", { class: "notice ok", text: t("jobDone", { file: job.fileName }) }),
    );
  } else {
    box.replaceChildren(
      el("p", {
        class: "notice error",
        role: "alert",
        text: t("jobFailed", { file: job.fileName, error: job.error }),
      }),
    );
  }
}

async function followJob(job) {
  showJob(job);
  while (job.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, 400));
    job = await api(`/api/admin/documents/jobs/${job.id}`);
    showJob(job);
  }
  await loadDocuments();
}

async function loadDocuments() {
  const table = $("document-table");
  try {
    const data = await api("/api/admin/documents");
    const readOnly = $("upload-read-only");
    readOnly.hidden = !data.readOnlyReason;
    readOnly.textContent = data.readOnlyReason ?? "";
    for (const field of $("upload-form").elements) field.disabled = !data.canUpload;
    const head = el(
      "tr",
      {},
      ["docTitle", "publisher", "date", "language", "chunks", "lastIngested", ""].map((key) =>
        el("th", { scope: "col", text: key ? t(key).replace(/ \(.*$|（.*$/, "") : "" }),
      ),
    );
    const rows = data.documents.map((doc) =>
      el(
        "tr",
        { "data-id": doc.id },
        el("td", { text: doc.title }),
        el("td", { text: doc.publisher }),
        el("td", { text: doc.date }),
        el("td", { text: doc.language }),
        el("td", { class: "number", text: String(doc.chunks) }),
        el("td", { text: formatTime(doc.lastIngested) }),
        el(
          "td",
          {},
          doc.removable
            ? el("button", {
                type: "button",
                class: "secondary danger",
                text: t("remove"),
                "aria-label": `${t("remove")}: ${doc.title}`,
                onclick: async () => {
                  if (!confirm(t("confirmRemove", { title: doc.title }))) return;
                  try {
                    await followJob(
                      await api(`/api/admin/documents/${encodeURIComponent(doc.id)}`, {
                        method: "DELETE",
                      }),
                    );
                  } catch (error) {
                    $("job").replaceChildren(
                      el("p", { class: "notice error", role: "alert", text: error.message }),
                    );
                  }
                },
              })
            : null,
        ),
      ),
    );
    const body = rows.length
      ? rows
      : [
          el(
            "tr",
            {},
            el("td", {
              colspan: 7,
              text: data.ready ? t("none") : t("indexNotReady", { reason: data.reason }),
            }),
          ),
        ];
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, body));
  } catch (error) {
    showError($("job"), error);
  }
}

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const job = await api("/api/admin/documents", { method: "POST", body: new FormData(form) });
    form.reset();
    await followJob(job);
  } catch (error) {
    $("job").replaceChildren(
      el("p", { class: "notice error", role: "alert", text: error.message }),
    );
  } finally {
    button.disabled = false;
  }
});

// --- Usage -----------------------------------------------------------------------------------

/** A stacked bar chart of `days` by the keys of `pick(day)`, as SVG with a legend. */
function barChart(title, days, pick) {
  const keys = [...new Set(days.flatMap((day) => Object.keys(pick(day))))].sort();
  const width = 720;
  const height = 200;
  const pad = 28;
  const max = Math.max(1, ...days.map((day) => day.total));
  const barWidth = (width - pad) / days.length;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height + 20}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title);
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  add("line", { x1: pad, y1: height, x2: width, y2: height, stroke: "#999" });
  add("text", { x: 0, y: 12, "font-size": 11, fill: "#555" }, String(max));
  add("text", { x: 0, y: height, "font-size": 11, fill: "#555" }, "0");
  days.forEach((day, index) => {
    let y = height;
    const counts = pick(day);
    keys.forEach((key, k) => {
      const value = counts[key] ?? 0;
      if (!value) return;
      const h = (value / max) * (height - 16);
      y -= h;
      const rect = add("rect", {
        x: pad + index * barWidth + 1,
        y,
        width: Math.max(1, barWidth - 2),
        height: h,
        fill: COLOURS[k % COLOURS.length],
      });
      const tip = document.createElementNS(SVG, "title");
      tip.textContent = `${day.date} ${key}: ${value}`;
      rect.append(tip);
    });
    if (index % Math.ceil(days.length / 6) === 0) {
      add(
        "text",
        { x: pad + index * barWidth, y: height + 14, "font-size": 10, fill: "#555" },
        day.date.slice(5),
      );
    }
  });
  const legend = el(
    "ul",
    { class: "legend" },
    keys.map((key, k) =>
      el(
        "li",
        {},
        el("span", { class: "swatch", style: `background:${COLOURS[k % COLOURS.length]}` }),
        key,
      ),
    ),
  );
  return el("figure", { class: "card chart" }, el("figcaption", { text: title }), svg, legend);
}

function shareBar(totals) {
  const parts = [
    ["answered", totals.answered, "#3b8f5a"],
    ["declined", totals.declined, "#d9822b"],
    ["failed", totals.failed, "#c0392b"],
  ];
  const sum = Math.max(1, totals.questions);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 720 32");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t("share"));
  let x = 0;
  for (const [, value, colour] of parts) {
    if (!value) continue;
    const rect = document.createElementNS(SVG, "rect");
    const w = (value / sum) * 720;
    for (const [name, v] of Object.entries({ x, y: 0, width: w, height: 32, fill: colour }))
      rect.setAttribute(name, String(v));
    svg.append(rect);
    x += w;
  }
  const legend = el(
    "ul",
    { class: "legend" },
    parts.map(([key, value, colour]) =>
      el(
        "li",
        {},
        el("span", { class: "swatch", style: `background:${colour}` }),
        `${t(key)}: ${value} (${Math.round((value / sum) * 100)}%)`,
      ),
    ),
  );
  return el("figure", { class: "card chart" }, el("figcaption", { text: t("share") }), svg, legend);
}

async function loadUsage() {
  const body = $("usage-body");
  showLoading(body);
  try {
    const stats = await api("/api/admin/stats?days=30");
    body.replaceChildren(
      el("p", {
        text: t("totalQuestions", {
          n: stats.totals.questions,
          days: stats.days.length,
          ms: stats.medianLatencyMs ?? "—",
        }),
      }),
      shareBar(stats.totals),
      barChart(t("perDayChannel"), stats.days, (day) => day.byChannel),
      barChart(t("perDayLanguage"), stats.days, (day) => day.byLanguage),
      stats.evalReport
        ? el(
            "p",
            {},
            el("a", {
              href: stats.evalReport,
              target: "_blank",
              rel: "noopener",
              text: t("evalReport"),
            }),
          )
        : el("p", { class: "hint", text: t("noEvalReport") }),
    );
  } catch (error) {
    showError(body, error);
  }
}

// --- Shell -----------------------------------------------------------------------------------

const LOADERS = {
  inquiries: loadInquiries,
  unanswered: loadUnanswered,
  questions: loadQuestions,
  feedback: loadFeedback,
  documents: loadDocuments,
  usage: loadUsage,
};

function currentSection() {
  const name = location.hash.slice(1);
  return SECTIONS.includes(name) ? name : "inquiries";
}

function show(name) {
  for (const section of SECTIONS) {
    const active = section === name;
    $(section).hidden = !active;
    const tab = $(`tab-${section}`);
    tab.setAttribute("aria-selected", String(active));
    tab.tabIndex = active ? 0 : -1;
  }
  LOADERS[name]();
}

function applyLanguage() {
  document.documentElement.lang = language === "zh" ? "zh-Hans" : "en";
  document.title = `${t("title")} — ${language === "zh" ? "重庆投资助手" : "Chongqing Investment Assistant"}`;
  for (const node of document.querySelectorAll("[data-i18n]"))
    node.textContent = t(node.dataset.i18n);
  const button = $("language-switch");
  button.textContent = language === "zh" ? "English" : "中文";
  button.lang = language === "zh" ? "en" : "zh-Hans";
}

$("language-switch").addEventListener("click", () => {
  language = language === "zh" ? "en" : "zh";
  localStorage.setItem("cq-admin-language", language);
  const url = new URL(location.href);
  url.searchParams.set("lang", language);
  history.replaceState(null, "", url);
  applyLanguage();
  show(currentSection());
});

for (const section of SECTIONS) {
  $(`tab-${section}`).addEventListener("click", () => {
    history.replaceState(null, "", `${location.search}#${section}`);
    show(section);
  });
}
$("tabs").addEventListener("keydown", (event) => {
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  const index = SECTIONS.indexOf(currentSection());
  const next =
    SECTIONS[(index + (event.key === "ArrowRight" ? 1 : SECTIONS.length - 1)) % SECTIONS.length];
  history.replaceState(null, "", `${location.search}#${next}`);
  show(next);
  $(`tab-${next}`).focus();
});
$("inquiry-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  loadInquiries();
});
$("question-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  loadQuestions();
});

applyLanguage();
show(currentSection());
