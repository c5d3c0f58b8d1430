//! The commands end to end, as a practice manager would run them:
//! `init` then `build`, `check` in both formats, `--strict`, refusals.

mod project_copy;

use project_copy::reputable;
use serde_json::Value;
use std::path::Path;

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
fn the_overview_leads_with_the_latest_month_that_has_reviews() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    init(&root);
    let out = tmp.path().join("nov");
    let (code, _, err) = reputable(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-04",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains(
            "No reviews yet in November 2026: below is October 2026, the latest month with reviews."
        ),
        "{index}"
    );
    assert!(index.contains("<h2>October 2026</h2>"), "{index}");
    assert!(index.contains("Read the October 2026 report"));
    // November still has its (empty) report, marked as such in the list.
    assert!(
        index.contains("<li class=\"empty-month\"><a href=\"reports/2026-11/index.html\">November 2026</a> <span class=\"muted\">no reviews</span></li>"),
        "{index}"
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

/// Runs a command on a project, with the project's path written `[ROOT]`
/// so that messages can be snapshot-tested.
fn run_on(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut full: Vec<&str> = args.to_vec();
    let root_str = root.to_str().unwrap();
    full.extend(["--root", root_str]);
    let (code, out, err) = reputable(&full);
    let clean = |s: String| s.replace(root_str, "[ROOT]");
    (code, clean(out), clean(err))
}

/// Appends rows to a project file.
fn append(file: &Path, rows: &str) {
    let text = std::fs::read_to_string(file).unwrap() + rows;
    std::fs::write(file, text).unwrap();
}

/// The review rows of the example's archive.
fn review_rows(root: &Path) -> usize {
    csv::Reader::from_path(root.join("content/reviews/reviews.csv"))
        .unwrap()
        .records()
        .count()
}

/// `check --format json`: (reviews counted, problems).
fn checked(root: &Path) -> (u64, Vec<Value>) {
    let (_, json, err) = run_on(root, &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap_or_else(|_| panic!("{json}{err}"));
    (
        v["summary"]["reviews"].as_u64().unwrap(),
        v["problems"].as_array().unwrap().clone(),
    )
}

fn with_code<'a>(problems: &'a [Value], code: &str) -> Vec<&'a Value> {
    problems.iter().filter(|p| p["code"] == code).collect()
}

/// Every review row is counted, or is an error at its line: nothing is
/// dropped without a problem.
fn every_row_accounted_for(root: &Path) {
    let (counted, problems) = checked(root);
    let refused = problems
        .iter()
        .filter(|p| p["severity"] == "error" && p["file"] == "content/reviews/reviews.csv")
        .count() as u64;
    assert_eq!(
        counted + refused,
        review_rows(root) as u64,
        "counted + refused = rows: {problems:#?}"
    );
}

/// Reviews under `unassigned` in the built figures, all months together.
fn unassigned(out: &Path) -> u64 {
    metrics(out)["months"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["by_location"]["unassigned"]["reviews"].as_u64())
        .sum()
}

