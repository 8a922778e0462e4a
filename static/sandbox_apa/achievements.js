/* The achievements page: saves the table as you type, as the APA editor does.
 *
 * A change posts the whole form to its own address with "Accept: application/json"; the
 * server saves every cell at once (or, if one is not valid, none) and answers the stored
 * values or the cells' errors. One save runs at a time; a change made meanwhile is sent
 * with the next one. The buttons still post the form as usual: "Close the year" sends the
 * cells with it, so that nothing typed is lost. A button pressed while a save is under way
 * posts once that save is answered: the save, holding older values, must not land after it.
 */
(function () {
  "use strict";

  const form = document.getElementById("achievements");
  const state = document.getElementById("save-state");
  if (!form || !state) return;
  const text = state.dataset;
  let timer = null;
  let running = false;
  let again = false;
  let failed = false;
  let submitting = false;
  let submitQueued = false;
  let submitter = null;

  function setState(message, kind) {
    state.textContent = message;
    state.dataset.kind = kind || "";
  }

  function cells() {
    return Array.from(form.querySelectorAll("input[name^='q']"));
  }

  function clearErrors() {
    cells().forEach((input) => {
      input.removeAttribute("aria-invalid");
      const note = input.parentElement.querySelector(".field-error");
      if (note) note.remove();
    });
  }

  function showErrors(errors) {
    Object.entries(errors).forEach(([name, texts]) => {
      const input = form.elements.namedItem(name);
      if (!input || !input.parentElement) return;
      input.setAttribute("aria-invalid", "true");
      const note = document.createElement("p");
      note.className = "field-error";
      note.textContent = texts.join(" ");
      input.insertAdjacentElement("afterend", note);
    });
  }

  async function save() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    const body = new FormData(form);
    const sent = Object.fromEntries(cells().map((input) => [input.name, input.value]));
    setState(text.saving, "saving");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      clearErrors();
      if (data.ok) {
        failed = false;
        // Show the stored form ("50,400" -> "50400") where the cell still holds what was sent.
        Object.entries(data.values).forEach(([name, value]) => {
          const input = form.elements.namedItem(name);
          if (input && input.value === sent[name] && document.activeElement !== input) {
            input.value = value;
          }
        });
        setState(again ? text.saving : text.saved, again ? "saving" : "ok");
      } else {
        failed = true;
        const general = (data.errors || {}).__all__;
        if (general) {
          setState(general.join(" "), "error");
        } else {
          showErrors(data.errors || {});
          setState(text.failed, "error");
        }
      }
    } catch (error) {
      failed = true;
      setState(text.offline, "error");
    } finally {
      running = false;
      if (submitQueued) {
        submitQueued = false;
        form.requestSubmit(submitter);
      } else if (again && !submitting) {
        save();
      }
    }
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      save();
    }, delay);
  }

  form.addEventListener("input", (event) => {
    if (event.target.matches("input[name^='q']") && !event.target.readOnly) schedule(700);
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[name^='q']") && !event.target.readOnly) schedule(0);
  });
  form.addEventListener("submit", (event) => {
    // The post itself carries every cell: no autosave, no "leave the page?" question.
    clearTimeout(timer);
    timer = null;
    again = false;
    if (running) {
      event.preventDefault();
      submitQueued = true;
      submitter = event.submitter || null;
      return;
    }
    submitting = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && (timer || running || again || failed)) event.preventDefault();
  });
})();
