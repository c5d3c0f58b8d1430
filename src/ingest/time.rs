//! Timestamp parsing for every input format (SPEC §3.2): the precision of the
//! source is kept; the configured zone is applied later, in `Moment::resolve`.

use crate::model::When;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

/// Parses the timestamp forms the generic formats accept:
/// RFC 3339 with any fraction and `Z`, `+05:30` or `+0000` offsets (an
/// instant); `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS` with optional
/// fraction (local); `YYYY-MM-DD` (a date); integer Unix seconds (an instant).
pub fn parse_when(raw: &str) -> Result<When, String> {
    let s = super::record::trim(raw);
    if let Some(w) = fast_path(s) {
        return Ok(w);
    }
    if s.is_empty() {
        return Err("the timestamp is empty".into());
    }
    if s.bytes().all(|b| b.is_ascii_digit())
        || (s.starts_with('-') && s.len() > 1 && s[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        if s.len() == 8 && !s.starts_with('-') {
            // 20260304 is far more likely a compact date than 1970-08-23.
            if let Ok(d) = Date::strptime("%Y%m%d", s) {
                return Ok(When::Date(d));
            }
        }
        let secs: i64 = s
            .parse()
            .map_err(|_| format!("`{s}` is too large for Unix seconds"))?;
        return Timestamp::from_second(secs)
            .map(When::Instant)
            .map_err(|_| format!("`{s}` is out of range for Unix seconds"));
    }
    if s.len() == 10 {
        return s
            .parse::<Date>()
            .map(When::Date)
            .map_err(|_| not_a_timestamp(s));
    }
    if has_offset(s) {
        // jiff's RFC 3339 parser wants `+00:00`; accept `+0000` and `+00` too.
        let fixed = normalise_offset(s);
        return fixed
            .parse::<Timestamp>()
            .map(When::Instant)
            .map_err(|_| not_a_timestamp(s));
    }
    s.parse::<DateTime>()
        .map(When::Local)
        .map_err(|_| not_a_timestamp(s))
}

/// The commonest layouts, `YYYY-MM-DD[T ]HH:MM:SS[.f](Z|±HH:MM|±HHMM)?`,
/// read without jiff's general parser: a million-row log spends more time
/// in the general parser than in the CSV reader. An instant is worked out
/// with calendar arithmetic (`days_from_civil`) and checked by
/// `Timestamp::new`; a local time is built by `DateTime::new`. Anything
/// unusual returns `None` and takes the general path, so the result is
/// always what that path gives (tested below, over every day of 400 years).
fn fast_path(s: &str) -> Option<When> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let digit = |i: usize| -> Option<i32> {
        let d = b[i].wrapping_sub(b'0');
        (d < 10).then_some(i32::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let year = two(0)? * 100 + two(2)?;
    let (month, day) = (two(5)?, two(8)?);
    let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0i32;
    if b.get(i) == Some(&b'.') {
        let digits = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        for k in 0..9 {
            nanos = nanos * 10 + if k < digits { digit(i + 1 + k)? } else { 0 };
        }
        i += 1 + digits;
    }
    let offset_secs = match &b[i..] {
        [] => {
            let dt = DateTime::new(
                year as i16,
                month as i8,
                day as i8,
                hour as i8,
                minute as i8,
                second as i8,
                nanos,
            )
            .ok()?;
            return Some(When::Local(dt));
        }
        [b'Z' | b'z'] => 0,
        // `±HH:MM` or `±HHMM`.
        [sign @ (b'+' | b'-'), _, _, b':', _, _] | [sign @ (b'+' | b'-'), _, _, _, _] => {
            let minutes_at = if b.len() - i == 6 { i + 4 } else { i + 3 };
            let (h, m) = (two(i + 1)?, two(minutes_at)?);
            // jiff's offsets stop at ±25:59:59.
            if m > 59 || h > 25 {
                return None;
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    let seconds = days_from_civil(year, month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second - offset_secs);
    Timestamp::new(seconds, nanos).ok().map(When::Instant)
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i32, month: i32, day: i32) -> i64 {
    let y = i64::from(if month <= 2 { year - 1 } else { year });
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let march_based = i64::from((month + 9) % 12);
    let day_of_year = (153 * march_based + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn not_a_timestamp(s: &str) -> String {
    format!(
        "`{s}` is not a timestamp; write 2026-03-04T09:30:00Z (an instant), 2026-03-04 09:30:00 (local time) or 2026-03-04 (a date)"
    )
}

/// Whether the text after the date carries `Z` or a numeric offset.
fn has_offset(s: &str) -> bool {
    // Bytes, not `&str` slices: the 11th byte may sit inside a character
    // (`2026-03-04é`), and slicing there would panic.
    let Some(time) = s.as_bytes().get(10..) else {
        return false;
    };
    matches!(time.last(), Some(b'Z' | b'z'))
        || time.contains(&b'+')
        || time.get(1..).is_some_and(|t| t.contains(&b'-'))
}

/// `+0000` → `+00:00`, `+05` → `+05:00`; anything else unchanged.
fn normalise_offset(s: &str) -> std::borrow::Cow<'_, str> {
    let bytes = s.as_bytes();
    let Some(pos) = s
        .get(10..)
        .and_then(|t| t.rfind(['+', '-']))
        .map(|p| p + 10)
    else {
        return s.into();
    };
    let off = &s[pos + 1..];
    let _ = bytes;
    if off.len() == 4 && off.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}{}:{}", &s[..pos + 1], &off[..2], &off[2..]).into()
    } else if off.len() == 2 && off.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}{}:00", &s[..pos + 1], off).into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(s: &str) -> When {
        When::Instant(s.parse().unwrap())
    }

    #[test]
    fn accepts_every_documented_form() {
        let cases: &[(&str, When)] = &[
            ("2026-03-04T09:30:00Z", instant("2026-03-04T09:30:00Z")),
            (
                "2025-09-22T19:33:02.610672Z",
                instant("2025-09-22T19:33:02.610672Z"),
            ),
            ("2026-03-04T15:00:00+05:30", instant("2026-03-04T09:30:00Z")),
            ("2026-03-04T09:30:00+0000", instant("2026-03-04T09:30:00Z")),
            ("2026-03-04T04:30:00-0500", instant("2026-03-04T09:30:00Z")),
            (
                "2026-03-04 09:30:00",
                When::Local("2026-03-04T09:30:00".parse().unwrap()),
            ),
            (
                "2026-03-04T09:30:00",
                When::Local("2026-03-04T09:30:00".parse().unwrap()),
            ),
            (
                "2026-03-04T09:30:00.5",
                When::Local("2026-03-04T09:30:00.5".parse().unwrap()),
            ),
            ("2026-03-04", When::Date("2026-03-04".parse().unwrap())),
            ("1772616600", instant("2026-03-04T09:30:00Z")),
            (" 2026-03-04 ", When::Date("2026-03-04".parse().unwrap())),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_when(raw).as_ref(), Ok(want), "parsing {raw:?}");
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_parser() {
        let cases = [
            "2026-03-04T09:30:00Z",
            "2026-03-04t09:30:00z",
            "2026-03-04 09:30:00",
            "2026-03-04T09:30:00",
            "2026-03-04T09:30:00.1",
            "2026-03-04T09:30:00.123456789Z",
            "2025-09-22T19:33:02.610672Z",
            "2026-03-04T15:00:00+05:30",
            "2026-03-04T09:30:00+0000",
            "2026-03-04T04:30:00-0500",
            "2026-03-04T04:30:00-05:00",
            "2024-02-29T23:59:59-12:00",
            "2026-03-08 02:30:00",
            "1969-12-31T23:59:59.5Z",
            "1900-02-28T12:00:00.000000001+25:59",
            "0000-01-01T00:00:00+01:00",
            "2000-02-29T00:00:00Z",
            "9999-12-30T22:00:00.999999999Z",
        ];
        for s in cases {
            let fast = fast_path(s).unwrap_or_else(|| panic!("{s} takes the fast path"));
            let general = if has_offset(s) {
                When::Instant(normalise_offset(s).parse().unwrap())
            } else {
                When::Local(s.parse().unwrap())
            };
            assert_eq!(fast, general, "{s}");
        }
        // Whatever it cannot be sure of, it leaves to the general parser.
        for s in [
            "2026-02-30T09:30:00Z",
            "2026-03-04T24:00:00Z",
            "2026-03-04T09:30:60Z",
            "2026-03-04T09:30:00+05",
            "2026-03-04T09:30:00.Z",
            "2026-03-04T09:30:00.1234567890Z",
            "2026-03-04T09:30:00+05:60",
            "2026-03-04T09:30:00 Z",
            "2026-03-04",
            "1772616600",
            "1900-02-29T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-03-04T09:30:00+26:00",
            "9999-12-31T23:00:00Z",
        ] {
            assert_eq!(fast_path(s), None, "{s}");
        }
    }

    #[test]
    fn the_fast_path_agrees_with_jiff_on_every_day_of_four_centuries() {
        // Every day from 1800 to 2199 (leap rules of 1800, 1900, 2000 and
        // 2100 included), at a time and with an offset that vary by day.
        let mut date: jiff::civil::Date = "1800-01-01".parse().unwrap();
        let end: jiff::civil::Date = "2200-01-01".parse().unwrap();
        let mut k = 0u32;
        while date < end {
            let (h, m, sec) = (k % 24, (k * 7) % 60, (k * 13) % 60);
            let offset = match k % 4 {
                0 => "Z".to_string(),
                1 => format!("+{:02}:{:02}", k % 15, (k * 3) % 60),
                2 => format!("-{:02}{:02}", k % 13, (k * 11) % 60),
                _ => String::new(),
            };
            let frac = if k.is_multiple_of(3) {
                format!(".{}", k % 1000)
            } else {
                String::new()
            };
            let s = format!("{date}T{h:02}:{m:02}:{sec:02}{frac}{offset}");
            let fast = fast_path(&s).unwrap_or_else(|| panic!("{s} takes the fast path"));
            let general = if offset.is_empty() {
                When::Local(s.parse().unwrap())
            } else {
                When::Instant(normalise_offset(&s).parse().unwrap())
            };
            assert_eq!(fast, general, "{s}");
            date = date.tomorrow().unwrap();
            k += 1;
        }
        assert_eq!(k, 146_097);
    }

    #[test]
    fn refuses_relative_and_malformed_dates_with_advice() {
        for raw in [
            "a week ago",
            "2026-13-01",
            "04/03/2026",
            "",
            "2026-03-04T25:00:00Z",
        ] {
            let err = parse_when(raw).unwrap_err();
            assert!(
                err.contains("not a timestamp") || err.contains("empty"),
                "{raw:?}: {err}"
            );
        }
    }
}
