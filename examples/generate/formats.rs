//! Writes the demo's story in every format the readers know (SPEC §3.2–3.4):
//! Google Takeout, the Business Profile API (list and batchGetReviews), Yelp
//! Open Dataset JSON Lines, Facebook page ratings, Apify JSON, Outscraper CSV,
//! a generic Healthgrades CSV, the response log (CSV and JSON Lines) and the
//! review-request counts.

use crate::clock;
use crate::demo::{
    self, AtFormat, Demo, GOOGLE_ACCOUNT, GoogleSource, LOCATIONS, Platform, Review,
};
use crate::rng::{BASE62, Rng};
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;

/// The folders under `content/` this generator owns (and replaces).
pub const OWNED: &[&str] = &["reviews", "responses", "requests"];

pub fn write_all(demo: &Demo, seed: u64, out: &Path) -> io::Result<Vec<String>> {
    let mut w = Writer {
        out,
        written: Vec::new(),
    };
    let mut rng = Rng::new(seed).fork("formats");
    takeout(demo, &mut w)?;
    google_api(demo, &mut w, &mut rng)?;
    yelp(demo, &mut w)?;
    facebook(demo, &mut w, &mut rng)?;
    apify(demo, &mut w, &mut rng)?;
    outscraper(demo, &mut w)?;
    healthgrades(demo, &mut w)?;
    response_log(demo, &mut w)?;
    requests(demo, &mut w)?;
    w.file("reviews/README.md", README.as_bytes())?;
    Ok(w.written)
}

const README: &str = r#"# Demo data (generated)

Riverside Family Health, four clinics in America/New_York, November 2024 to
October 2026. These archives, the response log and the request counts are
written by

    cargo run --release --example generate -- --seed 7 --out content

so edit the generator (`examples/generate/`), not these files;
`tests/generator.rs` fails when they drift apart.

| path | format | location |
| --- | --- | --- |
| `reviews/google-takeout/account-1029/location-5531/` | Google Takeout, pages `reviews.json`, `reviews-2.json` … | Downtown |
| `reviews/google-takeout/account-1029/location-5532/` | Google Takeout, an older export (2026-06-30) | Northside |
| `reviews/google-takeout/account-1029/location-5534/` | Google Takeout | Westfield Pediatrics |
| `reviews/google-api/northside-reviews-list-page-*.json` | Business Profile API `reviews.list` pages (since 2026-01), overlapping the Takeout export, some reviews edited since | Northside |
| `reviews/google-api/batch-get-reviews-2026-10.json` | Business Profile API `batchGetReviews` (since 2026-08), overlapping the list | Northside |
| `reviews/scrapers/apify-lakeview-2025-12-15.json` | Apify Google Maps reviews (JSON) | Lakeview |
| `reviews/scrapers/outscraper-lakeview-2026-10-31.csv` | Outscraper Google Maps reviews (CSV), overlapping Apify in Oct–Dec 2025 | Lakeview |
| `reviews/yelp/review.json` | Yelp Open Dataset JSON Lines | Downtown, Lakeview, and the closed annex (unmapped: `unassigned`) |
| `reviews/facebook/*-ratings-*.json` | Facebook page ratings, paged | Northside, Westfield Pediatrics |
| `reviews/healthgrades/healthgrades-export.csv` | generic CSV (empty ratings, date-only times, quoted newlines, four rows without an id) | all four |
| `responses/log-2024.csv`, `log-2025.csv`, `log-2026.jsonl` | the response log | |
| `requests/requests.csv` | weekly review invitations | |

The story: replies were slow and often broke the policy until the written
policy of June 2025 (median ≈ 40 h before, ≈ 6 h from July 2025); Lakeview
lags behind (≈ 30 h, below target); a troll wave hit Downtown on 6–18 January
2026 (flagged, removed or ignored; three angry replies on its first two days
are in the log, deleted from Google since); the "Ask every
patient" campaign from 1 March 2026 multiplied review requests and raised the
positive-to-negative ratio from ≈ 2 to ≈ 5; replies were slow in the holiday
weeks (22 Dec 2025 – 4 Jan 2026) and in summer cover (10–23 Aug 2026), fast in
a response sprint (13–19 Apr 2026). Planted data problems: four log rows dated
before their review, two rows for reviews no archive holds, two unknown
channels (`fax`, `voicemail`), three date-only log times, two rows logged twice.
"#;

