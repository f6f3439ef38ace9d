/* OneDoor workbench: the little the screens do with JavaScript. Every screen works without it. */
(function () {
  "use strict";

  // A form marked data-submit-once is sent once: a second click while the first is on its way
  // does nothing (the server would answer with the same case anyway, by the idempotency key).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) return;
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    var button = form.querySelector("[data-busy-label]");
    if (button) {
      button.dataset.label = button.textContent;
      button.setAttribute("aria-disabled", "true");
      button.textContent = button.getAttribute("data-busy-label");
    }
  });

  // Coming back to a page from the browser's history makes its forms usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      var button = form.querySelector("[data-busy-label]");
      if (button && button.dataset.label) {
        button.textContent = button.dataset.label;
        button.removeAttribute("aria-disabled");
      }
    });
  });

  // The file input of a material shows only while "upload" is its chosen handling.
  function syncUploads() {
    document.querySelectorAll("[data-show-for]").forEach(function (box) {
      var name = box.getAttribute("data-show-for");
      var chosen = document.querySelector('input[name="' + name + '"]:checked');
      box.hidden = !chosen || chosen.value !== box.getAttribute("data-show-value");
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.type === "radio") syncUploads();
  });

  document.addEventListener("DOMContentLoaded", function () {
    syncUploads();
    // After a failed submission, the error summary takes the focus so it is read first.
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
  });
})();
