//! `reputable build`: read, check, render, and write the site.

use super::{ProjectArgs, Verbosity};
use crate::problems::Tally;
use crate::site::{self, Theme};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Where to write the site (default: `output/` under the root).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Fail instead of building when the data has errors or warnings.
    #[arg(long)]
    pub strict: bool,
    /// Print each stage's wall time (read, link, figures, lint, exemplars,
    /// pages, write) and the total to stderr.
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: &BuildArgs, verbosity: Verbosity) -> Result<ExitCode, super::CmdError> {
    let started = std::time::Instant::now();
    let mut timings = crate::project::Timings::new();
    let root = &args.project.root;
    let output = args.output.clone().unwrap_or_else(|| root.join("output"));
    // Refuse a dangerous output folder before any work, so the message comes first.
    let refused = |d| super::Diagnostics(vec![d]);
    site::output::guard(&output, root).map_err(refused)?;
    // Held until the site is in place: a second build of this output stops here.
    let lock = site::output::lock(&output).map_err(refused)?;
    site::output::check(&output, root).map_err(refused)?;
    let project = super::load_project(&args.project, verbosity, &mut timings)?;
    let tally = Tally::of(&project.data.problems);
    if args.strict && (tally.errors > 0 || tally.warnings > 0) {
        for p in project
            .data
            .problems
            .iter()
            .filter(|p| p.severity != crate::problems::Severity::Notice)
        {
            eprintln!("{p}");
        }
        eprintln!("build refused (--strict): {tally}");
        return Ok(ExitCode::from(1));
    }
    let theme =
        Theme::load(root, &project.config.theme).map_err(|d| super::Diagnostics(vec![d]))?;
    let stage = super::stage_line(verbosity);
    stage.set_message("rendering pages and charts");
    let clock = std::time::Instant::now();
    // The feed is rendered as it is written (the write stage's time).
    let (files, feed) =
        site::render_streamed(&project, &theme).map_err(|d| super::Diagnostics(vec![d]))?;
    timings.push(("pages", clock.elapsed()));
    stage.set_message(format!("writing {} files", files.len() + 1));
    let clock = std::time::Instant::now();
    let write_feed = |out: &mut (dyn std::io::Write + Send)| feed.write_to(out);
    let streams = [site::output::Streamed {
        path: site::feed::FILE,
        write: &write_feed,
    }];
    let written = site::output::write_streamed(&output, &files, &streams, &lock)
        .map_err(|d| super::Diagnostics(vec![d]))?;
    timings.push(("write", clock.elapsed()));
    stage.finish_and_clear();
    drop(lock);
    if verbosity != Verbosity::Quiet {
        for (name, why) in &written.kept {
            eprintln!(
                "warning: left `{name}` alone: {why}\n  = help: it is named like a temporary folder of a killed build, beside the output folder; delete it by hand if it holds nothing you need"
            );
        }
    }
    if verbosity == Verbosity::Verbose {
        for p in &project.data.problems {
            eprintln!("{p}");
        }
    }
    if verbosity != Verbosity::Quiet {
        // Files none of whose rows were read, however few problems show.
        for line in project.data.problems.iter().filter_map(|p| p.unread_line()) {
            eprintln!("{line}");
        }
    }
    if verbosity != Verbosity::Quiet {
        let pages = files.iter().filter(|f| site::is_page(&f.path)).count();
        eprintln!(
            "built {}: {pages} pages, {} months, {} reviews; data problems: {tally}",
            output.display(),
            project.analysis.metrics.months.len(),
            project.analysis.outcomes.len(),
        );
    }
    if args.timings {
        super::print_timings(&timings, started.elapsed());
    }
    // Said even under --quiet: figures leadership acts on may be missing data.
    if tally.errors > 0 {
        eprintln!("{}", errors_line(tally.errors, &output, root));
    }
    // The process ends here: the system takes its memory back at once,
    // where dropping millions of records and texts one by one took a
    // tenth of a second of a million-review build.
    std::mem::forget(files);
    std::mem::forget(project);
    Ok(ExitCode::SUCCESS)
}

/// The last line of a build whose data has errors, in words a practice
/// manager acts on: what it means, where the list is, how to print it.
fn errors_line(errors: usize, output: &std::path::Path, root: &std::path::Path) -> String {
    let check = if root == std::path::Path::new(".") {
        "reputable check".to_string()
    } else {
        format!("reputable check --root {}", root.display())
    };
    format!(
        "The site was built, but the figures may be incomplete: {} in the data files kept {} out of the counts. The data-quality page ({}) lists {} with file and line; `{check}` prints {} here.",
        if errors == 1 {
            "1 error".to_string()
        } else {
            format!("{errors} errors")
        },
        if errors == 1 { "a row" } else { "rows" },
        output.join("data-quality").join("index.html").display(),
        if errors == 1 { "it" } else { "each" },
        if errors == 1 { "it" } else { "them" },
    )
}
