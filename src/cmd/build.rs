//! `reputable build`: read, check, write the site.

use crate::cli::{BuildArgs, Verbosity};
use crate::problems::Tally;
use std::process::ExitCode;

pub fn run(args: &BuildArgs, verbosity: Verbosity) -> Result<ExitCode, super::CmdError> {
    let root = &args.project.root;
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
    let output = args.output.clone().unwrap_or_else(|| root.join("output"));
    std::fs::create_dir_all(output.join("data"))?;
    std::fs::write(
        output.join("data/metrics.json"),
        serde_json::to_string_pretty(&project.analysis.metrics)? + "\n",
    )?;
    std::fs::write(
        output.join("data/problems.json"),
        serde_json::to_string_pretty(&project.data.problems)? + "\n",
    )?;
    if verbosity != Verbosity::Quiet {
        eprintln!(
            "built {} ({} months); data problems: {tally}",
            output.display(),
            project.analysis.metrics.months.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
