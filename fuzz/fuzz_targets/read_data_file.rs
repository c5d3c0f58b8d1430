//! One data file of any format, read as `content/reviews/` files are: by
//! content (`detect::read`), in a fixed zone. Every problem is rendered as
//! the user would see it. Nothing may panic, and every record and problem
//! must point at a line the file has.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reputable::ingest::{FileCtx, detect};

fuzz_target!(|bytes: &[u8]| {
    let tz = jiff::tz::TimeZone::get("America/New_York").expect("bundled tzdb");
    let ctx = FileCtx {
        tz: &tz,
        file: 0,
        path: "content/reviews/fuzz.csv",
    };
    let parsed = detect::read(bytes, &ctx).joined();
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    for p in &parsed.problems {
        let _ = p.to_string();
        if let Some(line) = p.line {
            assert!(line <= lines, "problem at line {line} of {lines}: {p}");
        }
    }
    for r in &parsed.reviews {
        assert!(r.origin.line >= 1 && r.origin.line <= lines, "{r:?}");
    }
    for a in &parsed.actions {
        assert!(a.origin.line >= 1 && a.origin.line <= lines, "{a:?}");
    }
});
