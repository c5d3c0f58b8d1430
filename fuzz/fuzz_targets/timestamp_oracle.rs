//! `parse_when` against jiff as an oracle. Our parser reads the common RFC
//! 3339 layouts by its own calendar arithmetic (the fast path) and hands
//! everything else to jiff; the oracle checks that the two never disagree.
//!
//! What the oracle covers, for the trimmed input `s` (our parser trims):
//!
//! * **Instants are jiff's instants.** When `parse_when` returns an instant
//!   for `s` that is not integer Unix seconds, jiff must parse `canonical(s)`
//!   as the same `Timestamp`. `canonical` rewrites a trailing `±HHMM` or
//!   `±HH` offset as `±HH:MM` (the spellings SPEC §3.2 accepts beyond
//!   jiff's) and is written here independently of our `normalise_offset`.
//! * **No instant jiff reads is lost or moved.** When jiff parses `s` itself
//!   as a `Timestamp`, `parse_when` must return that instant — except for
//!   input with an RFC 9557 annotation (`…Z[America/New_York]`): SPEC §3.2
//!   asks for RFC 3339, which has none, and `parse_when` may refuse them
//!   (it refuses `Z[…]`; the first fuzz run found that). Whatever it does
//!   return for them is still held to the rules here.
//! * **Local times drop no offset.** When `parse_when` returns a local
//!   date-time, jiff must parse `s` as the same civil `DateTime`, and must
//!   not read `s` as a `Timestamp` (an offset would have been ignored).
//! * **Dates are jiff's dates.** A date from `parse_when` must be jiff's
//!   `Date` of `s`, or, for eight digits, of `%Y%m%d`.
//! * **Integer seconds** (optionally negative) are `Timestamp::from_second`.
//!
//! Not covered: which malformed inputs are refused (any error is fine, as
//! long as nothing panics), and the wording of the errors.
#![no_main]

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use libfuzzer_sys::fuzz_target;
use reputable::ingest::time::parse_when;
use reputable::model::When;

/// `…+0530` → `…+05:30`, `…-05` → `…-05:00`; anything else unchanged.
fn canonical(s: &str) -> String {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let n = b.len();
    if n > 15 && matches!(b[n - 5], b'+' | b'-') && digits(n - 4..n) {
        return format!("{}:{}", &s[..n - 2], &s[n - 2..]);
    }
    if n > 13 && matches!(b[n - 3], b'+' | b'-') && digits(n - 2..n) {
        return format!("{s}:00");
    }
    s.to_string()
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fuzz_target!(|raw: &str| {
    let ours = parse_when(raw);
    let s = raw.trim();
    let jiff_instant = s.parse::<Timestamp>();
    if let Ok(t) = &jiff_instant
        && !is_integer(s)
        && !s.contains('[')
    {
        assert_eq!(
            ours,
            Ok(When::Instant(*t)),
            "jiff reads {s:?} as an instant"
        );
    }
    match ours {
        Ok(When::Instant(t)) if is_integer(s) => {
            let secs: i64 = s.parse().expect("integer seconds fit in i64");
            assert_eq!(Timestamp::from_second(secs).ok(), Some(t), "{s:?}");
        }
        Ok(When::Instant(t)) => {
            let c = canonical(s);
            assert_eq!(c.parse::<Timestamp>().ok(), Some(t), "{s:?} read as {c:?}");
        }
        Ok(When::Local(dt)) => {
            assert_eq!(s.parse::<DateTime>().ok(), Some(dt), "{s:?}");
            assert!(
                jiff_instant.is_err(),
                "{s:?} has an offset but was read as local"
            );
        }
        Ok(When::Date(d)) => {
            let jiffs = if s.len() == 8 {
                Date::strptime("%Y%m%d", s).ok()
            } else {
                s.parse::<Date>().ok()
            };
            assert_eq!(jiffs, Some(d), "{s:?}");
        }
        Err(_) => {}
    }
});