/// The count a warning starts with (`12 reviews carry …`).
fn leading_count(p: &Value) -> u64 {
    p["message"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Hand-made mistakes, each as a user makes it in the example project: the
/// message is snapshot-tested, and each asserts that nothing moved out of
/// sight without a problem saying so.
#[test]
fn mistakes_by_hand_are_caught_and_explained() {
    let tmp = tempfile::tempdir().unwrap();
    type Setup = fn(&Path);
    type Verify = fn(&Path, &str);
    let cases: Vec<(&str, Setup, Verify)> = vec![
        (
            "unmatched_source",
            |root| {
                edit(
                    &root.join("reputable.yaml"),
                    &[("sources: [\"Main Street\"]", "sources: [\"Main St\"]")],
                )
            },
            |root, out| {
                assert!(
                    out.contains("--> reputable.yaml:19:15"),
                    "placed on its line"
                );
                let (_, problems) = checked(root);
                let moved = with_code(&problems, "unmapped-location");
                assert_eq!(moved.len(), 1);
                assert_eq!(leading_count(moved[0]), 5, "the five Main Street reviews");
                let site = root.join("site");
                let (code, _, err) = run_on(root, &["build", "--output", site.to_str().unwrap()]);
                assert_eq!(code, 0, "{err}");
                assert_eq!(unassigned(&site), 5, "as many as the warning says");
                every_row_accounted_for(root);
            },
        ),
        (
            // A Google Takeout folder whose id is mistyped in `sources`.
            "takeout_folder_unmatched",
            |root| {
                edit(
                    &root.join("reputable.yaml"),
                    &[(
                        "sources: [\"Riverside\"]",
                        "sources: [\"Riverside\", \"location-7001\"]",
                    )],
                );
                let folder = root.join("content/reviews/takeout/location-7010");
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::copy(
                    "tests/fixtures/formats/takeout/location-8812/reviews.json",
                    folder.join("reviews.json"),
                )
                .unwrap();
            },
            |root, _| {
                let (_, problems) = checked(root);
                let moved = with_code(&problems, "unmapped-location");
                assert_eq!(moved.len(), 1);
                let site = root.join("site");
                run_on(root, &["build", "--output", site.to_str().unwrap()]);
                assert_eq!(unassigned(&site), leading_count(moved[0]));
                assert_eq!(checked(root).0, 10 + 2, "the example's and the folder's");
            },
        ),
        (
            "unmatched_data_location",
            |root| {
                append(
                    &root.join("content/reviews/reviews.csv"),
                    "google,ex-011,Main Stret,Kim,5,2026-10-28T09:00:00-05:00,Great\n",
                )
            },
            |root, _| {
                let site = root.join("site");
                run_on(root, &["build", "--output", site.to_str().unwrap()]);
                assert_eq!(unassigned(&site), 1);
                every_row_accounted_for(root);
            },
        ),
        (
            "unmatched_request_location",
            |root| {
                append(
                    &root.join("content/requests/requests.csv"),
                    "2026-10-31,Riverside Ofice,sms,40\n",
                )
            },
            |root, _| {
                let (_, problems) = checked(root);
                let p = with_code(&problems, "unmapped-location");
                assert_eq!(p.len(), 1);
                assert_eq!(p[0]["file"], "content/requests/requests.csv");
                assert_eq!(p[0]["line"], 6);
            },
        ),
        (
            "gmt_zone",
            |root| {
                edit(
                    &root.join("reputable.yaml"),
                    &[("timezone: America/Chicago", "timezone: GMT")],
                )
            },
            |root, _| {
                let (_, problems) = checked(root);
                assert_eq!(with_code(&problems, "fixed-time-zone").len(), 1);
                every_row_accounted_for(root);
            },
        ),
        (
            "nan_target",
            |root| {
                edit(
                    &root.join("reputable.yaml"),
                    &[("respond_within_hours: 24 ", "respond_within_hours: .nan ")],
                )
            },
            |_, _| {},
        ),
        (
            "whole_name_review_id",
            |root| {
                append(
                    &root.join("content/responses/log.csv"),
                    "google,accounts/4100/locations/7001/reviews/ex-010,2026-10-27T15:00:00-05:00,reply,public,Practice manager,Thank you!\n\
                     google,accounts/4100/locations/7001/reviews/ex-099,2026-10-27T15:00:00-05:00,reply,public,Practice manager,Thank you!\n",
                )
            },
            |root, _| {
                let site = root.join("site");
                run_on(root, &["build", "--output", site.to_str().unwrap()]);
                let oct = &metrics(&site)["months"][1]["overall"];
                // ex-006, ex-007, ex-009 as before, and now ex-010.
                assert_eq!(oct["answered"], 4, "the reply is linked by the id part");
                let (_, problems) = checked(root);
                assert_eq!(with_code(&problems, "review-id-part").len(), 1);
                assert_eq!(with_code(&problems, "unknown-review").len(), 1);
            },
        ),
        (
            "review_url_id",
            |root| {
                append(
                    &root.join("content/responses/log.csv"),
                    "yelp,https://www.yelp.com/biz/example-practice?hrid=ex-008,2026-10-12 12:00:00,reply,public,Front desk lead,Thank you!\n",
                )
            },
            |root, _| {
                let site = root.join("site");
                run_on(root, &["build", "--output", site.to_str().unwrap()]);
                assert_eq!(
                    metrics(&site)["months"][1]["by_platform"]["yelp"]["answered"],
                    1
                );
            },
        ),
        (
            "unit_after_number",
            |root| {
                edit(
                    &root.join("reputable.yaml"),
                    &[(
                        "respond_within_hours: 24 ",
                        "respond_within_hours: 48 hours ",
                    )],
                )
            },
            |_, _| {},
        ),
        (
            "tab",
            |root| {
                edit(
                    &root.join("reputable.yaml"),
                    &[("  positive_min: 4", "\tpositive_min: 4")],
                )
            },
            |_, _| {},
        ),
        (
            "unquoted_colon",
            |root| {
                edit(
                    &root.join("reputable.yaml"),
                    &[("name: Riverside Office", "name: Riverside: East Office")],
                )
            },
            |_, _| {},
        ),
        (
            "deep_nesting",
            |root| {
                let deep = format!("scenarios: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
                append(&root.join("reputable.yaml"), &deep);
            },
            |_, _| {},
        ),
        (
            "deep_front_matter",
            |root| {
                let deep = format!(
                    "title: How we answer online reviews\nx: {}{}",
                    "[".repeat(400_000),
                    "]".repeat(400_000)
                );
                edit(
                    &root.join("content/policy.md"),
                    &[("title: How we answer online reviews", &deep)],
                );
            },
            |_, _| {},
        ),
        (
            "alias_bomb",
            |root| {
                let mut bomb = String::from(
                    "scenarios:\n  - scenario: a\n    keywords: &a0 [x, x, x, x, x, x, x, x, x]\n",
                );
                for i in 1..10 {
                    bomb += &format!(
                        "  - scenario: a{i}\n    keywords: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                        p = i - 1
                    );
                }
                append(&root.join("reputable.yaml"), &bomb);
            },
            |_, _| {},
        ),
        (
            "year_1000_and_year_0",
            |root| {
                append(
                    &root.join("content/reviews/reviews.csv"),
                    "google,ex-011,Main Street,Kim,1,1000-10-28T09:00:00-05:00,Awful\n\
                     google,ex-012,Main Street,Lou,1,0000-10-28T09:00:00-05:00,Awful\n",
                );
                append(
                    &root.join("content/responses/log.csv"),
                    "google,ex-011,2026-10-28T10:00:00-05:00,reply,public,Practice manager,Sorry\n\
                     google,ex-010,2999-10-28T10:00:00-05:00,reply,public,Practice manager,Thanks\n",
                );
                append(
                    &root.join("content/requests/requests.csv"),
                    "1026-10-31,riverside,email,110\n",
                );
            },
            |root, _| {
                let site = root.join("site");
                let (code, _, err) = run_on(root, &["build", "--output", site.to_str().unwrap()]);
                assert_eq!(code, 0, "{err}");
                let m = metrics(&site);
                assert_eq!(
                    m["months"].as_array().unwrap().len(),
                    2,
                    "September and October only, no empty centuries"
                );
                assert!(!site.join("reports/1000-10").exists());
                assert_eq!(
                    m["as_of"], "2026-10-28T10:00:00-05:00",
                    "the latest plausible time (the reply to ex-011), not the reply dated 2999"
                );
                every_row_accounted_for(root);
            },
        ),
    ];
    for (name, setup, verify) in cases {
        let root = tmp.path().join(name);
        init(&root);
        setup(&root);
        let (code, out, err) = run_on(&root, &["check"]);
        insta::assert_snapshot!(
            format!("mistake_{name}"),
            format!("exit {code}\n{err}{out}")
        );
        if out.is_empty() {
            // Refused whole: placed, with advice, and exit 1 so scripts stop.
            assert_eq!(code, 1, "{name}: {err}");
            assert!(
                err.contains("  --> ") && err.contains("= help: "),
                "{name}: {err}"
            );
        } else {
            // Read: every problem counted on the summary line.
            assert!(out.contains("Example Family Practice: "), "{name}: {out}");
        }
        verify(&root, &(out + &err));
    }
}

#[test]
fn a_wrong_root_says_where_it_looked_and_where_the_project_is() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("practice");
    init(&root);
    let (code, _, err) = run_on(&root.join("content"), &["build"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(
        "wrong_root_inside_the_project",
        err.replace(root.to_str().unwrap(), "[PROJECT]")
    );
    let (code, _, err) = run_on(&tmp.path().join("nowhere"), &["check"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(
        "wrong_root_missing",
        err.replace(tmp.path().to_str().unwrap(), "[TMP]")
    );
    assert!(
        !root.join("content/output").exists(),
        "nothing written in the wrong folder"
    );
}

#[test]
fn build_quiet_with_errors_still_says_so_on_its_last_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    broken_project(&root);
    let (code, out, err) = run_on(&root, &["build", "--quiet"]);
    assert_eq!(code, 0, "the site is built anyway");
    assert_eq!(out, "");
    insta::assert_snapshot!("build_quiet_with_errors", err);
    let (_, _, err) = run_on(&root, &["build"]);
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("The site was built, but the figures may be incomplete: 1 error")
            && last.contains("data-quality")
            && last.contains("`reputable check --root [ROOT]`"),
        "{err}"
    );
    // Without errors, nothing of the sort.
    let clean = tmp.path().join("clean");
    init(&clean);
    let (_, _, err) = run_on(&clean, &["build", "--quiet"]);
    assert_eq!(err, "");
}

#[test]
fn as_of_outside_the_plausible_window_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    init(&root);
    // The example's latest review is 2026-10-27 12:00 (-05:00): the window
    // ends a year (366 days) later.
    for (as_of, ok) in [
        ("1999-12-31", false),
        ("2000-01-01", true),
        ("2027-10-28", true),
        ("2027-10-29", false),
        ("3026-01-01", false),
    ] {
        let (code, _, err) = run_on(&root, &["check", "--as-of", as_of]);
        assert_eq!(code == 0, ok, "--as-of {as_of}: {err}");
        if !ok {
            assert!(
                err.contains(&format!("`--as-of {as_of}` lies outside the plausible window of this data (2000-01-01 to 2027-10-28)")),
                "{err}"
            );
        }
    }
}

/// The stage names `--timings` prints, in order: each once, as the first
/// word of its line, then `total`. Durations are not asserted.
fn stages_printed(err: &str) -> Vec<String> {
    let start = err
        .lines()
        .position(|l| l == "timings (wall clock):")
        .unwrap_or_else(|| panic!("no timings header in {err}"));
    err.lines()
        .skip(start + 1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next().unwrap_or_default().to_string();
            assert_eq!(words.nth(1), Some("ms"), "a duration in ms: {l:?}");
            name
        })
        .collect()
}

#[test]
fn timings_name_each_stage_of_build_and_check_once() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("practice");
    init(&proj);
    let root = proj.to_str().unwrap();
    let (code, _, err) = reputable(&["build", "--root", root, "--timings", "--quiet"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        stages_printed(&err),
        [
            "read",
            "link",
            "figures",
            "lint",
            "exemplars",
            "pages",
            "write",
            "total"
        ]
    );
    let (code, out, err) = reputable(&["check", "--root", root, "--timings", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        serde_json::from_str::<Value>(&out).is_ok(),
        "stdout stays pure JSON: {out}"
    );
    assert_eq!(
        stages_printed(&err),
        ["read", "link", "figures", "lint", "exemplars", "total"]
    );
    // Then the whole process's peak memory, where the system tells it.
    if cfg!(target_os = "linux") {
        let mib = err
            .lines()
            .find_map(|l| l.strip_prefix("peak memory: ")?.strip_suffix(" MiB"))
            .unwrap_or_else(|| panic!("no peak memory line in {err}"));
        assert!(mib.parse::<u64>().is_ok_and(|m| m > 0), "{mib}");
    }
    // Without the flag, nothing of it.
    let (_, _, err) = reputable(&["check", "--root", root]);
    assert!(!err.contains("timings"), "{err}");
}
