//! The build lock: one build at a time writes an output folder.
//!
//! The lock is `.<name>.reputable-lock` beside the output folder `<name>`
//! (for the default output, `.output.reputable-lock` in the project root),
//! so it guards the folder itself whatever project or spelling writes it. It
//! is taken with `flock` (on Windows `LockFileEx`), non-blocking, and holds
//! the holder's process id for the message a second build prints. The
//! operating system releases it when the holder exits, however it exits, so
//! a killed build never leaves a stale lock (only the file, which the next
//! build takes over). A build that ends removes the file while it still
//! holds the lock; so that two builds can never both hold it (one on the
//! removed file, one on a new one), a build that takes the lock checks that
//! the name still leads to the file it locked, and tries again if not.

use crate::diagnostic::Diagnostic;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Proof that this process holds the lock of one output folder; released
/// when dropped.
#[derive(Debug)]
pub struct Lock {
    file: std::fs::File,
    pub(super) path: PathBuf,
}

/// The lock file of the output folder `out` (resolved).
pub fn path(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    Some(out.parent()?.join(format!(".{name}.reputable-lock")))
}

/// Takes the lock of `output` (`shown` is how the user spelled it), or says
/// which process holds it.
pub fn take(out: &Path, shown: &Path) -> Result<Lock, Diagnostic> {
    let err = |what: &str, e: std::io::Error| {
        Diagnostic::new(shown.display().to_string(), format!("{what}: {e}"))
    };
    let Some(path) = path(out) else {
        return Err(Diagnostic::new(
            shown.display().to_string(),
            "refusing to write the site here: it is the root of the file system",
        ));
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| err("cannot create the folder", e))?;
    }
    for _ in 0..100 {
        let lock = take_once(&path, shown)?;
        if lock.is_current() {
            return Ok(lock);
        }
    }
    Err(Diagnostic::new(
        shown.display().to_string(),
        "cannot take the build lock: its file keeps being replaced",
    ))
}

impl Lock {
    /// Whether the lock file's name still leads to the file this lock holds.
    #[cfg(unix)]
    fn is_current(&self) -> bool {
        use std::os::unix::fs::MetadataExt;
        match (self.file.metadata(), std::fs::symlink_metadata(&self.path)) {
            (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
            _ => false,
        }
    }

    /// Elsewhere the file is never removed, so it is always the same.
    #[cfg(not(unix))]
    fn is_current(&self) -> bool {
        true
    }
}

impl Drop for Lock {
    /// Removes the lock file while still holding it (where an open file can
    /// be removed); the lock itself goes with the file handle.
    fn drop(&mut self) {
        #[cfg(unix)]
        if self.is_current() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn take_once(path: &Path, shown: &Path) -> Result<Lock, Diagnostic> {
    let err = |what: &str, e: std::io::Error| {
        Diagnostic::new(shown.display().to_string(), format!("{what}: {e}"))
    };
    let path = path.to_path_buf();
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // Never follow a symbolic link planted under the lock's name: the pid is
    // written into the file.
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    #[cfg(not(target_os = "linux"))]
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(not_a_file(&path, shown));
    }
    let mut file = options.open(&path).map_err(|e| match e.raw_os_error() {
        #[cfg(target_os = "linux")]
        Some(libc::ELOOP) => not_a_file(&path, shown),
        _ => err("cannot open the build lock", e),
    })?;
    // A regular file of its own: never a hard link to a file we would
    // overwrite with the pid.
    let plain = |m: std::fs::Metadata| {
        #[cfg(unix)]
        let single = std::os::unix::fs::MetadataExt::nlink(&m) == 1;
        #[cfg(not(unix))]
        let single = true;
        m.is_file() && single
    };
    if !file.metadata().is_ok_and(plain) {
        return Err(not_a_file(&path, shown));
    }
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            // The holder writes its pid just after taking the lock: give it
            // a moment when the file is still empty.
            let mut pid = None;
            for _ in 0..20 {
                let mut text = String::new();
                if file.rewind().is_ok() && file.read_to_string(&mut text).is_ok() {
                    pid = text.trim().parse::<u32>().ok();
                }
                if pid.is_some() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            let holder = match pid {
                Some(pid) => format!("process {pid}"),
                None => "a process that has just started".into(),
            };
            return Err(Diagnostic::new(
                shown.display().to_string(),
                format!("another `reputable build` ({holder}) is writing this output folder"),
            )
            .help(format!(
                "wait for it to finish and build again; it holds the lock file `{}` beside the output folder",
                name(&path)
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(err("cannot take the build lock", e)),
    }
    let write = |file: &mut std::fs::File| -> std::io::Result<()> {
        file.set_len(0)?;
        file.rewind()?;
        writeln!(file, "{}", std::process::id())
    };
    write(&mut file).map_err(|e| err("cannot write the build lock", e))?;
    Ok(Lock { file, path })
}

fn name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

fn not_a_file(path: &Path, shown: &Path) -> Diagnostic {
    Diagnostic::new(
        shown.display().to_string(),
        format!(
            "refusing to write the site here: the build lock `{}` beside it is not a regular file",
            name(path)
        ),
    )
    .help("remove it (reputable creates it as a plain file), then build again")
}
