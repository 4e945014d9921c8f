// The chat: questions in, answers streamed with their stages, results as a table and a chart.
// Every value shown is set as text (never as HTML): answers, snippets and model text are untrusted.
import { api, askStream, ApiError } from "./api.js";

const STAGES = {
  history: "Loading the conversation",
  values: "Reading the values you may see",
  embed: "Embedding the question",
  verified: "Matching verified queries",
  interpret: "Interpreting the question",
  "match-plan": "Comparing with verified questions",
  adapt: "Adapting a verified query",
  retrieve: "Retrieving documents",
  link: "Linking to the data model",
  compile: "Compiling the plan",
  check: "Checking the SQL",
  generate: "Generating SQL",
  execute: "Running the query",
  "cross-check": "Cross-checking",
  documents: "Reading passages",
};
const PATHS = {
  VERIFIED: ["verified", "verified"],
  PLANNED: ["planned", "planned"],
  GENERATED: ["generated", "generated"],
  DOCUMENT: ["document", "document"],
  EXTRACTIVE: ["document", "document"],
};

const messages = document.getElementById("messages");
const form = document.getElementById("ask-form");
const input = document.getElementById("question");
const button = document.getElementById("ask-button");
const progress = document.getElementById("progress");
const onboarding = document.getElementById("onboarding");
let conversationId = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// ---- asking ----

async function ask(question) {
  question = question.trim();
  if (!question || button.disabled) return;
  onboarding.hidden = true;
  const item = el("li", { class: "turn" }, el("p", { class: "question", text: question }));
  messages.append(item);
  input.value = "";
  button.disabled = true;
  progress.textContent = "Asking…";
  try {
    const answer = await askStream(question, conversationId, (stage) => {
      progress.textContent = (STAGES[stage] || stage) + "…";
    });
    conversationId = answer.conversationId;
    item.append(renderAnswer(answer));
    loadConversations();
  } catch (e) {
    item.append(el("div", { class: "answer error", role: "alert", text: problemText(e) }));
  } finally {
    button.disabled = false;
    progress.textContent = "";
    item.scrollIntoView({ block: "nearest" });
    input.focus();
  }
}

function problemText(e) {
  if (e instanceof ApiError) {
    return e.status === 429 ? "Too many questions at once; try again in a moment." : e.message;
  }
  return "Something went wrong: " + e.message;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  ask(input.value);
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    ask(input.value);
  }
});

// ---- one answer ----

function renderAnswer(answer) {
  const box = el("section", { class: "answer", "aria-label": "Answer", "data-decision": answer.decision });
  const [kind, label] = PATHS[answer.path] || ["declined", answer.decision.toLowerCase()];
  const reasons = answer.reasons || [];
  const meta = el("div", { class: "meta" },
    el("span", { class: "badge " + kind, "data-path": answer.path, text: label }),
    el("span", { class: "confidence", text: "confidence " + Number(answer.confidence).toFixed(2) }));
  box.append(meta, el("p", { class: "text", text: answer.text }));

  const readAs = reasons.find((r) => r.startsWith("read as: "));
  if (readAs) box.append(el("p", { class: "interpretation", text: "Read as: " + readAs.substring(9) }));
  const policy = reasons.find((r) => r.startsWith("computed on the rows you may see"));
  if (policy) box.append(el("p", { class: "policy", text: policy.charAt(0).toUpperCase() + policy.substring(1) }));

  if (answer.columns && answer.columns.length && answer.rows && answer.rows.length) {
    box.append(renderResults(answer));
  }
  if (answer.citations && answer.citations.length) {
    box.append(renderCitations(answer.citations));
  }
  if (answer.suggestions && answer.suggestions.length) {
    const title = answer.decision === "CLARIFY" ? "Which one do you mean?" : "You could ask:";
    box.append(el("p", { class: "muted", text: title }),
      el("ul", { class: "suggestions" }, ...answer.suggestions.map((s) =>
        el("li", {}, el("button", { type: "button", class: "suggestion", onclick: () => ask(s), text: s })))));
  }
  const why = el("details", { class: "reasons" }, el("summary", { text: "Why this answer" }),
    el("ul", {}, ...reasons.map((r) => el("li", { text: r }))));
  box.append(why);
  if (answer.sql) {
    const code = el("code", { text: answer.sql });
    box.append(el("details", { class: "sql" }, el("summary", { text: "SQL as run" }), el("pre", { tabindex: "0" }, code),
      el("button", { type: "button", class: "secondary", text: "Copy SQL",
        onclick: (event) => copy(answer.sql, event.currentTarget) })));
  }
  if (answer.decision === "ANSWER") box.append(renderFeedback(answer));
  return box;
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch (ignored) {
    button.textContent = "Select the SQL to copy it";
  }
}

