//! The plain data model every stage shares: reviews, actions, review requests,
//! and timestamps that keep their precision.
//!
//! Architecture invariant: this module does no I/O and knows no file format.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// A short text: a platform, an id, a location key, a name. Up to 24 bytes
/// are kept inline, so a million reviews do not mean millions of tiny heap
/// allocations (most of the memory and much of the time of a large build).
pub type Name = compact_str::CompactString;

mod sym;
pub use sym::Sym;

/// How precise a timestamp was in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// An instant with an offset (`2026-03-08T07:30:00Z`, `+0000`, Unix seconds).
    Instant,
    /// A wall-clock time with no offset: the configured zone applies.
    Local,
    /// A calendar date only.
    Date,
}

/// Which part of a date written with slashes (`03/10/2025`, as spreadsheets
/// write them) is the month. `Unknown` reads only what one order alone can
/// mean (`25/10/2025`) and refuses the rest, naming both readings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    #[default]
    #[serde(skip_deserializing)]
    Unknown,
    /// `3/10/2025` is March 10th (the US order, and Excel's in the US).
    MonthFirst,
    /// `3/10/2025` is October 3rd (most of the world).
    DayFirst,
}

/// A timestamp as written in a source, before the configured zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Instant(Timestamp),
    Local(DateTime),
    Date(Date),
}

/// A timestamp resolved in the configured zone, keeping its precision.
///
/// `instant` is exact for `Instant`; for `Local` it is the wall time resolved
/// with RFC 5545's rule (a skipped time moves forward by the gap, a repeated
/// time takes the earlier instant: jiff's `compatible`); for `Date` it is the
/// start of that day. `date` is the calendar date in the configured zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    pub instant: Timestamp,
    pub date: Date,
    pub precision: Precision,
}

impl Moment {
    pub fn resolve(when: When, tz: &TimeZone) -> Result<Moment, String> {
        match when {
            When::Instant(ts) => Ok(Moment {
                instant: ts,
                date: tz.to_datetime(ts).date(),
                precision: Precision::Instant,
            }),
            When::Local(dt) => {
                let instant = tz
                    .to_ambiguous_timestamp(dt)
                    .compatible()
                    .map_err(|e| format!("{dt} cannot be placed in the time zone: {e}"))?;
                Ok(Moment {
                    instant,
                    date: tz.to_datetime(instant).date(),
                    precision: Precision::Local,
                })
            }
            When::Date(d) => {
                let instant = tz
                    .to_ambiguous_timestamp(d.at(0, 0, 0, 0))
                    .compatible()
                    .map_err(|e| format!("{d} cannot be placed in the time zone: {e}"))?;
                Ok(Moment {
                    instant,
                    date: d,
                    precision: Precision::Date,
                })
            }
        }
    }

    /// True when the time of day is known (an instant or a local date-time).
    pub fn has_time(&self) -> bool {
        self.precision != Precision::Date
    }

    /// `self` is at or after `other`, compared as dates in the configured zone
    /// when either side is a date only (SPEC §4.1).
    pub fn at_or_after(&self, other: &Moment) -> bool {
        if self.has_time() && other.has_time() {
            self.instant >= other.instant
        } else {
            self.date >= other.date
        }
    }

    /// `self` is not after `limit` (the as-of instant, which always has a time).
    /// A date-only moment counts as the start of its day.
    pub fn not_after(&self, limit: Timestamp) -> bool {
        self.instant <= limit
    }

    /// The calendar month `YYYY-MM` in the configured zone.
    pub fn month(&self) -> Month {
        Month::of(self.date)
    }
}

/// Exact hours between two instants (seconds / 3600).
pub fn hours_between(from: Timestamp, to: Timestamp) -> f64 {
    let secs = to.as_second() - from.as_second();
    let nanos = i64::from(to.subsec_nanosecond()) - i64::from(from.subsec_nanosecond());
    (secs as f64 + nanos as f64 / 1e9) / 3600.0
}

/// A calendar month, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl Month {
    pub fn of(d: Date) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).expect("a Month always holds a valid month")
    }
    pub fn next(self) -> Month {
        Month::of(self.first_day().saturating_add(1.month()))
    }
    pub fn prev(self) -> Month {
        Month::of(self.first_day().saturating_sub(1.month()))
    }
    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        let d = Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()?;
        Some(Month::of(d))
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Where a record came from: an index into `Dataset::files` and a 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Origin {
    pub file: u32,
    pub line: u32,
}

/// One review, as read from an archive (after de-duplication, one per identity).
#[derive(Debug, Clone)]
pub struct Review {
    /// Lower-case platform name: `google`, `yelp`, `facebook`, `healthgrades`, …
    pub platform: Sym,
    /// The platform's id, or a stable id derived from platform, location,
    /// author, date and text when the source has none (see `derive_id`).
    pub id: Name,
    /// The record's raw location identifier, compared exactly with the
    /// configured `sources` (Google `accounts/…/locations/…`, a Yelp
    /// `business_id`, a Facebook page id, a generic file's `location`).
    pub source_location: Sym,
    pub author: Option<Name>,
    /// Rating on the 1–5 scale (10-point scales halved, recommendations mapped);
    /// `None` is unrated.
    pub rating: Option<f64>,
    pub posted: Moment,
    /// Last edit of the review, when the source says; decides which copy of a
    /// duplicate wins (the newest).
    pub updated: Option<Moment>,
    pub text: Option<String>,
    /// A public reply carried inside the archive (Google `reviewReply`, a
    /// scraper's owner answer). Its time is its last edit. Boxed: most
    /// reviews have none, and a million reviews are 40 MB smaller for it.
    pub embedded_reply: Option<Box<EmbeddedReply>>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct EmbeddedReply {
    pub at: Moment,
    pub text: String,
}

/// What the organisation did about a review (SPEC §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Reply,
    Contact,
    Flag,
    Remove,
    Ignore,
}