struct Writer<'a> {
    out: &'a Path,
    written: Vec<String>,
}

impl Writer<'_> {
    fn file(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes)?;
        self.written.push(rel.to_string());
        Ok(())
    }
    fn json<T: Serialize>(&mut self, rel: &str, value: &T, pretty: bool) -> io::Result<()> {
        let mut bytes = if pretty {
            serde_json::to_vec_pretty(value)?
        } else {
            serde_json::to_vec(value)?
        };
        bytes.push(b'\n');
        self.file(rel, &bytes)
    }
}

fn stars_word(r: u8) -> &'static str {
    ["ONE", "TWO", "THREE", "FOUR", "FIVE"][usize::from(r.clamp(1, 5) - 1)]
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GReviewer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    profile_photo_url: Option<String>,
    display_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GReply<'a> {
    comment: &'a str,
    update_time: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GReview<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    review_id: Option<&'a str>,
    reviewer: GReviewer<'a>,
    star_rating: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
    create_time: String,
    update_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_reply: Option<GReply<'a>>,
    name: String,
}

/// A Google review as an export taken at `snapshot` shows it.
fn google_review(r: &Review, location: u32, snapshot: i64, api: bool) -> GReview<'_> {
    let (rating, text, updated) = r.as_of(snapshot);
    GReview {
        review_id: api.then_some(r.id.as_str()),
        reviewer: GReviewer {
            profile_photo_url: api.then(|| {
                format!(
                    "https://lh3.googleusercontent.com/a/ACg8oc{}=s120-c-rp-mo-br100",
                    &r.author_id[..12.min(r.author_id.len())]
                )
            }),
            display_name: &r.author,
        },
        star_rating: stars_word(rating.unwrap_or(5)),
        comment: text,
        create_time: clock::utc_micros(r.posted),
        update_time: clock::utc_micros(updated),
        review_reply: r.shown_reply(snapshot).map(|(at, text)| GReply {
            comment: text,
            update_time: clock::utc_micros(at),
        }),
        name: format!(
            "accounts/{GOOGLE_ACCOUNT}/locations/{location}/reviews/{}",
            r.id
        ),
    }
}

fn account_location(r: &Review) -> Option<u32> {
    match (r.platform, r.location.map(|l| LOCATIONS[l].google)) {
        (Platform::Google, Some(GoogleSource::Account { location })) => Some(location),
        _ => None,
    }
}

fn scraped_place(r: &Review) -> Option<&'static str> {
    match (r.platform, r.location.map(|l| LOCATIONS[l].google)) {
        (Platform::Google, Some(GoogleSource::Scrapers { place_id })) => Some(place_id),
        _ => None,
    }
}

/// Google Takeout: one folder per location, pages of 200 reviews, newest first.
fn takeout(demo: &Demo, w: &mut Writer) -> io::Result<()> {
    let end = demo::end(&demo.tz);
    for loc in LOCATIONS {
        let GoogleSource::Account { location } = loc.google else {
            continue;
        };
        // Northside's Takeout is an older export; the API covers it since.
        let snapshot = if loc.id == "northside" {
            demo::northside_takeout_snapshot(&demo.tz)
        } else {
            end
        };
        let mut list: Vec<&Review> = demo
            .reviews
            .iter()
            .filter(|r| account_location(r) == Some(location) && r.posted <= snapshot)
            .collect();
        list.reverse();
        #[derive(Serialize)]
        struct Page<'a> {
            reviews: Vec<GReview<'a>>,
        }
        for (i, chunk) in list.chunks(200).enumerate() {
            let page = Page {
                reviews: chunk
                    .iter()
                    .map(|r| google_review(r, location, snapshot, false))
                    .collect(),
            };
            let file = if i == 0 {
                "reviews.json".to_string()
            } else {
                format!("reviews-{}.json", i + 1)
            };
            w.json(
                &format!(
                    "reviews/google-takeout/account-{GOOGLE_ACCOUNT}/location-{location}/{file}"
                ),
                &page,
                true,
            )?;
        }
    }
    Ok(())
}