function renderCitations(citations) {
  return el("ol", { class: "citations", "aria-label": "Sources" }, ...citations.map((c) =>
    el("li", {}, el("details", { class: "citation" },
      el("summary", { text: c.title }),
      el("blockquote", { text: c.snippet })))));
}

function renderFeedback(answer) {
  const status = el("span", { class: "muted", role: "status" });
  const comment = el("input", { type: "text", "aria-label": "Comment (optional)", placeholder: "Comment (optional)", maxlength: "1000" });
  const rate = async (rating) => {
    try {
      await api("/api/v1/feedback", { method: "POST",
        body: { requestId: answer.requestId, rating, comment: comment.value.trim() || null } });
      status.textContent = "Thanks for the feedback.";
    } catch (e) {
      status.textContent = problemText(e);
    }
  };
  return el("div", { class: "feedback" },
    el("button", { type: "button", class: "secondary thumbs-up", "aria-label": "Helpful", onclick: () => rate("up"), text: "👍" }),
    el("button", { type: "button", class: "secondary thumbs-down", "aria-label": "Not helpful", onclick: () => rate("down"), text: "👎" }),
    comment, status);
}

// ---- results: table, chart, CSV ----

function isNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}

function isTime(column, rows, index) {
  const type = (column.type || "").toUpperCase();
  if (type.includes("DATE") || type.includes("TIME")) return true;
  return rows.every((r) => typeof r[index] === "string" && /^\d{4}(-\d{2}){0,2}([ T].*)?$/.test(r[index]));
}

/** "line" for a time series, "bar" for a category by measures, null when no chart fits. */
function chartKind(columns, rows) {
  if (columns.length < 2 || rows.length < 2) return null;
  const measures = columns.slice(1).every((c, i) => rows.every((r) => isNumber(r[i + 1])));
  if (!measures) return null;
  if (isTime(columns[0], rows, 0)) return "line";
  return rows.length <= 60 && rows.every((r) => typeof r[0] === "string") ? "bar" : null;
}

function renderResults(answer) {
  const columns = answer.columns;
  const rows = answer.rows.slice();
  const wrap = el("div", { class: "results" });
  const tools = el("div", { class: "tools", role: "group", "aria-label": "Result views" });
  const tableView = el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Result table" },
    renderTable(columns, rows));
  const kind = chartKind(columns, rows);
  let chartView = null;
  if (kind) {
    const canvas = el("canvas", { role: "img", "aria-label": kind + " chart of " + columns.map((c) => c.name).join(", ") });
    chartView = el("div", { class: "chart", "data-kind": kind }, canvas);
    const showChart = el("button", { type: "button", class: "secondary show-chart", "aria-pressed": "true", text: "Chart" });
    const showTable = el("button", { type: "button", class: "secondary show-table", "aria-pressed": "false", text: "Table" });
    showChart.addEventListener("click", () => toggle(true));
    showTable.addEventListener("click", () => toggle(false));
    const toggle = (chart) => {
      chartView.hidden = !chart;
      tableView.hidden = chart;
      showChart.setAttribute("aria-pressed", String(chart));
      showTable.setAttribute("aria-pressed", String(!chart));
    };
    tools.append(showChart, showTable);
    tableView.hidden = true;
    requestAnimationFrame(() => drawChart(canvas, kind, columns, rows));
  }
  tools.append(el("button", { type: "button", class: "secondary download-csv", text: "Download CSV",
    onclick: () => downloadCsv(columns, answer.rows) }));
  if (answer.truncated) tools.append(el("span", { class: "muted", text: "Only the first rows are shown." }));
  wrap.append(tools);
  if (chartView) wrap.append(chartView);
  wrap.append(tableView);
  return wrap;
}

