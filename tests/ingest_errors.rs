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

/// One hand-made mistake: a file, how many records a person would count in
/// it, and how many of them are read.
struct Mistake {
    name: &'static str,
    file: &'static str,
    text: &'static str,
    rows: usize,
    read: usize,
}

const LOG_HEADER: &str = "platform,review_id,at,action,channel,responder,text\n";

/// Mistakes users make by hand or get from a broken export. Each must be
/// reported, and every record accounted for: read, or named by a problem.
const MISTAKES: &[Mistake] = &[
    Mistake {
        name: "unquoted_comma",
        file: "responses/log.csv",
        text: "platform,review_id,at,action,channel,responder,text\n\
               google,r1,2026-03-04T09:30:00Z,reply,public,Desk,Thanks for the kind words\n\
               google,r2,2026-03-05T09:30:00Z,reply,public,Desk,Thank you, Casey, for your kind words\n\
               google,r3,2026-03-06T09:30:00Z,reply,public,Desk,\"Thank you, Sam\"\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "fewer_fields",
        file: "reviews/reviews.csv",
        text: "platform,review_id,location,author,rating,posted_at,text\n\
               google,a1,Downtown,Jo,5,2026-03-04,Good.\n\
               google,a2,Downtown,Al,4,2026-03-05\n\
               google,a3,Downtown,Bo,3,2026-03-06,\"Fine,\n\
               quick\"\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "unterminated_quote_at_the_end",
        file: "responses/log.csv",
        text: "platform,review_id,at,action,channel,responder,text\n\
               google,r1,2026-03-04T09:30:00Z,reply,public,Desk,\"Thank you, Casey\n\
               google,r2,2026-03-05T09:30:00Z,reply,public,Desk,Thanks again\n",
        rows: 2,
        read: 1,
    },
    Mistake {
        name: "unterminated_quote_closed_by_a_later_one",
        file: "responses/log.csv",
        text: "platform,review_id,at,action,channel,responder,text\n\
               google,r1,2026-03-04T09:30:00Z,reply,public,Desk,\"Thank you, Casey\n\
               google,r2,2026-03-05T09:30:00Z,reply,public,Desk,\"Thanks, again\"\n\
               google,r3,2026-03-06T09:30:00Z,reply,public,Desk,Bye\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "duplicate_column",
        file: "reviews/reviews.csv",
        text: "platform,review_id,rating,posted_at,text,Rating\n\
               google,a1,5,2026-03-04,Good.,1\n\
               google,a2,2,2026-03-05,Slow.,4\n",
        rows: 2,
        read: 2,
    },
    Mistake {
        name: "duplicate_json_key",
        file: "reviews/reviews.jsonl",
        text: "{\"platform\":\"google\",\"review_id\":\"a1\",\"rating\":5,\"posted_at\":\"2026-03-04\",\"rating\":1}\n\
               {\"platform\":\"google\",\"review_id\":\"a2\",\"stars\":2,\"posted_at\":\"2026-03-05\",\"rating\":4}\n",
        rows: 2,
        read: 2,
    },
    Mistake {
        name: "duplicate_key_in_a_google_review",
        file: "reviews/reviews.json",
        text: "{\"reviews\": [\n  {\"name\": \"accounts/1/locations/2/reviews/g1\", \"starRating\": \"FIVE\", \"createTime\": \"2026-03-04T09:30:00Z\", \"starRating\": \"ONE\"}\n]}\n",
        rows: 1,
        read: 1,
    },
    Mistake {
        name: "empty_first_json_lines_record",
        file: "reviews/reviews.jsonl",
        text: "{}\n\
               {\"platform\":\"google\",\"review_id\":\"a1\",\"rating\":5,\"posted_at\":\"2026-03-04\"}\n\
               {\"platform\":\"yelp\",\"review_id\":\"a2\",\"rating\":4,\"posted_at\":\"2026-03-05\"}\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "broken_first_json_lines_record",
        file: "responses/log.jsonl",
        text: "{\"platform\": \"google\" \"review_id\": \"r0\"}\n\
               {\"platform\":\"google\",\"review_id\":\"r1\",\"at\":\"2026-03-04T09:30:00Z\",\"action\":\"reply\"}\n",
        rows: 2,
        read: 1,
    },
    Mistake {
        name: "cut_short_first_json_lines_record",
        file: "reviews/reviews.jsonl",
        text: "{\"platform\":\"google\",\"review_id\":\"a0\",\"rating\":5,\"posted_at\":\"2026-\n\
               {\"platform\":\"google\",\"review_id\":\"a1\",\"rating\":5,\"posted_at\":\"2026-03-04\"}\n\
               {\"platform\":\"yelp\",\"review_id\":\"a2\",\"rating\":4,\"posted_at\":\"2026-03-05\"}\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "broken_first_element_of_a_json_array",
        file: "reviews/reviews.json",
        text: "[\n  {\"platform\": \"google\" \"id\": \"a0\", \"stars\": 5, \"date\": \"2026-03-03\"},\n  {\"platform\":\"google\",\"id\":\"a1\",\"stars\":2,\"date\":\"2026-03-04\"},\n  {\"platform\":\"yelp\",\"id\":\"a2\",\"stars\":3,\"date\":\"2026-03-05\"}\n]\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "broken_review_in_a_takeout_file",
        file: "reviews/location-7/reviews.json",
        text: "{\n  \"reviews\": [\n    {\n      \"name\": \"accounts/1/locations/2/reviews/g1\",\n      \"starRating\": \"FIVE\",\n      \"createTime\": \"2026-03-04T09:30:00Z\"\n    },\n    {\n      \"name\": \"accounts/1/locations/2/reviews/g2\",\n      \"starRating\": \"TWO\"\n      \"createTime\": \"2026-03-05T09:30:00Z\"\n    },\n    {\n      \"name\": \"accounts/1/locations/2/reviews/g3\",\n      \"starRating\": \"FOUR\",\n      \"createTime\": \"2026-03-06T09:30:00Z\"\n    }\n  ],\n  \"totalReviewCount\": 3\n}\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "bad_value_in_the_first_element_of_a_json_array",
        file: "reviews/reviews.json",
        text: "[\n  {\"platform\": \"google\", \"id\": \"a0\", \"stars\": \"five\"},\n  {\"platform\":\"google\",\"id\":\"a1\",\"stars\":2,\"date\":\"2026-03-04\"},\n  {\"platform\":\"yelp\",\"id\":\"a2\",\"stars\":3,\"date\":\"2026-03-05\"}\n]\n",
        rows: 3,
        read: 2,
    },
    Mistake {
        name: "empty_first_element_of_a_json_array",
        file: "reviews/reviews.json",
        text: "[\n  {},\n  {\"platform\":\"google\",\"id\":\"a1\",\"stars\":2,\"date\":\"2026-03-04\"}\n]\n",
        rows: 2,
        read: 1,
    },
    Mistake {
        name: "second_reviews_array",
        file: "reviews/takeout.json",
        text: "{\n  \"reviews\": [\n    {\"name\": \"accounts/1/locations/2/reviews/g1\", \"starRating\": \"FIVE\", \"createTime\": \"2026-03-04T09:30:00Z\"}\n  ],\n  \"reviews\": [\n    {\"name\": \"accounts/1/locations/2/reviews/g2\", \"starRating\": \"TWO\", \"createTime\": \"2026-03-05T09:30:00Z\"}\n  ]\n}\n",
        rows: 2,
        read: 2,
    },
    Mistake {
        name: "reviews_and_another_array",
        file: "reviews/takeout.json",
        text: "{\n  \"reviews\": [\n    {\"name\": \"accounts/1/locations/2/reviews/g1\", \"starRating\": \"FIVE\", \"createTime\": \"2026-03-04T09:30:00Z\"}\n  ],\n  \"data\": [\n    {\"created_time\": \"2026-03-05T09:30:00+0000\", \"recommendation_type\": \"positive\"}\n  ]\n}\n",
        rows: 2,
        read: 1,
    },
    Mistake {
        name: "unrecognised_csv",
        file: "reviews/export.csv",
        text: "Reviewer,Stars,Comment\nJo,5,Good.\nAl,\"4\",\"Fine,\nquick\"\n",
        rows: 2,
        read: 0,
    },
];

