//! One test per reader of SPEC §3.2–3.4, each on a fixture written in the
//! shape of the real export, asserting what a user would check: ids,
//! ratings, timestamps and their precision, locations, embedded replies.

mod common;

use common::{instant, read, read_clean, ts};
use reputable::model::{ActionKind, Precision};

/// platform, id, location, rating, precision of `posted`, line.
type ReviewRow<'a> = (&'a str, &'a str, &'a str, Option<f64>, Precision, u32);
/// platform, review id, action, channel, precision of `at`, line.
type ActionRow<'a> = (
    &'a str,
    &'a str,
    ActionKind,
    Option<&'a str>,
    Precision,
    u32,
);

#[test]
fn google_list_response_reads_ids_stars_times_and_reply() {
    let p = read_clean("google-list.json");
    assert_eq!(p.reviews.len(), 3);
    let r = &p.reviews[0];
    assert_eq!(r.platform, "google");
    assert_eq!(r.id, "AbFvOqm1");
    assert_eq!(r.source_location, "accounts/1029/locations/5531");
    assert_eq!(r.author.as_deref(), Some("Jordan Price"));
    assert_eq!(r.rating, Some(4.0));
    instant(&r.posted, "2026-03-04T09:30:00.123Z");
    instant(r.updated.as_ref().unwrap(), "2026-03-05T10:00:00Z");
    assert_eq!(
        r.text.as_deref(),
        Some("Quick check-in and a clear explanation of the bill.")
    );
    let reply = r.embedded_reply.as_ref().expect("reviewReply is read");
    assert_eq!(reply.text, "Thank you for taking the time to write to us.");
    instant(&reply.at, "2026-03-06T14:15:30.5Z");
    // The record's line is the line of its opening brace.
    assert_eq!(r.origin.line, 3);

    // A star-only review has no text and no reply.
    let star_only = &p.reviews[1];
    assert_eq!(star_only.id, "AbFvOqm2");
    assert_eq!(star_only.rating, Some(5.0));
    assert_eq!(star_only.text, None);
    assert!(star_only.embedded_reply.is_none());
    assert_eq!(star_only.origin.line, 19);

    // STAR_RATING_UNSPECIFIED is unrated; the id comes from `name` alone.
    assert_eq!(p.reviews[2].id, "AbFvOqm3");
    assert_eq!(p.reviews[2].rating, None);
}

#[test]
fn google_takeout_without_names_takes_the_location_folder() {
    let p = read_clean("takeout/location-8812/reviews.json");
    assert_eq!(p.reviews.len(), 2);
    let r = &p.reviews[0];
    assert_eq!(r.id, "tk-001");
    assert_eq!(r.source_location, "location-8812");
    assert_eq!(r.rating, Some(2.0));
    assert_eq!(
        r.text.as_deref(),
        Some("Waited an hour past the booked time.\nNobody explained why.")
    );
    // Six-digit fractions are kept to the microsecond.
    instant(&r.posted, "2025-11-02T15:20:45.610672Z");
    instant(
        &r.embedded_reply.as_ref().unwrap().at,
        "2025-11-04T09:28:17.981832Z",
    );
    assert_eq!(p.reviews[1].rating, Some(1.0));
    assert_eq!(p.reviews[1].source_location, "location-8812");
}

#[test]
fn google_batch_get_reviews_takes_the_location_beside_each_review() {
    let p = read_clean("google-batch.json");
    let got: Vec<(&str, &str, Option<f64>)> = p
        .reviews
        .iter()
        .map(|r| (r.id.as_str(), r.source_location.as_str(), r.rating))
        .collect();
    assert_eq!(
        got,
        [
            ("Bx1", "accounts/1029/locations/5531", Some(3.0)),
            ("Bx2", "accounts/1029/locations/7702", Some(5.0)),
        ]
    );
    let reply = p.reviews[1].embedded_reply.as_ref().unwrap();
    assert_eq!(reply.text, "Thank you for the five stars!");
    instant(&reply.at, "2026-04-02T11:45:00Z");
}

