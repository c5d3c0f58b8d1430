//! Ingest benchmark: how close `reputable`'s reading and figures come to the
//! cost of merely parsing the same bytes.
//!
//! Writes 1,000,000 generic JSON Lines reviews and 1,000,000 CSV response-log
//! rows (`REPUTABLE_BENCH_ROWS` overrides, `REPUTABLE_BENCH_FILES` the number
//! of files each is split into, default 4) with the demo generator's bulk
//! writer, then times (best of `REPUTABLE_BENCH_RUNS`, default 3):
//!
//! * (b) `ingest::load_files` + `figures::analyse` + `locations::check`:
//!   the real pipeline;
//! * (a) the floor: the same files parsed with serde_json (into a borrowed
//!   struct) and csv (`ByteRecord`), in parallel over files with rayon, and
//!   nothing else: no timestamps, no model, no linking.
//!
//! (b) and (a) take turns, run after run, so that a busy neighbour on a
//! shared machine slows both alike. The headline is the median of the
//! runs' ratios; the ratio of the best times (which may come from different
//! runs) and of CPU times are printed too. On a shared virtual machine runs
//! vary by ±30 %, so use 9 runs or more (`REPUTABLE_BENCH_RUNS=9`).
//!
//! Peak memory is the kernel's high-water mark (`VmHWM`), which is
//! process-wide. (b)'s first run comes first, from a process holding only
//! a few MiB, so its peak is its own. Before the first run of each the mark
//! is reset (`/proc/self/clear_refs` ← 5), so (a)'s peak is its own too,
//! plus what the allocator kept from (b) (shown as the RSS at its start;
//! glibc does not return every freed page). The reset also resets what `getrusage` and
//! `/usr/bin/time` report, so `REPUTABLE_BENCH_RESET_PEAK=0` (which
//! `scripts/bench.sh` sets) skips it: then (a)'s peak is an upper bound and
//! `/usr/bin/time`'s maximum RSS is the whole run's.
//!
//! `REPUTABLE_BENCH_DATA=DIR` keeps the generated files in DIR and reuses
//! them on later runs (then `ROWS` and `FILES` are whatever DIR holds);
//! `REPUTABLE_BENCH_FLOOR=0` skips the floor, for profiling the pipeline.
//!
//! Run with `cargo bench --bench ingest` or `scripts/bench.sh`.

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

