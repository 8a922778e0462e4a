// The trainer's attendance page: keyboard marking and the check-in code that changes each minute.
(function () {
  "use strict";
  var form = document.getElementById("register");
  if (form) {
    var keys = { p: "present", l: "late", e: "excused", a: "absent" };
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-row]"));
    var focusRow = function (index) {
      var row = rows[Math.max(0, Math.min(rows.length - 1, index))];
      if (!row) return;
      var input = row.querySelector("input:checked") || row.querySelector("input");
      if (input) input.focus();
    };
    form.addEventListener("keydown", function (event) {
      var row = event.target.closest && event.target.closest("[data-row]");
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.querySelector("button[name=save]").click();
        return;
      }
      if (!row) return;
      var index = rows.indexOf(row);
      var status = keys[event.key.toLowerCase()];
      if (status && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        var input = row.querySelector("input[value=" + status + "]");
        input.checked = true;
        focusRow(index + 1);
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        focusRow(index + (event.key === "ArrowDown" ? 1 : -1));
      }
    });
  }
  var panel = document.querySelector("[data-qr-url]");
  if (panel) {
    var box = panel.querySelector("[data-qr]");
    var refresh = function () {
      fetch(panel.getAttribute("data-qr-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (!data.open) { box.textContent = data.message; return; }
          box.innerHTML = data.svg;
          window.setTimeout(refresh, (data.seconds_left + 1) * 1000);
        })
        .catch(function () { window.setTimeout(refresh, 10000); });
    };
    refresh();
  }
})();
