// The reply lint of SPEC §4.4 for the training pages' practice box: a
// line-by-line mirror of `lint_reply` (src/lint/mod.rs and text.rs), fed with
// the rules and word lists the site writes to reply-lint-data.js from
// src/lint/words.rs. tests/practice_lint.rs runs both on the same texts and
// requires identical findings: change the two together.
//
// Offsets are UTF-16 indices of the JavaScript string; `utf8Offset` converts
// one to the byte offset the Rust lint reports.
(function (root) {
  "use strict";

  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
  var UPPER = /^\p{Uppercase}$/u;
  var SPACE = /^\p{White_Space}$/u;
  var BREAKS = ".!?;,:\n";

  function isAlnum(c) { return ALNUM.test(c); }
  function isDigit(c) { return c >= "0" && c <= "9"; }
  function isAsciiAlnum(c) { return /^[A-Za-z0-9]$/.test(c); }

  // Lower case code point by code point, like Rust's char::to_lowercase
  // (String.prototype.toLowerCase alone would treat a final sigma apart).
  function lower(s) {
    var out = "";
    for (var c of s) out += c.toLowerCase();
    return out;
  }

  function trimEnd(s) {
    var cps = Array.from(s);
    while (cps.length && SPACE.test(cps[cps.length - 1])) cps.pop();
    return cps.join("");
  }
  function trim(s) {
    var cps = Array.from(trimEnd(s));
    var i = 0;
    while (i < cps.length && SPACE.test(cps[i])) i++;
    return cps.slice(i).join("");
  }

  // text.rs `tokenize`: words of letters and digits with inner ' ’ - kept.
  function tokenize(text) {
    var chars = [];
    var at = 0;
    for (var c of text) { chars.push([at, c]); at += c.length; }
    var tokens = [];
    var i = 0;
    var joiner = function (c) { return c === "'" || c === "\u2019" || c === "-"; };
    while (i < chars.length) {
      if (!isAlnum(chars[i][1])) { i++; continue; }
      var end = i + 1;
      for (;;) {
        if (end < chars.length && isAlnum(chars[end][1])) end += 1;
        else if (end + 1 < chars.length && joiner(chars[end][1]) && isAlnum(chars[end + 1][1])) end += 2;
        else break;
      }
      var from = chars[i][0];
      var to = end < chars.length ? chars[end][0] : text.length;
      var norm = lower(text.slice(from, to).replace(/\u2019/g, "'"));
      var gapFrom = tokens.length ? tokens[tokens.length - 1].end : 0;
      var gap = text.slice(gapFrom, from);
      var brk = false;
      for (var k = 0; k < gap.length; k++) if (BREAKS.indexOf(gap[k]) >= 0) brk = true;
      tokens.push({ start: from, end: to, norm: norm, brk: brk });
      i = end;
    }
    return tokens;
  }

  // text.rs `Pattern::new`: `a|b`, `word*`, `~N`.
  function compile(source) {
    return source.split(/\s+/).filter(Boolean).map(function (w) {
      if (w[0] === "~") {
        var n = /^\+?[0-9]+$/.test(w.slice(1)) ? parseInt(w.slice(1), 10) : 1;
        return { gap: n };
      }
      return {
        alts: w.split("|").map(function (a) {
          return a.endsWith("*")
            ? { prefix: a.slice(0, -1).replace(/\u2019/g, "'") }
            : { exact: a.replace(/\u2019/g, "'") };
        }),
      };
    });
  }

  function matchAt(elems, tokens, t, e) {
    if (e >= elems.length) return t;
    var elem = elems[e];
    if (elem.alts) {
      var tok = tokens[t];
      if (!tok) return null;
      if (e > 0 && tok.brk) return null;
      var hit = elem.alts.some(function (a) {
        return a.exact !== undefined ? tok.norm === a.exact : tok.norm.startsWith(a.prefix);
      });
      return hit ? matchAt(elems, tokens, t + 1, e + 1) : null;
    }
    // Shortest gap first, so excerpts stay tight.
    for (var k = 0; k <= elem.gap; k++) {
      if (!(t + k <= tokens.length && (k === 0 || e === 0 || !tokens[t + k - 1].brk))) break;
      var end = matchAt(elems, tokens, t + k, e + 1);
      if (end !== null) return end;
    }
    return null;
  }

  // text.rs `PatternSet::first_match`: each pattern's first match, the
  // earliest of them widened over those that overlap it.
  function firstMatch(patterns, tokens) {
    var found = [];
    patterns.forEach(function (elems) {
      for (var t = 0; t < tokens.length; t++) {
        var end = matchAt(elems, tokens, t, 0);
        if (end !== null) {
          found.push([tokens[t].start, tokens[end - 1].end]);
          return;
        }
      }
    });
    if (!found.length) return null;
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var first = found[0].slice();
    for (var i = 1; i < found.length; i++) {
      if (found[i][0] < first[1]) first[1] = Math.max(first[1], found[i][1]);
    }
    return first;
  }

  // text.rs `phone_numbers`: 7 to 15 digits in groups, not an ISO date.
  function hasPhoneNumber(text) {
    var i = 0;
    var n = text.length;
    var sep = "-. ()+";
    while (i < n) {
      var b = text[i];
      var starts = isDigit(b) || b === "+" || b === "(";
      var boundary = i === 0 || !(isAsciiAlnum(text[i - 1]) || text[i - 1] === "+");
      if (!(starts && boundary)) { i++; continue; }
      var j = i;
      var digits = 0;
      var last = -1;
      while (j < n) {
        var c = text[j];
        if (isDigit(c)) { digits++; last = j; j++; }
        else if (sep.indexOf(c) >= 0 && j + 1 < n &&
                 (isDigit(text[j + 1]) || text[j + 1] === "(" || text[j + 1] === " ") &&
                 !(c === " " && text[j + 1] === " ")) { j++; }
        else break;
      }
      if (last < 0) { i++; continue; }
      var end = last + 1;
      var followed = end < n && isAsciiAlnum(text[end]);
      if (digits >= 7 && digits <= 15 && !followed && !looksLikeDate(text.slice(i, end))) return true;
      i = Math.max(end, i + 1);
    }
    return false;
  }

  function looksLikeDate(s) {
    var parts = s.split(/[-. ]/);
    return parts.length === 3 &&
      parts.every(function (p) { return /^[0-9]*$/.test(p); }) &&
      (parts[0].length === 4 || parts[2].length === 4) &&
      parts.every(function (p) { return p.length >= 1 && p.length <= 4; });
  }

  // text.rs `emails`.
  function hasEmail(text) {
    var local = function (c) { return c !== undefined && (isAsciiAlnum(c) || "._%+-".indexOf(c) >= 0); };
    var domain = function (c) { return c !== undefined && (isAsciiAlnum(c) || c === "." || c === "-"); };
    for (var at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
      var start = at;
      while (start > 0 && local(text[start - 1])) start--;
      var end = at + 1;
      while (end < text.length && domain(text[end])) end++;
      while (end > at + 1 && (text[end - 1] === "." || text[end - 1] === "-")) end--;
      var host = text.slice(at + 1, end).split(".");
      if (start < at && host.length >= 2 && host.every(function (p) { return p.length > 0; })) return true;
    }
    return false;
  }

  // mod.rs `money_amount`: `$120`, `£80.50`, `€ 40`, `120 USD`.
  function moneyAmount(text, tokens, currencies) {
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c !== "$" && c !== "\u00a3" && c !== "\u20ac") continue;
      var j = i + 1;
      while (j < text.length && text[j] === " ") j++;
      var from = j;
      while (j < text.length && (isDigit(text[j]) || text[j] === "," || text[j] === ".")) j++;
      while (j > from && (text[j - 1] === "," || text[j - 1] === ".")) j--;
      if (j > from) return [i, j];
    }
    for (var t = 0; t + 1 < tokens.length; t++) {
      if (/^[0-9]+$/.test(tokens[t].norm) && currencies.indexOf(tokens[t + 1].norm) >= 0) {
        return [tokens[t].start, tokens[t + 1].end];
      }
    }
    return null;
  }

  // text.rs `name_parts` and `name_mentions` (strict, as the lint calls it).
  function nameParts(name, ignore) {
    var parts = [];
    name.split(/[^\p{Alphabetic}\p{N}'\u2019]/u).forEach(function (p) {
      p = lower(p.replace(/^['\u2019]+|['\u2019]+$/g, ""));
      if (Array.from(p).length >= 3 && !/[0-9]/.test(p) && ignore.indexOf(p) < 0 &&
          parts.indexOf(p) < 0) parts.push(p);
    });
    return parts;
  }

  function trimEndAll(s, suffix) {
    while (s.endsWith(suffix)) s = s.slice(0, s.length - suffix.length);
    return s;
  }

  function sentenceStart(text, at) {
    var cps = Array.from(trimEnd(text.slice(0, at)));
    if (!cps.length) return true;
    return ".!?\n:\"\u201c".indexOf(cps[cps.length - 1]) >= 0;
  }

  function firstNameMention(text, name, data) {
    var parts = nameParts(name, data.name_ignore);
    if (!parts.length) return null;
    var tokens = tokenize(text);
    for (var t = 0; t < tokens.length; t++) {
      var offset = tokens[t].start;
      var pieces = text.slice(tokens[t].start, tokens[t].end).split("-");
      for (var p = 0; p < pieces.length; p++) {
        var piece = pieces[p];
        var range = [offset, offset + piece.length];
        offset += piece.length + 1;
        var word = lower(trimEndAll(trimEndAll(piece, "'s"), "\u2019s"));
        if (parts.indexOf(word) < 0) continue;
        if (data.name_common.indexOf(word) >= 0) {
          var firstChar = Array.from(piece)[0];
          var capitalised = firstChar !== undefined && UPPER.test(firstChar);
          var vocative = text.slice(range[1]).startsWith(",");
          if (!(capitalised && (!sentenceStart(text, range[0]) || vocative))) continue;
        }
        return range;
      }
    }
    return null;
  }

  // mod.rs `opening`: what a rule about something missing quotes.
  function opening(text) {
    var t = trim(text);
    var cps = Array.from(t);
    if (cps.length > 60) return trimEnd(cps.slice(0, 60).join("")) + "\u2026";
    return t;
  }

  var compiled = new WeakMap();
  function patternsOf(data) {
    var c = compiled.get(data);
    if (!c) {
      c = {};
      Object.keys(data.patterns).forEach(function (k) { c[k] = data.patterns[k].map(compile); });
      compiled.set(data, c);
    }
    return c;
  }

  // mod.rs `lint_reply`: at most one finding per rule, in the rules' order.
  // `ctx` is { reviewer: display name or null, negative: boolean }. Each
  // finding: { rule, severity, title, advice, excerpt, span: [start, end] or
  // null }.
  function lintReply(text, ctx, data) {
    var p = patternsOf(data);
    var tokens = tokenize(text);
    var hits = {};
    var r = firstMatch(p["confirms-patient"], tokens);
    if (r) hits["confirms-patient"] = r;
    var clinical = firstMatch(p["clinical-detail"], tokens);
    var money = moneyAmount(text, tokens, data.currencies);
    r = clinical && money ? (money[0] < clinical[0] ? money : clinical) : clinical || money;
    if (r) hits["clinical-detail"] = r;
    if (ctx.reviewer) {
      r = firstNameMention(text, ctx.reviewer, data);
      if (r) hits["names-reviewer"] = r;
    }
    r = firstMatch(p.defensive, tokens);
    if (r) hits.defensive = r;
    if (ctx.negative) {
      var offline = hasPhoneNumber(text) || hasEmail(text) || firstMatch(p.offline, tokens) !== null;
      if (!offline) hits["no-offline-path"] = "opening";
      if (firstMatch(p.gracious, tokens) === null) hits["not-gracious"] = "opening";
    }
    var findings = [];
    data.rules.forEach(function (rule) {
      var hit = hits[rule.id];
      if (!hit) return;
      var span = hit === "opening" ? null : hit;
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        title: rule.title,
        advice: rule.advice,
        excerpt: span ? text.slice(span[0], span[1]) : opening(text),
        span: span,
      });
    });
    return findings;
  }

  // The UTF-8 byte offset of UTF-16 index `i` of `text`.
  function utf8Offset(text, i) {
    var bytes = 0;
    for (var k = 0; k < i; k++) {
      var c = text.charCodeAt(k);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff) { bytes += 4; k++; }
      else bytes += 3;
    }
    return bytes;
  }

  var api = { lintReply: lintReply, tokenize: tokenize, utf8Offset: utf8Offset };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ReputableLint = api;
})(typeof window !== "undefined" ? window : this);
