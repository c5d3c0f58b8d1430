//! Command-line parsing, at the edge: turns arguments into a command's
//! options and its result into an exit code. Nothing below reads `std::env`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "reputable",
    version,
    about = "Builds a static site of review figures, response policy and training from review archives and a response log."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors (no progress bar, no summary).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print every data problem, notices included, and every lint finding.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a new project (config, example content, policy, training) in DIR.
    Init {
        /// Folder to create; must be empty or absent.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Read everything, check it, and write the site.
    Build(BuildArgs),
    /// Read and check everything and lint replies; write nothing.
    Check(CheckArgs),
    /// Build into memory, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve(ServeArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ProjectArgs {
    /// The project root (the folder holding reputable.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Report as of this instant (RFC 3339, or a local date-time or date in
    /// the configured zone). Default: the latest time found in the data.
    #[arg(long, value_name = "TIMESTAMP")]
    pub as_of: Option<String>,
}

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
}

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
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The port to listen on; 0 picks any free one (the address is printed).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address needs
    /// `--allow-remote`: the reports hold patients' review text.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Allow `--bind` to a non-loopback address (prints a warning).
    #[arg(long)]
    pub allow_remote: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A negative review with no action of any kind, past its target at as-of.
    Overdue,
}

/// `check --fail-on overdue` found a negative review open past its target.
pub const EXIT_OVERDUE: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// How chatty a command may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

pub fn run(cli: Cli) -> ExitCode {
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let result = match cli.command {
        Command::Init { dir } => crate::cmd::init::run(&dir, verbosity),
        Command::Build(args) => crate::cmd::build::run(&args, verbosity),
        Command::Check(args) => crate::cmd::check::run(&args, verbosity),
        Command::Serve(args) => crate::cmd::serve::run(&args, verbosity),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprint!("{e}");
            if !e.to_string().ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(2)
        }
    }
}
