//! Hostile cells: input that once crashed a reader. Each case is a
//! regression test named after what went wrong; the rule is that a bad cell
//! is a problem at its file, line and column, and the other rows still load.

mod common;

use common::read_bytes;
use reputable::problems::Severity;

/// A date followed by a character of more than one byte: a no-break space,
/// an en dash, an accented letter. The offset check sliced the text at
/// byte 11, inside the character, and panicked.
const DATES_WITH_A_MULTIBYTE_CHARACTER: [&str; 3] = [
    "2026-03-04\u{a0}10:00:00",
    "2026-03-04–10:00",
    "2026-03-04é",
];

/// (line, column, code) of every problem, in order.
fn placed(
    p: &reputable::ingest::Parsed,
) -> Vec<(Option<u32>, Option<u32>, &'static str, Severity)> {
    p.problems
        .iter()
        .map(|p| (p.line, p.column, p.code, p.severity))
        .collect()
}

#[test]
fn a_multibyte_character_after_a_date_in_a_review_csv_is_a_bad_row_not_a_panic() {
    let mut csv = String::from("platform,review_id,location,author,rating,posted_at,text\n");
    for (i, date) in DATES_WITH_A_MULTIBYTE_CHARACTER.iter().enumerate() {
        csv.push_str(&format!("google,bad-{i},Downtown,A,5,{date},text\n"));
    }
    csv.push_str("google,ok,Downtown,A,5,2026-03-04 10:00:00\u{a0},text\n");
    let p = read_bytes("reviews.csv", csv.as_bytes());
    let ids: Vec<&str> = p.reviews.iter().map(|r| r.id.as_str()).collect();
    // A trailing no-break space is white space, trimmed like a blank.
    assert_eq!(ids, ["ok"]);
    assert_eq!(
        placed(&p),
        [
            (Some(2), Some(6), "bad-row", Severity::Error),
            (Some(3), Some(6), "bad-row", Severity::Error),
            (Some(4), Some(6), "bad-row", Severity::Error),
        ]
    );
    assert!(
        p.problems[1]
            .message
            .contains("`2026-03-04–10:00` is not a timestamp"),
        "{}",
        p.problems[1]
    );
}

#[test]
fn a_multibyte_character_after_a_date_in_a_response_log_is_a_bad_row_not_a_panic() {
    let mut csv = String::from("platform,review_id,at,action,channel,responder,text\n");
    for (i, date) in DATES_WITH_A_MULTIBYTE_CHARACTER.iter().enumerate() {
        csv.push_str(&format!(
            "google,g-{i},{date},reply,public,Manager,Thanks\n"
        ));
    }
    csv.push_str("google,g-ok,2026-03-04T10:00:00Z,reply,public,Manager,Thanks\n");
    let p = read_bytes("log.csv", csv.as_bytes());
    let ids: Vec<&str> = p.actions.iter().map(|a| a.review_id.as_str()).collect();
    assert_eq!(ids, ["g-ok"]);
    assert_eq!(
        placed(&p),
        [
            (Some(2), Some(3), "bad-row", Severity::Error),
            (Some(3), Some(3), "bad-row", Severity::Error),
            (Some(4), Some(3), "bad-row", Severity::Error),
        ]
    );
}

#[test]
fn a_multibyte_character_after_a_date_in_yelp_json_lines_is_a_bad_row_not_a_panic() {
    let mut jsonl = String::new();
    for (i, date) in DATES_WITH_A_MULTIBYTE_CHARACTER.iter().enumerate() {
        jsonl.push_str(&format!(
            r#"{{"review_id":"y-{i}","user_id":"u","business_id":"b","stars":4.0,"text":"t","date":"{date}"}}"#
        ));
        jsonl.push('\n');
    }
    jsonl.push_str(
        r#"{"review_id":"y-ok","user_id":"u","business_id":"b","stars":4.0,"text":"t","date":"2026-03-04 10:00:00"}"#,
    );
    jsonl.push('\n');
    let p = read_bytes("review.json", jsonl.as_bytes());
    let ids: Vec<&str> = p.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["y-ok"]);
    let lines: Vec<Option<u32>> = p.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(1), Some(2), Some(3)]);
    assert!(
        p.problems
            .iter()
            .all(|p| p.code == "bad-row" && p.severity == Severity::Error)
    );
}