impl ActionKind {
    pub fn parse(s: &str) -> Option<ActionKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "reply" => Some(ActionKind::Reply),
            "contact" => Some(ActionKind::Contact),
            "flag" => Some(ActionKind::Flag),
            "remove" => Some(ActionKind::Remove),
            "ignore" => Some(ActionKind::Ignore),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Reply => "reply",
            ActionKind::Contact => "contact",
            ActionKind::Flag => "flag",
            ActionKind::Remove => "remove",
            ActionKind::Ignore => "ignore",
        }
    }
    /// `reply` and `contact` answer a review; the others only close it.
    pub fn answers(self) -> bool {
        matches!(self, ActionKind::Reply | ActionKind::Contact)
    }
}

/// Channels a log may name; anything else is a warning, not an error.
pub const KNOWN_CHANNELS: &[&str] = &[
    "public",
    "platform",
    "phone",
    "email",
    "e-mail",
    "sms",
    "text",
    "letter",
    "message",
    "private_message",
    "dm",
    "in_person",
    "mail",
    "portal",
];

#[derive(Debug, Clone)]
pub struct Action {
    pub platform: Sym,
    pub review_id: Name,
    pub at: Moment,
    pub kind: ActionKind,
    pub channel: Option<Sym>,
    pub responder: Option<Sym>,
    pub text: Option<String>,
    /// True for replies that came from an archive rather than the log.
    pub embedded: bool,
    pub origin: Origin,
}

/// A count of review invitations sent (SPEC §3.4).
#[derive(Debug, Clone)]
pub struct RequestBatch {
    pub date: Date,
    /// The raw location value, mapped like a review's `source_location`
    /// (a configured location id is accepted too).
    pub location: String,
    pub channel: String,
    pub sent: u64,
    pub origin: Origin,
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: i32, day: i32) -> i64 {
    let y = i64::from(if month <= 2 { year - 1 } else { year });
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let march_based = i64::from((month + 9) % 12);
    let day_of_year = (153 * march_based + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A civil date in the proleptic Gregorian calendar from days since
/// 1970-01-01 (Howard Hinnant's `civil_from_days`): the inverse of
/// `days_from_civil`.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A stable id for a review whose source has none: a 64-bit FNV-1a hash of
/// platform, location, author, date and text, written as 16 hex digits.
pub fn derive_id(platform: &str, location: &str, author: &str, date: &str, text: &str) -> Name {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [platform, location, author, date, text] {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    compact_str::format_compact!("h{h:016x}")
}

/// Normalises a platform name: lower case, trimmed, spaces to nothing
/// (`Google` → `google`, `Health Grades` → `healthgrades`).
pub fn platform_name(s: &str) -> Name {
    s.trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A moment for people: `2026-03-04 09:30` in the configured zone, or the
/// date alone when that is all the source said.
pub fn show_moment(m: &Moment, tz: &TimeZone) -> String {
    match m.precision {
        Precision::Date => m.date.to_string(),
        _ => {
            // The civil time in the zone, written by hand: a report or the
            // feed shows one per open review, and `strftime` on a zoned
            // time costs several times more. The years of the plausible
            // window have four digits; others take the general path.
            let d = tz.to_datetime(m.instant);
            if (1000..=9999).contains(&d.year()) {
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    d.year(),
                    d.month(),
                    d.day(),
                    d.hour(),
                    d.minute()
                )
            } else {
                m.instant
                    .to_zoned_datetime(tz.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_is_shown_as_strftime_shows_it_in_the_zone() {
        // Every 7,919 seconds over two years, across both DST changes.
        let tz = TimeZone::get("America/New_York").unwrap();
        let start = "2025-01-01T00:00:00Z".parse::<jiff::Timestamp>().unwrap();
        for k in 0..8_000i64 {
            let instant = start + jiff::SignedDuration::from_secs(k * 7_919);
            let m = Moment {
                instant,
                date: tz.to_datetime(instant).date(),
                precision: Precision::Instant,
            };
            let want = instant
                .to_zoned_datetime(tz.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string();
            assert_eq!(show_moment(&m, &tz), want);
        }
    }

    /// Every day from year -4000 to 6000: the two conversions undo each
    /// other and agree with jiff's calendar.
    #[test]
    fn days_and_civil_dates_convert_both_ways_as_jiff_counts_them() {
        let epoch = jiff::civil::date(1970, 1, 1);
        for days in -2_180_000i64..1_470_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y as i32, m as i32, d as i32), days);
            if days % 997 == 0 && (-9999..=9999).contains(&y) {
                let date = jiff::civil::date(y as i16, m as i8, d as i8);
                assert_eq!(epoch.until(date).unwrap().get_days() as i64, days, "{date}");
            }
        }
    }
}
