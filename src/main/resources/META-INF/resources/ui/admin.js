// The admin pages: verified queries (list, search, edit, test-run as a user, approve, retire,
// stale reasons, suggestions), the feedback inbox (promote an answer to a verified query),
// documents (upload, replace, delete, readers), users and groups with the permissions and row
// policies, the audit log (search, page, CSV export) and the latest evaluation report.
import { api, ApiError, startSignedIn } from "./api.js";
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
  if (tab.id === "tab-documents") loadDocuments();
  if (tab.id === "tab-access") loadAccess();
  if (tab.id === "tab-audit") loadAudit(true);
  if (tab.id === "tab-evaluation") loadEvaluation();
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

// ---- documents ----

const list = (text) => text.split(",").map((x) => x.trim()).filter(Boolean);
const CONTENT_TYPES = { md: "text/markdown", markdown: "text/markdown", txt: "text/plain", html: "text/html",
  htm: "text/html", pdf: "application/pdf" };

async function loadDocuments() {
  const body = $("documents-table").querySelector("tbody");
  try {
    const documents = await api("/api/v1/admin/documents");
    body.replaceChildren(...documents.map(documentRow));
    if (!documents.length) body.replaceChildren(el("tr", {}, el("td", { colspan: "5", class: "muted", text: "No documents." })));
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: "5", class: "error", text: problemText(e) })));
  }
}

function readers(acl) {
  const users = acl && acl.users ? acl.users : [];
  const groups = acl && acl.groups ? acl.groups : [];
  return users.length || groups.length
    ? groups.map((g) => "group " + g).concat(users.map((u) => "user " + u)).join(", ")
    : "everyone";
}

function documentRow(d) {
  const groups = el("input", { type: "text", class: "acl-groups", "aria-label": "Groups who may read " + d.id,
    value: (d.acl && d.acl.groups ? d.acl.groups : []).join(", ") });
  const remove = el("button", { type: "button", class: "secondary delete", text: "Delete" });
  remove.addEventListener("click", async () => {
    if (remove.dataset.armed !== "true") {
      remove.dataset.armed = "true";
      remove.textContent = "Confirm delete";
      return;
    }
    try {
      await api("/api/v1/admin/documents/" + d.id.split("/").map(encodeURIComponent).join("/"), { method: "DELETE" });
      $("documents-status").textContent = "Deleted " + d.id + ".";
      loadDocuments();
    } catch (e) {
      $("documents-status").textContent = problemText(e);
    }
  });
  return el("tr", { "data-id": d.id },
    el("td", { text: d.id }),
    el("td", { text: d.title || "" }),
    el("td", { text: (d.tags || []).join(", ") }),
    el("td", { text: readers(d.acl) }),
    el("td", {}, groups,
      el("button", { type: "button", class: "secondary save-acl", text: "Change readers", onclick: async () => {
        try {
          await api("/api/v1/admin/documents/" + d.id.split("/").map(encodeURIComponent).join("/") + "/acl",
            { method: "PUT", body: { users: d.acl && d.acl.users ? d.acl.users : [], groups: list(groups.value) } });
          $("documents-status").textContent = "Readers of " + d.id + " changed.";
          loadDocuments();
        } catch (e) {
          $("documents-status").textContent = problemText(e);
        }
      } }),
      remove));
}

$("doc-file").addEventListener("change", () => {
  const file = $("doc-file").files[0];
  if (file && !$("doc-id").value) $("doc-id").value = file.name;
});

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = $("doc-file").files[0];
  const id = $("doc-id").value.trim();
  if (!file || !id) return;
  const type = CONTENT_TYPES[file.name.split(".").pop().toLowerCase()] || "text/plain";
  const params = new URLSearchParams();
  list($("doc-groups").value).forEach((g) => params.append("group", g));
  try {
    await api("/api/v1/admin/documents/" + id.split("/").map(encodeURIComponent).join("/") + "?" + params,
      { method: "PUT", body: file, contentType: type });
    $("documents-status").textContent = "Stored " + id + ".";
    loadDocuments();
  } catch (e) {
    $("documents-status").textContent = problemText(e);
  }
});

// ---- users, groups, permissions, row policies ----

