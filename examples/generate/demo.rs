//! The demo organisation, Riverside Family Health: two years of reviews and
//! of what the office did about them, generated as one story (this module)
//! and then written out in every format the readers know (`formats`).
//!
//! The story, month by month (local time, America/New_York):
//! * 2024-11 … 2025-05: replies are slow (median ≈ 40 h) and often break the
//!   policy (names, "your visit", billing details, "that is not true").
//! * 2025-06: the written policy starts; from 2025-07 the median is ≈ 6 h and
//!   risky replies become rare; complaints are moved offline (`contact`).
//! * Lakeview lags throughout: after the policy its median is ≈ 30 h (negatives
//!   ≈ 18 h against a 12 h target) and it answers fewer reviews.
//! * 2026-01-06 … 01-18: a troll wave at Downtown (Google, plus a few on
//!   Yelp and Facebook): flagged, removed or ignored; on its first two days
//!   angry public replies (in the log, deleted from Google since).
//! * 2026-03-01: the "Ask every patient" campaign: review requests jump from
//!   ≈ 15 to ≈ 200 a week per location, and positive reviews rise after it.
//! * Slow weeks: 2025-12-22 … 2026-01-04 (holidays) and 2026-08-10 … 08-23
//!   (summer cover); a fast week 2026-04-13 … 04-19 (response sprint).
//! * Data problems on purpose: four log rows dated before their review, two
//!   rows for review ids no archive holds, two unknown channels, three
//!   date-only log times, two rows logged twice, overlapping exports.

use crate::clock::{self, DAY, HOUR};
use crate::rng::{BASE62, BASE64URL, Rng};
use crate::words::{self, Scenario};
use jiff::civil::{Date, DateTime, date};
use jiff::tz::TimeZone;

pub const ZONE: &str = "America/New_York";

/// Which platform a review is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Google,
    Yelp,
    Facebook,
    Healthgrades,
}

impl Platform {
    pub fn name(self) -> &'static str {
        match self {
            Platform::Google => "google",
            Platform::Yelp => "yelp",
            Platform::Facebook => "facebook",
            Platform::Healthgrades => "healthgrades",
        }
    }
}

/// Where a location's Google reviews are exported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoogleSource {
    /// Google Takeout (and, for Northside, the Business Profile API too).
    Account { location: u32 },
    /// Apify and Outscraper scrapes of the Maps listing.
    Scrapers { place_id: &'static str },
}

pub struct Location {
    pub id: &'static str,
    pub name: &'static str,
    /// The `location` string of generic (Healthgrades) files.
    pub label: &'static str,
    pub google: GoogleSource,
    pub yelp: Option<&'static str>,
    pub facebook: Option<&'static str>,
    /// Weights of Google, Yelp, Facebook, Healthgrades.
    pub mix: [f64; 4],
    pub per_month: f64,
    pub kids: bool,
    /// Slow to answer, even after the policy.
    pub lagging: bool,
}

pub const GOOGLE_ACCOUNT: u32 = 1029;

pub const LOCATIONS: &[Location] = &[
    Location {
        id: "downtown",
        name: "Downtown Clinic",
        label: "Downtown",
        google: GoogleSource::Account { location: 5531 },
        yelp: Some("8Hq2pZ0Lx4mWfR7tYc1NbQ"),
        facebook: None,
        mix: [0.62, 0.23, 0.0, 0.15],
        per_month: 40.0,
        kids: false,
        lagging: false,
    },
    Location {
        id: "northside",
        name: "Northside Family Practice",
        label: "Northside",
        google: GoogleSource::Account { location: 5532 },
        yelp: None,
        facebook: Some("104857392817465"),
        mix: [0.6, 0.0, 0.26, 0.14],
        per_month: 30.0,
        kids: false,
        lagging: false,
    },
    Location {
        id: "lakeview",
        name: "Lakeview Medical Center",
        label: "Lakeview",
        google: GoogleSource::Scrapers {
            place_id: "ChIJ7cv00DwsDogRAMDACa2m4K8",
        },
        yelp: Some("Lk9vQe3RtUu0aWm2Zx7HdA"),
        facebook: None,
        mix: [0.6, 0.25, 0.0, 0.15],
        per_month: 25.0,
        kids: false,
        lagging: true,
    },
    Location {
        id: "westfield-pediatrics",
        name: "Westfield Pediatrics",
        label: "Westfield Pediatrics",
        google: GoogleSource::Account { location: 5534 },
        yelp: None,
        facebook: Some("112233445566778"),
        mix: [0.55, 0.0, 0.3, 0.15],
        per_month: 23.0,
        kids: true,
        lagging: false,
    },
];