#[test]
fn yelp_dates_are_local_time_of_the_configured_zone() {
    let p = read_clean("yelp-review.json");
    assert_eq!(p.reviews.len(), 2);
    let r = &p.reviews[0];
    assert_eq!(r.platform, "yelp");
    assert_eq!(r.id, "KU_O5udG6zpxOg-VcAEodg");
    assert_eq!(r.source_location, "yelp-biz-8Hq2");
    assert_eq!(r.author.as_deref(), Some("mh_-eMZ6K5RLWhZyISBhwA"));
    assert_eq!(r.rating, Some(3.0));
    assert_eq!(
        r.text.as_deref(),
        Some("Clean office, but the \"quick\" visit took two hours.")
    );
    assert_eq!(r.posted.precision, Precision::Local);
    // 01:30 EST is 06:30 UTC.
    assert_eq!(r.posted.instant, ts("2026-03-08T06:30:00Z"));
    // 02:30 does not exist on 8 March 2026 in New York (clocks jump to
    // 03:00): it moves forward by the gap, to 03:30 EDT.
    assert_eq!(p.reviews[1].posted.instant, ts("2026-03-08T07:30:00Z"));
    // The blank line between records does not shift line numbers.
    assert_eq!(p.reviews[1].origin.line, 3);
}

#[test]
fn facebook_page_ratings_map_recommendations_and_page_ids() {
    let p = read_clean("facebook-ratings.json");
    let got: Vec<(&str, Option<f64>, &str, Option<&str>)> = p
        .reviews
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.rating,
                r.source_location.as_str(),
                r.author.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2918840001", Some(5.0), "fb-page-12", Some("Alex Tran")),
            ("2918840002", Some(1.0), "fb-page-77", Some("Pat Quinn")),
            ("2918840003", Some(4.0), "fb-page-12", Some("Jo Park")),
        ]
    );
    assert!(p.reviews.iter().all(|r| r.platform == "facebook"));
    instant(&p.reviews[0].posted, "2026-03-04T09:30:00Z");
    assert_eq!(p.reviews[2].text, None);
}

#[test]
fn facebook_ratings_as_json_lines_derive_an_id_when_none_is_given() {
    let p = read_clean("facebook-ratings.jsonl");
    assert_eq!(p.reviews[0].id, "fb-r-1");
    assert_eq!(p.reviews[1].rating, Some(1.0));
    assert!(p.reviews[1].id.starts_with('h') && p.reviews[1].id.len() == 17);
    assert_eq!(p.reviews[1].origin.line, 2);
    // Deriving is stable: reading again gives the same id.
    assert_eq!(
        read("facebook-ratings.jsonl").reviews[1].id,
        p.reviews[1].id
    );
}

#[test]
fn apify_csv_reads_absolute_dates_and_the_owner_response() {
    let p = read_clean("apify-reviews.csv");
    assert_eq!(p.reviews.len(), 2);
    let r = &p.reviews[0];
    assert_eq!(r.platform, "google");
    assert_eq!(r.id, "ChZDSUhNMG9nS0VJQ0FnSUN4M3Z1ZxAB");
    assert_eq!(r.source_location, "ChIJN1t_tDeuEmsRUsoyG83frY4");
    assert_eq!(r.author.as_deref(), Some("Jordan Price"));
    assert_eq!(r.rating, Some(4.0));
    assert_eq!(
        r.text.as_deref(),
        Some("Front desk was great.\nDoctor ran late.")
    );
    // `publishAt` ("3 weeks ago") is never read; `publishedAtDate` is.
    instant(&r.posted, "2026-02-10T15:04:05.123Z");
    let reply = r.embedded_reply.as_ref().unwrap();
    assert_eq!(reply.text, "Thank you, Jordan!");
    instant(&reply.at, "2026-02-11T09:00:00Z");
    assert_eq!(r.origin.line, 2);
    // The second record starts on line 4: the first spans two lines.
    assert_eq!(p.reviews[1].origin.line, 4);
    assert!(p.reviews[1].embedded_reply.is_none());
    assert_eq!(p.reviews[1].text, None);
}

#[test]
fn apify_json_reads_the_same_columns() {
    let p = read_clean("apify-reviews.json");
    let r = &p.reviews[0];
    assert_eq!(r.id, "ChdDSUhNMG9nS0VJQ0FnSURwNnFXbGdBRRAB");
    assert_eq!(r.rating, Some(2.0));
    instant(&r.posted, "2026-03-01T12:34:56.789Z");
    instant(
        &r.embedded_reply.as_ref().unwrap().at,
        "2026-03-02T16:00:00Z",
    );
    assert_eq!(r.source_location, "ChIJN1t_tDeuEmsRUsoyG83frY4");
    assert_eq!(r.origin.line, 2);
}

