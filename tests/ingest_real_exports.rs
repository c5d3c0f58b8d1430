//! Exports as the scraping tools and spreadsheets really write them
//! (issue 9): each fixture under `tests/fixtures/real/` is read the way a
//! project reads its files, then counted, and the test checks what a user
//! would: how many reviews, the location each lands in, its rating, the
//! reply that answers it, and every problem reported.

mod common;
mod project_copy;

use reputable::config::Config;
use reputable::figures::{Analysis, analyse};
use reputable::ingest::{Dataset, load_files};
use reputable::model::DateOrder;
use std::path::PathBuf;

const CONFIG: &str = r#"organization: Riverside Family Health
timezone: America/New_York
locations:
  - id: main-street
    name: Main Street
    sources: ["ChIJMainStreet000000000000"]        # Google place id
  - id: eastgate
    name: Eastgate
    sources: ["11122233344455566677"]              # Apify's cid
  - id: lakeside
    name: Lakeside
    sources: ["0x8875391d55ab1a0d:0x0fedcba987654321"]  # Outscraper's google_id
  - id: northside
    name: Northside
    sources: ["204060801030507"]                   # Facebook page (a story's seller)
  - id: westfield
    name: Westfield
    sources: ["305070901020406"]                   # Facebook place
"#;

fn config() -> Config {
    Config::parse(CONFIG, "reputable.yaml").unwrap()
}

/// Reads fixtures as one project's `content/reviews/`, linked and counted
/// as of the end of March 2026.
fn load(names: &[&str]) -> (Dataset, Analysis) {
    let files: Vec<(PathBuf, String)> = names
        .iter()
        .map(|n| {
            (
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/real")
                    .join(n),
                format!("content/reviews/{n}"),
            )
        })
        .collect();
    let c = config();
    let data = load_files(&files, c.tz());
    let as_of = "2026-03-31T23:59:59Z".parse().unwrap();
    let analysis = analyse(&data, &c, Some(as_of));
    (data, analysis)
}

/// Each review as a user checks it: id, location, rating, posting instant
/// (UTC), and the text of the reply that answers it.
type Landed = (String, String, Option<f64>, String, Option<String>);

