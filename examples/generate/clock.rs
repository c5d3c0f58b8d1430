//! Times for the generator: microseconds since the Unix epoch, and the
//! renderings each export format uses. No wall clock anywhere.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

pub const HOUR: i64 = 3_600_000_000;
pub const DAY: i64 = 24 * HOUR;

pub fn ts(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).expect("generated times are in range")
}

/// A wall-clock time in `tz` as microseconds (RFC 5545's rule for gaps).
pub fn at_local(tz: &TimeZone, dt: DateTime) -> i64 {
    tz.to_ambiguous_timestamp(dt)
        .compatible()
        .expect("generated local times are in range")
        .as_microsecond()
}

pub fn local(tz: &TimeZone, us: i64) -> DateTime {
    tz.to_datetime(ts(us))
}

pub fn local_date(tz: &TimeZone, us: i64) -> Date {
    local(tz, us).date()
}

fn civil(dt: DateTime, sep: char) -> String {
    format!(
        "{:04}-{:02}-{:02}{sep}{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

fn offset(tz: &TimeZone, us: i64, colon: bool) -> String {
    let s = tz.to_offset(ts(us)).seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let (h, m) = (s.abs() / 3600, s.abs() % 3600 / 60);
    if colon {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

/// `2026-03-04T09:30:00-05:00`
pub fn rfc3339_local(tz: &TimeZone, us: i64) -> String {
    format!("{}{}", civil(local(tz, us), 'T'), offset(tz, us, true))
}

/// `2026-03-04T09:30:00.123456-05:00`: the same instant as a Google time,
/// as a tool that copies the platform's time into the log writes it.
pub fn rfc3339_local_micros(tz: &TimeZone, us: i64) -> String {
    format!(
        "{}.{:06}{}",
        civil(local(tz, us), 'T'),
        us.rem_euclid(1_000_000),
        offset(tz, us, true)
    )
}

/// `2025-09-22T19:33:02.610672Z` (Google).
pub fn utc_micros(us: i64) -> String {
    format!(
        "{}.{:06}Z",
        civil(TimeZone::UTC.to_datetime(ts(us)), 'T'),
        us.rem_euclid(1_000_000)
    )
}

/// `2025-09-22T19:33:02.610Z` (Apify).
pub fn utc_millis(us: i64) -> String {
    format!(
        "{}.{:03}Z",
        civil(TimeZone::UTC.to_datetime(ts(us)), 'T'),
        us.rem_euclid(1_000_000) / 1000
    )
}

/// `2026-03-04T09:30:00Z`
pub fn utc(us: i64) -> String {
    format!("{}Z", civil(TimeZone::UTC.to_datetime(ts(us)), 'T'))
}

/// `2026-03-04T09:30:00+0000` (Facebook).
pub fn utc_fb(us: i64) -> String {
    format!("{}+0000", civil(TimeZone::UTC.to_datetime(ts(us)), 'T'))
}

/// `03/04/2026 09:30:00` (Outscraper's `*_datetime_utc` columns).
pub fn utc_us_style(us: i64) -> String {
    let d = TimeZone::UTC.to_datetime(ts(us));
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
        d.month(),
        d.day(),
        d.year(),
        d.hour(),
        d.minute(),
        d.second()
    )
}

/// `2026-03-04 09:30:00` in `tz` (Yelp, hand-typed log rows).
pub fn local_plain(tz: &TimeZone, us: i64) -> String {
    civil(local(tz, us), ' ')
}

/// `2026-03-04` in `tz`.
pub fn date(tz: &TimeZone, us: i64) -> String {
    local_date(tz, us).to_string()
}

pub fn unix_seconds(us: i64) -> i64 {
    us.div_euclid(1_000_000)
}
