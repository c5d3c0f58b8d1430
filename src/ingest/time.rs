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
/// in the general parser than in the CSV reader. jiff still checks the
/// values (`DateTime::new`, `Offset::from_seconds`) and does the arithmetic;
/// anything unusual returns `None` and takes the general path, so the result
/// is always what that path gives (tested below).
fn fast_path(s: &str) -> Option<When> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i32> {
        b[from..to].iter().try_fold(0i32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + i32::from(d - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let mut i = 19;
    let mut nanos = 0i32;
    if b.get(i) == Some(&b'.') {
        let digits = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = num(i + 1, i + 1 + digits)? * 10i32.pow(9 - digits as u32);
        i += 1 + digits;
    }
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
    let offset_secs = match &b[i..] {
        [] => return Some(When::Local(dt)),
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let two = |x: u8, y: u8| -> Option<i32> {
                (x.is_ascii_digit() && y.is_ascii_digit())
                    .then(|| i32::from(x - b'0') * 10 + i32::from(y - b'0'))
            };
            let (h, m) = (two(*h1, *h2)?, two(*m1, *m2)?);
            if m > 59 {
                return None;
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    let offset = jiff::tz::Offset::from_seconds(offset_secs).ok()?;
    offset.to_timestamp(dt).ok().map(When::Instant)
}

fn not_a_timestamp(s: &str) -> String {
    format!(
        "`{s}` is not a timestamp; write 2026-03-04T09:30:00Z (an instant), 2026-03-04 09:30:00 (local time) or 2026-03-04 (a date)"
    )
}

/// Whether the text after the date carries `Z` or a numeric offset.
fn has_offset(s: &str) -> bool {
    let Some(time) = s.get(10..) else {
        return false;
    };
    time.ends_with('Z') || time.ends_with('z') || time.contains('+') || time[1..].contains('-')
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
        ] {
            assert_eq!(fast_path(s), None, "{s}");
        }
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
