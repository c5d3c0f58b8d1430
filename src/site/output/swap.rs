//! Putting a folder in place in one step.
//!
//! On Linux `renameat2(RENAME_EXCHANGE)` swaps the new site and the old one
//! atomically, so the output path always names a whole site, and
//! `RENAME_NOREPLACE` moves the first build into place without ever
//! replacing a folder that appeared meanwhile. Where the system or the file
//! system lacks them (other systems; some network file systems), `exchange`
//! says `Unsupported` and the caller falls back to two renames.

use std::io;
use std::path::Path;

/// Swaps the folders `a` and `b` in one step.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| unsupported(e.into()))
}

/// Swaps the folders `a` and `b` in one step: not here.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Renames `from` to `to`, failing if `to` exists (where the system can
/// tell; elsewhere an empty `to` may be replaced).
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if unsupported(e.into()).kind() != io::ErrorKind::Unsupported => {
                return Err(e.into());
            }
            Err(_) => {}
        }
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)
}

/// `EINVAL`, `ENOSYS` and `EOPNOTSUPP` mean the flag is not supported here.
#[cfg(target_os = "linux")]
fn unsupported(e: io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => io::ErrorKind::Unsupported.into(),
        _ => e,
    }
}