/// The Business Profile API for Northside: `accounts.locations.reviews.list`
/// pages since 2026-01-01, and a `batchGetReviews` response since 2026-08-01.
/// Both overlap the (older) Takeout export, some reviews edited since.
fn google_api(demo: &Demo, w: &mut Writer, rng: &mut Rng) -> io::Result<()> {
    let tz = &demo.tz;
    let end = demo::end(tz);
    let location = 5532;
    let all: Vec<&Review> = demo
        .reviews
        .iter()
        .filter(|r| account_location(r) == Some(location))
        .collect();
    let rated: Vec<f64> = all
        .iter()
        .filter_map(|r| r.as_of(end).0)
        .map(f64::from)
        .collect();
    let average = (rated.iter().sum::<f64>() / rated.len() as f64 * 10.0).round() / 10.0;
    let mut recent: Vec<&Review> = all
        .iter()
        .copied()
        .filter(|r| clock::local_date(tz, r.posted) >= demo::api_list_from())
        .collect();
    recent.sort_by_key(|r| std::cmp::Reverse(r.as_of(end).2.max(r.posted)));
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ListPage<'a> {
        reviews: Vec<GReview<'a>>,
        average_rating: f64,
        total_review_count: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        next_page_token: Option<String>,
    }
    let pages: Vec<&[&Review]> = recent.chunks(100).collect();
    for (i, chunk) in pages.iter().enumerate() {
        let page = ListPage {
            reviews: chunk
                .iter()
                .map(|r| google_review(r, location, end, true))
                .collect(),
            average_rating: average,
            total_review_count: all.len(),
            next_page_token: (i + 1 < pages.len()).then(|| rng.token(BASE62, 40)),
        };
        w.json(
            &format!(
                "reviews/google-api/northside-reviews-list-page-{}.json",
                i + 1
            ),
            &page,
            true,
        )?;
    }
    #[derive(Serialize)]
    struct LocationReview<'a> {
        name: String,
        review: GReview<'a>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Batch<'a> {
        location_reviews: Vec<LocationReview<'a>>,
    }
    let batch = Batch {
        location_reviews: recent
            .iter()
            .filter(|r| clock::local_date(tz, r.posted) >= demo::api_batch_from())
            .map(|r| LocationReview {
                name: format!("accounts/{GOOGLE_ACCOUNT}/locations/{location}"),
                review: google_review(r, location, end, true),
            })
            .collect(),
    };
    w.json(
        "reviews/google-api/batch-get-reviews-2026-10.json",
        &batch,
        true,
    )
}

/// Yelp Open Dataset `review.json`: JSON Lines, local times, float stars.
fn yelp(demo: &Demo, w: &mut Writer) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        review_id: &'a str,
        user_id: &'a str,
        business_id: &'a str,
        stars: f64,
        useful: u64,
        funny: u64,
        cool: u64,
        text: &'a str,
        date: String,
    }
    let mut out = Vec::new();
    for r in demo.reviews.iter().filter(|r| r.platform == Platform::Yelp) {
        let business = match r.location {
            Some(l) => LOCATIONS[l]
                .yelp
                .expect("Yelp reviews only where a listing exists"),
            None => demo::ANNEX_YELP,
        };
        let h = r.posted.unsigned_abs();
        let line = Line {
            review_id: &r.id,
            user_id: &r.author_id,
            business_id: business,
            stars: f64::from(r.rating.unwrap_or(3)),
            useful: h % 7 / 3,
            funny: u64::from(h % 11 == 0),
            cool: h % 5 / 3,
            text: r.text.as_deref().unwrap_or(""),
            date: clock::local_plain(&demo.tz, r.posted),
        };
        serde_json::to_writer(&mut out, &line)?;
        out.push(b'\n');
    }
    w.file("reviews/yelp/review.json", &out)
}

