// The try-it page without a reload: the same check through the public API (/v1/check).
// Without JavaScript the form posts to / and the server renders the same reply.
// With it, a picture or an .eml e-mail can be chosen or dropped too: the text and the file go
// to /v1/check as multipart form data, and the verdict's origins say what came from where.
"use strict";

(function () {
  const form = document.getElementById("check");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  const text = document.getElementById("text");
  const region = document.getElementById("region");
  const button = form.querySelector("button[type=submit]");
  const result = document.getElementById("result");
  const reply = document.getElementById("reply");
  const error = document.getElementById("error");
  const drop = document.getElementById("drop");
  const fileInput = document.getElementById("file");
  const chosen = document.getElementById("chosen");
  const chosenName = document.getElementById("chosen-name");
  const remove = document.getElementById("remove");
  const originsBox = document.getElementById("origins-box");
  const originsList = document.getElementById("origins");
  const maxBytes = Number(drop.dataset.maxBytes);
  const words = form.dataset;
  let file = null;

  // The API's error codes (bot/web/media.py, bot/media/images.py) in the page's words.
  const FILE_ERRORS = {
    body_too_large: "errorFileLarge",
    file_too_large: "errorFileLarge",
    image_too_large: "errorFileLarge",
    image_too_many_pixels: "errorFileLarge",
    unreadable_image: "errorFileCorrupt",
    unsupported_media_type: "errorFileType",
    not_an_email: "errorFileEmail",
    image_timeout: "errorFileSlow",
    media_unavailable: "errorFileUnavailable",
  };

  function showError(message) {
    result.hidden = true;
    error.textContent = message;
    error.hidden = false;
  }

  // "image" (PNG, JPEG, WebP), "email" (.eml) or null, from the name or the media type.
  function kindOf(f) {
    const name = (f.name || "").toLowerCase();
    const type = (f.type || "").toLowerCase();
    if (/^image\/(png|jpeg|webp)$/.test(type) || /\.(png|jpe?g|webp)$/.test(name)) {
      return "image";
    }
    if (type === "message/rfc822" || name.endsWith(".eml")) {
      return "email";
    }
    return null;
  }

  function choose(f) {
    file = null;
    chosen.hidden = true;
    if (!f) {
      return;
    }
    if (!kindOf(f)) {
      fileInput.value = "";
      showError(words.errorFileType);
      return;
    }
    if (f.size > maxBytes) {
      // Refused here rather than after uploading megabytes the server would refuse.
      fileInput.value = "";
      showError(words.errorFileLarge);
      return;
    }
    error.hidden = true;
    file = f;
    chosenName.textContent = f.name;
    chosen.hidden = false;
  }

  function clearFile() {
    file = null;
    fileInput.value = "";
    chosen.hidden = true;
  }

  function item(parent, tag, content, className) {
    const node = document.createElement(tag);
    node.textContent = content;
    if (className) {
      node.className = className;
    }
    parent.appendChild(node);
    return node;
  }

  // One line per piece: its kind, the e-mail's file name, a QR code's content and amount,
  // and the indicators found in it. textContent only: nothing from the verdict is markup.
  function showOrigins(origins) {
    originsList.textContent = "";
    const names = originsList.dataset;
    for (const o of origins) {
      const li = item(originsList, "li", "");
      li.dataset.kind = o.kind;
      const key = o.kind.replace(/_(.)/g, (_, c) => c.toUpperCase());
      item(li, "strong", names[key] || o.kind);
      if (o.label && o.kind.startsWith("email_")) {
        item(li, "span", " (" + o.label + ")");
      }
      if (o.content) {
        li.appendChild(document.createTextNode(": "));
        item(li, "code", o.content, "content");
      }
      if (o.amount) {
        item(li, "span", " · " + names.amount + " " + o.amount);
      }
      const found = o.indicators || [];
      const list = item(li, "span", found.length ? "" : " · " + names.nothing, "found");
      for (const ind of found) {
        list.appendChild(document.createTextNode(" · "));
        item(list, "code", ind.raw || ind.value);
      }
    }
    originsBox.hidden = origins.length === 0;
  }

  function showVerdict(verdict) {
    error.hidden = true;
    reply.textContent = verdict.reply || "";
    reply.dataset.risk = verdict.risk;
    showOrigins(verdict.origins || []);
    result.hidden = false;
    result.scrollIntoView({ block: "nearest" });
  }

  async function errorOf(response) {
    if (response.status === 429) {
      const seconds = response.headers.get("Retry-After") || "60";
      return words.errorBusy.replace("{seconds}", seconds);
    }
    let code = "";
    try {
      code = (await response.json()).code || "";
    } catch (e) {
      code = ""; // not our JSON error (a proxy's page): the status decides
    }
    if (file && FILE_ERRORS[code]) {
      return words[FILE_ERRORS[code]];
    }
    if (response.status === 413) {
      return file ? words.errorFileLarge : words.errorLong;
    }
    if (response.status === 422 && !file) {
      return words.errorLong;
    }
    return words.errorFailed;
  }

  function request(lang) {
    if (!file) {
      const body = { text: text.value, lang: lang };
      if (region && region.value) {
        body.region = region.value;
      }
      return {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      };
    }
    const data = new FormData();
    if (text.value.trim()) {
      data.append("text", text.value);
    }
    data.append("lang", lang);
    if (region && region.value) {
      data.append("region", region.value);
    }
    data.append(kindOf(file) === "image" ? "image" : "file", file, file.name);
    // No Content-Type header: the browser writes it with the multipart boundary.
    return { method: "POST", headers: { Accept: "application/json" }, body: data };
  }

  async function check(lang) {
    const response = await fetch("/v1/check", request(lang));
    if (!response.ok) {
      showError(await errorOf(response));
    } else {
      showVerdict(await response.json());
    }
  }

  // Text is optional once a file is chosen; the script checks that one of them is there.
  text.required = false;
  drop.hidden = false;
  fileInput.addEventListener("change", function () {
    choose(fileInput.files && fileInput.files[0]);
  });
  remove.addEventListener("click", clearFile);
  for (const name of ["dragenter", "dragover"]) {
    form.addEventListener(name, function (event) {
      event.preventDefault();
      drop.classList.add("dragging");
    });
  }
  form.addEventListener("dragleave", function (event) {
    if (!form.contains(event.relatedTarget)) {
      drop.classList.remove("dragging");
    }
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    drop.classList.remove("dragging");
    const files = event.dataTransfer && event.dataTransfer.files;
    choose(files && files[0]);
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!text.value.trim() && !file) {
      showError(words.errorEmpty);
      return;
    }
    const lang = form.querySelector("input[name=lang]:checked");
    const label = button.textContent;
    button.disabled = true;
    button.textContent = words.checking;
    try {
      await check(lang ? lang.value : "en");
    } catch (e) {
      showError(words.errorFailed);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
})();
