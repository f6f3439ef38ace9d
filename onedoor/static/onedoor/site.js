/* OneDoor: the little the pages do with JavaScript. Every page works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });

  // A form marked data-submit-once is sent once: a second click while the first is on its way
  // does nothing (the server would answer with the same case anyway, by the idempotency key).
  // The button that sent it, or else the form's first one with a busy label, shows that label.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) return;
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    var button = event.submitter && event.submitter.hasAttribute("data-busy-label")
      ? event.submitter
      : form.querySelector("[data-busy-label]");
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
      form.querySelectorAll("[data-busy-label]").forEach(function (button) {
        if (button.dataset.label) {
          button.textContent = button.dataset.label;
          button.removeAttribute("aria-disabled");
        }
      });
    });
  });

  // A material's file input shows only while "upload" is its chosen handling.
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
    // An error summary or a fresh outcome takes the focus, so a screen reader reads it first.
    var first = document.querySelector("[data-focus-on-load]");
    if (first) first.focus();
  });
})();