/// A Yelp listing of the annex that closed in early 2025; deliberately not in
/// `reputable.yaml`, so its reviews count under `unassigned`.
pub const ANNEX_YELP: &str = "Qz71cMx0PaLr5TnEw8YsBg";

pub fn first_month() -> Date {
    date(2024, 11, 1)
}
pub const MONTHS: i32 = 24;
pub fn policy_start() -> Date {
    date(2025, 6, 1)
}
pub fn policy_settled() -> Date {
    date(2025, 7, 1)
}
pub fn campaign_start() -> Date {
    date(2026, 3, 1)
}
pub fn troll_window() -> (Date, Date) {
    (date(2026, 1, 6), date(2026, 1, 18))
}

/// The demo's last moment: nothing is posted or done after it.
pub fn end(tz: &TimeZone) -> i64 {
    clock::at_local(tz, date(2026, 10, 31).at(17, 45, 0, 0))
}

/// When each Google export was taken (what it can contain).
pub fn northside_takeout_snapshot(tz: &TimeZone) -> i64 {
    clock::at_local(tz, date(2026, 6, 30).at(9, 0, 0, 0))
}
pub fn apify_snapshot(tz: &TimeZone) -> i64 {
    clock::at_local(tz, date(2025, 12, 15).at(8, 0, 0, 0))
}
pub fn api_list_from() -> Date {
    date(2026, 1, 1)
}
pub fn api_batch_from() -> Date {
    date(2026, 8, 1)
}
pub fn outscraper_from() -> Date {
    date(2025, 10, 1)
}

/// A later edit of a review by its author (Google only).
#[derive(Debug, Clone)]
pub struct Edit {
    pub at: i64,
    pub rating: Option<u8>,
    pub text: Option<String>,
}

/// How a log row writes its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtFormat {
    /// `2026-03-04T09:30:00-05:00`
    Offset,
    /// The platform's own instant with its fraction (Google replies).
    OffsetMicros,
    /// `2026-03-04T14:30:00Z`
    Utc,
    /// `2026-03-04 09:30:00`, hand-typed local time.
    Local,
    /// `2026-03-04`
    DateOnly,
}

#[derive(Debug, Clone)]
pub struct Act {
    pub kind: &'static str,
    pub at: i64,
    pub channel: &'static str,
    pub responder: &'static str,
    pub text: Option<String>,
    /// Written to the response log (a Google reply may only be in the archive).
    pub logged: bool,
    pub format: AtFormat,
    /// A public reply as the archive shows it: last edit time and text.
    pub shown: Option<(i64, String)>,
}

#[derive(Debug, Clone)]
pub struct Review {
    /// Index into `LOCATIONS`; `None` for the closed annex.
    pub location: Option<usize>,
    pub platform: Platform,
    pub id: String,
    pub author: String,
    pub author_id: String,
    pub rating: Option<u8>,
    pub posted: i64,
    pub text: Option<String>,
    pub scenario: Scenario,
    pub edit: Option<Edit>,
    pub acts: Vec<Act>,
    /// Facebook: an old-style star rating is written besides the recommendation.
    pub fb_stars: bool,
}

impl Review {
    pub fn negative(&self) -> bool {
        self.rating.is_some_and(|r| r <= 2)
    }
    /// The review as an export taken at `snapshot` shows it.
    pub fn as_of(&self, snapshot: i64) -> (Option<u8>, Option<&str>, i64) {
        match &self.edit {
            Some(e) if e.at <= snapshot => (e.rating, e.text.as_deref(), e.at),
            _ => (self.rating, self.text.as_deref(), self.posted),
        }
    }
    /// The public reply an export taken at `snapshot` shows.
    pub fn shown_reply(&self, snapshot: i64) -> Option<(i64, &str)> {
        self.acts
            .iter()
            .filter_map(|a| a.shown.as_ref())
            .filter(|(at, _)| *at <= snapshot)
            .max_by_key(|(at, _)| *at)
            .map(|(at, t)| (*at, t.as_str()))
    }
}