/// How many records a file's problems account for: the lines with an
/// error, plus the rows a problem says are not read as a whole.
fn accounted(p: &reputable::ingest::Parsed) -> usize {
    let mut lines: Vec<u32> = p
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error && p.code == "bad-row")
        .filter_map(|p| p.line)
        .collect();
    lines.dedup();
    let unread: usize = p
        .problems
        .iter()
        .filter_map(|p| p.unread.as_ref())
        .map(|u| u.rows)
        .sum();
    let unexpected: usize = p
        .problems
        .iter()
        .filter(|p| p.code == "unexpected-shape")
        .count();
    lines.len() + unread + unexpected
}

#[test]
fn hand_made_mistakes_are_reported_and_nothing_is_dropped_in_silence() {
    for m in MISTAKES {
        let p = common::read_bytes(&format!("content/{}", m.file), m.text.as_bytes());
        let read = p.reviews.len() + p.actions.len() + p.requests.len();
        assert_eq!(read, m.read, "{}: records read\n{}", m.name, shown(&p));
        assert!(!p.problems.is_empty(), "{}: no problem", m.name);
        assert_eq!(
            read + accounted(&p),
            m.rows,
            "{}: every record is read or named by a problem\n{}",
            m.name,
            shown(&p)
        );
        insta::assert_snapshot!(format!("mistake_{}", m.name), shown(&p));
    }
}

