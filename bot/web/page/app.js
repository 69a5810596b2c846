// The try-it page without a reload: the same check through the public API (/v1/check).
// Without JavaScript the form posts to / and the server renders the same reply.
"use strict";

(function () {
  const form = document.getElementById("check");
  if (!form || !window.fetch) {
    return;
  }
  const text = document.getElementById("text");
  const region = document.getElementById("region");
  const button = form.querySelector("button[type=submit]");
  const result = document.getElementById("result");
  const reply = document.getElementById("reply");
  const error = document.getElementById("error");

  function showError(message) {
    result.hidden = true;
    error.textContent = message;
    error.hidden = false;
  }

  function showVerdict(verdict) {
    error.hidden = true;
    reply.textContent = verdict.reply || "";
    reply.dataset.risk = verdict.risk;
    result.hidden = false;
    result.scrollIntoView({ block: "nearest" });
  }

  async function check(body) {
    const response = await fetch("/v1/check", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 429) {
      const seconds = response.headers.get("Retry-After") || "60";
      showError(form.dataset.errorBusy.replace("{seconds}", seconds));
    } else if (response.status === 413 || response.status === 422) {
      showError(form.dataset.errorLong);
    } else if (!response.ok) {
      showError(form.dataset.errorFailed);
    } else {
      showVerdict(await response.json());
    }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!text.value.trim()) {
      showError(form.dataset.errorEmpty);
      return;
    }
    const lang = form.querySelector("input[name=lang]:checked");
    const body = { text: text.value, lang: lang ? lang.value : "en" };
    if (region && region.value) {
      body.region = region.value;
    }
    const label = button.textContent;
    button.disabled = true;
    button.textContent = form.dataset.checking;
    try {
      await check(body);
    } catch (e) {
      showError(form.dataset.errorFailed);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
})();
