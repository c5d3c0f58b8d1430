//! The options several commands share, at the floor of `cmd`: every
//! command file and `cli.rs` import them from here, nothing here imports up.

use clap::ValueEnum;
use std::path::PathBuf;

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
