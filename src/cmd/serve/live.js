// Live reload for `reputable serve`: injected into served pages only, never
// into the built files. The server says `reload` after each good rebuild
// and `build-error` (file, line, message) after a failed one.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : null;
  function overlay(text) {
    var box = document.getElementById("reputable-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "reputable-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      var h = document.createElement("strong");
      h.textContent = "reputable serve: the site could not be rebuilt";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      box.appendChild(h);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    // textContent: the message is shown as text, never run as HTML.
    box.querySelector("pre").textContent = text;
  }
  var events = new EventSource("/__reputable/events");
  events.addEventListener("hello", function (e) {
    if (version !== null && e.data !== version && !document.getElementById("reputable-error")) {
      location.reload();
    }
  });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("build-error", function (e) {
    if (e.data) {
      try { overlay(JSON.parse(e.data).text); } catch (_) { overlay(e.data); }
    }
  });
})();
