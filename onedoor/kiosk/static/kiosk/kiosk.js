/* OneDoor kiosk: the on-screen keypad, the idle countdown, printing, and one tap per form.
   Every screen works without it (a card reader or a keyboard types into the inputs); with it,
   a screen left alone goes home and the server forgets the visit. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // ---------------------------------------------------------------- the keypad

  var active = null; // the input the keypad types into

  function keypadInputs() {
    return Array.prototype.slice.call(document.querySelectorAll("input[data-keypad]"));
  }

  function activate(input) {
    if (!input) return;
    active = input;
    var kind = input.getAttribute("data-keypad");
    document.querySelectorAll("[data-keypad-board]").forEach(function (board) {
      board.classList.toggle("k-keypad--alpha", kind !== "id");
      board.querySelectorAll("[data-alpha]").forEach(function (key) {
        key.hidden = kind === "id";
      });
      var label = board.querySelector("[data-keypad-target]");
      var field = input.labels && input.labels[0];
      if (label && field) label.textContent = field.textContent;
    });
  }

  function press(key) {
    if (!active) return;
    var value = active.value;
    var limit = parseInt(active.getAttribute("maxlength") || "40", 10);
    if (key === "back") value = value.slice(0, -1);
    else if (key === "clear") value = "";
    else if (value.length < limit) value += key;
    active.value = value;
    active.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setUpKeypad() {
    var inputs = keypadInputs();
    if (!inputs.length) return;
    inputs.forEach(function (input) {
      // The keypad stands in for the touch screen's own keyboard; a card reader still types.
      input.setAttribute("inputmode", "none");
      input.addEventListener("focus", function () { activate(input); });
    });
    var first = inputs.filter(function (i) { return i.hasAttribute("autofocus"); })[0] || inputs[0];
    activate(first);
    first.focus();
    document.addEventListener("click", function (event) {
      var key = event.target instanceof Element ? event.target.closest("[data-key]") : null;
      if (!key) return;
      event.preventDefault();
      press(key.getAttribute("data-key"));
      active.focus();
    });
  }

  // Card readers type in upper or lower case and may add spaces: keep what the server expects.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-keypad")) return;
    var cleaned = input.value.replace(/\s+/g, "").toUpperCase();
    if (cleaned !== input.value) input.value = cleaned;
  });

  // ---------------------------------------------------------------- the idle countdown

  function setUpIdle() {
    var body = document.body;
    if (!body.hasAttribute("data-idle")) return;
    var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "60", 10);
    var countdownSeconds = parseInt(body.getAttribute("data-countdown-seconds") || "10", 10);
    var dialog = document.querySelector("[data-idle-dialog]");
    var count = document.querySelector("[data-idle-count]");
    var resetForm = document.querySelector("[data-idle-reset]");
    var idleTimer = null;
    var tick = null;
    var left = 0;

    function leave() {
      window.clearInterval(tick);
      if (resetForm) resetForm.submit();
    }

    function countDown() {
      left -= 1;
      if (count) count.textContent = String(Math.max(left, 0));
      if (left <= 0) leave();
    }

    function startCountdown() {
      if (countdownSeconds <= 0 || !dialog) return leave();
      left = countdownSeconds;
      if (count) count.textContent = String(left);
      dialog.hidden = false;
      var stay = dialog.querySelector("[data-idle-stay]");
      if (stay) stay.focus();
      tick = window.setInterval(countDown, 1000);
    }

    function restart() {
      if (dialog && !dialog.hidden) return; // only "continue" closes the countdown
      window.clearTimeout(idleTimer);
      idleTimer = window.setTimeout(startCountdown, idleSeconds * 1000);
    }

    function stay() {
      window.clearInterval(tick);
      if (dialog) dialog.hidden = true;
      restart();
    }

    document.addEventListener("click", function (event) {
      if (event.target instanceof Element && event.target.closest("[data-idle-stay]")) stay();
    });
    ["pointerdown", "keydown", "input", "touchstart", "wheel", "scroll"].forEach(function (name) {
      window.addEventListener(name, restart, { passive: true, capture: true });
    });
    restart();
  }

  // ---------------------------------------------------------------- print and one tap per form

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });

  // A form marked data-submit-once is sent once: a second tap while the first is on its way
  // does nothing (the server would answer with the same case or ticket anyway, by its key).
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
      button.setAttribute("aria-disabled", "true");
      button.textContent = button.getAttribute("data-busy-label");
    }
  });

  // A page shown again from the browser's memory may hold the last citizen's data: fetch it
  // anew instead, and the server decides what is still there to show.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  document.addEventListener("DOMContentLoaded", function () {
    setUpKeypad();
    setUpIdle();
  });
})();