#[test]
fn outscraper_csv_reads_unix_seconds_and_utc_datetimes() {
    let p = read_clean("outscraper-reviews.csv");
    let r = &p.reviews[0];
    assert_eq!(r.platform, "google");
    assert_eq!(r.id, "ChdDSUhNMG9nS0VJQ0FnSURKNWF5eHN3RRAB");
    assert_eq!(r.author.as_deref(), Some("Morgan Shaw"));
    assert_eq!(r.source_location, "ChIJT2h1HKZZwokR0kgzEtsa03k");
    assert_eq!(r.rating, Some(2.0));
    instant(&r.posted, "2026-03-04T09:30:00Z");
    let reply = r.embedded_reply.as_ref().unwrap();
    assert_eq!(
        reply.text,
        "We're sorry to read this. Please call 555-0100."
    );
    instant(&reply.at, "2026-03-04T17:00:00Z");
    // Without review_timestamp, review_datetime_utc (MM/DD/YYYY, UTC) is used.
    instant(&p.reviews[1].posted, "2026-03-05T14:22:10Z");
    assert_eq!(p.reviews[1].rating, Some(5.0));
}

#[test]
fn outscraper_json_nests_reviews_under_their_place() {
    let p = read_clean("outscraper-places.json");
    assert_eq!(p.reviews.len(), 1);
    let r = &p.reviews[0];
    assert_eq!(r.id, "ChdDSUhNMG9nS0VJQ0FnSURKNWF5eHN3RRAD");
    // The place's own place_id: the review's google_id names the same place.
    assert_eq!(r.source_location, "ChIJT2h1HKZZwokR0kgzEtsa03k");
    let aliases: Vec<(&str, &str)> = p
        .aliases
        .iter()
        .map(|(l, a)| (l.as_str(), a.as_str()))
        .collect();
    assert_eq!(
        aliases,
        [
            (
                "ChIJT2h1HKZZwokR0kgzEtsa03k",
                "0x89c259a61c75684f:0x79d31adb123348d2"
            ),
            ("ChIJT2h1HKZZwokR0kgzEtsa03k", "Riverside Family Health"),
        ]
    );
    instant(&r.posted, "2026-03-05T12:00:00Z");
    instant(
        &r.embedded_reply.as_ref().unwrap().at,
        "2026-03-05T17:00:00Z",
    );
    assert_eq!(r.origin.line, 10);
}

#[test]
fn generic_csv_reads_aliases_bom_crlf_quoted_newlines_and_empty_ratings() {
    let p = read_clean("generic-reviews.csv");
    let got: Vec<ReviewRow> = p
        .reviews
        .iter()
        .map(|r| {
            (
                r.platform.as_str(),
                r.id.as_str(),
                r.source_location.as_str(),
                r.rating,
                r.posted.precision,
                r.origin.line,
            )
        })
        .collect();
    let derived = p.reviews[1].id.as_str();
    assert_eq!(
        got,
        [
            (
                "google",
                "g-100",
                "Downtown",
                Some(5.0),
                Precision::Instant,
                2
            ),
            (
                "healthgrades",
                derived,
                "Downtown",
                None,
                Precision::Date,
                3
            ),
            (
                "trustpilot",
                "tp-7",
                "Uptown",
                Some(5.0),
                Precision::Local,
                5
            ),
            ("yelp", "y-9", "Uptown", Some(4.5), Precision::Instant, 6),
        ]
    );
    assert!(derived.starts_with('h'), "{derived}");
    assert_eq!(
        p.reviews[1].text.as_deref(),
        Some("Parking was hard to find.\r\nThe signs are small.")
    );
    assert_eq!(p.reviews[2].author.as_deref(), Some("Lee \"LJ\" Wong"));
    assert_eq!(p.reviews[2].text, None);
    assert_eq!(
        p.reviews[1].posted.date,
        "2026-03-05".parse::<jiff::civil::Date>().unwrap()
    );
    instant(&p.reviews[3].posted, "2026-03-06T12:26:40Z");
}

#[test]
fn generic_json_lines_read_aliases_offsets_and_rating_scales() {
    let p = read_clean("generic-reviews.jsonl");
    let r = &p.reviews[0];
    assert_eq!(
        (
            r.platform.as_str(),
            r.id.as_str(),
            r.source_location.as_str()
        ),
        ("google", "g-200", "Downtown")
    );
    assert_eq!(r.author.as_deref(), Some("Robin K."));
    assert_eq!(r.rating, Some(4.0));
    instant(&r.posted, "2026-03-10T04:30:00Z");
    assert_eq!(p.reviews[1].rating, None);
    assert_eq!(
        p.reviews[1].text.as_deref(),
        Some("Café staff were lovely — ☕")
    );
    // 8 on a 10-point scale is 4; `-0500` is an offset.
    assert_eq!(p.reviews[2].rating, Some(4.0));
    instant(&p.reviews[2].posted, "2026-03-12T13:00:00Z");
}

