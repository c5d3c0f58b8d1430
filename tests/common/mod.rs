//! Reading fixtures the way `ingest` reads project files, in a fixed zone so
//! no test depends on the machine's clock or time zone.
#![allow(dead_code)]

use jiff::Timestamp;
use jiff::tz::TimeZone;
use reputable::ingest::{FileCtx, Parsed, detect};
use reputable::model::{DateOrder, Moment, Precision};
use std::path::PathBuf;

pub fn tz() -> TimeZone {
    TimeZone::get("America/New_York").expect("the bundled tzdb has New York")
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// Reads `tests/fixtures/formats/<name>`; problems name it `formats/<name>`.
pub fn read(name: &str) -> Parsed {
    let bytes = std::fs::read(fixture(name)).expect("fixture exists");
    read_bytes(&format!("formats/{name}"), &bytes)
}

pub fn read_bytes(display: &str, bytes: &[u8]) -> Parsed {
    read_bytes_in(display, bytes, DateOrder::Unknown)
}

/// As `read_bytes`, with the configuration's `date_order`.
pub fn read_bytes_in(display: &str, bytes: &[u8], date_order: DateOrder) -> Parsed {
    let tz = tz();
    let offsets = reputable::ingest::Offsets::of(&tz);
    let ctx = FileCtx {
        tz: &tz,
        offsets: &offsets,
        date_order,
        file: 0,
        path: display,
    };
    detect::read(bytes, &ctx)
}

/// Reads a fixture that must load without any problem.
pub fn read_clean(name: &str) -> Parsed {
    let p = read(name);
    let shown: Vec<String> = p.problems.iter().map(ToString::to_string).collect();
    assert!(
        shown.is_empty(),
        "{name} has problems:\n{}",
        shown.join("\n")
    );
    p
}

pub fn ts(s: &str) -> Timestamp {
    s.parse().expect("a valid instant in the test")
}

/// An instant-precision moment at `s`.
pub fn instant(m: &Moment, s: &str) {
    assert_eq!(m.precision, Precision::Instant, "{m:?}");
    assert_eq!(m.instant, ts(s), "{m:?}");
}

/// All problems, rendered as the user sees them.
pub fn shown(p: &Parsed) -> String {
    p.problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
