//! A real browser opens the built site from `file://`: no console messages,
//! and every file it asks for exists in the output folder. Skips (with a
//! note) when Chromium is not installed; `.ci/run` installs it.
//!
//! Set `REPUTABLE_SCREENSHOT=docs/report.png` to also save a screenshot of
//! the October report (that is how the README's picture is made).

mod site_support;

use reputable::site::{self, Theme};
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
