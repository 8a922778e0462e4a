/* The practice APA editor: saves each row as you type and shows the checks at their row.
 *
 * Every editable control carries data-save (the row key, e.g. "indicator-12") and data-url
 * (the row's JSON endpoint). A change posts all controls of that row; the answer holds the
 * normalised values and every check of the APA, or per-field errors.
 */
(function () {
  "use strict";

  const i18n = JSON.parse(document.getElementById("apa-i18n").textContent);
  // Figures the script writes follow the page: Bangla digits on Bangla pages (lms.formatting).
  const bangla = document.documentElement.lang.startsWith("bn");
  const digits = (n) => (bangla ? String(n).replace(/[0-9]/g, (d) => "০১২৩৪৫৬৭৮৯"[d]) : String(n));
  const state = document.getElementById("save-state");
  const timers = new Map();
  let pending = 0;

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function controls(key) {
    return Array.from(document.querySelectorAll(`[data-save="${key}"]`));
  }

  function setState(text, kind) {
    state.textContent = text;
    state.dataset.kind = kind || "";
  }

  function clearFieldErrors(key) {
    controls(key).forEach((el) => {
      el.removeAttribute("aria-invalid");
      el.title = "";
      const note = el.parentElement.querySelector(".field-error");
      if (note) note.remove();
    });
  }

  function showFieldErrors(key, errors) {
    Object.entries(errors).forEach(([name, texts]) => {
      const el = controls(key).find((c) => c.name === name) || controls(key)[0];
      if (!el) return;
      el.setAttribute("aria-invalid", "true");
      el.title = texts.join(" ");
      const note = document.createElement("p");
      note.className = "field-error";
      note.textContent = texts.join(" ");
      el.insertAdjacentElement("afterend", note);
    });
  }

  function renderChecks(checks) {
    document.querySelectorAll("[data-checks]").forEach((box) => (box.innerHTML = ""));
    document.querySelectorAll(".has-error, .has-warning").forEach((el) => {
      el.classList.remove("has-error", "has-warning");
    });
    let errors = 0;
    let warnings = 0;
    checks.forEach((check) => {
      const row = check.indicator !== null ? `indicator-${check.indicator}`
        : check.objective !== null ? `objective-${check.objective}` : "apa";
      const box = document.querySelector(`[data-checks="${row}"]`) ||
        document.querySelector('[data-checks="apa"]');
      const p = document.createElement("p");
      p.className = `check check--${check.severity}`;
      p.textContent = check.text;
      box.appendChild(p);
      const cell = document.getElementById(row);
      if (cell) cell.closest("tr").classList.add(`has-${check.severity}`);
      if (check.severity === "error") errors += 1; else warnings += 1;
    });
    const summary = document.getElementById("check-summary");
    summary.textContent = errors || warnings
      ? `${digits(errors)} ${i18n.errors}, ${digits(warnings)} ${i18n.warnings}` : i18n.ready;
    summary.dataset.kind = errors ? "error" : warnings ? "warning" : "ok";
    updateTotal();
  }

  function updateTotal() {
    let total = 0;
    document.querySelectorAll("[data-objective-weight]").forEach((el) => {
      const value = parseFloat(el.value.replace(",", ""));
      if (!Number.isNaN(value)) total += value;
    });
    const out = document.getElementById("weight-total");
    out.textContent = digits(Math.round(total * 100) / 100);
    out.dataset.kind = Math.abs(total - 100) < 1e-9 ? "ok" : "error";
  }

  // Saves go one at a time, in order: two requests for the same row could otherwise commit
  // out of order (the older values last), and each answer's checks would miss the other's
  // change. A row queued twice is sent once, with the values it has when its turn comes.
  const queue = new Set();
  let running = false;

  async function drain() {
    if (running) return;
    running = true;
    try {
      while (queue.size) {
        const key = queue.values().next().value;
        queue.delete(key);
        await save(key);
      }
    } finally {
      running = false;
    }
  }

  async function save(key) {
    const all = controls(key);
    if (!all.length) return;
    const body = {};
    all.forEach((el) => (body[el.name] = el.value));
    pending += 1;
    setState(i18n.saving, "saving");
    try {
      const response = await fetch(all[0].dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      const data = await response.json();
      clearFieldErrors(key);
      if (data.ok) {
        // Show the stored form ("50,400" -> "50400") only where the cell still holds what
        // was sent: a cell typed in meanwhile keeps the newer text (and is queued again).
        all.forEach((el) => {
          const unchanged = el.value === body[el.name];
          if (el.name in data.values && unchanged && document.activeElement !== el) {
            el.value = data.values[el.name];
          }
        });
        renderChecks(data.checks);
        setState(queue.size ? i18n.saving : i18n.saved, queue.size ? "saving" : "ok");
      } else {
        showFieldErrors(key, data.errors || {});
        setState(i18n.failed, "error");
      }
    } catch (error) {
      setState(i18n.offline, "error");
    } finally {
      pending -= 1;
    }
  }

  function schedule(el, delay) {
    const key = el.dataset.save;
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        queue.add(key);
        drain();
      }, delay),
    );
  }

  function switchValueTypes(select) {
    const row = select.closest("tr");
    row.querySelectorAll("[data-value]").forEach((input) => {
      input.type = select.value === "date" ? "date" : "text";
    });
  }

  document.addEventListener("input", (event) => {
    const el = event.target;
    if (!el.dataset || !el.dataset.save || el.readOnly) return;
    if (el.hasAttribute("data-objective-weight")) updateTotal();
    schedule(el, 700);
  });
  document.addEventListener("change", (event) => {
    const el = event.target;
    if (!el.dataset || !el.dataset.save || el.readOnly) return;
    if (el.hasAttribute("data-direction")) switchValueTypes(el);
    schedule(el, 0);
  });
  document.addEventListener("submit", (event) => {
    const message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
  window.addEventListener("beforeunload", (event) => {
    if (pending > 0 || queue.size || timers.size) {
      event.preventDefault();
    }
  });

  renderChecks(JSON.parse(document.getElementById("apa-checks").textContent));
})();
