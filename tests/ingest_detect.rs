//! Format detection (SPEC §3.2): by content, never by file name; BOM, CRLF
//! and empty files handled; unknown content is one clear warning.

mod common;

use common::{read_bytes, shown};
use reputable::problems::Severity;

const GENERIC_CSV: &str = "platform,review_id,location,author,rating,posted_at,text\ngoogle,a1,Downtown,Jo,5,2026-03-04,Good.\n";
const GENERIC_JSONL: &str =
    "{\"platform\":\"google\",\"review_id\":\"a1\",\"rating\":5,\"posted_at\":\"2026-03-04\"}\n";

#[test]
fn the_file_name_never_decides_the_format() {
    for (name, text) in [
        ("reviews.json", GENERIC_CSV),
        ("reviews.csv", GENERIC_JSONL),
        ("no-extension", GENERIC_CSV),
    ] {
        let p = read_bytes(name, text.as_bytes());
        assert!(p.problems.is_empty(), "{name}: {}", shown(&p));
        assert_eq!(p.reviews.len(), 1, "{name}");
        assert_eq!(p.reviews[0].id, "a1");
    }
}

#[test]
fn bom_and_crlf_are_accepted_in_json_lines() {
    let text = format!("\u{feff}{}", GENERIC_JSONL.replace('\n', "\r\n"));
    let p = read_bytes("r.jsonl", text.as_bytes());
    assert!(p.problems.is_empty(), "{}", shown(&p));
    assert_eq!(p.reviews[0].rating, Some(5.0));
}

#[test]
fn semicolon_separated_csv_is_read() {
    let text = "platform;review_id;rating;posted_at;text\ngoogle;s1;4;2026-03-04;\"Good; quick\"\n";
    let p = read_bytes("r.csv", text.as_bytes());
    assert!(p.problems.is_empty(), "{}", shown(&p));
    assert_eq!(p.reviews[0].text.as_deref(), Some("Good; quick"));
}

#[test]
fn a_one_line_google_response_is_a_document_not_json_lines() {
    let text = r#"{"reviews":[{"name":"accounts/1/locations/2/reviews/x","starRating":"THREE","createTime":"2026-03-04T09:30:00Z"}],"totalReviewCount":1}"#;
    let p = read_bytes("page.json", text.as_bytes());
    assert!(p.problems.is_empty(), "{}", shown(&p));
    assert_eq!(p.reviews[0].id, "x");
    assert_eq!(p.reviews[0].rating, Some(3.0));
}

#[test]
fn a_json_array_of_generic_records_is_read() {
    let text = "[\n  {\"platform\":\"google\",\"id\":\"a1\",\"stars\":2,\"date\":\"2026-03-04\"},\n  {\"platform\":\"yelp\",\"id\":\"a2\",\"stars\":3,\"date\":\"2026-03-05\"}\n]\n";
    let p = read_bytes("reviews.json", text.as_bytes());
    assert!(p.problems.is_empty(), "{}", shown(&p));
    let got: Vec<(&str, u32)> = p
        .reviews
        .iter()
        .map(|r| (r.id.as_str(), r.origin.line))
        .collect();
    assert_eq!(got, [("a1", 2), ("a2", 3)]);
}

#[test]
fn an_empty_page_of_google_reviews_is_not_a_problem() {
    let p = read_bytes(
        "page.json",
        br#"{"averageRating": 4.2, "totalReviewCount": 0}"#,
    );
    assert!(p.problems.is_empty(), "{}", shown(&p));
    assert!(p.reviews.is_empty());
}

#[test]
fn empty_files_are_a_notice() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"  \r\n\n"] {
        let p = read_bytes("empty.csv", bytes);
        let codes: Vec<(&str, Severity)> =
            p.problems.iter().map(|p| (p.code, p.severity)).collect();
        assert_eq!(codes, [("empty-file", Severity::Notice)], "{bytes:?}");
    }
}

#[test]
fn unrecognised_csv_is_one_warning_naming_the_accepted_formats() {
    let p = read_bytes(
        "content/reviews/staff.csv",
        b"first_name,last_name,extension\nJo,Park,201\n",
    );
    assert!(p.reviews.is_empty());
    insta::assert_snapshot!(shown(&p));
}

