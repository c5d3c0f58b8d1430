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
    let s = raw.trim();
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
