//! One file per command. Each returns an exit code or an error to print.

pub mod build;
pub mod check;
pub mod init;
mod options;
pub mod serve;

pub use options::{Format, ProjectArgs, Verbosity};

use crate::project::Project;

/// Loads the project, with a progress bar over the data files when stderr is
/// a terminal (indicatif draws nothing otherwise) and not `--quiet`.
/// The wall time of each stage is added to `timings` (see `Project::load_timed`).
pub fn load_project(
    args: &ProjectArgs,
    verbosity: Verbosity,
    timings: &mut crate::project::Timings,
) -> Result<Project, Diagnostics> {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if verbosity == Verbosity::Quiet {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} {bar:30} {binary_bytes}/{binary_total_bytes}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("reading data");
    let progress = |done, total| {
        bar.set_length(total);
        bar.set_position(done);
        // Once every byte is read, the figures and the reply checks follow.
        if done >= total {
            bar.set_message("read; computing figures and checking replies");
        }
    };
    let result = Project::load_timed(&args.root, args.as_of.as_deref(), &progress, timings);
    bar.finish_and_clear();
    result.map_err(Diagnostics)
}

/// A line naming the stage a long command is in (after reading: rendering
/// pages, writing the site), on a terminal and not `--quiet`.
pub fn stage_line(verbosity: Verbosity) -> indicatif::ProgressBar {
    // Cleared when dropped too, so an error is not printed after a stale line.
    let line =
        indicatif::ProgressBar::new_spinner().with_finish(indicatif::ProgressFinish::AndClear);
    line.set_draw_target(if verbosity == Verbosity::Quiet {
        indicatif::ProgressDrawTarget::hidden()
    } else {
        indicatif::ProgressDrawTarget::stderr()
    });
    line.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    line.enable_steady_tick(std::time::Duration::from_millis(120));
    line
}

/// `--timings`: each stage's wall time, one line each, then the total
/// since the command started, on stderr (even under `--quiet`: it was asked for).
pub fn print_timings(timings: &crate::project::Timings, total: std::time::Duration) {
    eprintln!("timings (wall clock):");
    for (stage, took) in timings {
        eprintln!("  {stage:<10} {:>10.1} ms", took.as_secs_f64() * 1000.0);
    }
    eprintln!(
        "  {:<10} {:>10.1} ms",
        "total",
        total.as_secs_f64() * 1000.0
    );
    if let Some(kib) = peak_memory_kib() {
        eprintln!("peak memory: {} MiB", kib / 1024);
    }
}

/// The process's peak resident memory so far (`VmHWM`), where the system
/// says it (Linux).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A command's error: printed as it is, exit status 2.
pub type CmdError = Box<dyn std::error::Error>;

/// Several diagnostics as one printable error.
#[derive(Debug)]
pub struct Diagnostics(pub Vec<crate::diagnostic::Diagnostic>);

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
