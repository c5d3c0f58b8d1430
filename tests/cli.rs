//! The commands end to end, as a practice manager would run them:
//! `init` then `build`, `check` in both formats, `--strict`, refusals.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn reputable(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("reputable")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `data/metrics.json` of a built site.
fn metrics(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("data/metrics.json")).unwrap()).unwrap()
}

/// Replaces text in a project file, as a user editing it would.
fn edit(file: &Path, edits: &[(&str, &str)]) {
    let mut text = std::fs::read_to_string(file).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{} holds {from:?}", file.display());
        text = text.replace(from, to);
    }
    std::fs::write(file, text).unwrap();
}

fn init(dir: &Path) {
    let (code, _, err) = reputable(&["init", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn init_then_build_gives_the_figures_of_the_example() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("practice");
    init(&proj);
    let (code, _, err) = reputable(&["build", "--root", proj.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("0 errors, 0 warnings"),
        "the example has no data problems: {err}"
    );
    let out = proj.join("output");
    for page in [
        "index.html",
        "reports/2026-09/index.html",
        "reports/2026-10/index.html",
        "policy/index.html",
        "training/long-wait/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    let metrics = metrics(&out);
    assert_eq!(
        metrics["as_of"], "2026-10-27T12:00:00-05:00",
        "the latest posting time in the data"
    );
    let sept = &metrics["months"][0];
    assert_eq!(sept["month"], "2026-09");
    let f = &sept["overall"];
    assert_eq!(
        (
            f["reviews"].as_u64(),
            f["answered"].as_u64(),
            f["unrated"].as_u64()
        ),
        (Some(5), Some(4), Some(1))
    );
    assert_eq!(f["response_rate"], 0.8);
    // Sorted hours: 3h35m, 3h55m, 16h40m (Yelp, local times), 22h30m; the median is the lower middle.
    assert_eq!(
        f["response_hours"]["median"].as_f64().unwrap(),
        3.0 + 55.0 / 60.0
    );
    assert_eq!(f["response_hours"]["p90"], 22.5);
    assert_eq!(
        f["open_overdue"], 1,
        "the unrated Healthgrades review was never answered"
    );
    assert_eq!(sept["by_platform"]["yelp"]["reviews"], 1);
    assert_eq!(
        metrics["months"][1]["by_location"]["riverside"]["reviews"],
        2
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let (code, _, err) = reputable(&["init", tmp.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine",
        "nothing overwritten"
    );
}

#[test]
fn check_finds_nothing_wrong_in_the_example_and_speaks_json() {
    let tmp = tempfile::tempdir().unwrap();
    init(tmp.path().join("p").as_path());
    let root = tmp.path().join("p");
    let (code, out, _) = reputable(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["summary"]["reviews"], 10);
    assert!(
        !tmp.path().join("p/output").exists(),
        "check writes nothing"
    );
}

/// A project whose data has one unreadable row and one reply dated before its review.
fn broken_project(dir: &Path) {
    init(dir);
    let append = |file: &str, row: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap() + row;
        std::fs::write(&path, text).unwrap();
    };
    append(
        "content/reviews/reviews.csv",
        "google,ex-011,Main Street,Kim,five,2026-10-28T09:00:00-05:00,Great\n",
    );
    append(
        "content/responses/log.csv",
        "google,ex-010,2026-10-26T12:00:00-05:00,reply,public,Manager,Thank you!\n",
    );
}

#[test]
fn check_exits_1_on_a_bad_row_and_names_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    broken_project(&root);
    let (code, out, _) = reputable(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/reviews/reviews.csv:13:5"),
        "file:line:col of the bad rating: {out}"
    );
    assert!(
        out.contains("content/responses/log.csv:10"),
        "the reply before its review: {out}"
    );
    let (_, json, _) = reputable(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["warnings"], 1);
}

#[test]
fn build_builds_anyway_but_strict_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    broken_project(&root);
    let (code, _, err) = reputable(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 error, 1 warning"), "one-line count: {err}");
    assert!(root.join("output/data-quality/index.html").is_file());
    let (code, _, err) = reputable(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--strict",
        "--output",
        tmp.path().join("strict").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("build refused (--strict)"), "{err}");
    assert!(
        !tmp.path().join("strict").exists(),
        "nothing written under --strict"
    );
}

#[test]
fn a_broken_configuration_stops_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    init(&root);
    edit(
        &root.join("reputable.yaml"),
        &[("timezone: America/Chicago", "timezone: Central")],
    );
    let (code, _, err) = reputable(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`Central` is not a time zone name")
            && err.contains("--> reputable.yaml:4:11"),
        "{err}"
    );
}

#[test]
fn as_of_rebuilds_a_month_as_it_was_seen() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    init(&root);
    let out = tmp.path().join("sept");
    let (code, _, err) = reputable(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-09-30",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let metrics = metrics(&out);
    assert_eq!(metrics["as_of"], "2026-09-30T23:59:59.999999999-05:00");
    assert_eq!(
        metrics["months"].as_array().unwrap().len(),
        1,
        "October is not yet seen"
    );
}

#[test]
fn the_published_policy_and_the_measured_target_change_together() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    init(&root);
    edit(
        &root.join("reputable.yaml"),
        &[
            ("  respond_within_hours: 24 ", "  respond_within_hours: 36 "),
            (
                "negative_respond_within_hours: 12",
                "negative_respond_within_hours: 18",
            ),
        ],
    );
    let (code, _, err) = reputable(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let out = root.join("output");
    let policy = std::fs::read_to_string(out.join("policy/index.html")).unwrap();
    assert!(
        policy.contains("<strong>36 hours</strong>")
            && policy.contains("<strong>18 hours</strong>"),
        "the policy states the new targets"
    );
    assert!(!policy.contains("24 hours"), "and not the old one");
    let metrics = metrics(&out);
    assert_eq!(metrics["targets"]["respond_within_hours"], 36);
    assert_eq!(metrics["targets"]["negative_respond_within_hours"], 18);
    let report = std::fs::read_to_string(out.join("reports/2026-10/index.html")).unwrap();
    assert!(
        report.contains("18-hour target"),
        "the report measures against the same target"
    );
}