/// Facebook page ratings (Graph API `/{page-id}/ratings`), pages of 120.
fn facebook(demo: &Demo, w: &mut Writer, rng: &mut Rng) -> io::Result<()> {
    #[derive(Serialize)]
    struct Person<'a> {
        name: &'a str,
        id: &'a str,
    }
    #[derive(Serialize)]
    struct Story {
        id: String,
    }
    #[derive(Serialize)]
    struct Rating<'a> {
        created_time: String,
        recommendation_type: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        rating: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        review_text: Option<&'a str>,
        reviewer: Person<'a>,
        open_graph_story: Story,
        page_id: &'static str,
    }
    #[derive(Serialize)]
    struct Cursors {
        before: String,
        after: String,
    }
    #[derive(Serialize)]
    struct Paging {
        cursors: Cursors,
        #[serde(skip_serializing_if = "Option::is_none")]
        next: Option<String>,
    }
    #[derive(Serialize)]
    struct Page<'a> {
        page_id: &'static str,
        data: Vec<Rating<'a>>,
        paging: Paging,
    }
    for loc in LOCATIONS {
        let Some(page_id) = loc.facebook else {
            continue;
        };
        let mut list: Vec<&Review> = demo
            .reviews
            .iter()
            .filter(|r| {
                r.platform == Platform::Facebook
                    && r.location.map(|l| LOCATIONS[l].id) == Some(loc.id)
            })
            .collect();
        list.reverse();
        let pages: Vec<&[&Review]> = list.chunks(120).collect();
        for (i, chunk) in pages.iter().enumerate() {
            let after = demo::cursor(rng);
            let page = Page {
                page_id,
                data: chunk
                    .iter()
                    .map(|r| Rating {
                        created_time: clock::utc_fb(r.posted),
                        recommendation_type: if r.rating.unwrap_or(5) >= 3 {
                            "positive"
                        } else {
                            "negative"
                        },
                        rating: if r.fb_stars { r.rating } else { None },
                        review_text: r.text.as_deref(),
                        reviewer: Person {
                            name: &r.author,
                            id: &r.author_id,
                        },
                        open_graph_story: Story { id: r.id.clone() },
                        page_id,
                    })
                    .collect(),
                paging: Paging {
                    cursors: Cursors {
                        before: demo::cursor(rng),
                        after: after.clone(),
                    },
                    next: (i + 1 < pages.len()).then(|| {
                        format!(
                            "https://graph.facebook.com/v21.0/{page_id}/ratings?limit=120&after={after}"
                        )
                    }),
                },
            };
            w.json(
                &format!("reviews/facebook/{}-ratings-{}.json", loc.id, i + 1),
                &page,
                true,
            )?;
        }
    }
    Ok(())
}

/// "3 months ago", as scrapers print beside the real date (never to be parsed).
fn relative(from: i64, to: i64) -> String {
    let days = (to - from) / clock::DAY;
    match days {
        0 => "today".into(),
        1 => "a day ago".into(),
        2..=6 => format!("{days} days ago"),
        7..=13 => "a week ago".into(),
        14..=29 => format!("{} weeks ago", days / 7),
        30..=59 => "a month ago".into(),
        60..=364 => format!("{} months ago", days / 30),
        365..=729 => "a year ago".into(),
        _ => format!("{} years ago", days / 365),
    }
}

