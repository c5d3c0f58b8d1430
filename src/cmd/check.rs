//! `reputable check`: read and check everything, lint replies and training
//! samples, print what was found, write nothing. Exit 1 when there are
//! errors (unreadable data, a broken configuration or content file, a
//! training sample breaking a high-severity rule); lint findings on logged
//! replies are advice and do not change the exit code.

use crate::cli::{CheckArgs, Format, Verbosity};
use crate::lint::LintSeverity;
use crate::model::show_moment;
use crate::problems::{Severity, Tally};
use crate::project::Project;
use serde::Serialize;
use std::process::ExitCode;

/// One lint finding on a logged or archived reply, for people and machines.
#[derive(Debug, Serialize)]
struct LintRow<'a> {
    rule: &'static str,
    severity: LintSeverity,
    platform: &'a str,
    review_id: &'a str,
    file: &'a str,
    line: u32,
    at: String,
    excerpt: &'a str,
    advice: &'static str,
}

pub fn run(args: &CheckArgs, verbosity: Verbosity) -> Result<ExitCode, super::CmdError> {
    let project = match super::load_project(&args.project, verbosity) {
        Ok(p) => p,
        Err(super::Diagnostics(diagnostics)) => {
            match args.format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "errors": diagnostics }))?
                ),
                Format::Human => eprint!("{}", super::Diagnostics(diagnostics)),
            }
            return Ok(ExitCode::from(1));
        }
    };
    let problems = &project.data.problems;
    let tally = Tally::of(problems);
    let lint = lint_rows(&project);
    match args.format {
        Format::Json => {
            let out = serde_json::json!({
                "summary": {
                    "reviews": project.analysis.outcomes.len(),
                    "actions": project.data.actions.len(),
                    "errors": tally.errors,
                    "warnings": tally.warnings,
                    "notices": tally.notices,
                    "lint_findings": lint.len(),
                    "suspected_trolls": project.trolls.len(),
                },
                "problems": problems,
                "lint": lint,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        Format::Human => {
            // --quiet: errors only; default: errors and warnings; --verbose: all.
            let least = match verbosity {
                Verbosity::Quiet => Severity::Error,
                Verbosity::Normal => Severity::Warning,
                Verbosity::Verbose => Severity::Notice,
            };
            // Files not read are listed whatever their severity (hidden
            // files and notes are notices), except under --quiet.
            let listed = |p: &&crate::problems::Problem| {
                p.severity >= least || (p.code == "skipped-file" && verbosity != Verbosity::Quiet)
            };
            for p in problems.iter().filter(listed) {
                println!("{p}");
            }
            let shown = match verbosity {
                Verbosity::Quiet => 0,
                Verbosity::Normal => lint.len().min(20),
                Verbosity::Verbose => lint.len(),
            };
            for row in &lint[..shown] {
                println!(
                    "lint[{}] ({:?}): \"{}\" in the reply to {}/{} ({})\n  --> {}:{}\n  = advice: {}",
                    row.rule,
                    row.severity,
                    row.excerpt,
                    row.platform,
                    row.review_id,
                    row.at,
                    row.file,
                    row.line,
                    row.advice
                );
            }
            if shown < lint.len() && verbosity != Verbosity::Quiet {
                println!(
                    "… and {} more lint findings (--verbose shows all, --format json lists them)",
                    lint.len() - shown
                );
            }
            if verbosity != Verbosity::Quiet {
                for line in problems.iter().filter_map(|p| p.unread_line()) {
                    println!("{line}");
                }
                println!(
                    "{}: {} reviews, {} actions; {tally}; {} lint findings on replies; {} suspected trolls",
                    project.config.organization,
                    project.analysis.outcomes.len(),
                    project.data.actions.len(),
                    lint.len(),
                    project.trolls.len()
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

/// Findings by severity (high first), then in log order.
fn lint_rows(project: &Project) -> Vec<LintRow<'_>> {
    let tz = project.config.tz();
    let mut rows: Vec<LintRow> = project
        .replies
        .iter()
        .flat_map(|r| {
            let a = &project.data.actions[r.action];
            r.findings.iter().map(move |f| LintRow {
                rule: f.rule,
                severity: f.severity,
                platform: &a.platform,
                review_id: &a.review_id,
                file: project.data.file(a.origin),
                line: a.origin.line,
                at: show_moment(&a.at, tz),
                excerpt: &f.excerpt,
                advice: f.advice,
            })
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.severity));
    rows
}
