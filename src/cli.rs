//! Command-line parsing, at the edge: turns arguments into a command's
//! options and its result into an exit code. Nothing below reads `std::env`.

use crate::cmd::Verbosity;
use crate::cmd::build::BuildArgs;
use crate::cmd::check::CheckArgs;
use crate::cmd::serve::ServeArgs;
use clap::{Parser, Subcommand};
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
