//! `reputable check --fail-on overdue`: exit 3 and the list, oldest first,
//! when a negative review is open past its target; 0 when none is.

mod project_copy;
use assert_cmd::Command;
use project_copy::copy_dir;
use serde_json::Value;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/sites/riverside";

fn check(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("reputable")
        .unwrap()
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_demo_has_77_negative_reviews_open_past_target_and_exits_3() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out) = check(demo, &["--fail-on", "overdue", "--quiet"]);
    assert_eq!(code, 3, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "overdue: 77 negative reviews are open past target, oldest first:",
            "  google/ChdDSUhNMG9nS0VJQ0FnSU7oKOg9SY_uw_-J · Downtown Clinic · 2 ★ · posted 2024-11-09 21:43 · open 720 days (target 12 h)",
            "    --> content/reviews/google-takeout/account-1029/location-5531/reviews-4.json:1789",
        ]
    );

    let (code, out) = check(demo, &["--fail-on", "overdue", "--format", "json"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["overdue_negative"], 77);
    let rows = v["overdue"].as_array().unwrap();
    assert_eq!(rows.len(), 77);
    assert_eq!(rows[0]["review_id"], "ChdDSUhNMG9nS0VJQ0FnSU7oKOg9SY_uw_-J");
    assert_eq!(rows[0]["location"], "downtown");
    assert_eq!(rows[0]["target_hours"], 12.0);
    let ages: Vec<f64> = rows
        .iter()
        .map(|r| r["age_hours"].as_f64().unwrap())
        .collect();
    assert!(ages.windows(2).all(|w| w[0] >= w[1]), "oldest first");

    // Without the flag, check is what it was: exit 0, no list.
    let (code, out) = check(demo, &["--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("overdue").is_none());
}

#[test]
fn a_project_with_nothing_overdue_exits_0_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    copy_dir(Path::new(FIXTURE), &proj);
    // The fixture's one open negative review (g4, Downtown, 1 ★) …
    let (code, out) = check(&proj, &["--fail-on", "overdue", "-q"]);
    assert_eq!(code, 3, "{out}");
    assert_eq!(
        out,
        "overdue: 1 negative review is open past target, oldest first:\n  google/g4 · Downtown Clinic · 1 ★ · posted 2026-10-20 16:45 · open 7 days (target 12 h)\n    --> content/reviews/reviews.csv:8\n"
    );
    // … is flagged in the log: nothing is overdue any more.
    let log = proj.join("content/responses/log.csv");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("google,g4,2026-10-21T09:00:00-04:00,flag,platform,Practice manager,\n");
    std::fs::write(&log, text).unwrap();
    let (code, out) = check(&proj, &["--fail-on", "overdue", "-q"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "overdue: no negative review is open past its target\n");
    let (code, out) = check(&proj, &["--fail-on", "overdue", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["overdue"], Value::Array(vec![]));
}
