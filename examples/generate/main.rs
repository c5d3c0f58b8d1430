//! Deterministic data for `reputable`: the demo organisation in `content/`
//! (every supported format), or benchmark-sized generic files.
//!
//! ```text
//! cargo run --release --example generate -- --seed 7 --out content
//! cargo run --release --example generate -- --seed 7 --reviews 1000000 --out /tmp/bench
//! ```
//!
//! The same seed always writes the same bytes: the only randomness is the
//! seeded SplitMix64 of `rng.rs`, and no wall clock is read.

mod bulk;
mod clock;
mod demo;
mod formats;
mod rng;
mod words;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Writes the demo organisation's data, or benchmark-sized data")]
struct Args {
    /// Seed of the pseudo-random generator; 7 writes the committed demo.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Output folder: the project's `content/` for the demo; for `--reviews`,
    /// a folder that gets `content/reviews` and `content/responses`.
    #[arg(long, default_value = "content")]
    out: PathBuf,
    /// Write this many generic JSON Lines reviews and as many CSV log rows
    /// instead of the demo.
    #[arg(long)]
    reviews: Option<u64>,
    /// Number of files each of the bulk reviews and log is split into.
    #[arg(long, default_value_t = 4)]
    files: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.reviews {
        Some(n) => bulk::write_bulk(args.seed, n, args.files, &args.out).map(|b| {
            println!(
                "wrote {n} reviews and {n} log rows in {} + {} files ({:.1} MB) under {}",
                b.reviews.len(),
                b.log.len(),
                b.bytes as f64 / 1e6,
                args.out.display()
            );
        }),
        None => write_demo(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_demo(args: &Args) -> std::io::Result<()> {
    // Replace only the folders the generator owns; policy and training stay.
    for dir in formats::OWNED {
        let path = args.out.join(dir);
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
    }
    let demo = demo::generate(args.seed);
    let files = formats::write_all(&demo, args.seed, &args.out)?;
    let actions: usize = demo.reviews.iter().map(|r| r.acts.len()).sum();
    println!(
        "wrote {} reviews, {} actions, {} request rows in {} files under {}",
        demo.reviews.len(),
        actions,
        demo.requests.len(),
        files.len(),
        args.out.display()
    );
    Ok(())
}
