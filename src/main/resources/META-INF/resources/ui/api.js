// Calls to Sextant's API from the pages: the session cookie goes along by itself; requests that
// change something carry the session's CSRF token, read from the cookie set at sign-in.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || "HTTP " + status);
    this.status = status;
    this.problem = problem;
  }
}

function csrfToken() {
  const entry = document.cookie.split("; ").find((c) => c.startsWith("sextant-csrf="));
  return entry ? decodeURIComponent(entry.substring("sextant-csrf=".length)) : "";
}

function headers(extra) {
  return Object.assign({ "X-Requested-With": "sextant-ui", "X-CSRF-Token": csrfToken() }, extra);
}

async function failure(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch (ignored) {
    // not JSON: the status says enough
  }
  if (response.status === 401 && !location.pathname.startsWith("/signin")) {
    location.assign("/signin.html");
  }
  return new ApiError(response.status, problem);
}

/**
 * JSON in, JSON out (null for an empty reply); throws ApiError with the problem. With a
 * contentType, the body (a file, a string) is sent as it is.
 */
export async function api(path, { method = "GET", body, contentType } = {}) {
  const raw = contentType !== undefined;
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: headers(body === undefined ? {} : { "Content-Type": raw ? contentType : "application/json" }),
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  });
  if (!response.ok) {
    throw await failure(response);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Asks a question on the streaming endpoint: onStage(name) for each stage as it begins; resolves
 * with the answer, rejects with the problem.
 */
export async function askStream(question, conversationId, onStage) {
  const response = await fetch("/api/v1/ask/stream", {
    method: "POST",
    credentials: "same-origin",
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify({ question, conversationId }),
  });
  if (!response.ok) {
    throw await failure(response);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.substring(0, end);
      buffer = buffer.substring(end + 2);
      const event = parseFrame(frame);
      if (event.name === "stage") {
        onStage(JSON.parse(event.data).stage);
      } else if (event.name === "answer") {
        return JSON.parse(event.data);
      } else if (event.name === "error") {
        const problem = JSON.parse(event.data);
        throw new ApiError(problem.status || 500, problem);
      }
    }
    if (done) {
      throw new ApiError(502, { detail: "The answer stream ended early." });
    }
  }
}

function parseFrame(frame) {
  let name = "message";
  const data = [];
  for (const line of frame.split("\n")) {
    if (line.startsWith("event:")) {
      name = line.substring(6).trim();
    } else if (line.startsWith("data:")) {
      data.push(line.substring(5).replace(/^ /, ""));
    }
  }
  return { name, data: data.join("\n") };
}

/**
 * Starts a page of the signed-in UI: without a session token it goes to the sign-in page
 * (never signed in here: no need to ask the server); otherwise it wires the sign-out button and
 * runs start with who is signed in, going to the sign-in page when the session has ended.
 */
export function startSignedIn(start) {
  if (!csrfToken()) {
    location.assign("/signin.html");
    return;
  }
  document.getElementById("signout").addEventListener("click", async () => {
    try {
      await api("/api/v1/auth/logout", { method: "POST" });
    } finally {
      location.assign("/signin.html");
    }
  });
  api("/api/v1/me")
    .then((me) => {
      document.getElementById("who").textContent = "Signed in as " + (me.displayName || me.id);
      return start(me);
    })
    .catch(() => location.assign("/signin.html"));
}
