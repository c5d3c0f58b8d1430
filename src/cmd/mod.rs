//! One file per command. Each returns an exit code or an error to print.

pub mod build;
pub mod check;
pub mod init;

/// A command's error: printed as it is, exit status 2.
pub type CmdError = Box<dyn std::error::Error>;
