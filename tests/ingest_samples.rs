//! The real exports in `../shared/samples` (see its README): read when the
//! folder is there, skipped with a note when it is not (CI may not have it).
//! The cut-off case is always covered by `formats/google-cut-off.json`.

mod common;

use common::{read_bytes, tz};
use reputable::ingest::load_files;
use reputable::problems::Severity;
use std::path::PathBuf;

fn sample(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples")
        .join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("note: {} is absent; skipping this check", path.display());
        None
    }
}

#[test]
fn real_takeout_reads_31_reviews_27_replies_and_star_only_reviews() {
    let Some(path) = sample("google-takeout-dental-uk.json") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let p = read_bytes("samples/google-takeout-dental-uk.json", &bytes);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.reviews.len(), 31);
    assert_eq!(
        p.reviews
            .iter()
            .filter(|r| r.embedded_reply.is_some())
            .count(),
        27
    );
    let edited = p
        .reviews
        .iter()
        .filter(|r| r.updated.is_some_and(|u| u.instant > r.posted.instant))
        .count();
    assert_eq!(edited, 15);
    let star_only: Vec<&str> = p
        .reviews
        .iter()
        .filter(|r| r.text.is_none())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(star_only, ["rv007", "rv009", "rv016", "rv026", "rv028"]);
    assert!(p.reviews.iter().all(|r| r.rating.is_some()));
    assert!(
        p.reviews
            .iter()
            .all(|r| r.source_location == "accounts/4100/locations/7001")
    );
    let first = &p.reviews[0];
    assert_eq!(first.id, "rv000");
    assert_eq!(first.origin.line, 3);
    assert_eq!(
        first.posted.instant,
        "2025-09-22T19:33:02.610672Z".parse().unwrap()
    );
    // Each origin points at its record's opening brace.
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for r in &p.reviews {
        assert_eq!(lines[r.origin.line as usize - 1].trim(), "{", "{}", r.id);
    }
}

#[test]
fn real_truncated_takeout_is_one_error_with_line_and_column() {
    let Some(path) = sample("google-takeout-truncated.json") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let p = read_bytes("samples/google-takeout-truncated.json", &bytes);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let e = &p.problems[0];
    assert_eq!((e.severity, e.code), (Severity::Error, "unreadable-file"));
    assert_eq!((e.line, e.column), (Some(409), Some(4)));
    assert!(
        e.message.contains("cut off during download")
            && e.message
                .contains("The 30 complete records before that point were read."),
        "{}",
        e.message
    );
    // Nothing before the cut is lost.
    assert_eq!(p.reviews.len(), 30);
    assert_eq!(p.reviews.last().unwrap().id, "rv029");
}

#[test]
fn a_truncated_file_does_not_stop_other_files_loading() {
    let (Some(whole), Some(cut)) = (
        sample("google-takeout-dental-uk.json"),
        sample("google-takeout-truncated.json"),
    ) else {
        return;
    };
    let files = vec![
        (whole, "whole.json".to_owned()),
        (cut, "cut.json".to_owned()),
    ];
    let data = load_files(&files, &tz());
    // Overlapping exports: each review counted once.
    assert_eq!(data.reviews.len(), 31);
    let errors: Vec<String> = data
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.place())
        .collect();
    assert_eq!(errors, ["cut.json:409:4"]);
    // Embedded replies become `reply` actions.
    assert_eq!(data.actions.iter().filter(|a| a.embedded).count(), 27);
}
