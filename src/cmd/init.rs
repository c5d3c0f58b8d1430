//! `reputable init DIR`: scaffold a project that builds at once.

use crate::cli::Verbosity;
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, verbosity: Verbosity) -> Result<ExitCode, super::CmdError> {
    let _ = (dir, verbosity);
    Err("`init` is not available yet".into())
}
