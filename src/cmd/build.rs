//! `reputable build`: read, check, render, and write the site.

use crate::cli::{BuildArgs, Verbosity};
use crate::problems::Tally;
use crate::site::{self, Theme};
use std::process::ExitCode;

pub fn run(args: &BuildArgs, verbosity: Verbosity) -> Result<ExitCode, super::CmdError> {
    let root = &args.project.root;
    let output = args.output.clone().unwrap_or_else(|| root.join("output"));
    // Refuse a dangerous output folder before any work, so the message comes first.
    site::output::check(&output, root).map_err(|d| super::Diagnostics(vec![d]))?;
    let project = super::load_project(&args.project, verbosity)?;
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
    let files = site::render(&project, &theme).map_err(|d| super::Diagnostics(vec![d]))?;
    site::output::write(&output, &files).map_err(|d| super::Diagnostics(vec![d]))?;
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
        let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
        eprintln!(
            "built {}: {pages} pages, {} months, {} reviews; data problems: {tally}",
            output.display(),
            project.analysis.metrics.months.len(),
            project.analysis.outcomes.len(),
        );
    }
    Ok(ExitCode::SUCCESS)
}
