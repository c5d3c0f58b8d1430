//! `reputable check`: read and check everything, lint replies and training
//! samples, print what was found, write nothing. Exit 1 when there are
//! errors (unreadable data, a broken configuration or content file, a
//! training sample breaking a high-severity rule); lint findings on logged
//! replies are advice and do not change the exit code. With `--fail-on
//! overdue`, the negative reviews open past target are listed too, and exit
//! 3 (`EXIT_OVERDUE`) says there is one.

use super::{Format, ProjectArgs, Verbosity};
use crate::lint::LintSeverity;
use crate::model::show_moment;
use crate::problems::{Severity, Tally};
use crate::project::Project;
use clap::ValueEnum;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// `human` (default) or `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// `overdue`: list the negative reviews open past their target, oldest
    /// first, and exit 3 when there is one (for cron and CI).
    #[arg(long, value_enum, value_name = "CONDITION")]
    pub fail_on: Option<FailOn>,
    /// Print each stage's wall time (read, link, figures, lint, exemplars)
    /// and the total to stderr.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A negative review with no action of any kind, past its target at as-of.
    Overdue,
}

/// `check --fail-on overdue` found a negative review open past its target.
pub const EXIT_OVERDUE: u8 = 3;

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
    let started = std::time::Instant::now();
    let mut timings = crate::project::Timings::new();
    let project = match super::load_project(&args.project, verbosity, &mut timings) {
        Ok(p) => {
            if args.timings {
                super::print_timings(&timings, started.elapsed());
            }
            p
        }
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
    let overdue = (args.fail_on == Some(FailOn::Overdue)).then(|| overdue_rows(&project));
    match args.format {
        Format::Json => {
            let mut out = serde_json::json!({
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
            if let Some(rows) = &overdue {
                out["summary"]["overdue_negative"] = rows.len().into();
                out["overdue"] = serde_json::to_value(rows)?;
            }
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
            if let Some(rows) = &overdue {
                print_overdue(rows);
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
    // Asked for, the overdue list decides first: a cron job pages someone
    // for it even when some rows of the data could not be read.
    Ok(if overdue.as_ref().is_some_and(|rows| !rows.is_empty()) {
        ExitCode::from(EXIT_OVERDUE)
    } else if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A negative review open past its target, for `--fail-on overdue`.
#[derive(Debug, Serialize)]
struct OverdueRow<'a> {
    platform: &'a str,
    review_id: &'a str,
    location: &'a str,
    location_name: &'a str,
    rating: Option<f64>,
    posted: String,
    age_hours: f64,
    target_hours: f64,
    file: &'a str,
    line: u32,
}

/// `alerts::overdue_negative`, oldest first.
fn overdue_rows(project: &Project) -> Vec<OverdueRow<'_>> {
    let tz = project.config.tz();
    crate::alerts::overdue_negative(project)
        .into_iter()
        .map(|a| OverdueRow {
            platform: &a.review.platform,
            review_id: &a.review.id,
            location: &project.analysis.locations[a.outcome.location as usize],
            location_name: project
                .config
                .location_name(&project.analysis.locations[a.outcome.location as usize]),
            rating: a.review.rating,
            posted: show_moment(&a.review.posted, tz),
            age_hours: a.outcome.age_hours,
            target_hours: a.outcome.target_hours,
            file: project.data.file(a.review.origin),
            line: a.review.origin.line,
        })
        .collect()
}

/// Printed even under `--quiet`: it is what was asked for.
fn print_overdue(rows: &[OverdueRow]) {
    if rows.is_empty() {
        println!("overdue: no negative review is open past its target");
        return;
    }
    println!(
        "overdue: {} negative review{} open past target, oldest first:",
        rows.len(),
        if rows.len() == 1 { " is" } else { "s are" }
    );
    for r in rows {
        println!(
            "  {}/{} · {} · {} · posted {} · open {} (target {} h)\n    --> {}:{}",
            r.platform,
            r.review_id,
            r.location_name,
            r.rating.map_or_else(
                || "unrated".to_string(),
                |x| format!("{} ★", crate::site::words::plain_number(x))
            ),
            r.posted,
            crate::site::words::age(r.age_hours),
            crate::site::words::plain_number(r.target_hours),
            r.file,
            r.line
        );
    }
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
