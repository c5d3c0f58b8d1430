//! Benchmark-sized data: generic JSON Lines reviews and a CSV response log,
//! split into several files so readers can work on them in parallel. Shared
//! with `benches/ingest.rs` through `#[path]`.

use crate::rng::{BASE62, Rng};
use crate::words::{self, Scenario};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Locations the bulk data spreads over (`loc-0` …); `bulk_config` maps them.
pub const LOCATIONS: usize = 8;
const PLATFORMS: &[&str] = &["google", "yelp", "facebook", "healthgrades"];

pub struct BulkFiles {
    pub reviews: Vec<PathBuf>,
    pub log: Vec<PathBuf>,
    pub bytes: u64,
}

/// The configuration that maps the bulk data's locations.
pub fn bulk_config() -> String {
    let mut s = String::from(
        "organization: Bench Health\ntimezone: America/New_York\ntargets:\n  respond_within_hours: 24\n  negative_respond_within_hours: 12\nlocations:\n",
    );
    for i in 0..LOCATIONS {
        s.push_str(&format!(
            "  - id: loc-{i}\n    name: Location {i}\n    sources: [\"loc-{i}\"]\n"
        ));
    }
    s
}

/// Writes `rows` reviews (JSON Lines) and `rows` log rows (CSV), each split
/// into `files` files, under `dir/content/{reviews,responses}`.
pub fn write_bulk(seed: u64, rows: u64, files: usize, dir: &Path) -> io::Result<BulkFiles> {
    let root = Rng::new(seed).fork("bulk");
    // A pool of texts: varied enough, and cheap per row.
    let mut trng = root.fork("texts");
    let scenarios = [
        Scenario::Glowing,
        Scenario::Glowing,
        Scenario::Glowing,
        Scenario::Mixed,
        Scenario::LongWait,
        Scenario::Billing,
        Scenario::RudeStaff,
        Scenario::ClinicalOutcome,
    ];
    let texts: Vec<(Scenario, String)> = (0..512)
        .map(|i| {
            let s = scenarios[i % scenarios.len()];
            (s, words::review_text(s, i % 5 == 0, &mut trng))
        })
        .collect();
    let replies: Vec<String> = (0..256)
        .map(|i| words::good_reply(Some((i % 5 + 1) as u8), &mut trng))
        .collect();
    let authors: Vec<String> = (0..1024).map(|_| words::person(&mut trng)).collect();

    // A project root: `reputable build --root DIR` works on the bulk data too.
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("reputable.yaml"), bulk_config())?;
    let reviews_dir = dir.join("content/reviews");
    let log_dir = dir.join("content/responses");
    std::fs::create_dir_all(&reviews_dir)?;
    std::fs::create_dir_all(&log_dir)?;
    let mut out = BulkFiles {
        reviews: Vec::new(),
        log: Vec::new(),
        bytes: 0,
    };
    let files = files.max(1) as u64;
    // 2024-11-01T04:00:00Z to 2026-10-30, spread evenly over the rows.
    let start: i64 = 1_730_433_600;
    let span: i64 = 729 * 86_400;
    for f in 0..files {
        let (lo, hi) = (rows * f / files, rows * (f + 1) / files);
        let mut rng = root.fork(&format!("file-{f}"));
        let rpath = reviews_dir.join(format!("reviews-{f}.jsonl"));
        let lpath = log_dir.join(format!("log-{f}.csv"));
        let mut rw = BufWriter::with_capacity(1 << 20, std::fs::File::create(&rpath)?);
        let mut lw = csv::WriterBuilder::new()
            .buffer_capacity(1 << 20)
            .from_path(&lpath)?;
        lw.write_record([
            "platform",
            "review_id",
            "at",
            "action",
            "channel",
            "responder",
            "text",
        ])?;
        #[derive(serde::Serialize)]
        struct Line<'a> {
            platform: &'a str,
            review_id: &'a str,
            location: &'a str,
            author: &'a str,
            rating: Option<u8>,
            posted_at: &'a str,
            text: &'a str,
        }
        let locations: Vec<String> = (0..LOCATIONS).map(|i| format!("loc-{i}")).collect();
        for i in lo..hi {
            let platform = PLATFORMS[(i % PLATFORMS.len() as u64) as usize];
            let id = format!("r{i:09}{}", rng.token(BASE62, 4));
            let posted = start + (i as i64 * span) / rows.max(1) as i64 + rng.range(0, 3600);
            let posted_at = jiff::Timestamp::from_second(posted)
                .expect("in range")
                .to_string();
            let (scenario, text) = rng.pick(&texts);
            let rating = (!rng.chance(0.02)).then(|| scenario.rating(&mut rng));
            let line = Line {
                platform,
                review_id: &id,
                location: &locations[rng.below(LOCATIONS as u64) as usize],
                author: rng.pick(authors.as_slice()).as_str(),
                rating,
                posted_at: &posted_at,
                text,
            };
            serde_json::to_writer(&mut rw, &line)?;
            rw.write_all(b"\n")?;

            let delay = (6.0 * 3600.0 * rng.skewed()) as i64 + 60;
            let at = jiff::Timestamp::from_second(posted + delay)
                .expect("in range")
                .to_string();
            let (action, channel) = match rng.below(20) {
                0..=14 => ("reply", "public"),
                15..=17 => ("contact", "phone"),
                18 => ("flag", ""),
                _ => ("ignore", ""),
            };
            let text = if action == "reply" {
                rng.pick(&replies).as_str()
            } else {
                ""
            };
            lw.write_record([platform, &id, &at, action, channel, "Jordan Lee", text])?;
        }
        rw.flush()?;
        lw.flush()?;
        out.bytes += std::fs::metadata(&rpath)?.len() + std::fs::metadata(&lpath)?.len();
        out.reviews.push(rpath);
        out.log.push(lpath);
    }
    Ok(out)
}
