// The sign-in page: starts a web session and goes to the chat.
import { api, ApiError } from "./api.js";

const form = document.getElementById("signin-form");
const error = document.getElementById("signin-error");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const user = form.user.value.trim();
  const password = form.password.value;
  if (!user || !password) {
    showError("Enter your user name and password.");
    return;
  }
  try {
    await api("/api/v1/auth/login", { method: "POST", body: { user, password } });
    location.assign("/");
  } catch (e) {
    showError(e instanceof ApiError && e.status === 429
      ? "Too many failed sign-ins; try again later."
      : e instanceof ApiError && e.status === 401
        ? "The user name or password is not right."
        : "Signing in failed: " + e.message);
  }
});

function showError(text) {
  error.textContent = text;
  error.hidden = false;
}