#[test]
fn a_rating_10_column_puts_the_file_on_a_ten_point_scale() {
    let p = read_clean("generic-rating10.csv");
    let ratings: Vec<Option<f64>> = p.reviews.iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Some(5.0), Some(1.5)]);
}

#[test]
fn response_log_csv_reads_every_action_and_keeps_empty_text() {
    let p = read_clean("responses.csv");
    let got: Vec<ActionRow> = p
        .actions
        .iter()
        .map(|a| {
            (
                a.platform.as_str(),
                a.review_id.as_str(),
                a.kind,
                a.channel.as_deref(),
                a.at.precision,
                a.origin.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "google",
                "g-100",
                ActionKind::Reply,
                Some("public"),
                Precision::Instant,
                2
            ),
            (
                "google",
                "g-100",
                ActionKind::Contact,
                Some("phone"),
                Precision::Local,
                3
            ),
            ("yelp", "y-9", ActionKind::Ignore, None, Precision::Date, 4),
            (
                "google",
                "g-300",
                ActionKind::Flag,
                Some("platform"),
                Precision::Instant,
                5
            ),
        ]
    );
    let first = &p.actions[0];
    assert_eq!(
        first.text.as_deref(),
        Some("Thank you, and see you, \"soon\".")
    );
    assert_eq!(first.responder.as_deref(), Some("Practice manager"));
    assert!(!first.embedded);
    assert_eq!(p.actions[1].text, None);
    // 09:00 local in New York on 5 March is 14:00 UTC.
    assert_eq!(p.actions[1].at.instant, ts("2026-03-05T14:00:00Z"));
    assert_eq!(
        p.actions[3].text.as_deref(),
        Some("Off-topic spam,\nreported.")
    );
}

#[test]
fn response_log_json_lines_accept_aliases() {
    let p = read_clean("responses.jsonl");
    let a = &p.actions[0];
    assert_eq!(
        (a.platform.as_str(), a.review_id.as_str()),
        ("facebook", "fb-9")
    );
    assert_eq!(a.kind, ActionKind::Remove);
    assert_eq!((a.channel.as_deref(), a.text.as_deref()), (None, None));
    instant(&a.at, "2026-03-12T10:00:00Z");
    let b = &p.actions[1];
    assert_eq!(
        (b.platform.as_str(), b.review_id.as_str()),
        ("google", "g-200")
    );
    assert_eq!(b.kind, ActionKind::Reply);
    assert_eq!(b.channel.as_deref(), Some("public"));
    assert_eq!(b.responder.as_deref(), Some("Front desk"));
    assert_eq!(b.text.as_deref(), Some("Thank you!"));
}

#[test]
fn review_requests_count_invitations() {
    let p = read_clean("requests.csv");
    let got: Vec<(String, &str, &str, u64, u32)> = p
        .requests
        .iter()
        .map(|r| {
            (
                r.date.to_string(),
                r.location.as_str(),
                r.channel.as_str(),
                r.sent,
                r.origin.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2026-09-30".to_owned(), "main-street", "sms", 120, 2),
            ("2026-10-31".to_owned(), "riverside", "unspecified", 1095, 3),
        ]
    );
}

#[test]
fn archives_and_logs_load_together_and_link() {
    let names = [
        "generic-reviews.csv",
        "generic-reviews.jsonl",
        "responses.csv",
        "responses.jsonl",
        "apify-reviews.csv",
    ];
    let files: Vec<(std::path::PathBuf, String)> = names
        .iter()
        .map(|n| (common::fixture(n), format!("formats/{n}")))
        .collect();
    let data = reputable::ingest::load_files(&files, &common::tz());
    assert_eq!(data.reviews.len(), 4 + 3 + 2);
    // Logged actions plus the one owner response embedded in the Apify file.
    assert_eq!(data.actions.len(), 4 + 2 + 1);
    let embedded = data.actions.iter().find(|a| a.embedded).unwrap();
    assert_eq!(embedded.review_id, "ChZDSUhNMG9nS0VJQ0FnSUN4M3Z1ZxAB");
    assert_eq!(data.file(embedded.origin), "formats/apify-reviews.csv");
    // g-300 is in no archive: the log row is reported, with its place.
    let unknown: Vec<String> = data
        .problems
        .iter()
        .filter(|p| p.code == "unknown-review")
        .map(|p| p.place())
        .collect();
    assert_eq!(unknown, ["formats/responses.csv:5"]);
}
