//! One file per command. Each returns an exit code or an error to print.

pub mod build;
pub mod check;
pub mod init;

/// A command's error: printed as it is, exit status 2.
pub type CmdError = Box<dyn std::error::Error>;

/// Several diagnostics as one printable error.
#[derive(Debug)]
pub struct Diagnostics(pub Vec<crate::diagnostic::Diagnostic>);

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
