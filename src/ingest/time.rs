//! Timestamp parsing for every input format (SPEC §3.2): the precision of the
//! source is kept; the configured zone is applied later, in `Moment::resolve`.

use crate::model::{DateOrder, When, days_from_civil};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

/// Parses the timestamp forms the generic formats accept:
/// RFC 3339 with any fraction and `Z`, `+05:30` or `+0000` offsets (an
/// instant); `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS` with optional
/// fraction (local); `YYYY-MM-DD` (a date); integer Unix seconds (an instant);
/// and the slashed dates of spreadsheets where only one order can be meant.
pub fn parse_when(raw: &str) -> Result<When, String> {
    parse_when_in(raw, DateOrder::Unknown)
}

/// As `parse_when`, reading slashed dates (`5/8/2022 15:55`, as Excel
/// re-saves a timestamp) in the given order.
pub fn parse_when_in(raw: &str, order: DateOrder) -> Result<When, String> {
    let s = super::text::trim(raw);
    if let Some(w) = fast_path(s) {
        return Ok(w);
    }
    if s.is_empty() {
        return Err("the timestamp is empty".into());
    }
    if let Some(parts) = slashed(s) {
        return parts.read(s, order);
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

/// Every layout a timestamp may take, for the messages that refuse one.
pub const LAYOUTS: &str = "2026-03-04T09:30:00Z, with any fraction of a second and an offset such as +05:30 or +0000 instead of Z (an instant); 2026-03-04 09:30:00 or 2026-03-04T09:30:00 (local time); 2026-03-04 or 20260304 (a date); Unix seconds such as 1772616600 (an instant); and dates with slashes as spreadsheets write them, 3/4/2026, 3/4/2026 9:30 or 03/04/2026 09:30:00 (month or day first: see `date_order` in reputable.yaml)";

fn not_a_timestamp(s: &str) -> String {
    format!("`{s}` is not a timestamp; accepted layouts: {LAYOUTS}")
}

/// A date written with slashes, its parts as written: `A/B/YYYY`, then
/// optionally ` H:MM` or ` H:MM:SS` (one or two digits each but the year).
struct Slashed {
    a: i8,
    b: i8,
    year: i16,
    time: Option<(i8, i8, i8)>,
}

fn slashed(s: &str) -> Option<Slashed> {
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let mut parts = date.split('/');
    let short = |p: &str| {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i8>().ok())
            .flatten()
    };
    let a = short(parts.next()?)?;
    let b = short(parts.next()?)?;
    let y = parts.next()?;
    if parts.next().is_some() || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = y.parse().ok()?;
    let time = match time {
        None => None,
        Some(t) => {
            let mut hms = t.split(':');
            let h = short(hms.next()?)?;
            let m = hms.next()?;
            let m = (m.len() == 2).then(|| short(m)).flatten()?;
            let sec = match hms.next() {
                None => 0,
                Some(x) => (x.len() == 2).then(|| short(x)).flatten()?,
            };
            if hms.next().is_some() {
                return None;
            }
            Some((h, m, sec))
        }
    };
    Some(Slashed { a, b, year, time })
}

impl Slashed {
    fn at(&self, month: i8, day: i8) -> Option<When> {
        Some(match self.time {
            None => When::Date(Date::new(self.year, month, day).ok()?),
            Some((h, m, s)) => When::Local(DateTime::new(self.year, month, day, h, m, s, 0).ok()?),
        })
    }

    fn read(&self, s: &str, order: DateOrder) -> Result<When, String> {
        let month_first = self.at(self.a, self.b);
        let day_first = self.at(self.b, self.a);
        // `10 March 2025 15:55` and `2025-03-10 15:55:00`.
        let words = |w: &When| match w {
            When::Local(dt) => dt.strftime("%-d %B %Y %H:%M").to_string(),
            When::Date(d) => d.strftime("%-d %B %Y").to_string(),
            When::Instant(t) => t.to_string(),
        };
        let iso = |w: &When| match w {
            When::Local(dt) => dt.strftime("%Y-%m-%d %H:%M:%S").to_string(),
            When::Date(d) => d.to_string(),
            When::Instant(t) => t.to_string(),
        };
        match (order, month_first, day_first) {
            (DateOrder::MonthFirst, Some(w), _) | (DateOrder::DayFirst, _, Some(w)) => Ok(w),
            (DateOrder::MonthFirst | DateOrder::DayFirst, _, _) => Err(format!(
                "`{s}` is not a date when read {} first, the order this file's dates are read in; accepted layouts: {LAYOUTS}",
                if order == DateOrder::MonthFirst {
                    "month"
                } else {
                    "day"
                }
            )),
            (DateOrder::Unknown, Some(m), Some(d)) if m == d => Ok(m),
            (DateOrder::Unknown, Some(m), Some(d)) => Err(format!(
                "`{s}` could be {} (month first, as in the US) or {} (day first), and reputable never guesses: add `date_order: month-first` or `date_order: day-first` to reputable.yaml, or write it as {} or {}",
                words(&m),
                words(&d),
                iso(&m),
                iso(&d),
            )),
            (DateOrder::Unknown, Some(w), None) | (DateOrder::Unknown, None, Some(w)) => Ok(w),
            (DateOrder::Unknown, None, None) => Err(not_a_timestamp(s)),
        }
    }
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
            "",
            "2026-03-04T25:00:00Z",
            "13/13/2022",
            "5/8/22",
            "5/8/2022 25:00",
            "5/8/2022 15:5",
        ] {
            let err = parse_when(raw).unwrap_err();
            assert!(
                err.contains("not a timestamp") || err.contains("empty"),
                "{raw:?}: {err}"
            );
        }
    }

    #[test]
    fn slashed_dates_are_read_in_the_order_given_or_where_only_one_order_fits() {
        let local = |s: &str| Ok(When::Local(s.parse().unwrap()));
        let date = |s: &str| Ok(When::Date(s.parse().unwrap()));
        use DateOrder::*;
        let cases: &[(&str, DateOrder, Result<When, String>)] = &[
            // Excel's re-save of a US timestamp: no padding, no seconds.
            ("5/8/2022 15:55", MonthFirst, local("2022-05-08T15:55:00")),
            ("5/8/2022 15:55", DayFirst, local("2022-08-05T15:55:00")),
            (
                "03/10/2025 09:30:00",
                MonthFirst,
                local("2025-03-10T09:30:00"),
            ),
            ("3/10/2025", DayFirst, date("2025-10-03")),
            // One order alone makes a date.
            ("25/08/2022", Unknown, date("2022-08-25")),
            ("08/25/2022 9:30", Unknown, local("2022-08-25T09:30:00")),
            // Both orders say the same.
            ("05/05/2025", Unknown, date("2025-05-05")),
        ];
        for (raw, order, want) in cases {
            assert_eq!(&parse_when_in(raw, *order), want, "{raw} read {order:?}");
        }
        assert_eq!(
            parse_when("03/10/2025").unwrap_err(),
            "`03/10/2025` could be 10 March 2025 (month first, as in the US) or 3 October 2025 (day first), and reputable never guesses: add `date_order: month-first` or `date_order: day-first` to reputable.yaml, or write it as 2025-03-10 or 2025-10-03"
        );
        assert!(parse_when("5/8/2022 15:55").unwrap_err().contains(
            "8 May 2022 15:55 (month first, as in the US) or 5 August 2022 15:55 (day first)"
        ));
        let wrong_order = parse_when_in("25/08/2022", MonthFirst).unwrap_err();
        assert!(
            wrong_order.starts_with("`25/08/2022` is not a date when read month first")
                && wrong_order.contains(LAYOUTS),
            "{wrong_order}"
        );
    }

    #[test]
    fn the_refusal_lists_every_accepted_layout() {
        let err = parse_when("next tuesday").unwrap_err();
        // Each of these parses, and the message names its layout.
        for (layout, example) in [
            ("2026-03-04T09:30:00Z", "2026-03-04T09:30:00Z"),
            ("+05:30", "2026-03-04T09:30:00+05:30"),
            ("+0000", "2026-03-04T09:30:00+0000"),
            ("2026-03-04 09:30:00", "2026-03-04 09:30:00"),
            ("2026-03-04T09:30:00 (local", "2026-03-04T09:30:00"),
            ("2026-03-04 or", "2026-03-04"),
            ("20260304", "20260304"),
            ("1772616600", "1772616600"),
            ("3/4/2026,", "3/14/2026"),
            ("3/4/2026 9:30", "3/14/2026 9:30"),
            ("03/04/2026 09:30:00", "03/14/2026 09:30:00"),
        ] {
            assert!(err.contains(layout), "{layout} missing from: {err}");
            assert!(parse_when(example).is_ok(), "{example}");
        }
    }
}
