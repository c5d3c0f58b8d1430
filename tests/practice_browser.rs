//! The practice box of a training page in a real browser: the demo site is
//! built into a temp folder and `tests/practice/drive.js` (playwright-core
//! on headless Chromium, axe-core) types a reply naming the reviewer and
//! saying "your appointment", expects both findings with their advice, then
//! a good reply with no high-severity finding; it also checks keyboard use,
//! print, no network, no storage and the page without JavaScript.
//!
//! Skips, with a note, when Chromium, node or the npm packages are missing;
//! `.ci/run` installs them (`npm ci` in tests/practice).

use reputable::project::Project;
use reputable::site::{self, Theme};
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn the_practice_box_finds_the_reviewers_name_and_the_appointment_as_staff_type() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let driver = repo.join("tests/practice");
    let chromium = Path::new("/usr/bin/chromium");
    let missing = [
        (!chromium.exists()).then_some("chromium (apt-get install -y chromium)"),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then_some("node"),
        (!driver.join("node_modules/playwright-core").is_dir()
            || !driver.join("node_modules/axe-core").is_dir())
        .then_some("the npm packages (npm ci in tests/practice)"),
    ];
    let missing: Vec<&str> = missing.into_iter().flatten().collect();
    if !missing.is_empty() {
        eprintln!(
            "note: skipping the practice box's browser test; missing: {}",
            missing.join(", ")
        );
        return;
    }
    let project = Project::load(&repo, None).expect("the demo project loads");
    let files = site::render(&project, &Theme::builtin()).expect("the demo renders");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let lock = site::output::lock(&out).unwrap();
    site::output::write(&out, &files, &lock).unwrap();

    let run = Command::new("timeout")
        .arg("300")
        .arg("node")
        .arg(driver.join("drive.js"))
        .arg(&out)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let log = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the practice box failed in the browser:\n{log}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        log.lines().filter(|l| l.starts_with("ok: ")).count(),
        20,
        "every check ran:\n{log}"
    );
}
