// Drives the practice box of one training page in headless Chromium, from
// file://, as staff would: by keyboard. Run by tests/practice_browser.rs:
//   node drive.js <built site folder>
// Prints what it checked; exits 1 with the reason when a check fails.
"use strict";
const path = require("path");
const fs = require("fs");
const { chromium } = require("playwright-core");
const axe = require("axe-core");

const site = path.resolve(process.argv[2]);
const url = "file://" + path.join(site, "training/long-wait/index.html");
const dataScript = fs.readFileSync(path.join(site, "static/reply-lint-data.js"), "utf8");
const data = JSON.parse(dataScript.slice(dataScript.indexOf("{"), dataScript.lastIndexOf("}") + 1));
const advice = Object.fromEntries(data.rules.map((r) => [r.id, r.advice]));

function check(ok, what) {
  if (!ok) throw new Error(what);
  console.log("ok: " + what);
}

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axe.source });
  }
  const result = await page.evaluate(() =>
    window.axe.run(
      { include: [["#practice"]] },
      { preload: false, runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }
    )
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
}

async function findings(page) {
  return page.$$eval("#practice .practice-item:first-of-type .practice-finding", (items) =>
    items.map((li) => ({
      rule: li.getAttribute("data-rule"),
      severity: li.getAttribute("data-severity"),
      advice: li.querySelector(".advice").textContent,
    }))
  );
}

async function typeDraft(page, text) {
  await page.focus("#practice-1-draft");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
  // The box waits for a pause in typing (debounced).
  await page.waitForTimeout(600);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(url);

    check(await page.isVisible("#practice .practice-box"), "the practice box shows when JavaScript runs");
    check(await page.isVisible("label[for=practice-1-draft]"), "the draft has a visible label");
    check(
      (await page.getAttribute("#practice .practice-findings", "aria-live")) === "polite",
      "findings are in an aria-live=polite region"
    );
    let violations = await axeViolations(page);
    check(violations.length === 0, "axe finds no violation in the box before typing: " + violations.join("; "));

    // A reply naming the reviewer (Dana Morales) and confirming the visit.
    await typeDraft(page, "Dana, we are sorry about your appointment. Please call us at 555-0142.");
    let found = await findings(page);
    const names = found.find((f) => f.rule === "names-reviewer");
    const confirms = found.find((f) => f.rule === "confirms-patient");
    check(names && names.severity === "high" && names.advice === advice["names-reviewer"],
      "names-reviewer is found, high, with its advice: " + JSON.stringify(found));
    check(confirms && confirms.severity === "high" && confirms.advice === advice["confirms-patient"],
      "confirms-patient is found, high, with its advice: " + JSON.stringify(found));
    const marked = await page.$$eval("#practice .practice-mirror mark", (ms) => ms.map((m) => m.textContent));
    check(JSON.stringify(marked) === JSON.stringify(["Dana", "your appointment"]),
      "the draft's mirror marks the words: " + JSON.stringify(marked));
    violations = await axeViolations(page);
    check(violations.length === 0, "axe finds no violation with findings shown: " + violations.join("; "));

    // A good reply: thanks, regret, an offline path, nothing about the visit.
    await typeDraft(page,
      "Thank you for telling us about this; we're sorry the wait was so long. " +
      "Please call our patient experience lead at 555-0142 so we can look into it.");
    found = await findings(page);
    check(!found.some((f) => f.severity === "high"), "a good reply has no high-severity finding: " + JSON.stringify(found));
    check(await page.isVisible("#practice .practice-clean"), "a good reply is told so");

    // Typed markup stays text.
    await typeDraft(page, "<img src=x onerror=alert(1)> your visit");
    check((await page.$$("#practice img")).length === 0, "typed markup is shown as text, never parsed");

    // The model answer opens by keyboard.
    await page.focus("#practice .practice-model");
    await page.keyboard.press("Enter");
    check(await page.isVisible("#practice-1-model"), "Enter on the button shows the model answer");
    check((await page.getAttribute("#practice .practice-model", "aria-expanded")) === "true", "the button says it is expanded");

    await page.emulateMedia({ media: "print" });
    check(!(await page.isVisible("#practice")), "the box is hidden in print");
    await page.emulateMedia({ media: "screen" });

    check(requests.every((u) => u.startsWith("file://")), "nothing is fetched from the network: " + requests.filter((u) => !u.startsWith("file://")));
    check(problems.length === 0, "no console messages or page errors: " + problems.join("; "));
    check(
      await page.evaluate(() => localStorage.length === 0 && sessionStorage.length === 0 && document.cookie === ""),
      "nothing is stored"
    );

    // With JavaScript off: the box says it needs it; the samples are there.
    const off = await browser.newContext({ javaScriptEnabled: false });
    const quiet = await off.newPage();
    await quiet.goto(url);
    check(!(await quiet.isVisible("#practice .practice-box")), "without JavaScript the box stays hidden");
    check(await quiet.isVisible("#practice .practice-needs-js"), "without JavaScript the box says it needs it");
    check(await quiet.isVisible("#samples"), "without JavaScript the sample replies still show");
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.log("FAILED: " + e.message);
  process.exit(1);
});
