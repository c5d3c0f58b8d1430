//! Ingest speed against the floor: reading 1,000,000 generic JSON Lines
//! reviews and 1,000,000 response-log CSV rows must take at most twice as
//! long as a loop that only parses the same files (serde_json into borrowed
//! fields; csv into a `StringRecord`).
//!
//! `cargo bench --bench readers` (set `INGEST_BENCH_ROWS` for another size).
//! The project benchmark, ingest plus figures on the demo generator's data, is
//! `benches/ingest.rs`; this one isolates the readers.

use jiff::tz::TimeZone;
use reputable::ingest::{FileCtx, detect};
use reputable::model::{Action, ActionKind, Moment, Origin, When};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

fn jsonl(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 200);
    for i in 0..rows {
        let _ = writeln!(
            s,
            r#"{{"platform":"google","review_id":"r{i}","location":"loc-{}","author":"Reviewer {i}","rating":{},"posted_at":"2026-{:02}-{:02}T{:02}:{:02}:00Z","text":"Visit number {i} was fine, thank you to the \"front desk\" team."}}"#,
            i % 7,
            1 + i % 5,
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i % 60
        );
    }
    s
}

fn csv(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 120);
    s.push_str("platform,review_id,at,action,channel,responder,text\n");
    let actions = ["reply", "contact", "flag", "remove", "ignore"];
    for i in 0..rows {
        let _ = writeln!(
            s,
            "google,r{i},2026-{:02}-{:02}T{:02}:{:02}:00-05:00,{},public,Practice manager,\"Thank you, we'd like to hear more: call 555-0100.\"",
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i % 60,
            actions[i % 5]
        );
    }
    s
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Floor<'a> {
    platform: &'a str,
    review_id: &'a str,
    location: &'a str,
    author: &'a str,
    rating: Option<f64>,
    posted_at: &'a str,
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
}

/// The best of `runs` timings of `f`; dropping its output is not timed.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> (usize, T)) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let (count, output) = std::hint::black_box(f());
        best = best.min(t.elapsed());
        n = count;
        drop(output);
    }
    (best, n)
}

fn main() {
    let rows: usize = std::env::var("INGEST_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let tz = TimeZone::get("America/New_York").expect("bundled tzdb");
    let offsets = reputable::ingest::Offsets::of(&tz);
    let ctx = FileCtx {
        tz: &tz,
        offsets: &offsets,
        date_order: Default::default(),
        file: 0,
        path: "bench",
    };

    let only = std::env::var("INGEST_BENCH_ONLY").unwrap_or_default();
    if only != "csv" {
        let text = jsonl(rows);
        let (floor, n) = best_of(3, || {
            let n = text
                .lines()
                .filter(|l| serde_json::from_str::<Floor>(l).is_ok())
                .count();
            (n, ())
        });
        assert_eq!(n, rows);
        let (ours, n) = best_of(3, || {
            let p = detect::read(text.as_bytes(), &ctx);
            assert!(p.problems.is_empty());
            let n = p.reviews.len();
            (n, p)
        });
        assert_eq!(n, rows);
        report("JSON Lines reviews", rows, floor, ours);
    }
    if only == "jsonl" {
        return;
    }

    let text = csv(rows);
    let (floor, n) = best_of(3, || {
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let mut rec = ::csv::StringRecord::new();
        let mut n = 0;
        while r.read_record(&mut rec).unwrap_or(false) {
            n += 1;
        }
        (n, ())
    });
    assert_eq!(n, rows);
    // What the model alone costs: parsing plus the owned text of
    // each `Action`, with no timestamp, validation or problem reporting.
    let moment = Moment::resolve(When::Instant(jiff::Timestamp::UNIX_EPOCH), &tz).unwrap();
    let (strings, n) = best_of(3, || {
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let mut rec = ::csv::StringRecord::new();
        let mut actions = Vec::with_capacity(rows);
        while r.read_record(&mut rec).unwrap_or(false) {
            actions.push(Action {
                platform: rec[0].into(),
                review_id: rec[1].into(),
                at: moment,
                kind: ActionKind::Reply,
                channel: Some(rec[4].into()),
                responder: Some(rec[5].into()),
                text: Some(rec[6].to_owned()),
                embedded: false,
                origin: Origin::default(),
            });
        }
        (actions.len(), actions)
    });
    assert_eq!(n, rows);
    let (ours, n) = best_of(3, || {
        let p = detect::read(text.as_bytes(), &ctx);
        assert!(p.problems.is_empty());
        let n = p.actions.len();
        (n, p)
    });
    assert_eq!(n, rows);
    report("CSV response log", rows, floor, ours);
    report(
        "  (parse + the model's strings alone)",
        rows,
        floor,
        strings,
    );
}

fn report(what: &str, rows: usize, floor: Duration, ours: Duration) {
    let ratio = ours.as_secs_f64() / floor.as_secs_f64();
    println!(
        "{what}: {rows} rows, parse only {floor:.2?}, ingest {ours:.2?}, ratio {ratio:.2} ({})",
        if ratio <= 2.0 {
            "within 2×"
        } else {
            "OVER 2×"
        }
    );
}