/// The binary's allocator, so the pipeline runs as `reputable build` runs it
/// (the floor runs with it too).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// CPU time (user + system) this process has used so far, all threads:
/// `/proc/self/stat` fields 14 and 15, in clock ticks (100 per second on
/// Linux). Unlike wall time it does not count the time a busy neighbour on a
/// shared machine holds the cores.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) may hold spaces; fields resume after `)`.
    let ticks: u64 = stat
        .rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .skip(11)
                .take(2)
                .filter_map(|f| f.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
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

/// Resets the high-water mark to the current RSS; false where not allowed
/// or not wanted (`REPUTABLE_BENCH_RESET_PEAK=0`).
fn reset_peak() -> bool {
    env_number("REPUTABLE_BENCH_RESET_PEAK", 1) != 0
        && std::fs::write("/proc/self/clear_refs", "5").is_ok()
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
    // `REPUTABLE_BENCH_DATA=DIR` keeps the data in DIR (written when DIR
    // holds no `content/`), so repeated runs and profilers skip generation.
    let kept = std::env::var_os("REPUTABLE_BENCH_DATA").map(PathBuf::from);
    let temp = tempfile::tempdir().expect("a temporary directory");
    let dir = kept.as_deref().unwrap_or(temp.path());
    println!(
        "ingest bench: {rows} reviews + {rows} log rows, {files} files each, {} threads, best of {} runs",
        rayon::current_num_threads(),
        env_number("REPUTABLE_BENCH_RUNS", 3).max(1)
    );

    if dir.join("content").is_dir() {
        println!("data: reusing {}", dir.display());
    } else {
        let t = Instant::now();
        let written = bulk::write_bulk(42, rows, files, dir).expect("writing bench data");
        println!(
            "generate: {} ({:.1} MB on disk)",
            secs(t.elapsed()),
            written.bytes as f64 / 1e6
        );
    }
    let config = Config::parse(&bulk::bulk_config(), "bench.yaml").expect("bench config");
    let inputs = reputable::ingest::data_files(dir);
    let paths: Vec<PathBuf> = inputs.iter().map(|(p, _)| p.clone()).collect();

    // Warm the page cache the same way for both phases.
    for p in &paths {
        black_box(std::fs::read(p).expect("readable").len());
    }

    // Times are the best of `REPUTABLE_BENCH_RUNS` (default 3) runs, (b) and
    // (a) taking turns, so a busy neighbour on this shared machine slows both
    // alike rather than whichever ran while it was busy; peaks are the first
    // run's.
    let runs = env_number("REPUTABLE_BENCH_RUNS", 3).max(1);
    let floor = env_number("REPUTABLE_BENCH_FLOOR", 1) != 0;

    let mut t_meet = Duration::ZERO;
    let (mut t_b, mut t_load, mut t_read, mut t_aside, mut peak_b, mut rss_b) = (
        Duration::MAX,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        0,
        0,
    );
    let (mut t_a, mut peak_a, mut rss_a, mut records) = (Duration::MAX, 0, 0, 0);
    let (mut can_reset, mut reset_a) = (false, false);
    let mut counts = String::new();
    let mut read_nothing = false;
    let mut ratios = Vec::new();
    let (mut cpu_b, mut cpu_a) = (Duration::MAX, Duration::MAX);
    for run in 0..runs {
        // (b) the pipeline, first, from a small process: its peak is its own.
        if run == 0 {
            can_reset = reset_peak();
            rss_b = memory().1;
        }
        let (t, cpu) = (Instant::now(), cpu_time());
        // `load_files` is exactly `read_files` + `plausible::set_aside` +
        // `link`; timed apart to show where the time goes.
        let mut data =
            reputable::ingest::read_files(&inputs, config.tz(), config.date_order, &|_| {});
        let read = t.elapsed();
        reputable::ingest::plausible::set_aside(&mut data, config.tz());
        let aside = t.elapsed();
        reputable::ingest::link(&mut data, config.tz());
        let load = t.elapsed();
        let analysis = reputable::figures::analyse(&data, &config, None);
        let analysed = t.elapsed();
        // Where configuration and data meet (`Project::load` runs it too).
        let unmet = reputable::locations::check(&config, &data);
        let total = t.elapsed();
        let meet = total - analysed;
        assert!(
            unmet.is_empty(),
            "the bulk configuration maps every location"
        );
        cpu_b = cpu_b.min(cpu_time().saturating_sub(cpu));
        if run == 0 {
            peak_b = memory().0;
            counts = format!(
                "{} reviews, {} actions, {} problems, {} months",
                data.reviews.len(),
                data.actions.len(),
                data.problems.len(),
                analysis.metrics.months.len()
            );
            read_nothing = data.reviews.is_empty();
        }
        drop((data, analysis));
        if total < t_b {
            (t_b, t_load, t_read, t_aside, t_meet) = (total, load, read, aside, meet);
        }
        if !floor {
            continue;
        }

        // (a) the parse-only floor.
        if run == 0 {
            reset_a = reset_peak();
            rss_a = memory().1;
        }
        let (t, cpu) = (Instant::now(), cpu_time());
        records = paths.par_iter().map(parse_only).sum::<u64>();
        let parse = t.elapsed();
        cpu_a = cpu_a.min(cpu_time().saturating_sub(cpu));
        t_a = t_a.min(parse);
        if run == 0 {
            peak_a = memory().0;
        }
        ratios.push(total.as_secs_f64() / parse.as_secs_f64());
    }
    println!(
        "(b) load_files + analyse + locations::check: {} (load {} = read {} + set aside {} + link {}, analyse {}, locations {}); {counts}; peak {} (RSS at start {})",
        secs(t_b),
        secs(t_load),
        secs(t_read),
        secs(t_aside - t_read),
        secs(t_load - t_aside),
        secs(t_b - t_load - t_meet),
        secs(t_meet),
        mib(peak_b),
        mib(rss_b),
    );
    if read_nothing {
        println!(
            "    note: no reviews were read; the readers are missing, so (b) only read the bytes"
        );
    }
    if !floor {
        return;
    }
    println!(
        "(a) parse-only floor (serde_json borrowed + csv ByteRecord, rayon): {}; {records} records; peak {}{} (RSS at start {}, growth {})",
        secs(t_a),
        mib(peak_a),
        if reset_a {
            ""
        } else {
            " (upper bound: no peak reset)"
        },
        mib(rss_a),
        mib(peak_a.saturating_sub(rss_a)),
    );
    let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    println!("ratio (b)/(a) in each run: {}", shown.join(", "));
    println!(
        "CPU time (user + system, all threads, best run): (b) {}, (a) {}, ratio {:.2}",
        secs(cpu_b),
        secs(cpu_a),
        cpu_b.as_secs_f64() / cpu_a.as_secs_f64()
    );

    println!(
        "ratio of the best times (b)/(a): {:.2}",
        t_b.as_secs_f64() / t_a.as_secs_f64()
    );
    println!(
        "ratio (b)/(a), median of the runs: {median:.2} (aim ≤ 2.00); peak of (b): {} (aim < 1024 MiB){}",
        mib(peak_b),
        if can_reset {
            ""
        } else {
            "; peaks not reset, so (b)'s includes generation's"
        }
    );
}