#[test]
fn a_review_text_of_megabytes_is_cut_to_64_kib_and_still_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviews.csv");
    let text = "I waited for hours. ".repeat(500_000);
    std::fs::write(
        &path,
        format!(
            "platform,review_id,location,author,rating,posted_at,text\ngoogle,huge,Downtown,A,1,2026-03-04T10:00:00Z,\"{text}\"\ngoogle,small,Downtown,B,5,2026-03-04T11:00:00Z,fine\n"
        ),
    )
    .unwrap();
    let data = reputable::ingest::load_files(
        &[(path, "content/reviews/reviews.csv".to_string())],
        &common::tz(),
    );
    let ids: Vec<&str> = data.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["huge", "small"]);
    let cut = data.reviews[0].text.as_deref().unwrap();
    let limit = reputable::ingest::limits::TEXT_LIMIT;
    assert_eq!(&cut[..limit], &text[..limit]);
    assert_eq!(
        &cut[limit..],
        " … [cut: this text is 10.0 MB long; reputable keeps its first 64 KB]"
    );
    assert_eq!(data.reviews[1].text.as_deref(), Some("fine"));
    // Not a data problem: nothing to fix in the export.
    assert!(data.problems.is_empty(), "{:?}", data.problems);
}

/// Found by the `timestamp_oracle` fuzz target: the fast trim took a
/// vertical tab for a plain character (`is_ascii_whitespace` leaves it out,
/// `str::trim` does not), so `\v2026-03-04T09Z` was refused while jiff reads
/// the trimmed text as an instant.
#[test]
fn a_vertical_tab_around_a_timestamp_is_trimmed_like_other_white_space() {
    use reputable::ingest::time::parse_when;
    use reputable::model::When;
    let want = When::Instant("2026-03-04T09:00:00Z".parse().unwrap());
    assert_eq!(parse_when("\u{b}2026-03-04T09Z"), Ok(want));
    assert_eq!(parse_when("2026-03-04T09:00:00Z\u{b}"), Ok(want));
    assert_eq!(reputable::ingest::record::trim("\u{b}x\u{b}"), "x");
}

/// Every reader cuts a long text and a long name as it keeps the record
/// (`ingest::limits`), not only the generic CSV of the test above: each
/// fixture of `tests/fixtures/formats` is read with its first text and
/// first name that it writes literally replaced by a 70 KB text and a
/// 2 KB name.
#[test]
fn every_reader_cuts_long_texts_and_names_as_it_reads() {
    use reputable::ingest::limits::{NAME_LIMIT, TEXT_LIMIT};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let (long_text, long_name) = ("x".repeat(70_000), "y".repeat(2_000));
    let mut tried = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(raw) = String::from_utf8(bytes) else {
            continue;
        };
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let before = common::read_bytes(&name, raw.as_bytes());
        // The fixtures of bad rows place their problems; these read clean.
        if !before.problems.is_empty() {
            continue;
        }
        let texts = before
            .reviews
            .iter()
            .filter_map(|r| r.text.as_deref())
            .chain(before.actions.iter().filter_map(|a| a.text.as_deref()));
        let names = before
            .reviews
            .iter()
            .filter_map(|r| r.author.as_deref())
            .chain(before.actions.iter().filter_map(|a| a.responder.as_deref()));
        // Long enough not to match inside other values.
        let literal = |s: &&str| s.len() >= 4 && raw.contains(*s);
        let (Some(text), name_found) = (texts.clone().find(literal), names.clone().find(literal))
        else {
            continue;
        };
        let mut changed = raw.replacen(text, &long_text, 1);
        if let Some(n) = name_found {
            changed = changed.replacen(n, &long_name, 1);
        }
        let after = common::read_bytes(&name, changed.as_bytes());
        let texts: Vec<&str> = after
            .reviews
            .iter()
            .filter_map(|r| r.text.as_deref())
            .chain(
                after
                    .reviews
                    .iter()
                    .filter_map(|r| r.embedded_reply.as_ref().map(|e| e.text.as_str())),
            )
            .chain(after.actions.iter().filter_map(|a| a.text.as_deref()))
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.ends_with("reputable keeps its first 64 KB]")),
            "{name}: no text was cut"
        );
        assert!(texts.iter().all(|t| t.len() < TEXT_LIMIT + 100), "{name}");
        let names: Vec<&str> = after
            .reviews
            .iter()
            .filter_map(|r| r.author.as_deref())
            .chain(after.actions.iter().filter_map(|a| a.responder.as_deref()))
            .collect();
        assert!(names.iter().all(|n| n.len() <= NAME_LIMIT + 3), "{name}");
        if name_found.is_some() {
            assert!(
                names.iter().any(|n| n.ends_with('…')),
                "{name}: no name was cut"
            );
        }
        tried.push(name);
    }
    // Every kind of reader: Google (list, batch, Takeout), Facebook,
    // Yelp, the scrapers, generic CSV and JSON Lines, the response log.
    for expected in [
        "google-list.json",
        "google-batch.json",
        "facebook-ratings.json",
        "facebook-ratings.jsonl",
        "yelp-review.json",
        "apify-reviews.csv",
        "apify-reviews.json",
        "outscraper-reviews.csv",
        "outscraper-places.json",
        "generic-reviews.csv",
        "generic-reviews.jsonl",
        "responses.csv",
        "responses.jsonl",
    ] {
        assert!(
            tried.iter().any(|t| t == expected),
            "{expected} not tried: {tried:?}"
        );
    }
}