async function loadAccess() {
  try {
    const [users, groups, rules] = await Promise.all([
      api("/api/v1/admin/users"), api("/api/v1/admin/groups"), api("/api/v1/admin/permissions")]);
    $("users-table").querySelector("tbody").replaceChildren(...users.map(userRow));
    $("member-user").replaceChildren(...users.map((u) => el("option", { value: u.id, text: u.id })));
    $("attribute-user").replaceChildren(...users.map((u) => el("option", { value: u.id, text: u.id })));
    $("member-group").replaceChildren(...groups.map((g) => el("option", { value: g.name, text: g.name })));
    const grants = Object.entries(rules.tables).map(([t, g]) => [t, g])
      .concat(Object.entries(rules.columns).map(([c, g]) => [c, g]));
    $("grants-table").querySelector("tbody").replaceChildren(...grants.map(([name, g]) =>
      el("tr", {}, el("td", { text: name }), el("td", { text: g.join(", ") }))));
    $("policies-table").querySelector("tbody").replaceChildren(...Object.entries(rules.rowPolicies).map(([t, p]) =>
      el("tr", {}, el("td", { text: t }), el("td", {}, el("code", { text: p.filter })),
        el("td", { text: (p.appliesTo || []).join(", ") || "everyone" }), el("td", { text: (p.exempt || []).join(", ") }))));
  } catch (e) {
    $("access-status").textContent = problemText(e);
  }
}

function userRow(u) {
  const toggle = el("button", { type: "button", class: "secondary", text: u.disabled ? "Enable" : "Disable",
    onclick: async () => {
      try {
        await api("/api/v1/admin/users/" + encodeURIComponent(u.id) + (u.disabled ? "/enable" : "/disable"), { method: "POST" });
        $("access-status").textContent = (u.disabled ? "Enabled " : "Disabled ") + u.id + ".";
        loadAccess();
      } catch (e) {
        $("access-status").textContent = problemText(e);
      }
    } });
  return el("tr", { "data-id": u.id },
    el("td", { text: u.id }),
    el("td", { text: u.displayName }),
    el("td", { text: [...u.groups].sort().join(", ") }),
    el("td", { text: Object.entries(u.attributes).map(([k, v]) => k + "=" + v).join(", ") }),
    el("td", { text: u.disabled ? "disabled" : "active" }),
    el("td", {}, toggle));
}

async function membership(method) {
  const user = $("member-user").value;
  const group = $("member-group").value;
  try {
    await api("/api/v1/admin/groups/" + encodeURIComponent(group) + "/members/" + encodeURIComponent(user), { method });
    $("access-status").textContent = (method === "PUT" ? "Added " + user + " to " : "Removed " + user + " from ") + group + ".";
    loadAccess();
  } catch (e) {
    $("access-status").textContent = problemText(e);
  }
}
$("member-form").addEventListener("submit", (event) => {
  event.preventDefault();
  membership("PUT");
});
$("member-remove").addEventListener("click", () => membership("DELETE"));

/** Runs an admin change from a form and reports it in the access section. */
function accessChange(formId, change) {
  $(formId).addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      $("access-status").textContent = await change();
      loadAccess();
    } catch (e) {
      $("access-status").textContent = problemText(e);
    }
  });
}

accessChange("attribute-form", async () => {
  const user = $("attribute-user").value;
  const name = $("attribute-name").value.trim();
  await api("/api/v1/admin/users/" + encodeURIComponent(user) + "/attributes/" + encodeURIComponent(name),
    { method: "PUT", body: { value: $("attribute-value").value.trim() } });
  return "Set " + name + " of " + user + ".";
});
accessChange("user-form", async () => {
  const id = $("new-user-id").value.trim();
  await api("/api/v1/admin/users", { method: "POST", body: { id, displayName: $("new-user-name").value.trim(),
    email: $("new-user-email").value.trim() || null, groups: list($("new-user-groups").value), attributes: {},
    password: $("new-user-password").value } });
  $("user-form").reset();
  return "Created " + id + ".";
});
accessChange("group-form", async () => {
  const name = $("new-group-name").value.trim();
  await api("/api/v1/admin/groups", { method: "POST", body: { name, description: $("new-group-description").value.trim() } });
  $("group-form").reset();
  return "Created group " + name + ".";
});

function grantPath() {
  const name = $("grant-name").value.trim();
  return "/api/v1/admin/permissions/" + (name.includes(".") ? "columns/" : "tables/") + encodeURIComponent(name);
}
accessChange("grant-form", async () => {
  await api(grantPath(), { method: "PUT", body: { groups: list($("grant-groups").value) } });
  return "Restricted " + $("grant-name").value.trim() + ".";
});
$("grant-open").addEventListener("click", async () => {
  try {
    await api(grantPath(), { method: "DELETE" });
    $("access-status").textContent = "Opened " + $("grant-name").value.trim() + " to everyone.";
    loadAccess();
  } catch (e) {
    $("access-status").textContent = problemText(e);
  }
});
const policyPath = () => "/api/v1/admin/row-policies/" + encodeURIComponent($("policy-table").value.trim());
accessChange("policy-form", async () => {
  await api(policyPath(), { method: "PUT", body: { filter: $("policy-filter").value.trim(),
    appliesTo: list($("policy-applies").value), exempt: list($("policy-exempt").value) } });
  return "Row policy on " + $("policy-table").value.trim() + " set.";
});
$("policy-delete").addEventListener("click", async () => {
  try {
    await api(policyPath(), { method: "DELETE" });
    $("access-status").textContent = "Row policy on " + $("policy-table").value.trim() + " removed.";
    loadAccess();
  } catch (e) {
    $("access-status").textContent = problemText(e);
  }
});

