// Runs the practice box's matcher over the corpus that tests/practice_lint.rs
// wrote with lint_reply's findings, and lists the first differences.
// Usage: node lint_diff.js <reply-lint.js> <corpus.json>
"use strict";
const fs = require("fs");
const path = require("path");

const lint = require(path.resolve(process.argv[2]));
const corpus = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));

function show(f) {
  return `${f.rule} (${f.severity}) ${JSON.stringify(f.excerpt)} at ${JSON.stringify(f.span)}`;
}

let texts = 0;
let findings = 0;
const differences = [];
for (const c of corpus.cases) {
  texts += 1;
  const got = lint
    .lintReply(c.text, { reviewer: c.reviewer, negative: c.negative }, corpus.data)
    .map((f) => ({
      rule: f.rule,
      severity: f.severity,
      excerpt: f.excerpt,
      span: f.span && [lint.utf8Offset(c.text, f.span[0]), lint.utf8Offset(c.text, f.span[1])],
    }));
  findings += got.length;
  const want = c.findings.map(show);
  const have = got.map(show);
  if (want.join("\n") !== have.join("\n")) {
    differences.push(
      `text ${JSON.stringify(c.text)} (reviewer ${JSON.stringify(c.reviewer)}, negative ${c.negative})\n` +
        `  lint_reply: ${want.join("; ") || "nothing"}\n  the page:   ${have.join("; ") || "nothing"}`
    );
  }
}
if (differences.length) {
  console.log(`${differences.length} of ${texts} texts differ; the first ones:`);
  console.log(differences.slice(0, 10).join("\n"));
  process.exit(1);
}
console.log(`${texts} texts, ${findings} findings, identical`);