function renderTable(columns, rows) {
  const table = el("table", { class: "result-table" });
  const body = el("tbody");
  const head = el("tr");
  let sortIndex = -1;
  let ascending = true;
  const fill = () => {
    body.replaceChildren(...rows.map((r) => el("tr", {}, ...r.map((v) =>
      el("td", { class: isNumber(v) ? "number" : "", text: v === null ? "" : String(v) })))));
  };
  columns.forEach((c, i) => {
    const th = el("th", { scope: "col", "aria-sort": "none" });
    th.append(el("button", { type: "button", text: c.name, onclick: () => {
      ascending = sortIndex === i ? !ascending : true;
      sortIndex = i;
      rows.sort((a, b) => compare(a[i], b[i]) * (ascending ? 1 : -1));
      head.querySelectorAll("th").forEach((h) => h.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      fill();
    } }));
    head.append(th);
  });
  fill();
  table.append(el("thead", {}, head), body);
  return table;
}

function compare(a, b) {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (isNumber(a) && isNumber(b)) return a - b;
  return String(a).localeCompare(String(b));
}

function drawChart(canvas, kind, columns, rows) {
  if (typeof Chart === "undefined") return;
  const palette = ["#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490"];
  new Chart(canvas, {
    type: kind,
    data: {
      labels: rows.map((r) => String(r[0])),
      datasets: columns.slice(1).map((c, i) => ({
        label: c.name,
        data: rows.map((r) => r[i + 1]),
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
      })),
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false },
  });
}

function csvCell(v) {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s; // not a formula in a spreadsheet
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function downloadCsv(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.name)).join(",")]
    .concat(rows.map((r) => r.map(csvCell).join(",")));
  const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
  const link = el("a", { href: URL.createObjectURL(blob), download: "sextant-answer.csv" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// ---- conversations, onboarding, who am I ----

async function loadConversations() {
  const list = document.getElementById("conversation-list");
  try {
    const conversations = await api("/api/v1/conversations?limit=30");
    list.replaceChildren(...conversations.map((c) => el("li", {},
      el("button", { type: "button", "aria-current": String(c.id === conversationId), text: c.title,
        onclick: () => openConversation(c.id) }))));
  } catch (e) {
    list.replaceChildren(el("li", { class: "muted", text: problemText(e) }));
  }
}

async function openConversation(id) {
  const turns = await api("/api/v1/conversations/" + encodeURIComponent(id));
  conversationId = id;
  onboarding.hidden = true;
  messages.replaceChildren(...turns.map((t) => el("li", { class: "turn" },
    el("p", { class: "question", text: t.question }),
    el("div", { class: "answer past", "data-decision": t.decision },
      el("p", { class: "text", text: t.answer || t.decision }),
      t.sql ? el("details", { class: "sql" }, el("summary", { text: "SQL as run" }), el("pre", { tabindex: "0" }, el("code", { text: t.sql }))) : null))));
  loadConversations();
  input.focus();
}

async function loadOnboarding() {
  try {
    const questions = await api("/api/v1/suggested-questions");
    if (!questions.length || messages.children.length) return;
    document.getElementById("onboarding-list").replaceChildren(...questions.map((q) =>
      el("li", {}, el("button", { type: "button", class: "suggestion", onclick: () => ask(q), text: q }))));
    onboarding.hidden = false;
  } catch (ignored) {
    // no suggestions: the empty chat stays empty
  }
}

document.getElementById("new-conversation").addEventListener("click", () => {
  conversationId = null;
  messages.replaceChildren();
  loadConversations();
  loadOnboarding();
  input.focus();
});

document.getElementById("signout").addEventListener("click", async () => {
  try {
    await api("/api/v1/auth/logout", { method: "POST" });
  } finally {
    location.assign("/signin.html");
  }
});

async function start() {
  const me = await api("/api/v1/me");
  document.getElementById("who").textContent = "Signed in as " + (me.displayName || me.id);
  loadConversations();
  loadOnboarding();
}

if (!document.cookie.split("; ").some((c) => c.startsWith("sextant-csrf=") && c.length > 13)) {
  location.assign("/signin.html"); // never signed in here: no need to ask the server
} else {
  start().catch(() => location.assign("/signin.html"));
}
