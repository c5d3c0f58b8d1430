//! A real browser opens the built site from `file://`: no console messages,
//! and every file it asks for exists in the output folder. Skips (with a
//! note) when Chromium is not installed; `.ci/run` installs it.
//!
//! The demo site in a real browser, through `tests/browser/check.mjs`
//! (playwright-core driving the system Chromium, axe-core injected): every
//! page at 1280 and 375 px has no axe violation, no console message, no
//! request outside `file://` and no sideways scrolling; chart text stays
//! readable on a phone; the latest report prints to A4 as a brief; the
//! e-mail copy keeps its styles when opened alone. These need `node` and
//! `npm ci` in `tests/browser`; without them they skip with a note, unless
//! `REPUTABLE_BROWSER_TESTS=required` (as `.ci/run` sets), when they fail.
//!
//! Set `REPUTABLE_SCREENSHOT=docs/report.png` to also save a screenshot of
//! the October report (that is how the README's picture is made), and
//! `REPUTABLE_PHONE_SHOTS=docs` for the 375-pixel pictures of the report
//! and the overview.

mod site_support;

use reputable::project::Project;
use reputable::site::{self, Theme};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Runs headless Chromium on one page; returns (dumped DOM, log lines).
fn open(browser: &Path, profile: &Path, url: &str, extra: &[String]) -> (String, String) {
    let mut cmd = Command::new("timeout");
    cmd.arg("120").arg(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=1",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd.args(extra);
    cmd.arg(url);
    let out = cmd.output().expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn chromium_opens_the_site_from_file_urls_without_errors() {
    let Some(browser) = chromium() else {
        eprintln!(
            "note: chromium not found; skipping the browser test (apt-get install -y chromium)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let files = site::render(&site_support::project(false), &Theme::builtin()).unwrap();
    let lock = site::output::lock(&out).unwrap();
    site::output::write(&out, &files, &lock).unwrap();
    let out = out.canonicalize().unwrap();
    for page in [
        "index.html",
        "reports/2026-10/index.html",
        "locations/north/index.html",
    ] {
        let url = format!("file://{}/{page}", out.display());
        let (dom, log) = open(
            &browser,
            &tmp.path().join("profile"),
            &url,
            &["--dump-dom".into()],
        );
        assert!(
            dom.contains("<main id=\"main\""),
            "{page}: no page in the DOM"
        );
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{page}: console messages: {console:#?}");
        // Every file the browser loaded exists in the output, and it loaded
        // nothing from anywhere else.
        for line in log.lines().filter(|l| l.contains("FileURLLoader::Start: ")) {
            let loaded = line.split("FileURLLoader::Start: ").nth(1).unwrap().trim();
            let path = loaded.strip_prefix("file://").unwrap();
            assert!(
                path.starts_with(out.to_str().unwrap()),
                "{page} loaded {loaded}"
            );
            assert!(
                Path::new(path).is_file(),
                "{page} loaded a missing file: {loaded}"
            );
        }
        assert!(
            log.lines()
                .filter(|l| l.contains("FileURLLoader::Start: "))
                .any(|l| l.ends_with("static/style.css")),
            "{page}: the stylesheet was not loaded"
        );
    }
    if let Ok(shot) = std::env::var("REPUTABLE_SCREENSHOT") {
        let shot = std::path::absolute(shot).unwrap();
        let url = format!("file://{}/reports/2026-10/index.html", out.display());
        open(
            &browser,
            &tmp.path().join("profile"),
            &url,
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=1280,2200".into(),
            ],
        );
        assert!(shot.is_file());
    }
}

/// The driver in `tests/browser`, when it can run: `None` (after a note)
/// when Chromium, node or the npm packages are missing and not required.
fn driver() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let required = std::env::var("REPUTABLE_BROWSER_TESTS").as_deref() == Ok("required");
    let node = Command::new("node").arg("--version").output().is_ok();
    let missing = if chromium().is_none() {
        Some("chromium not found (apt-get install -y chromium)")
    } else if !node {
        Some("node not found")
    } else if !dir.join("node_modules/playwright-core").is_dir()
        || !dir.join("node_modules/axe-core").is_dir()
    {
        Some("npm packages missing (cd tests/browser && npm ci)")
    } else {
        None
    };
    match missing {
        Some(why) if required => panic!("the browser tests are required, but {why}"),
        Some(why) => {
            eprintln!("note: {why}; skipping the browser test");
            None
        }
        None => Some(dir.join("check.mjs")),
    }
}

/// Builds the demo project (`content/` of this repository) into a folder.
fn demo_site(tmp: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::load(root, None).unwrap_or_else(|d| panic!("demo: {d:?}"));
    let files = site::render(&project, &Theme::builtin()).unwrap();
    let out = tmp.join("site");
    let lock = site::output::lock(&out).unwrap();
    site::output::write(&out, &files, &lock).unwrap();
    out.canonicalize().unwrap()
}

fn run_driver(check: &Path, args: &[&str]) -> Value {
    let mut cmd = Command::new("node");
    cmd.arg(check).args(args);
    if let Some(browser) = chromium() {
        cmd.env("REPUTABLE_CHROMIUM", browser);
    }
    let out = cmd.output().expect("node runs");
    assert!(
        out.status.success(),
        "check.mjs {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("check.mjs prints JSON")
}

#[test]
fn every_demo_page_passes_axe_and_fits_a_phone() {
    // What a 320-pixel screen shows is measured too: no page scrolls sideways.
    let Some(check) = driver() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let results = run_driver(&check, &["pages", site.to_str().unwrap()]);
    let results = results.as_array().unwrap();
    // 41 pages and the 24 e-mail copies, each at 1280 and 375 px (audited)
    // and at 320 px (400 % zoom: measured only).
    assert_eq!(results.len(), 3 * (41 + 24));
    let mut failures = Vec::new();
    for r in results {
        let at = format!("{} at {} px", r["page"].as_str().unwrap(), r["width"]);
        for v in r["axe"].as_array().unwrap() {
            failures.push(format!(
                "{at}: axe {} on {} nodes, e.g. {}: {}",
                v["id"], v["nodes"], v["targets"], v["summary"]
            ));
        }
        for m in r["console"].as_array().unwrap() {
            failures.push(format!("{at}: console {m}"));
        }
        for u in r["outside"].as_array().unwrap() {
            failures.push(format!("{at}: requested {u}"));
        }
        let (scroll, inner) = (r["scroll_width"].as_i64(), r["inner_width"].as_i64());
        if scroll > inner {
            failures.push(format!(
                "{at}: scrolls sideways ({scroll:?} > {inner:?}): {}",
                r["wide"]
            ));
        }
        // Charts are drawn for a phone of 375 px; at 320 they scale to 9.6 px.
        if let Some(px) = r["smallest_chart_text"].as_f64()
            && px < 11.0
            && r["width"].as_i64() >= Some(375)
        {
            failures.push(format!("{at}: chart text of {px:.1} px"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if let Ok(dir) = std::env::var("REPUTABLE_PHONE_SHOTS") {
        let dir = std::path::absolute(dir).unwrap();
        for (page, name) in [
            ("reports/2026-10/index.html", "phone-report.png"),
            ("index.html", "phone-overview.png"),
        ] {
            let png = dir.join(name);
            run_driver(
                &check,
                &[
                    "shot",
                    site.to_str().unwrap(),
                    page,
                    png.to_str().unwrap(),
                    "375",
                ],
            );
        }
    }
}

#[test]
fn the_e_mail_copy_keeps_its_styles_when_opened_alone() {
    let Some(check) = driver() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    // Alone in a folder, nothing beside it.
    let alone = tmp.path().join("inbox");
    std::fs::create_dir(&alone).unwrap();
    let mail = alone.join("report-2026-10.html");
    std::fs::copy(site.join("reports/2026-10/report-2026-10.html"), &mail).unwrap();
    let s = run_driver(&check, &["styles", mail.to_str().unwrap()]);
    assert_eq!(s["stylesheets"], 0);
    assert_eq!(s["requests"], serde_json::json!([]));
    assert!(
        s["body_font"].as_str().unwrap().starts_with("system-ui"),
        "{s}"
    );
    assert_eq!(s["figure_border"], "solid");
    assert_eq!(s["figure_value_weight"], "600");
    assert_eq!(s["charts"], 4);
}

/// The text of each printed page, as pdftotext reads it.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install -y poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn the_latest_report_prints_to_a4_and_letter_as_a_brief() {
    let Some(check) = driver() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    for paper in ["A4", "Letter"] {
        let pdf = tmp.path().join(format!("report-{paper}.pdf"));
        let r = run_driver(
            &check,
            &[
                "print",
                site.to_str().unwrap(),
                "reports/2026-10/index.html",
                pdf.to_str().unwrap(),
                paper,
            ],
        );
        let pages = pdf_pages(&pdf);
        let first = &pages[0];
        for want in [
            "Online reviews: October 2026",
            "Riverside Family Health · figures as of 2026-10-31",
            "In October 2026, 93% of 191 reviews were answered",
            "Key figures",
            "191",
            "6.7 h",
            // The low-volume mark is explained where it is used.
            "rest on fewer than 30 reviews",
        ] {
            assert!(
                first.contains(want),
                "{paper}: page 1 lacks {want:?}:\n{first}"
            );
        }
        // The leadership part ends where the appendix (lint findings,
        // replies done well) begins, on a page of its own, within four pages.
        let appendix = pages
            .iter()
            .position(|p| p.contains("APPENDIX: THE LISTS BEHIND THE BRIEF"))
            .expect("an appendix");
        assert!(appendix <= 4, "{paper}: the brief takes {appendix} pages");
        assert!(pages[appendix - 1].contains("Suspected trolls"));
        let pt = r["smallest_chart_text_pt"].as_f64().unwrap();
        assert!(pt >= 7.0, "{paper}: chart text prints at {pt:.1} pt");
    }
}

#[test]
fn the_policy_prints_without_a_near_empty_last_page() {
    let Some(check) = driver() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let pdf = tmp.path().join("policy.pdf");
    run_driver(
        &check,
        &[
            "print",
            site.to_str().unwrap(),
            "policy/index.html",
            pdf.to_str().unwrap(),
        ],
    );
    let pages = pdf_pages(&pdf);
    let last = pages.last().unwrap();
    let lines = last.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(
        pages.len() == 1 || lines >= 6,
        "the last of {} pages holds {lines} lines:\n{last}",
        pages.len()
    );
}

#[test]
fn charts_focus_rings_and_dark_mode_stay_legible() {
    let Some(check) = driver() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let r = run_driver(
        &check,
        &[
            "modes",
            site.to_str().unwrap(),
            "reports/2026-10/index.html",
        ],
    );
    // Windows high contrast: chart text and axes take system colours.
    let text = r["forced"]["chart_text"].as_f64().unwrap();
    let axis = r["forced"]["chart_axis"].as_f64().unwrap();
    assert!(text >= 4.5, "chart text under forced colours: {text:.2}:1");
    assert!(axis >= 3.0, "chart axes under forced colours: {axis:.2}:1");
    // Asked for dark, the light-only page stays light and readable.
    assert_eq!(r["dark"]["body_background"], "rgb(251, 251, 250)");
    assert!(r["dark"]["body_text"].as_f64().unwrap() >= 4.5);
    // The skip link, the header's links and the first links of the page.
    let rings = r["rings"].as_array().unwrap();
    assert!(
        rings
            .iter()
            .any(|f| f["element"] == "a Riverside Family Health"),
        "{rings:#?}"
    );
    for f in rings {
        let c = f["contrast"].as_f64().unwrap();
        assert!(
            c >= 3.0 && f["outline_width"].as_f64() >= Some(2.0),
            "focus ring of {}: {c:.2}:1",
            f["element"]
        );
    }
}