fn landed(data: &Dataset, a: &Analysis) -> Vec<Landed> {
    let mut rows: Vec<Landed> = data
        .reviews
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let o = a.outcome(i).expect("every review is before as-of");
            (
                r.id.to_string(),
                a.locations[o.location as usize].clone(),
                r.rating,
                r.posted.instant.to_string(),
                o.first_answer
                    .and_then(|k| data.actions[k as usize].text.clone()),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

fn row(id: &str, loc: &str, rating: f64, posted: &str, reply: Option<&str>) -> Landed {
    (
        id.into(),
        loc.into(),
        Some(rating),
        posted.into(),
        reply.map(Into::into),
    )
}

/// Problems as `(severity, code, place, message)`.
fn problems(data: &Dataset) -> Vec<(String, String, String, String)> {
    let mut p: Vec<_> = data
        .problems
        .iter()
        .map(|p| {
            (
                p.severity.as_str().to_owned(),
                p.code.to_owned(),
                p.place(),
                p.message.clone(),
            )
        })
        .collect();
    p.sort();
    p
}

const MAIN_1: &str = "ChZDSUhNMG9nS0VJQ0FnSURtaW5SEAE";
const MAIN_2: &str = "ChZDSUhNMG9nS0VJQ0FnSURtaW5SEAI";

fn apify_reviews() -> Vec<Landed> {
    vec![
        row(
            MAIN_1,
            "main-street",
            5.0,
            "2026-03-10T14:05:09Z",
            Some("Thank you for the kind words!"),
        ),
        row(MAIN_2, "main-street", 2.0, "2026-03-08T09:12:41Z", None),
    ]
}

fn two_places_without_reviews(file: &str) -> (String, String, String, String) {
    (
        "notice".into(),
        "place-without-reviews".into(),
        format!("content/reviews/{file}"),
        "2 items in this file are places with no review: the scraper writes one for each place searched that has none. Nothing is missing; they add no review".into(),
    )
}

#[test]
fn apify_json_items_for_places_without_reviews_are_one_notice_not_bad_rows() {
    let file = "apify-places-with-and-without-reviews.json";
    let (data, a) = load(&[file]);
    assert_eq!(landed(&data, &a), apify_reviews());
    assert_eq!(problems(&data), [two_places_without_reviews(file)]);
    // The place's other names, once though two reviews carry them.
    let aliases: Vec<(&str, &str)> = data
        .aliases
        .iter()
        .map(|(l, a)| (l.as_str(), a.as_str()))
        .collect();
    assert_eq!(
        aliases,
        [
            ("ChIJMainStreet000000000000", "99988877766655544433"),
            (
                "ChIJMainStreet000000000000",
                "Riverside Family Health – Main Street"
            ),
        ]
    );
}

#[test]
fn apify_csv_rows_for_places_without_reviews_are_one_notice_not_bad_rows() {
    let file = "apify-places-with-and-without-reviews.csv";
    let (data, a) = load(&[file]);
    assert_eq!(landed(&data, &a), apify_reviews());
    assert_eq!(problems(&data), [two_places_without_reviews(file)]);
}

#[test]
fn an_apify_file_that_starts_with_a_place_without_reviews_is_still_apify() {
    // The first item has only the place's fields; format detection must
    // not give up on the file because of it.
    let p = common::read_bytes(
        "apify.json",
        br#"[{"title": "Eastgate", "placeId": "ChIJEastgate00000000000000", "reviewsCount": 0, "location": {"lat": 1, "lng": 2}, "url": "https://maps.google.com/"}]"#,
    );
    assert_eq!(p.reviews.len(), 0);
    assert_eq!(p.places_without_reviews, 1);
    assert_eq!(common::shown(&p), "");
    // Only `placeId`, `title`, `location`, then a review.
    let p = common::read_bytes(
        "apify.jsonl",
        concat!(
            r#"{"placeId": "ChIJEastgate00000000000000", "title": "Eastgate", "location": {"lat": 1, "lng": 2}}"#,
            "\n",
            r#"{"placeId": "ChIJMainStreet000000000000", "title": "Main Street", "reviewId": "r1", "publishedAtDate": "2026-03-10T14:05:09.000Z", "stars": 4}"#,
            "\n"
        )
        .as_bytes(),
    );
    assert_eq!((p.reviews.len(), p.places_without_reviews), (1, 1));
    assert_eq!(p.reviews[0].source_location, "ChIJMainStreet000000000000");
    assert_eq!(common::shown(&p), "");
    // With its reviews nested in `reviews`, a place is another export, and
    // says so rather than passing for a place without reviews.
    let p = common::read_bytes(
        "places.json",
        br#"[{"placeId": "ChIJMainStreet000000000000", "title": "Main Street", "reviews": [{"stars": 5}]}]"#,
    );
    assert_eq!(p.places_without_reviews, 0);
    assert!(
        common::shown(&p).starts_with("warning[unrecognised-file]"),
        "{}",
        common::shown(&p)
    );
    // Such an item after others, or the CSV that flattens them: an error
    // each, never a place counted as having no review.
    let nested = "error[bad-row]: this item holds its reviews nested in `reviews`, which reputable does not read, so they would be lost; download the dataset with one review per row (the Google Maps Reviews Scraper does; in the Google Maps Scraper set `oneReviewPerRow`)";
    let p = common::read_bytes(
        "apify.jsonl",
        concat!(
            r#"{"placeId": "ChIJEastgate00000000000000", "title": "Eastgate", "location": {"lat": 1, "lng": 2}}"#,
            "\n",
            r#"{"placeId": "ChIJMainStreet000000000000", "title": "Main Street", "reviews": [{"stars": 5}]}"#,
            "\n"
        )
        .as_bytes(),
    );
    assert_eq!(
        common::shown(&p),
        format!("{nested}\n  --> apify.jsonl:2:67")
    );
    let p = common::read_bytes(
        "apify.csv",
        b"placeId,title,reviewsCount,reviews/0/stars,reviews/0/text\nChIJMainStreet000000000000,Main Street,1,5,Great\n",
    );
    assert_eq!((p.reviews.len(), p.places_without_reviews), (0, 0));
    assert_eq!(common::shown(&p), format!("{nested}\n  --> apify.csv:2"));
}

#[test]
fn outscraper_places_give_the_location_whatever_id_a_review_or_source_uses() {
    let (data, a) = load(&["outscraper-places-review-google-id.json"]);
    assert_eq!(
        landed(&data, &a),
        [
            row(
                "ChZDSUhNMG9nS0VJQ0FnSURsYWtlEAE",
                // The configuration names Lakeside by its google_id.
                "lakeside",
                1.0,
                "2026-03-07T18:00:00Z",
                Some("We are sorry. Please call our billing office at 555-0144."),
            ),
            // The configuration names Main Street by its place_id, and each
            // of its reviews carries the google_id.
            row(
                MAIN_1,
                "main-street",
                5.0,
                "2026-03-10T14:05:09Z",
                Some("Thank you for the kind words!"),
            ),
            row(
                "ChZDSUhNMG9nS0VJQ0FnSURtaW5SEAM",
                "main-street",
                5.0,
                "2026-03-07T16:13:20Z",
                None,
            ),
        ]
    );
    // Every review is the place's, by its place_id.
    let locations: Vec<&str> = data
        .reviews
        .iter()
        .map(|r| r.source_location.as_str())
        .collect();
    assert_eq!(
        locations,
        [
            "ChIJMainStreet000000000000",
            "ChIJMainStreet000000000000",
            "ChIJLakeside0000000000000"
        ]
    );
    let file = "content/reviews/outscraper-places-review-google-id.json".to_owned();
    assert_eq!(
        problems(&data),
        [
            (
                "notice".into(),
                "place-without-reviews".into(),
                file.clone(),
                "1 item in this file is a place with no review: the scraper writes one for each place searched that has none. Nothing is missing; they add no review".into(),
            ),
            (
                "notice".into(),
                "review-edited-after-reply".into(),
                file,
                "1 reply in this archive is dated before its review's posting time: the review was edited after the reply, and the platform shows the edit time. Each counts as answered, but not in response times or within target (like a date-only answer, counted in date_only)".into(),
            ),
        ]
    );
    // The Lakeside review was edited after its reply: answered, no hours.
    let march = a.month("2026-03".parse_month()).unwrap();
    let lakeside = &march.by_location["lakeside"];
    assert_eq!(
        (
            lakeside.answered,
            lakeside.date_only,
            lakeside.response_hours.count,
            lakeside.open_overdue
        ),
        (1, 1, 0, 0)
    );
    assert_eq!(
        march.by_location["main-street"].response_hours.median,
        Some(15_891.0 / 3600.0)
    );
    assert!(!a.locations.iter().any(|l| l == "unassigned"));
}

#[test]
fn facebook_ratings_with_only_an_open_graph_story_keep_stars_text_and_page() {
    let (data, a) = load(&["facebook-ratings-story-only.json"]);
    assert_eq!(
        landed(&data, &a),
        [
            row(
                "10221000000000001_1840000000000001",
                "northside",
                5.0,
                "2026-03-04T15:20:11Z",
                None
            ),
            row(
                "10221000000000002_1840000000000002",
                "northside",
                2.0,
                "2026-03-05T09:02:40Z",
                None
            ),
            // 8 out of 10.
            row(
                "10221000000000003_1840000000000003",
                "westfield",
                4.0,
                "2026-03-06T20:45:00Z",
                None
            ),
        ]
    );
    let texts: Vec<Option<&str>> = data.reviews.iter().map(|r| r.text.as_deref()).collect();
    assert_eq!(
        texts,
        [
            // Only the story's message.
            Some("Friendly front desk and no wait at all."),
            // The review text wins over the shorter message.
            Some("Waited an hour and nobody told us why."),
            None,
        ]
    );
    assert_eq!(problems(&data), []);
    let march = a.month("2026-03".parse_month()).unwrap();
    assert_eq!(
        (
            march.overall.positive,
            march.overall.negative,
            march.overall.unrated
        ),
        (2, 1, 0)
    );
}

/// What Excel leaves of an Outscraper CSV after opening and saving it in a
/// locale that separates with `;`: a byte-order mark, CRLF line ends, and
/// the UTC columns as `M/D/YYYY H:MM` (month first, no padding, no seconds).
const EXCEL: &str = "outscraper-excel-resaved.csv";

fn excel_reviews() -> Vec<Landed> {
    vec![
        row(
            MAIN_1,
            "main-street",
            5.0,
            "2026-03-10T14:05:00Z",
            Some("Thank you for the kind words!"),
        ),
        row(MAIN_2, "main-street", 2.0, "2026-03-08T09:12:00Z", None),
        row(
            "ChZDSUhNMG9nS0VJQ0FnSURtaW5SEAQ",
            "main-street",
            4.0,
            "2025-10-31T23:59:00Z",
            Some("Thanks, we appreciate it."),
        ),
    ]
}

#[test]
fn an_outscraper_csv_resaved_by_excel_is_read_whole() {
    let (data, a) = load(&[EXCEL]);
    assert_eq!(landed(&data, &a), excel_reviews());
    let reply = data.reviews[2].embedded_reply.as_ref().unwrap();
    common::instant(&reply.at, "2025-11-02T08:05:00Z");
    assert_eq!(
        data.reviews[1].text.as_deref(),
        Some("Waited fifty minutes past my slot; nobody apologised.")
    );
    // 23:59 UTC on October 31st is still October in New York.
    assert_eq!(data.reviews[2].posted.month().to_string(), "2025-10");
    assert_eq!(
        problems(&data),
        [(
            "notice".into(),
            "place-without-reviews".into(),
            format!("content/reviews/{EXCEL}"),
            "1 item in this file is a place with no review: the scraper writes one for each place searched that has none. Nothing is missing; they add no review".into(),
        )]
    );
}

#[test]
fn two_overlapping_exports_count_each_review_once_with_the_newer_copy() {
    // Excel dropped the seconds of the Outscraper copy, so Apify's copies
    // of the two shared reviews are the newer ones and win.
    let (data, a) = load(&[EXCEL, "apify-places-with-and-without-reviews.json"]);
    let mut want = apify_reviews();
    want.push(excel_reviews().remove(2));
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(landed(&data, &a), want);
    let codes: Vec<(String, String)> = problems(&data)
        .into_iter()
        .map(|(_, code, place, _)| (code, place))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "duplicate-review".to_owned(),
                format!("content/reviews/{EXCEL}:2")
            ),
            (
                "duplicate-review".to_owned(),
                format!("content/reviews/{EXCEL}:3")
            ),
            (
                "place-without-reviews".to_owned(),
                "content/reviews/apify-places-with-and-without-reviews.json".to_owned()
            ),
            (
                "place-without-reviews".to_owned(),
                format!("content/reviews/{EXCEL}")
            ),
        ]
    );
    let march = a.month("2026-03".parse_month()).unwrap();
    assert_eq!(
        (march.overall.reviews, march.overall.answered),
        (2, 1),
        "the shared March reviews once each"
    );
}

