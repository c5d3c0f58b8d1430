// Opens every page of a built site in the system Chromium (headless, through
// playwright-core; no browser is downloaded) and prints one JSON report on
// stdout for tests/site_browser.rs to assert on:
//
//   node check.mjs pages <site> [page ...]      axe-core, console, requests, widths
//   node check.mjs print <site> <page> <pdf> [A4|Letter]  the page printed
//   node check.mjs shot <site> <page> <png> [w]  the top 1500 px of a page at w px
//   node check.mjs styles <file>                 computed styles of one file
//   node check.mjs modes <site> <page>           forced colours, dark mode, focus rings
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
const WIDTHS = [1280, 375, 320];
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
  // 320 px (400 % zoom of a 1280-pixel window) is only measured, not audited.
  const audit = width !== 320;
  await page.setViewportSize({ width, height: 900 });
  const console_ = [];
  const outside = [];
  page.on("console", (m) => console_.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => console_.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith("file://")) outside.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  if (audit) await page.addScriptTag({ content: AXE });
  const axe = !audit ? [] : await page.evaluate(async (tags) => {
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

async function print(site, file, pdf, format) {
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
  await page.pdf({ path: pdf, format, printBackground: true, preferCSSPageSize: true });
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

// Contrast of two computed colours ("rgb(r, g, b)"), as WCAG defines it.
const CONTRAST = `
  function lum(c) {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  function background(el) {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
  }`;

async function modes(site, file) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(join(site, file)).href, { waitUntil: "load" });
  await page.addScriptTag({ content: CONTRAST });
  // Windows high contrast: the lowest contrast of chart text and axes.
  await page.emulateMedia({ forcedColors: "active", colorScheme: "dark" });
  const forced = await page.evaluate(() => {
    let text = Infinity, lines = Infinity;
    for (const svg of document.querySelectorAll("svg.chart")) {
      const bg = background(svg);
      for (const t of svg.querySelectorAll(".chart-text")) text = Math.min(text, contrast(getComputedStyle(t).fill, bg));
      for (const l of svg.querySelectorAll(".chart-axis")) lines = Math.min(lines, contrast(getComputedStyle(l).stroke, bg));
    }
    return { chart_text: text, chart_axis: lines };
  });
  // Dark mode asked for: the light page keeps its contrast.
  await page.emulateMedia({ forcedColors: "none", colorScheme: "dark" });
  const dark = await page.evaluate(() => ({
    body_text: contrast(getComputedStyle(document.body).color, background(document.body)),
    body_background: background(document.body),
  }));
  await page.emulateMedia({ forcedColors: "none", colorScheme: "light" });
  // Focus rings of the first links a keyboard reaches: the skip link, the
  // header's links, then the page's.
  const rings = [];
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press("Tab");
    rings.push(await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      const around = background(el.parentElement);
      return {
        element: el.tagName.toLowerCase() + " " + (el.textContent || "").trim().slice(0, 30),
        outline_width: parseFloat(s.outlineWidth),
        contrast: s.outlineStyle === "none" ? 0 : contrast(s.outlineColor, around),
      };
    }));
  }
  await browser.close();
  return { forced, dark, rings };
}

const [cmd, ...args] = process.argv.slice(2);
let out;
if (cmd === "pages") out = await pages(args[0], args.slice(1));
else if (cmd === "print") out = await print(args[0], args[1], args[2], args[3] || "A4");
else if (cmd === "shot") out = await shot(args[0], args[1], args[2], Number(args[3] || 375));
else if (cmd === "styles") out = await styles(args[0]);
else if (cmd === "modes") out = await modes(args[0], args[1]);
else {
  console.error("usage: node check.mjs pages|print|shot|styles …");
  process.exit(2);
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