/// Apify's Google Maps Reviews Scraper: a JSON array, one review an object.
fn apify(demo: &Demo, w: &mut Writer, rng: &mut Rng) -> io::Result<()> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Item<'a> {
        review_id: &'a str,
        reviewer_id: &'a str,
        name: &'a str,
        text: Option<&'a str>,
        published_at_date: String,
        publish_at: String,
        stars: u8,
        likes_count: u64,
        response_from_owner_text: Option<&'a str>,
        response_from_owner_date: Option<String>,
        place_id: &'static str,
        title: String,
        review_url: String,
    }
    let snapshot = demo::apify_snapshot(&demo.tz);
    let mut items = Vec::new();
    for r in demo.reviews.iter().rev() {
        let Some(place) = scraped_place(r) else {
            continue;
        };
        if r.posted > snapshot {
            continue;
        }
        let (rating, text, _) = r.as_of(snapshot);
        let reply = r.shown_reply(snapshot);
        items.push(Item {
            review_id: &r.id,
            reviewer_id: &r.author_id,
            name: &r.author,
            text,
            published_at_date: clock::utc_millis(r.posted),
            publish_at: relative(r.posted, snapshot),
            stars: rating.unwrap_or(5),
            likes_count: rng.below(4),
            response_from_owner_text: reply.map(|(_, t)| t),
            response_from_owner_date: reply.map(|(at, _)| clock::utc_millis(at)),
            place_id: place,
            title: format!(
                "Riverside Family Health – {}",
                LOCATIONS[r.location.expect("scraped reviews have a location")].name
            ),
            review_url: format!(
                "https://www.google.com/maps/reviews/data=!4m8!14m7!1m6!2m5!1s{}",
                r.id
            ),
        });
    }
    w.json(
        "reviews/scrapers/apify-lakeview-2025-12-15.json",
        &items,
        true,
    )
}

/// Outscraper's Google Maps reviews CSV (Unix-second timestamps).
fn outscraper(demo: &Demo, w: &mut Writer) -> io::Result<()> {
    let end = demo::end(&demo.tz);
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record([
        "name",
        "place_id",
        "google_id",
        "review_id",
        "author_title",
        "author_id",
        "review_text",
        "review_rating",
        "review_timestamp",
        "review_datetime_utc",
        "owner_answer",
        "owner_answer_timestamp",
        "owner_answer_timestamp_datetime_utc",
        "review_likes",
    ])?;
    for r in demo.reviews.iter().rev() {
        let Some(place) = scraped_place(r) else {
            continue;
        };
        if clock::local_date(&demo.tz, r.posted) < demo::outscraper_from() {
            continue;
        }
        let (rating, text, _) = r.as_of(end);
        let reply = r.shown_reply(end);
        csv.write_record([
            LOCATIONS[r.location.expect("scraped reviews have a location")].name,
            place,
            "0x880e2c3cd0f4cbed:0xafe0a6ad09c0c000",
            &r.id,
            &r.author,
            &r.author_id,
            text.unwrap_or(""),
            &rating.unwrap_or(5).to_string(),
            &clock::unix_seconds(r.posted).to_string(),
            &clock::utc_us_style(r.posted),
            reply.map_or("", |(_, t)| t),
            &reply.map_or(String::new(), |(at, _)| clock::unix_seconds(at).to_string()),
            &reply.map_or(String::new(), |(at, _)| clock::utc_us_style(at)),
            &(r.posted.unsigned_abs() % 3).to_string(),
        ])?;
    }
    let bytes = csv.into_inner().map_err(|e| e.into_error())?;
    w.file(
        "reviews/scrapers/outscraper-lakeview-2026-10-31.csv",
        &bytes,
    )
}

/// A generic CSV exported from Healthgrades by hand: some ratings empty, some
/// dates only, a few rows without an id, text with commas, quotes, newlines.
fn healthgrades(demo: &Demo, w: &mut Writer) -> io::Result<()> {
    let tz = &demo.tz;
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record([
        "platform",
        "review_id",
        "location",
        "author",
        "rating",
        "posted_at",
        "text",
    ])?;
    let mut no_id = 0;
    for (i, r) in demo
        .reviews
        .iter()
        .filter(|r| r.platform == Platform::Healthgrades)
        .enumerate()
    {
        let id = if no_id < 4 && i % 13 == 5 && r.acts.is_empty() {
            no_id += 1;
            ""
        } else {
            r.id.as_str()
        };
        let posted = match r.posted.unsigned_abs() / 1_000_000 % 10 {
            0 => clock::date(tz, r.posted),
            1 => clock::local_plain(tz, r.posted),
            _ => clock::rfc3339_local(tz, r.posted),
        };
        csv.write_record([
            "Healthgrades",
            id,
            r.location.map_or("", |l| LOCATIONS[l].label),
            &r.author,
            &r.rating.map_or(String::new(), |x| x.to_string()),
            &posted,
            r.text.as_deref().unwrap_or(""),
        ])?;
    }
    let bytes = csv.into_inner().map_err(|e| e.into_error())?;
    w.file("reviews/healthgrades/healthgrades-export.csv", &bytes)
}

