/* The hall manager's board: every couple of seconds, ask for the board's live part (sending the
   ETag held, so an unchanged board is a bodiless 304) and swap it in. The page works without it;
   it then shows the board as it was when loaded. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-live]");
    if (!box) return;
    var source = box.getAttribute("data-live");
    var pollMs = parseInt(box.getAttribute("data-poll-ms"), 10) || 2000;
    var offline = document.querySelector("[data-offline]");
    var etag = null;
    var failures = 0;

    function schedule() {
      var wait = failures ? Math.min(pollMs * Math.pow(2, failures), 30000) : pollMs;
      if (document.hidden) wait = Math.max(wait, 10000);
      setTimeout(poll, wait);
    }

    function poll() {
      var headers = { Accept: "text/html" };
      if (etag) headers["If-None-Match"] = etag;
      fetch(source, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 304) return null;
          if (response.redirected) {
            // Signed out meanwhile: show the login page rather than put it inside the board.
            window.location.reload();
            return null;
          }
          if (!response.ok) throw new Error("HTTP " + response.status);
          etag = response.headers.get("ETag");
          return response.text();
        })
        .then(function (html) {
          failures = 0;
          if (offline) offline.hidden = true;
          if (html !== null) box.innerHTML = html;
        })
        .catch(function () {
          failures += 1;
          if (offline) offline.hidden = failures < 2;
        })
        .then(schedule);
    }

    schedule();
  });
})();
