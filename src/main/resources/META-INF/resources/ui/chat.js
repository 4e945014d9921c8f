// The chat: questions in, answers streamed with their stages, results as a table and a chart.
// Every value shown is set as text (never as HTML): answers, snippets and model text are untrusted.
import { api, askStream, ApiError, startSignedIn } from "./api.js";
import { el, highlighted } from "./dom.js";
import { renderResults } from "./results.js";

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
  // passages quoted by the search carry its marks; any other text is shown as it is
  const text = answer.path === "EXTRACTIVE" ? el("p", { class: "text" }, ...highlighted(answer.text))
    : el("p", { class: "text", text: answer.text });
  box.append(meta, text);

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
    const title = answer.decision === "CLARIFY" ? "Choose one:" : "You could ask:";
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
      el("blockquote", {}, ...highlighted(c.snippet))))));
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
    el("button", { type: "button", class: "secondary thumbs-up", onclick: () => rate("up"), text: "Helpful" }),
    el("button", { type: "button", class: "secondary thumbs-down", onclick: () => rate("down"), text: "Not helpful" }),
    comment, status);
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

startSignedIn((me) => {
  document.getElementById("admin-link").hidden = !me.admin;
  loadConversations();
  loadOnboarding();
});