#[test]
fn an_ambiguous_date_in_a_hand_typed_log_names_both_readings_until_the_order_is_set() {
    let log = "platform,review_id,at,action\r\ngoogle,r1,03/10/2025 14:00,reply\r\ngoogle,r2,25/10/2025 9:30,reply\r\n";
    let p = common::read_bytes("content/responses/log.csv", log.as_bytes());
    assert_eq!(
        common::shown(&p),
        "error[bad-row]: `at`: `03/10/2025 14:00` could be 10 March 2025 14:00 (month first, as in the US) or 3 October 2025 14:00 (day first), and reputable never guesses: add `date_order: month-first` or `date_order: day-first` to reputable.yaml, or write it as 2025-03-10 14:00:00 or 2025-10-03 14:00:00\n  --> content/responses/log.csv:2:3"
    );
    // The second row can only be day first, and is read.
    assert_eq!(p.actions.len(), 1);
    assert_eq!(p.actions[0].at.date.to_string(), "2025-10-25");
    let p = common::read_bytes_in(
        "content/responses/log.csv",
        log.as_bytes(),
        DateOrder::DayFirst,
    );
    assert_eq!(common::shown(&p), "");
    let dates: Vec<String> = p.actions.iter().map(|a| a.at.date.to_string()).collect();
    assert_eq!(dates, ["2025-10-03", "2025-10-25"]);
}

