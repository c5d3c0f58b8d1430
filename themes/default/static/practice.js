// The practice box of a training page: as staff type a reply, the page's copy
// of the reply lint (reply-lint.js, with the rules the site wrote to
// reply-lint-data.js) lists what it finds and marks the words in a mirror of
// the draft. Nothing typed leaves the page: no network, no storage. All text
// goes in through textContent, never as HTML.
(function () {
  "use strict";
  var data = window.REPUTABLE_LINT;
  var lint = window.ReputableLint;
  if (!data || !lint) return;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function count(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // The draft with the found words in <mark>: text nodes only.
  function mirror(box, text, findings) {
    var spans = findings.filter(function (f) { return f.span; })
      .map(function (f) { return { start: f.span[0], end: f.span[1], rule: f.rule }; })
      .sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    box.textContent = "";
    var at = 0;
    spans.forEach(function (s) {
      if (s.start < at) return;
      box.appendChild(document.createTextNode(text.slice(at, s.start)));
      var m = el("mark", "practice-hit", text.slice(s.start, s.end));
      m.title = s.rule;
      box.appendChild(m);
      at = s.end;
    });
    box.appendChild(document.createTextNode(text.slice(at)));
    box.hidden = spans.length === 0;
  }

  function report(box, text, findings) {
    box.textContent = "";
    if (!text.trim()) {
      box.appendChild(el("p", "muted", "Findings appear here as you type."));
      return;
    }
    if (!findings.length) {
      box.appendChild(el("p", "practice-clean", "No rule finds anything in this reply."));
      return;
    }
    var high = findings.filter(function (f) { return f.severity === "high"; }).length;
    box.appendChild(el("p", "practice-summary",
      count(findings.length, "rule finds", "rules find") + " something" +
      (high ? " (" + high + " of high severity)" : "") + ":"));
    var list = el("ul", "findings");
    findings.forEach(function (f) {
      var li = el("li", "practice-finding");
      li.setAttribute("data-rule", f.rule);
      li.setAttribute("data-severity", f.severity);
      li.appendChild(el("span", "rule", f.rule));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "sev sev-" + f.severity, f.severity));
      li.appendChild(document.createTextNode(": " + f.title + (f.span ? " \u2014 \u201c" + f.excerpt + "\u201d" : "")));
      li.appendChild(el("br"));
      li.appendChild(el("span", "advice", f.advice));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  document.querySelectorAll(".practice-box").forEach(function (b) { b.hidden = false; });
  document.querySelectorAll(".practice-item").forEach(function (item) {
    var draft = item.querySelector(".practice-draft");
    var shown = item.querySelector(".practice-mirror");
    var found = item.querySelector(".practice-findings");
    var ctx = {
      reviewer: item.getAttribute("data-reviewer"),
      negative: item.getAttribute("data-negative") === "true",
    };
    var timer = null;
    function update() {
      var text = draft.value;
      var findings = text.trim() ? lint.lintReply(text, ctx, data) : [];
      mirror(shown, text, findings);
      report(found, text, findings);
    }
    draft.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    });
    update();

    var button = item.querySelector(".practice-model");
    var model = item.querySelector(".practice-model-answer");
    if (button && model) {
      button.addEventListener("click", function () {
        var open = model.hidden;
        model.hidden = !open;
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? "Hide the model answer" : "Show a model answer";
      });
    }
  });
})();
