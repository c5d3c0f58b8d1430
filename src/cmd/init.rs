//! `reputable init DIR`: scaffold a project that builds at once — a
//! configuration, a little example data in three formats, the response
//! policy and the training pages the demo ships.

use super::Verbosity;
use std::path::Path;
use std::process::ExitCode;

/// The scaffold's own files; the policy and training pages come from
/// `content::SCAFFOLD`, so `init` and the demo publish the same policy.
const FILES: &[(&str, &str)] = &[
    (
        "reputable.yaml",
        include_str!("../../scaffold/reputable.yaml"),
    ),
    (
        "content/reviews/reviews.csv",
        include_str!("../../scaffold/content/reviews/reviews.csv"),
    ),
    (
        "content/responses/log.csv",
        include_str!("../../scaffold/content/responses/log.csv"),
    ),
    (
        "content/requests/requests.csv",
        include_str!("../../scaffold/content/requests/requests.csv"),
    ),
    // The site, and what a killed build can leave beside it (its temporary
    // folders and the build lock).
    (".gitignore", "/output\n/.output.reputable-*\n"),
];

pub fn run(dir: &Path, verbosity: Verbosity) -> Result<ExitCode, super::CmdError> {
    scaffold(dir)?;
    if verbosity != Verbosity::Quiet {
        let shown = dir.display();
        eprintln!("created a project in {shown}; build it with `reputable build --root {shown}`");
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the scaffold into `dir`, which must be absent or empty: nothing a
/// user wrote is ever overwritten.
pub fn scaffold(dir: &Path) -> Result<(), super::CmdError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("error: {} is a file, not a folder\n  = help: pass a new folder name, e.g. `reputable init my-practice`", dir.display()).into());
        }
        if std::fs::read_dir(dir)?.next().is_some() {
            return Err(format!(
                "error: {} is not empty; `init` only writes into a new or empty folder so it never overwrites your files\n  = help: pass a new folder name, e.g. `reputable init my-practice`",
                dir.display()
            )
            .into());
        }
    }
    for (path, text) in FILES.iter().chain(crate::content::SCAFFOLD) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
    }
    Ok(())
}
