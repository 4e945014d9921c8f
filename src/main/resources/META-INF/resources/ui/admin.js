// The admin pages: verified queries (list, search, edit, test-run as a user, approve, retire,
// stale reasons, suggestions) and the feedback inbox (promote an answer to a verified query).
import { api, ApiError } from "./api.js";
import { el } from "./dom.js";
import { renderResults } from "./results.js";

const $ = (id) => document.getElementById(id);
let editing = null; // the name of the query in the editor, or null for a new one

function problemText(e) {
  return e instanceof ApiError
    ? e.message + (e.problem && e.problem.errors ? " — " + e.problem.errors.map((x) => x.message || x).join("; ") : "")
    : "Something went wrong: " + e.message;
}

// ---- tabs ----

const tabs = [...document.querySelectorAll('[role="tab"]')];
function select(tab) {
  for (const t of tabs) {
    const chosen = t === tab;
    t.setAttribute("aria-selected", String(chosen));
    t.tabIndex = chosen ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !chosen;
  }
  tab.focus();
  if (tab.id === "tab-feedback") loadFeedback();
}
tabs.forEach((tab, i) => {
  tab.addEventListener("click", () => select(tab));
  tab.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const next = tabs[(i + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      select(next);
    }
  });
});

// ---- verified queries ----

async function loadQueries() {
  const status = $("query-status").value;
  const search = $("query-search").value.trim();
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (search) params.set("search", search);
  const body = $("query-table").querySelector("tbody");
  try {
    const queries = await api("/api/v1/admin/verified-queries?" + params);
    body.replaceChildren(...queries.map((q) => el("tr", { "data-name": q.name },
      el("td", { text: q.name }),
      el("td", { text: q.question }),
      el("td", { class: "status-" + q.status.toLowerCase(), text: q.status.toLowerCase() }),
      el("td", { text: q.verifiedBy || "" }),
      el("td", { text: q.staleReason || "" }),
      el("td", {}, el("button", { type: "button", class: "secondary edit", text: "Edit",
        "aria-label": "Edit " + q.name, onclick: () => edit(q.name) })))));
    if (!queries.length) body.replaceChildren(el("tr", {}, el("td", { colspan: "6", class: "muted", text: "No verified queries match." })));
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: "6", class: "error", text: problemText(e) })));
  }
}

function fill(q) {
  $("q-name").value = q.name || "";
  $("q-name").readOnly = Boolean(editing);
  $("q-question").value = q.question || "";
  $("q-alternatives").value = (q.alternatives || []).join("\n");
  $("q-sql").value = q.sql || "";
  $("q-onboarding").checked = Boolean(q.onboarding);
  $("q-approve").hidden = !editing;
  $("q-retire").hidden = !editing;
  $("q-test").disabled = !editing;
  $("q-status").textContent = q.status ? "Status: " + q.status.toLowerCase() + (q.staleReason ? " — " + q.staleReason : "") : "";
  $("q-result").replaceChildren();
  $("editor").hidden = false;
  $("q-question").focus();
}

async function edit(name) {
  try {
    editing = name;
    fill(await api("/api/v1/admin/verified-queries/" + encodeURIComponent(name)));
  } catch (e) {
    $("q-status").textContent = problemText(e);
  }
}

function draft() {
  return {
    name: $("q-name").value.trim(),
    question: $("q-question").value.trim(),
    alternatives: $("q-alternatives").value.split("\n").map((a) => a.trim()).filter(Boolean),
    sql: $("q-sql").value,
    onboarding: $("q-onboarding").checked,
  };
}

$("query-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const saved = editing
      ? await api("/api/v1/admin/verified-queries/" + encodeURIComponent(editing), { method: "PUT", body: draft() })
      : await api("/api/v1/admin/verified-queries", { method: "POST", body: draft() });
    editing = saved.name;
    fill(saved);
    $("q-status").textContent = "Saved (" + saved.status.toLowerCase() + ").";
    loadQueries();
  } catch (e) {
    $("q-status").textContent = problemText(e);
  }
});

async function transition(action) {
  try {
    const saved = await api("/api/v1/admin/verified-queries/" + encodeURIComponent(editing) + "/" + action, { method: "POST" });
    fill(saved);
    $("q-status").textContent = (action === "approve" ? "Approved" : "Retired") + " (" + saved.status.toLowerCase() + ").";
    loadQueries();
  } catch (e) {
    $("q-status").textContent = problemText(e);
  }
}
$("q-approve").addEventListener("click", () => transition("approve"));
$("q-retire").addEventListener("click", () => transition("retire"));

