// Opens every page of a built site in the system Chromium (headless, through
// playwright-core; no browser is downloaded) and prints one JSON report on
// stdout for tests/site_browser.rs to assert on:
//
//   node check.mjs pages <site> [page ...]      axe-core, console, requests, widths
//   node check.mjs print <site> <page> <pdf>     the page printed to A4
//   node check.mjs shot <site> <page> <png> [w]  the top 1500 px of a page at w px
//   node check.mjs styles <file>                 computed styles of one file
//
// Nothing here decides pass or fail: the Rust test does, so its messages
// name the page and width.
import { chromium } from "playwright-core";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BROWSER = process.env.REPUTABLE_CHROMIUM || "/usr/bin/chromium";
const WIDTHS = [1280, 375];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith(".html")) out.push(p);
  }
  return out;
}

async function launch() {
  return chromium.launch({
    executablePath: BROWSER,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      // axe-core reads the stylesheets through XHR; from file:// that is
      // refused (a console error) unless files may read files.
      "--allow-file-access-from-files",
    ],
  });
}

// One page at one width: what a reader would notice, as plain data.
async function inspect(context, site, file, width) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const console_ = [];
  const outside = [];
  page.on("console", (m) => console_.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => console_.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith("file://")) outside.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.addScriptTag({ content: AXE });
  const axe = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      summary: v.nodes[0] ? v.nodes[0].failureSummary : "",
    }));
  }, TAGS);
  const measured = await page.evaluate(() => {
    const doc = document.documentElement;
    // The smallest chart text as drawn on screen: its font size in the
    // SVG's units times the SVG's scale.
    let smallest = null;
    for (const svg of document.querySelectorAll("svg.chart")) {
      const box = svg.viewBox.baseVal;
      const shown = svg.getBoundingClientRect().width;
      if (!box || !box.width || !shown) continue;
      const scale = shown / box.width;
      for (const t of svg.querySelectorAll("text")) {
        const size = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (smallest === null || size < smallest) smallest = size;
      }
    }
    // Elements that stick out of the viewport (to say what scrolls sideways).
    const wide = [];
    if (doc.scrollWidth > window.innerWidth) {
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 1 && !el.closest(".table-wrap")) {
          wide.push(`${el.tagName.toLowerCase()}.${el.className && el.className.baseVal === undefined ? el.className : ""} ${Math.round(r.right)}`);
          if (wide.length > 4) break;
        }
      }
    }
    return {
      scroll_width: doc.scrollWidth,
      inner_width: window.innerWidth,
      smallest_chart_text: smallest,
      wide,
    };
  });
  await page.close();
  return {
    page: file.slice(site.length + 1),
    width,
    axe,
    console: console_,
    outside,
    ...measured,
  };
}

async function pages(site, only) {
  const files = only.length ? only.map((p) => join(site, p)) : htmlFiles(site);
  const browser = await launch();
  const context = await browser.newContext();
  const results = [];
  // Two pages at a time: the machines this runs on have few cores.
  const jobs = [];
  for (const f of files) for (const w of WIDTHS) jobs.push([f, w]);
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const [f, w] = jobs[next++];
      results.push(await inspect(context, site, f, w));
    }
  }
  await Promise.all([worker(), worker()]);
  await browser.close();
  results.sort((a, b) => (a.page + a.width).localeCompare(b.page + b.width));
  return results;
}

async function print(site, file, pdf) {
  const browser = await launch();
  const page = await browser.newPage();
  // The width of A4 inside the page margins of the print stylesheet (186 mm).
  await page.setViewportSize({ width: 703, height: 1000 });
  await page.goto(pathToFileURL(join(site, file)).href, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  // Chart text on paper: font size in points as printed.
  const smallest = await page.evaluate(() => {
    let smallest = null;
    for (const svg of document.querySelectorAll("svg.chart")) {
      const box = svg.viewBox.baseVal;
      const shown = svg.getBoundingClientRect().width;
      if (!box || !box.width || !shown) continue;
      for (const t of svg.querySelectorAll("text")) {
        const pt = (parseFloat(getComputedStyle(t).fontSize) * shown) / box.width * 0.75;
        if (smallest === null || pt < smallest) smallest = pt;
      }
    }
    return smallest;
  });
  await page.pdf({ path: pdf, format: "A4", printBackground: true, preferCSSPageSize: true });
  await browser.close();
  return { pdf, smallest_chart_text_pt: smallest };
}

async function shot(site, file, png, width) {
  const browser = await launch();
  const page = await browser.newPage();
  // The first screens a phone shows (a whole report is far too tall for a README).
  await page.setViewportSize({ width, height: 1500 });
  await page.goto(pathToFileURL(join(site, file)).href, { waitUntil: "load" });
  await page.screenshot({ path: png });
  await browser.close();
  return { png };
}

// The e-mail file opened alone: does it carry its styles?
async function styles(file) {
  const browser = await launch();
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const s = await page.evaluate(() => {
    const get = (sel, prop) => {
      const el = document.querySelector(sel);
      return el ? getComputedStyle(el)[prop] : null;
    };
    return {
      body_font: get("body", "fontFamily"),
      figure_border: get(".figure", "borderTopStyle"),
      figure_value_weight: get(".figure-value", "fontWeight"),
      charts: document.querySelectorAll("svg.chart").length,
      stylesheets: document.querySelectorAll("link[rel=stylesheet]").length,
    };
  });
  await browser.close();
  return { ...s, requests: requests.filter((u) => u !== pathToFileURL(file).href) };
}

const [cmd, ...args] = process.argv.slice(2);
let out;
if (cmd === "pages") out = await pages(args[0], args.slice(1));
else if (cmd === "print") out = await print(args[0], args[1], args[2]);
else if (cmd === "shot") out = await shot(args[0], args[1], args[2], Number(args[3] || 375));
else if (cmd === "styles") out = await styles(args[0]);
else {
  console.error("usage: node check.mjs pages|print|shot|styles …");
  process.exit(2);
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