/// A row of the response log as written; the demo's planted rows (unknown
/// review ids, rows logged twice) are made as these directly.
#[derive(Debug, Clone)]
pub struct LogRow {
    pub platform: String,
    pub review_id: String,
    pub at: String,
    pub at_us: i64,
    pub action: &'static str,
    pub channel: String,
    pub responder: String,
    pub text: Option<String>,
}

pub struct Requests {
    pub week: Date,
    pub location: &'static str,
    pub channel: &'static str,
    pub sent: u32,
}

pub struct Demo {
    pub tz: TimeZone,
    pub reviews: Vec<Review>,
    pub extra_log: Vec<LogRow>,
    pub requests: Vec<Requests>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Era {
    Before,
    Transition,
    After,
}

fn era(d: Date) -> Era {
    if d < policy_start() {
        Era::Before
    } else if d < policy_settled() {
        Era::Transition
    } else {
        Era::After
    }
}

/// How much slower than usual replies are in a given week.
fn week_factor(d: Date) -> f64 {
    let slow = [
        (date(2025, 12, 22), date(2026, 1, 4)),
        (date(2026, 8, 10), date(2026, 8, 23)),
    ];
    if slow.iter().any(|(a, b)| *a <= d && d <= *b) {
        3.5
    } else if date(2026, 4, 13) <= d && d <= date(2026, 4, 19) {
        0.4
    } else {
        1.0
    }
}

const RESPONDERS_BEFORE: &[&str] = &["front desk", "Dana (office manager)", "Lou (front desk)"];
const RESPONDERS_AFTER: &[&str] = &["Jordan Lee", "Sam Rivera", "Jordan Lee", "Priya Shah"];
const RESPONDER_LAKEVIEW: &str = "Lakeview office";

pub fn generate(seed: u64) -> Demo {
    let tz = TimeZone::get(ZONE).expect("the bundled tz database knows America/New_York");
    let root = Rng::new(seed);
    let mut reviews = Vec::new();
    let mut rng = root.fork("reviews");
    let end = end(&tz);

    for m in 0..MONTHS {
        let month = first_month()
            .checked_add(jiff::Span::new().months(m))
            .expect("in range");
        for (li, loc) in LOCATIONS.iter().enumerate() {
            let base = loc.per_month * (0.85 + 0.3 * rng.unit());
            let campaign = if month >= campaign_start() {
                let ramp = if month == campaign_start() { 0.5 } else { 1.0 };
                loc.per_month * 0.6 * ramp * (0.85 + 0.3 * rng.unit())
            } else {
                0.0
            };
            for i in 0..(base.round() as usize + campaign.round() as usize) {
                let extra = i >= base.round() as usize;
                let posted = posting_time(&tz, month, &mut rng);
                if posted > end {
                    continue;
                }
                let platform = [
                    Platform::Google,
                    Platform::Yelp,
                    Platform::Facebook,
                    Platform::Healthgrades,
                ][rng.weighted(&loc.mix)];
                let scenario = if extra {
                    if rng.chance(0.85) {
                        Scenario::Glowing
                    } else {
                        Scenario::Mixed
                    }
                } else {
                    pick_scenario(loc.lagging, &mut rng)
                };
                reviews.push(new_review(Some(li), platform, scenario, posted, &mut rng));
            }
        }
        // The closed annex's last few reviews.
        if m < 4 {
            for _ in 0..3 {
                let posted = posting_time(&tz, month, &mut rng);
                let scenario = pick_scenario(false, &mut rng);
                reviews.push(new_review(None, Platform::Yelp, scenario, posted, &mut rng));
            }
        }
    }

    // The troll wave.
    let mut trng = root.fork("trolls");
    let (from, to) = troll_window();
    let span_days = (to - from).get_days() as i64;
    for i in 0..26 {
        let day = from
            .checked_add(jiff::Span::new().days(trng.range(0, span_days)))
            .expect("in range");
        let posted = clock::at_local(
            &tz,
            day.at(
                trng.range(0, 23) as i8,
                trng.range(0, 59) as i8,
                trng.range(0, 59) as i8,
                0,
            ),
        ) + trng.range(0, 999_999);
        let (loc, platform) = match i % 13 {
            0 => (1, Platform::Facebook),
            1 => (0, Platform::Yelp),
            _ => (0, Platform::Google),
        };
        let mut r = new_review(Some(loc), platform, Scenario::Troll, posted, &mut trng);
        r.author = words::troll_name(&mut trng);
        reviews.push(r);
    }

    reviews.sort_by_key(|r| r.posted);

    let mut arng = root.fork("actions");
    for r in &mut reviews {
        respond(r, &tz, end, &mut arng);
    }
    edits(&mut reviews, &tz, end, &mut root.fork("edits"));
    let extra_log = data_problems(&mut reviews, &tz, &mut root.fork("problems"));
    let requests = requests(&mut root.fork("requests"));
    Demo {
        tz,
        reviews,
        extra_log,
        requests,
    }
}

fn pick_scenario(lagging: bool, rng: &mut Rng) -> Scenario {
    // Weights in the order of `Scenario::ALL`.
    let w = if lagging {
        [0.44, 0.13, 0.2, 0.08, 0.07, 0.05, 0.02, 0.01]
    } else {
        [0.54, 0.12, 0.11, 0.08, 0.07, 0.05, 0.02, 0.01]
    };
    Scenario::ALL[rng.weighted(&w)]
}

/// A posting time in `month`: daytime hours weigh most.
fn posting_time(tz: &TimeZone, month: Date, rng: &mut Rng) -> i64 {
    let day = rng.range(1, i64::from(month.days_in_month())) as i8;
    const HOURS: [f64; 24] = [
        0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 3.0, 3.0, 3.5, 3.0, 3.0, 3.0, 3.0, 3.0,
        3.5, 4.0, 4.0, 3.0, 1.5, 0.6,
    ];
    let hour = rng.weighted(&HOURS) as i8;
    let dt = DateTime::from(month.with().day(day).build().expect("valid day"))
        .with()
        .hour(hour)
        .minute(rng.range(0, 59) as i8)
        .second(rng.range(0, 59) as i8)
        .build()
        .expect("valid time");
    clock::at_local(tz, dt) + rng.range(0, 999_999)
}

fn new_review(
    location: Option<usize>,
    platform: Platform,
    scenario: Scenario,
    posted: i64,
    rng: &mut Rng,
) -> Review {
    let kids = location.is_some_and(|l| LOCATIONS[l].kids);
    let mut rating = Some(scenario.rating(rng));
    let mut fb_stars = false;
    let id = match platform {
        Platform::Google => format!("ChdDSUhNMG9nS0VJQ0FnSU{}", rng.token(BASE64URL, 14)),
        Platform::Yelp => rng.token(BASE64URL, 22),
        Platform::Facebook => format!(
            "{}",
            100_000_000_000_000u64 + rng.below(899_999_999_999_999)
        ),
        Platform::Healthgrades => format!("hg-{}", 4_000_000 + rng.below(999_999)),
    };
    let author = words::person(rng);
    let author_id = match platform {
        Platform::Yelp => rng.token(BASE64URL, 22),
        Platform::Facebook => format!("{}", 10_000_000_000u64 + rng.below(89_999_999_999)),
        _ => format!("1{}", rng.below(u64::MAX / 100)),
    };
    let star_only = match platform {
        Platform::Google => rng.chance(if rating >= Some(4) { 0.2 } else { 0.04 }),
        Platform::Facebook => rng.chance(0.08),
        _ => false,
    };
    let text = (!star_only).then(|| {
        let t = words::review_text(scenario, kids, rng);
        if platform == Platform::Healthgrades && rng.chance(0.12) {
            // Longer Healthgrades reviews come in paragraphs.
            t.replacen(". ", ".\n\n", 1)
        } else {
            t
        }
    });
    match platform {
        Platform::Facebook => {
            // Facebook keeps a recommendation; very old ratings still carry stars.
            fb_stars = posted < clock::at_local(&TimeZone::UTC, date(2025, 2, 1).at(0, 0, 0, 0));
            if !fb_stars {
                rating = rating.map(|r| if r >= 3 { 5 } else { 1 });
            }
        }
        Platform::Healthgrades if rng.chance(0.05) => rating = None,
        _ => {}
    }
    let mut r = Review {
        location,
        platform,
        id,
        author,
        author_id,
        rating,
        posted,
        text,
        scenario,
        edit: None,
        acts: Vec::new(),
        fb_stars,
    };
    // Only Google's own exports keep microseconds.
    if r.platform != Platform::Google || scraped(&r) {
        r.posted -= r.posted.rem_euclid(1_000_000);
    }
    r
}

/// Decides what the office did about one review, and when.
fn respond(r: &mut Review, tz: &TimeZone, end: i64, rng: &mut Rng) {
    let day = clock::local_date(tz, r.posted);
    let era = era(day);
    let lagging = r.location.is_some_and(|l| LOCATIONS[l].lagging);
    let negative = r.negative();
    let responder = || match (era, lagging) {
        (Era::Before, _) => RESPONDERS_BEFORE,
        (_, true) => &[RESPONDER_LAKEVIEW, RESPONDER_LAKEVIEW, "Sam Rivera"][..],
        _ => RESPONDERS_AFTER,
    };
    let who = *rng.pick(responder());
    let median = match (era, lagging) {
        (Era::Before, false) => 40.0,
        (Era::Before, true) => 55.0,
        (Era::Transition, false) => 14.0,
        (Era::Transition, true) => 36.0,
        (Era::After, false) => 6.0,
        (Era::After, true) => 30.0,
    } * if negative && era != Era::Before {
        0.6
    } else {
        1.0
    } * week_factor(day);
    let delay = |rng: &mut Rng| ((median * rng.skewed()).max(0.2) * HOUR as f64) as i64;

    if r.scenario == Scenario::Troll {
        let at = r.posted + delay(rng).min(30 * HOUR);
        // Before the policy, and on the first two days of the wave before anyone
        // recognised it, trolls got angry public replies.
        let wave_start = day >= troll_window().0 && day <= date(2026, 1, 7);
        if era == Era::Before && rng.chance(0.4) || wave_start && r.platform == Platform::Google {
            r.acts.push(public(at, who, words::troll_reply(rng)));
        }
        let (kind, note) = match r.platform {
            Platform::Google | Platform::Healthgrades => ("flag", Some(words::flag_note(rng))),
            Platform::Facebook => ("remove", Some("Removed: profanity and harassment.".into())),
            Platform::Yelp => ("ignore", Some("Suspected troll; not answering.".into())),
        };
        r.acts.push(Act {
            kind,
            at: at + rng.range(0, 3) * HOUR,
            channel: "",
            responder: who,
            text: if rng.chance(0.8) { note } else { None },
            logged: true,
            format: AtFormat::Offset,
            shown: None,
        });
        r.acts.retain(|a| a.at <= end);
        return;
    }

    let p = match (era, lagging, negative) {
        (Era::Before, _, false) => 0.5,
        (Era::Before, _, true) => 0.75,
        (Era::Transition, _, _) => 0.85,
        (Era::After, false, false) => 0.95,
        (Era::After, false, true) => 0.99,
        (Era::After, true, false) => 0.8,
        (Era::After, true, true) => 0.92,
    };
    if !rng.chance(p) {
        return;
    }
    let risky = rng.chance(match (era, lagging) {
        (Era::Before, _) => 0.35,
        (Era::Transition, _) => 0.15,
        (Era::After, false) => 0.04,
        (Era::After, true) => 0.12,
    });
    let reply_text = |rng: &mut Rng, r: &Review| {
        if risky {
            words::risky_reply(r.rating, &r.author, r.scenario, rng)
        } else {
            words::good_reply(r.rating, rng)
        }
    };
    let first = r.posted + delay(rng);
    if negative && era != Era::Before && rng.chance(0.55) {
        // The complaint moves offline first; a public reply may follow.
        let channel = match (r.platform, rng.below(10)) {
            (Platform::Facebook, 0..=5) => "private_message",
            (_, 0..=5) => "phone",
            _ => "email",
        };
        r.acts.push(contact(first, channel, who, rng));
        if rng.chance(0.5) {
            let t = reply_text(rng, r);
            r.acts.push(public(first + rng.range(1, 6) * HOUR, who, t));
        }
    } else {
        let t = reply_text(rng, r);
        r.acts.push(public(first, who, t));
        if negative && rng.chance(if era == Era::Before { 0.1 } else { 0.4 }) {
            let channel = if rng.chance(0.7) { "phone" } else { "email" };
            r.acts
                .push(contact(first + rng.range(1, 48) * HOUR, channel, who, rng));
        }
    }
    r.acts.retain(|a| a.at <= end);

    // What the archive shows of public replies, and whether the log has them.
    // Google times carry microseconds, except the scraped listing's (seconds).
    let archived = r.platform == Platform::Google;
    let micros = archived && !scraped(r);
    for a in &mut r.acts {
        if a.kind != "reply" {
            continue;
        }
        if !micros {
            a.at -= a.at.rem_euclid(1_000_000);
        }
        if archived {
            a.logged = rng.chance(if era == Era::Before { 0.6 } else { 0.9 });
            if micros {
                a.format = AtFormat::OffsetMicros;
            }
            let edited = rng.chance(0.08);
            a.shown = Some(if edited {
                // Edited later: often to take out what the policy forbids.
                let mut at = (a.at + rng.range(1, 15) * DAY + rng.range(0, 20) * HOUR).min(end);
                if !micros {
                    at -= at.rem_euclid(1_000_000);
                }
                (at, words::good_reply(r.rating, rng))
            } else {
                (a.at, a.text.clone().unwrap_or_default())
            });
        }
    }
    for a in &mut r.acts {
        if a.kind != "reply" {
            a.at -= a.at.rem_euclid(1_000_000);
        }
    }
}

/// Lakeview's Google reviews come from scrapers, which keep whole seconds.
pub fn scraped(r: &Review) -> bool {
    r.platform == Platform::Google
        && r.location
            .is_some_and(|l| matches!(LOCATIONS[l].google, GoogleSource::Scrapers { .. }))
}

fn public(at: i64, who: &'static str, text: String) -> Act {
    Act {
        kind: "reply",
        at,
        channel: "public",
        responder: who,
        text: Some(text),
        logged: true,
        format: AtFormat::Offset,
        shown: None,
    }
}

fn contact(at: i64, channel: &'static str, who: &'static str, rng: &mut Rng) -> Act {
    Act {
        kind: "contact",
        at,
        channel,
        responder: who,
        text: Some(words::contact_note(channel, rng)),
        logged: true,
        format: AtFormat::Offset,
        shown: None,
    }
}

/// Reviewers who edit their Google reviews: some after an offline call.
fn edits(reviews: &mut [Review], tz: &TimeZone, end: i64, rng: &mut Rng) {
    let snapshot = northside_takeout_snapshot(tz);
    let api_from = clock::at_local(tz, api_list_from().at(0, 0, 0, 0));
    for r in reviews.iter_mut() {
        if r.platform != Platform::Google || r.scenario == Scenario::Troll {
            continue;
        }
        let contacted = r.acts.iter().find(|a| a.kind == "contact").map(|a| a.at);
        if let (Some(at), true) = (contacted, r.negative()) {
            if rng.chance(0.35) {
                let at = at + rng.range(2, 10) * DAY + rng.range(0, 86_399_999_999);
                if at <= end {
                    let note = *rng.pick(&[
                        "Update: the practice manager called me the next day and sorted it out. Appreciate that.",
                        "Update: someone from the office reached out and listened. Bumping up my rating.",
                        "Edit: they called and fixed the issue.",
                    ]);
                    r.edit = Some(Edit {
                        at,
                        rating: Some(rng.range(3, 4) as u8),
                        text: Some(match &r.text {
                            Some(t) => format!("{t}\n\n{note}"),
                            None => note.to_string(),
                        }),
                    });
                }
            }
        } else if r.location.is_some_and(|l| LOCATIONS[l].id == "northside")
            && (api_from..snapshot).contains(&r.posted)
            && rng.chance(0.15)
        {
            // Edited after the (older) Takeout export: the API copy is newer.
            let at = snapshot + rng.range(1, 90) * DAY + rng.range(0, 86_399_999_999);
            if at <= end {
                let (rating, note) = match r.rating {
                    Some(5) | None => (r.rating, " Still our favourite practice."),
                    Some(4) => (
                        Some(5),
                        " Update: bumping to five stars, the new online check-in is great.",
                    ),
                    Some(x) => (Some(x), " Update: still waiting on a callback."),
                };
                r.edit = Some(Edit {
                    at,
                    rating,
                    text: Some(
                        format!("{}{note}", r.text.as_deref().unwrap_or(""))
                            .trim()
                            .to_string(),
                    ),
                });
            }
        } else if rng.chance(0.04) {
            let at = r.posted + rng.range(1, 60) * DAY + rng.range(0, 86_399_999_999);
            if at <= end {
                r.edit = Some(Edit {
                    at,
                    rating: r.rating,
                    text: r
                        .text
                        .as_ref()
                        .map(|t| format!("{t} (Edited: still true months later.)")),
                });
            }
        }
    }
}

/// Plants the data problems the data-quality page should list.
fn data_problems(reviews: &mut [Review], tz: &TimeZone, rng: &mut Rng) -> Vec<LogRow> {
    let after = clock::at_local(tz, policy_settled().at(0, 0, 0, 0));
    let candidates: Vec<usize> = (0..reviews.len())
        .filter(|&i| {
            let r = &reviews[i];
            r.platform != Platform::Google && r.posted > after && r.acts.len() == 1
        })
        .collect();
    let mut chosen = Vec::new();
    while chosen.len() < 12 {
        let i = candidates[rng.below(candidates.len() as u64) as usize];
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    // Four replies typed with the wrong day: before their review.
    for &i in &chosen[0..4] {
        let r = &mut reviews[i];
        let posted = r.posted - r.posted.rem_euclid(1_000_000);
        r.acts[0].at = posted - DAY + rng.range(1, 5) * HOUR;
        r.acts[0].format = AtFormat::Local;
    }
    // Three logged with a date only.
    for &i in &chosen[4..7] {
        reviews[i].acts[0].format = AtFormat::DateOnly;
    }
    // Two unknown channels.
    for (&i, ch) in chosen[7..9].iter().zip(["fax", "voicemail"]) {
        let r = &mut reviews[i];
        r.acts[0].kind = "contact";
        r.acts[0].channel = ch;
        r.acts[0].text = Some(words::contact_note("phone", rng));
    }
    // Hand-typed local times and the odd UTC time.
    for r in reviews.iter_mut() {
        for a in &mut r.acts {
            if a.format == AtFormat::Offset {
                if rng.chance(0.07) {
                    a.format = AtFormat::Local;
                } else if rng.chance(0.03) {
                    a.format = AtFormat::Utc;
                }
            }
        }
    }
    let mut extra = Vec::new();
    // Two rows logged twice (pasted into the log again).
    for &i in &chosen[9..11] {
        let r = &reviews[i];
        let a = &r.acts[0];
        extra.push(LogRow {
            platform: r.platform.name().into(),
            review_id: r.id.clone(),
            at: clock::rfc3339_local(tz, a.at),
            at_us: a.at,
            action: a.kind,
            channel: a.channel.into(),
            responder: a.responder.into(),
            text: a.text.clone(),
        });
    }
    // Two rows for reviews no archive holds (a typo, a review since deleted).
    let r = &reviews[chosen[11]];
    let typo = {
        let mut id = r.id.clone();
        id.push('7');
        id
    };
    let at = r.acts[0].at + 3 * HOUR;
    extra.push(LogRow {
        platform: r.platform.name().into(),
        review_id: typo,
        at: clock::rfc3339_local(tz, at),
        at_us: at,
        action: "reply",
        channel: "public".into(),
        responder: "Sam Rivera".into(),
        text: Some(words::good_reply(Some(5), rng)),
    });
    let at = clock::at_local(tz, date(2026, 2, 11).at(10, 5, 0, 0));
    extra.push(LogRow {
        platform: "google".into(),
        review_id: "ChdDSUhNMG9nS0VJQ0FnSUREeletedRvw".into(),
        at: clock::rfc3339_local(tz, at),
        at_us: at,
        action: "reply",
        channel: "public".into(),
        responder: "Jordan Lee".into(),
        text: Some(words::good_reply(Some(1), rng)),
    });
    extra
}

/// Weekly review invitations per location; the campaign multiplies them.
fn requests(rng: &mut Rng) -> Vec<Requests> {
    let mut out = Vec::new();
    let mut week = date(2024, 11, 4); // a Monday
    let last = date(2026, 10, 26);
    while week <= last {
        for loc in LOCATIONS {
            let scale = loc.per_month / 30.0;
            if week >= campaign_start() {
                out.push(Requests {
                    week,
                    location: loc.id,
                    channel: "sms",
                    sent: (scale * rng.range(120, 190) as f64) as u32,
                });
                out.push(Requests {
                    week,
                    location: loc.id,
                    channel: "email",
                    sent: (scale * rng.range(30, 60) as f64) as u32,
                });
            } else {
                out.push(Requests {
                    week,
                    location: loc.id,
                    channel: "email",
                    sent: (scale * rng.range(8, 22) as f64) as u32,
                });
            }
        }
        week = week
            .checked_add(jiff::Span::new().days(7))
            .expect("in range");
    }
    out
}

/// A token for ids that only need to look plausible (Facebook cursors …).
pub fn cursor(rng: &mut Rng) -> String {
    rng.token(BASE62, 32)
}