$("q-test").addEventListener("click", async () => {
  const as = $("q-as").value;
  $("q-status").textContent = "Running as " + as + "…";
  try {
    const run = await api("/api/v1/admin/verified-queries/" + encodeURIComponent(editing) + "/test-run?as="
      + encodeURIComponent(as), { method: "POST" });
    $("q-status").textContent = "Ran as " + run.user + ": " + run.rows.length + (run.truncated ? "+" : "")
      + (run.rows.length === 1 ? " row." : " rows.");
    const code = el("code", { text: run.sqlAsRun });
    $("q-result").replaceChildren(
      el("details", { class: "sql" }, el("summary", { text: "SQL as run for " + run.user }), el("pre", { tabindex: "0" }, code)),
      run.rows.length ? renderResults(run) : el("p", { class: "muted", text: "No rows." }));
  } catch (e) {
    $("q-status").textContent = problemText(e);
  }
});

$("new-query").addEventListener("click", () => {
  editing = null;
  fill({});
  $("q-name").focus();
});
$("query-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  loadQueries();
});

async function loadSuggestions() {
  const list = $("suggestion-list");
  try {
    const suggestions = await api("/api/v1/admin/verified-queries/suggestions?limit=10");
    list.replaceChildren(...suggestions.map((s) => el("li", {},
      el("span", { text: s.question + " — asked " + s.asked + ", declined " + s.abstained + ", liked " + s.liked + " " }),
      el("button", { type: "button", class: "link", text: "Draft a verified query",
        onclick: () => { editing = null; fill({ question: s.question }); } }))));
    if (!suggestions.length) list.replaceChildren(el("li", { class: "muted", text: "No suggestions yet." }));
  } catch (e) {
    list.replaceChildren(el("li", { class: "error", text: problemText(e) }));
  }
}

async function loadUsers() {
  const users = await api("/api/v1/admin/users");
  $("q-as").replaceChildren(...users.filter((u) => !u.disabled).map((u) =>
    el("option", { value: u.id, text: u.displayName + " (" + u.id + ")" })));
}

// ---- feedback ----

async function loadFeedback() {
  const rating = $("feedback-rating").value;
  const body = $("feedback-table").querySelector("tbody");
  try {
    const items = await api("/api/v1/admin/feedback?limit=100" + (rating ? "&rating=" + rating : ""));
    body.replaceChildren(...items.map(feedbackRow));
    if (!items.length) body.replaceChildren(el("tr", {}, el("td", { colspan: "8", class: "muted", text: "No feedback yet." })));
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: "8", class: "error", text: problemText(e) })));
  }
}

function feedbackRow(f) {
  const actions = el("td");
  if (!f.promotedTo && f.rating === "up" && f.answerSql) {
    const name = el("input", { type: "text", "aria-label": "Name of the new verified query", placeholder: "name_of_query",
      pattern: "[a-z0-9_]+", class: "promote-name" });
    const verified = el("input", { type: "checkbox", class: "promote-verified" });
    actions.append(name, el("label", { class: "inline" }, verified, "verified at once"),
      el("button", { type: "button", class: "secondary promote", text: "Promote", onclick: async () => {
        try {
          const created = await api("/api/v1/admin/feedback/" + encodeURIComponent(f.id) + "/promote",
            { method: "POST", body: { name: name.value.trim(), verified: verified.checked } });
          $("feedback-status").textContent = "Promoted to " + created.name + " (" + created.status.toLowerCase() + ").";
          loadFeedback();
          loadQueries();
        } catch (e) {
          $("feedback-status").textContent = problemText(e);
        }
      } }));
  }
  return el("tr", { "data-id": f.id },
    el("td", { text: new Date(f.at).toLocaleString() }),
    el("td", { text: f.user }),
    el("td", { text: f.rating === "up" ? "helpful" : "not helpful" }),
    el("td", { text: f.question || "" }),
    el("td", { text: (f.path || "").toLowerCase() }),
    el("td", { text: f.comment || "" }),
    el("td", { text: f.promotedTo || "" }),
    actions);
}
$("feedback-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  loadFeedback();
});

// ---- start ----

$("signout").addEventListener("click", async () => {
  try {
    await api("/api/v1/auth/logout", { method: "POST" });
  } finally {
    location.assign("/signin.html");
  }
});

async function start() {
  const me = await api("/api/v1/me");
  $("who").textContent = "Signed in as " + (me.displayName || me.id);
  if (!me.admin) {
    $("not-admin").hidden = false;
    return;
  }
  $("admin-area").hidden = false;
  await Promise.all([loadQueries(), loadSuggestions(), loadUsers()]);
}

if (!document.cookie.split("; ").some((c) => c.startsWith("sextant-csrf=") && c.length > 13)) {
  location.assign("/signin.html");
} else {
  start().catch(() => location.assign("/signin.html"));
}
