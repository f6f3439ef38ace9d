/* The hall's display board: polls its JSON about once a second (sending the ETag it holds, so an
   unchanged board is a bodiless 304), redraws what changed, and announces each new call with a
   chime (WebAudio) and, where the browser can speak, the call read out in the page's language.
   Without JavaScript the page reloads itself every few seconds (see the template). */
(function () {
  "use strict";

  var root = document.querySelector("[data-hall-display]");
  if (!root) return;
  var source = root.getAttribute("data-source");
  var pollMs = parseInt(root.getAttribute("data-poll-ms"), 10) || 1000;
  var lang = document.documentElement.lang || "zh-hans";
  var etag = null;
  var failures = 0;
  var seen = {};
  var announced = 0;
  var speaking = [];
  var audio = null;

  document.querySelectorAll("[data-call-id]").forEach(function (row) {
    seen[row.getAttribute("data-call-id")] = true;
  });

  // ------------------------------------------------------------ drawing

  function fill(node, item) {
    node.querySelectorAll("[data-slot]").forEach(function (slot) {
      var value = item[slot.getAttribute("data-slot")];
      slot.textContent = value === null || value === undefined ? "" : String(value);
    });
    return node;
  }

  function rows(listSelector, templateSelector, items, decorate) {
    var list = document.querySelector(listSelector);
    var template = document.querySelector(templateSelector);
    var fresh = document.createDocumentFragment();
    items.forEach(function (item) {
      var row = fill(template.content.firstElementChild.cloneNode(true), item);
      if (decorate) decorate(row, item);
      fresh.appendChild(row);
    });
    list.replaceChildren(fresh);
  }

  function draw(board) {
    var latest = board.calls[0];
    var box = document.querySelector("[data-latest]");
    if (latest) fill(box, latest);
    box.hidden = !latest;
    document.querySelector("[data-latest-empty]").hidden = Boolean(latest);
    rows("[data-recent]", "[data-recent-row]", board.calls, function (row, call) {
      row.setAttribute("data-call-id", call.id);
    });
    rows("[data-queues]", "[data-queue-row]", board.queues);
    document.querySelectorAll("[data-total]").forEach(function (node) {
      node.textContent = String(board[node.getAttribute("data-total")]);
    });
  }

  // ------------------------------------------------------------ sound

  function context() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) audio = new Context();
    return audio;
  }

  function tones(ctx) {
    [[659.25, 0], [523.25, 0.45]].forEach(function (tone) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      var start = ctx.currentTime + tone[1];
      osc.type = "sine";
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.5, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 1.1);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 1.2);
    });
  }

  function chime() {
    var ctx = context();
    if (!ctx) return;
    if (ctx.state === "running") {
      tones(ctx);
      return;
    }
    // Browsers keep sound off until someone touches the page once (a TV browser can be started
    // with autoplay allowed); until then a button says how to turn it on.
    ctx.resume().then(function () { tones(ctx); }).catch(function () {});
    setTimeout(function () {
      document.querySelector("[data-sound]").hidden = ctx.state === "running";
    }, 500);
  }

  function voiceFor(speechLang) {
    var voices = window.speechSynthesis.getVoices() || [];
    var prefix = speechLang.slice(0, 2);
    return voices.filter(function (v) { return v.lang.replace("_", "-").indexOf(speechLang) === 0; })[0]
      || voices.filter(function (v) { return v.lang.toLowerCase().indexOf(prefix) === 0; })[0]
      || null;
  }

  function speak(text, done) {
    if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
      done();
      return;
    }
    var speechLang = lang === "en" ? "en-US" : "zh-CN";
    var utterance = new SpeechSynthesisUtterance(lang === "en" ? text : text + "，" + text);
    utterance.lang = speechLang;
    utterance.rate = 0.9;
    var voice = voiceFor(speechLang);
    if (voice) utterance.voice = voice;
    var finished = false;
    function finish() {
      if (!finished) { finished = true; done(); }
    }
    utterance.onend = finish;
    utterance.onerror = finish;
    setTimeout(finish, 9000); // a voice that never reports its end must not hold the queue
    window.speechSynthesis.speak(utterance);
  }

  function nextAnnouncement() {
    var call = speaking[0];
    if (!call) return;
    chime();
    setTimeout(function () {
      speak(call.announcement, function () {
        speaking.shift();
        nextAnnouncement();
      });
    }, 1000);
  }

  function announce(calls) {
    var box = document.querySelector(".hd-now");
    box.classList.remove("hd-now--flash");
    void box.offsetWidth; // restart the animation
    box.classList.add("hd-now--flash");
    announced += calls.length;
    root.setAttribute("data-announced", String(announced));
    var idle = speaking.length === 0;
    speaking.push.apply(speaking, calls);
    if (idle) nextAnnouncement();
  }

  document.querySelector("[data-sound]").addEventListener("click", function (event) {
    var ctx = context();
    if (ctx) ctx.resume().then(function () { tones(ctx); }).catch(function () {});
    event.currentTarget.hidden = true;
  });

  // ------------------------------------------------------------ polling

  function receive(board) {
    var fresh = board.calls.filter(function (call) { return !seen[call.id]; }).reverse();
    board.calls.forEach(function (call) { seen[call.id] = true; });
    draw(board);
    if (fresh.length) announce(fresh);
  }

  function schedule() {
    var wait = failures ? Math.min(pollMs * Math.pow(2, failures), 15000) : pollMs;
    if (document.hidden) wait = Math.max(wait, 5000);
    setTimeout(poll, wait);
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(source, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (board) {
        failures = 0;
        document.querySelector("[data-offline]").hidden = true;
        if (board) receive(board);
      })
      .catch(function () {
        failures += 1;
        document.querySelector("[data-offline]").hidden = failures < 3;
      })
      .then(schedule);
  }

  // ------------------------------------------------------------ the clock

  var clock = document.querySelector("[data-clock]");
  var format = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
    month: "long", day: "numeric", weekday: "short",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
    timeZone: "Asia/Shanghai"
  });
  function tick() { clock.textContent = format.format(new Date()); }
  tick();
  setInterval(tick, 1000);

  schedule();
})();
