//! What a user sees when a row or a file cannot be read: snapshots of the
//! problems as printed (message, then `--> file:line:col`), and the rule
//! that the rest of the file still loads.

mod common;

use common::{read, shown};
use reputable::problems::Severity;

#[test]
fn bad_ratings_dates_and_missing_values_in_a_csv() {
    let p = read("generic-bad.csv");
    // b-5 (a good row spanning two lines) still loads.
    let ids: Vec<&str> = p.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["b-5"]);
    assert!(p.problems.iter().all(|p| p.code == "bad-row"));
    insta::assert_snapshot!(shown(&p));
}

#[test]
fn bad_records_in_json_lines_point_at_line_and_column() {
    let p = read("generic-bad.jsonl");
    let ids: Vec<&str> = p.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["j-2"]);
    insta::assert_snapshot!(shown(&p));
}

#[test]
fn relative_dates_are_never_parsed() {
    let p = read("apify-relative.csv");
    // r-2 has an absolute posting date: it loads, without its reply.
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].id, "r-2");
    assert!(p.reviews[0].embedded_reply.is_none());
    insta::assert_snapshot!(shown(&p));
}

#[test]
fn unknown_actions_are_errors_and_unknown_channels_warnings() {
    let p = read("responses-bad.csv");
    // The unknown channel keeps its row.
    let ids: Vec<&str> = p.actions.iter().map(|a| a.review_id.as_str()).collect();
    assert_eq!(ids, ["g-2"]);
    assert_eq!(p.actions[0].channel.as_deref(), Some("fax"));
    let codes: Vec<(&str, Severity)> = p.problems.iter().map(|p| (p.code, p.severity)).collect();
    assert_eq!(
        codes,
        [
            ("unknown-action", Severity::Error),
            ("unknown-channel", Severity::Warning),
            ("unknown-action", Severity::Error),
            ("bad-row", Severity::Error),
        ]
    );
    insta::assert_snapshot!(shown(&p));
}

#[test]
fn bad_fields_in_a_google_document_point_at_their_line() {
    let p = read("google-bad-record.json");
    let ids: Vec<&str> = p.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["ok"]);
    insta::assert_snapshot!(shown(&p));
}

#[test]
fn a_cut_off_json_document_is_one_error_and_keeps_its_complete_records() {
    let p = read("google-cut-off.json");
    assert_eq!(p.problems.len(), 1);
    let e = &p.problems[0];
    assert_eq!((e.code, e.severity), ("unreadable-file", Severity::Error));
    assert_eq!((e.line, e.column), (Some(18), Some(33)));
    let ids: Vec<&str> = p.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["cut1"]);
    insta::assert_snapshot!(shown(&p));
}