#[derive(Serialize)]
struct LogLine<'a> {
    platform: &'a str,
    review_id: &'a str,
    at: &'a str,
    action: &'a str,
    channel: Option<&'a str>,
    responder: Option<&'a str>,
    text: Option<&'a str>,
}

/// The response log: one file per year of the action (local time), 2024 and
/// 2025 as CSV, 2026 as JSON Lines.
fn response_log(demo: &Demo, w: &mut Writer) -> io::Result<()> {
    let tz = &demo.tz;
    let mut rows = Vec::new();
    for r in &demo.reviews {
        for a in r.acts.iter().filter(|a| a.logged) {
            let at = match a.format {
                AtFormat::Offset => clock::rfc3339_local(tz, a.at),
                AtFormat::OffsetMicros => clock::rfc3339_local_micros(tz, a.at),
                AtFormat::Utc => clock::utc(a.at),
                AtFormat::Local => clock::local_plain(tz, a.at),
                AtFormat::DateOnly => clock::date(tz, a.at),
            };
            let platform = if r.platform == Platform::Healthgrades && a.at % 17 == 0 {
                "Healthgrades" // typed by hand; readers normalise platform names
            } else {
                r.platform.name()
            };
            rows.push(demo::LogRow {
                platform: platform.into(),
                review_id: r.id.clone(),
                at,
                at_us: a.at,
                action: a.kind,
                channel: a.channel.into(),
                responder: a.responder.into(),
                text: a.text.clone(),
            });
        }
    }
    rows.extend(demo.extra_log.iter().cloned());
    rows.sort_by(|a, b| a.at_us.cmp(&b.at_us).then(a.review_id.cmp(&b.review_id)));
    for year in [2024, 2025, 2026] {
        let mine = rows
            .iter()
            .filter(|r| clock::local_date(tz, r.at_us).year() == year);
        if year < 2026 {
            let mut csv = csv::Writer::from_writer(Vec::new());
            csv.write_record([
                "platform",
                "review_id",
                "at",
                "action",
                "channel",
                "responder",
                "text",
            ])?;
            for r in mine {
                csv.write_record([
                    &r.platform,
                    &r.review_id,
                    &r.at,
                    r.action,
                    &r.channel,
                    &r.responder,
                    r.text.as_deref().unwrap_or(""),
                ])?;
            }
            let bytes = csv.into_inner().map_err(|e| e.into_error())?;
            w.file(&format!("responses/log-{year}.csv"), &bytes)?;
        } else {
            let mut out = Vec::new();
            for r in mine {
                let line = LogLine {
                    platform: &r.platform,
                    review_id: &r.review_id,
                    at: &r.at,
                    action: r.action,
                    channel: (!r.channel.is_empty()).then_some(r.channel.as_str()),
                    responder: (!r.responder.is_empty()).then_some(r.responder.as_str()),
                    text: r.text.as_deref(),
                };
                serde_json::to_writer(&mut out, &line)?;
                out.write_all(b"\n")?;
            }
            w.file(&format!("responses/log-{year}.jsonl"), &out)?;
        }
    }
    Ok(())
}

fn requests(demo: &Demo, w: &mut Writer) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["date", "location", "channel", "sent"])?;
    for q in &demo.requests {
        csv.write_record([
            q.week.to_string(),
            q.location.to_string(),
            q.channel.to_string(),
            q.sent.to_string(),
        ])?;
    }
    let bytes = csv.into_inner().map_err(|e| e.into_error())?;
    w.file("requests/requests.csv", &bytes)
}