#[test]
fn the_row_after_an_unquoted_comma_and_an_open_quote_is_read_with_its_own_values() {
    let p = common::read_bytes("content/responses/log.csv", MISTAKES[3].text.as_bytes());
    let got: Vec<(&str, u32, Option<&str>)> = p
        .actions
        .iter()
        .map(|a| (a.review_id.as_str(), a.origin.line, a.text.as_deref()))
        .collect();
    assert_eq!(
        got,
        [("r2", 3, Some("Thanks, again")), ("r3", 4, Some("Bye"))]
    );
    let p = common::read_bytes("content/responses/log.csv", MISTAKES[0].text.as_bytes());
    let e = &p.problems[0];
    assert_eq!((e.line, e.column), (Some(3), Some(8)));
    assert!(e.message.contains("`Casey`"), "{}", e.message);
    let _ = LOG_HEADER;
}

#[test]
fn duplicate_columns_and_keys_read_the_first_value() {
    let p = common::read_bytes("content/reviews/r.csv", MISTAKES[4].text.as_bytes());
    let ratings: Vec<Option<f64>> = p.reviews.iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Some(5.0), Some(2.0)]);
    let p = common::read_bytes("content/reviews/r.jsonl", MISTAKES[5].text.as_bytes());
    let ratings: Vec<Option<f64>> = p.reviews.iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Some(5.0), Some(2.0)]);
    let places: Vec<String> = p.problems.iter().map(|p| p.place()).collect();
    assert_eq!(
        places,
        [
            "content/reviews/r.jsonl:1:75",
            "content/reviews/r.jsonl:2:74"
        ]
    );
    let google = MISTAKES
        .iter()
        .find(|m| m.name == "duplicate_key_in_a_google_review")
        .unwrap();
    let p = common::read_bytes("content/reviews/g.json", google.text.as_bytes());
    assert_eq!(p.reviews[0].rating, Some(5.0));
    assert_eq!(p.problems[0].place(), "content/reviews/g.json:2:109");
}
