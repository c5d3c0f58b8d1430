//! Ingest benchmark: how close `reputable`'s reading and figures come to the
//! cost of merely parsing the same bytes.
//!
//! Writes 1,000,000 generic JSON Lines reviews and 1,000,000 CSV response-log
//! rows (`REPUTABLE_BENCH_ROWS` overrides, `REPUTABLE_BENCH_FILES` the number
//! of files each is split into, default 4) with the demo generator's bulk
//! writer, then times:
//!
//! * (b) `ingest::load_files` + `figures::analyse`: the real pipeline;
//! * (a) the floor: the same files parsed with serde_json (into a borrowed
//!   struct) and csv (`ByteRecord`), in parallel over files with rayon, and
//!   nothing else: no timestamps, no model, no linking.
//!
//! Peak memory is the kernel's high-water mark (`VmHWM`), which is
//! process-wide: it is reset (`/proc/self/clear_refs` ← 5) before each phase,
//! so each phase's peak is its own (plus whatever the process already held,
//! shown as the RSS at its start). Where the reset is not allowed, (b) runs
//! first so its number is still its own, and (a)'s is marked as an upper
//! bound. Run with `cargo bench --bench ingest` or `scripts/bench.sh`.

#[allow(dead_code)]
#[path = "../examples/generate/bulk.rs"]
mod bulk;
#[allow(dead_code)]
#[path = "../examples/generate/rng.rs"]
mod rng;
#[allow(dead_code)]
#[path = "../examples/generate/words.rs"]
mod words;

use rayon::prelude::*;
use reputable::config::Config;
use serde::Deserialize;
use std::borrow::Cow;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v.replace('_', "").parse().unwrap_or_else(|_| {
            eprintln!("{name}={v} is not a whole number; using {default}");
            default
        }),
        Err(_) => default,
    }
}

/// `VmHWM` and `VmRSS` of this process, in bytes.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Resets the high-water mark to the current RSS; false where not allowed.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// The generic review line, borrowed where no escape forces a copy.
#[derive(Deserialize)]
#[allow(dead_code)]
struct RawReview<'a> {
    #[serde(borrow)]
    platform: Cow<'a, str>,
    #[serde(borrow)]
    review_id: Cow<'a, str>,
    #[serde(borrow)]
    location: Cow<'a, str>,
    #[serde(borrow)]
    author: Option<Cow<'a, str>>,
    rating: Option<f64>,
    #[serde(borrow)]
    posted_at: Cow<'a, str>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
}

/// Parses one file as the floor does; returns the records read.
fn parse_only(path: &PathBuf) -> u64 {
    let bytes = std::fs::read(path).expect("the bench wrote this file");
    let mut n = 0;
    if path.extension().is_some_and(|e| e == "jsonl") {
        for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let r: RawReview = serde_json::from_slice(line).expect("the bench wrote valid JSON");
            black_box(&r);
            n += 1;
        }
    } else {
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        let mut record = csv::ByteRecord::new();
        while reader
            .read_byte_record(&mut record)
            .expect("the bench wrote valid CSV")
        {
            black_box(&record);
            n += 1;
        }
    }
    n
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument would mean "not me".
    if std::env::args().skip(1).any(|a| !a.starts_with('-')) {
        return;
    }
    let rows = env_number("REPUTABLE_BENCH_ROWS", 1_000_000);
    let files = env_number("REPUTABLE_BENCH_FILES", 4) as usize;
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!(
        "ingest bench: {rows} reviews + {rows} log rows, {files} files each, {} threads",
        rayon::current_num_threads()
    );

    let t = Instant::now();
    let written = bulk::write_bulk(42, rows, files, dir.path()).expect("writing bench data");
    println!(
        "generate: {} ({:.1} MB on disk)",
        secs(t.elapsed()),
        written.bytes as f64 / 1e6
    );
    let config = Config::parse(&bulk::bulk_config(), "bench.yaml").expect("bench config");
    let inputs = reputable::ingest::data_files(dir.path());
    let paths: Vec<PathBuf> = inputs.iter().map(|(p, _)| p.clone()).collect();

    // Warm the page cache the same way for both phases.
    for p in &paths {
        black_box(std::fs::read(p).expect("readable").len());
    }

    // (b) the pipeline, first: without a peak reset its number is still its own.
    let can_reset = reset_peak();
    let (_, rss_b) = memory();
    let t = Instant::now();
    let data = reputable::ingest::load_files(&inputs, config.tz());
    let t_load = t.elapsed();
    let analysis = reputable::figures::analyse(&data, &config, None);
    let t_b = t.elapsed();
    let (peak_b, _) = memory();
    println!(
        "(b) load_files + analyse: {} (load {}, analyse {}); {} reviews, {} actions, {} problems, {} months; peak {} (RSS at start {})",
        secs(t_b),
        secs(t_load),
        secs(t_b - t_load),
        data.reviews.len(),
        data.actions.len(),
        data.problems.len(),
        analysis.metrics.months.len(),
        mib(peak_b),
        mib(rss_b),
    );
    if data.reviews.is_empty() {
        println!(
            "    note: no reviews were read; the readers are missing, so (b) only read the bytes"
        );
    }
    drop(analysis);
    drop(data);

    // (a) the parse-only floor.
    let reset_a = reset_peak();
    let (_, rss_a) = memory();
    let t = Instant::now();
    let records: u64 = paths.par_iter().map(parse_only).sum();
    let t_a = t.elapsed();
    let (peak_a, _) = memory();
    println!(
        "(a) parse-only floor (serde_json borrowed + csv ByteRecord, rayon): {}; {records} records; peak {}{} (RSS at start {})",
        secs(t_a),
        mib(peak_a),
        if reset_a {
            ""
        } else {
            " (upper bound: no peak reset)"
        },
        mib(rss_a),
    );

    let ratio = t_b.as_secs_f64() / t_a.as_secs_f64();
    println!(
        "ratio (b)/(a): {ratio:.2} (aim ≤ 2.00); peak of (b): {} (aim < 1024 MiB){}",
        mib(peak_b),
        if can_reset {
            ""
        } else {
            "; peak reset not allowed here"
        }
    );
}