#[test]
fn check_passes_and_build_strict_accepts_an_apify_download() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("practice");
    let run = project_copy::reputable;
    let (code, _, err) = run(&["init", proj.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    std::fs::copy(
        common::fixture("../real/apify-places-with-and-without-reviews.json"),
        proj.join("content/reviews/apify.json"),
    )
    .unwrap();
    let config = proj.join("reputable.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains(r#"sources: ["Main Street"]"#));
    std::fs::write(
        &config,
        text.replace(
            r#"sources: ["Main Street"]"#,
            r#"sources: ["Main Street", "ChIJMainStreet000000000000"]"#,
        ),
    )
    .unwrap();
    let root = proj.to_str().unwrap();
    let (code, out, err) = run(&["check", "--root", root, "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The example's 10 reviews and Apify's 2; the places without one are
    // the one notice.
    let s = &report["summary"];
    assert_eq!(
        (&s["reviews"], &s["errors"], &s["warnings"], &s["notices"]),
        (&12.into(), &0.into(), &0.into(), &1.into()),
        "{out}"
    );
    assert_eq!(report["problems"][0]["code"], "place-without-reviews");
    let (code, _, err) = run(&["build", "--strict", "--root", root]);
    assert_eq!(code, 0, "{err}");
}

trait ParseMonth {
    fn parse_month(&self) -> reputable::model::Month;
}

impl ParseMonth for str {
    fn parse_month(&self) -> reputable::model::Month {
        reputable::model::Month::parse(self).unwrap()
    }
}
