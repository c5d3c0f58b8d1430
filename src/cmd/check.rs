//! `reputable check`: read and check everything, print the problems, write nothing.

use crate::cli::{CheckArgs, Format, Verbosity};
use crate::problems::{Severity, Tally};
use std::process::ExitCode;

pub fn run(args: &CheckArgs, verbosity: Verbosity) -> Result<ExitCode, super::CmdError> {
    let project = super::load_project(&args.project, verbosity)?;
    let problems = &project.data.problems;
    let tally = Tally::of(problems);
    match args.format {
        Format::Json => {
            let out = serde_json::json!({ "summary": tally, "problems": problems });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        Format::Human => {
            for p in problems {
                if p.severity != Severity::Notice || verbosity == Verbosity::Verbose {
                    println!("{p}");
                }
            }
            if verbosity != Verbosity::Quiet {
                println!(
                    "{}: {} reviews, {} actions; {tally}",
                    project.config.organization,
                    project.data.reviews.len(),
                    project.data.actions.len()
                );
            }
        }
    }
    Ok(if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