#[test]
fn unrecognised_json_is_one_warning() {
    let p = read_bytes(
        "content/reviews/settings.json",
        b"{\n  \"theme\": \"dark\"\n}\n",
    );
    let codes: Vec<(&str, Severity)> = p.problems.iter().map(|p| (p.code, p.severity)).collect();
    assert_eq!(codes, [("unrecognised-file", Severity::Warning)]);
    assert!(p.problems[0].message.contains("`theme`"));
}

#[test]
fn text_that_is_not_utf8_is_an_error_with_its_place() {
    let p = read_bytes(
        "latin1.csv",
        b"platform,review_id,rating,posted_at,text\ngoogle,a,5,2026-03-04,Caf\xe9\n",
    );
    let e = &p.problems[0];
    assert_eq!(
        (e.code, e.line, e.column),
        ("unreadable-file", Some(2), Some(26))
    );
    assert!(e.message.contains("UTF-8"));
}

#[test]
fn the_init_scaffold_data_reads_cleanly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scaffold/content");
    let mut counts = Vec::new();
    for f in [
        "reviews/reviews.csv",
        "responses/log.csv",
        "requests/requests.csv",
    ] {
        let Ok(bytes) = std::fs::read(root.join(f)) else {
            eprintln!("note: scaffold/content/{f} is absent; skipping");
            continue;
        };
        let p = read_bytes(f, &bytes);
        assert!(p.problems.is_empty(), "{f}: {}", shown(&p));
        counts.push(p.reviews.len() + p.actions.len() + p.requests.len());
    }
    if counts.len() == 3 {
        assert_eq!(counts, [10, 8, 4]);
    }
}

#[test]
fn json_lines_with_a_broken_first_line_are_still_json_lines() {
    let text = format!("{{\"platform\": \"google\" \"review_id\": 1}}\n{GENERIC_JSONL}");
    let p = read_bytes("r.jsonl", text.as_bytes());
    assert_eq!(p.reviews.len(), 1);
    let codes: Vec<(&str, Option<u32>)> = p.problems.iter().map(|p| (p.code, p.line)).collect();
    assert_eq!(codes, [("bad-row", Some(1))]);
}

#[test]
fn workbooks_archives_and_documents_are_skipped_with_what_to_do() {
    let cases: [(&str, &[u8], Severity, &str); 4] = [
        (
            "reviews.xlsx",
            b"PK\x03\x04\x14\x00",
            Severity::Error,
            "save the sheet as CSV UTF-8",
        ),
        (
            "takeout.zip",
            b"PK\x03\x04\x0a\x00",
            Severity::Error,
            "unzip the export",
        ),
        (
            "reviews.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1",
            Severity::Error,
            "old Excel workbook",
        ),
        (
            "policy.pdf",
            b"%PDF-1.7\n",
            Severity::Warning,
            "a PDF document",
        ),
    ];
    for (name, bytes, severity, says) in cases {
        let p = read_bytes(name, bytes);
        assert_eq!(p.problems.len(), 1, "{name}");
        let e = &p.problems[0];
        assert_eq!((e.code, e.severity), ("skipped-file", severity), "{name}");
        assert!(e.message.contains(says), "{name}: {}", e.message);
    }
}

#[test]
fn a_pretty_document_with_one_line_records_is_not_json_lines() {
    // Two one-line arrays: whole objects on two lines, but lines of keys
    // and brackets around them.
    let text = "{\n  \"reviews\": [\n    {\"name\": \"accounts/1/locations/2/reviews/g1\", \"starRating\": \"FIVE\", \"createTime\": \"2026-03-04T09:30:00Z\"}\n  ],\n  \"nextPageToken\": \"x\",\n  \"totalReviewCount\": 2\n}\n";
    let p = read_bytes("page.json", text.as_bytes());
    assert!(p.problems.is_empty(), "{}", shown(&p));
    assert_eq!(p.reviews.len(), 1);
}