// ---- audit log ----

let auditNext = 0;

function auditQuery() {
  const params = new URLSearchParams();
  const user = $("audit-user").value.trim();
  const kind = $("audit-kind").value.trim();
  if (user) params.set("user", user);
  if (kind) params.set("kind", kind);
  if ($("audit-from").value) params.set("from", $("audit-from").value + "T00:00:00Z");
  if ($("audit-to").value) params.set("to", $("audit-to").value + "T23:59:59Z");
  return params;
}

async function loadAudit(fresh) {
  const body = $("audit-table").querySelector("tbody");
  const params = auditQuery();
  $("audit-export").href = "/api/v1/admin/audit/export?" + params;
  if (fresh) auditNext = 0;
  params.set("offset", String(auditNext));
  params.set("limit", "50");
  try {
    const page = await api("/api/v1/admin/audit?" + params);
    const rows = page.events.map((e) => el("tr", {},
      el("td", { text: new Date(e.at).toLocaleString() }),
      el("td", { text: e.user || "" }),
      el("td", { text: e.kind }),
      el("td", { text: e.decision || "" }),
      el("td", { text: e.question || e.target || "" }),
      el("td", {}, e.sql ? el("code", { text: e.sql }) : "")));
    if (fresh) body.replaceChildren(...rows);
    else body.append(...rows);
    auditNext = page.next === null || page.next === undefined ? 0 : page.next;
    $("audit-more").hidden = !page.next;
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: "6", class: "error", text: problemText(e) })));
  }
}
$("audit-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  loadAudit(true);
});
$("audit-more").addEventListener("click", () => loadAudit(false));

// ---- the latest evaluation report ----

const percent = (x) => (x === null || x === undefined ? "–" : (100 * x).toFixed(1) + "%");
const score = (x) => (x === null || x === undefined ? "–" : Number(x).toFixed(1));

async function loadEvaluation() {
  const summary = $("evaluation-summary").querySelector("tbody");
  const tags = $("evaluation-tags").querySelector("tbody");
  try {
    const report = await api("/api/v1/admin/evaluation/latest");
    const s = report.summary;
    $("evaluation-source").textContent = "Suite " + report.suite + " (" + s.questions + " questions), model "
      + (report.model || "none") + ", run " + new Date(report.startedAt).toLocaleString() + " — " + report.file;
    const figures = [
      ["Coverage", percent(s.coverage)], ["Precision when answered", percent(s.precisionWhenAnswered)],
      ["Abstention recall", percent(s.abstentionRecall)], ["Clarification rate", percent(s.clarificationRate)],
      ["False abstention", percent(s.falseAbstentionRate)], ["RS(0)", score(s.rs0)], ["RS(10)", score(s.rs10)],
      ["RS(N)", score(s.rsN)], ["Execution accuracy", percent(report.executionAccuracy)],
      ["Execution accuracy, strict", percent(report.strictExecutionAccuracy)], ["Linking recall", percent(report.linkingRecall)]];
    summary.replaceChildren(...figures.map(([name, value]) => el("tr", {}, el("td", { text: name }), el("td", { text: value }))));
    tags.replaceChildren(...Object.entries(report.byTag || {}).map(([tag, t]) => el("tr", {},
      el("td", { text: tag }), el("td", { text: String(t.questions) }), el("td", { text: percent(t.coverage) }),
      el("td", { text: percent(t.precisionWhenAnswered) }), el("td", { text: percent(t.abstentionRecall) }),
      el("td", { text: score(t.rs10) }))));
  } catch (e) {
    $("evaluation-source").textContent = problemText(e);
    summary.replaceChildren();
    tags.replaceChildren();
  }
}

// ---- start ----

startSignedIn(async (me) => {
  if (!me.admin) {
    $("not-admin").hidden = false;
    return;
  }
  $("admin-area").hidden = false;
  await Promise.all([loadQueries(), loadSuggestions(), loadUsers()]);
});
