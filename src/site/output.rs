//! Writing the built site: the one place that touches the output folder.
//!
//! The site is written into a new sibling folder and swapped into place
//! only when it is complete, so a failed build leaves the previous site as
//! it was. A marker file says which folders `build` created; a non-empty
//! folder without it is never replaced, and the project itself (its root,
//! `content/`, `templates/`, `themes/`, any folder above it, `/`) is never
//! an output folder. Nothing outside the output folder and its two
//! temporary siblings is ever deleted.

use super::{MARKER, OutputFile};
use crate::diagnostic::Diagnostic;
use std::path::{Component, Path, PathBuf};

const MARKER_TEXT: &str = "This folder is a site written by `reputable build`.\nThe next build replaces the whole folder: keep no other files here.\n";

/// An absolute path with `.` and `..` resolved and symbolic links of its
/// existing part followed, so that two spellings of a folder compare equal.
fn resolve(p: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(p)?;
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other.as_os_str()),
        }
    }
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_owned()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    Ok(out)
}

fn refuse(output: &Path, why: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        output.display().to_string(),
        format!("refusing to write the site here: {why}"),
    )
    .help(help.to_string())
}

/// Checks that `output` may hold (and be replaced by) the site of the
/// project at `root`.
pub fn check(output: &Path, root: &Path) -> Result<(), Diagnostic> {
    let io = |e: std::io::Error| Diagnostic::new(output.display().to_string(), e.to_string());
    let out = resolve(output).map_err(io)?;
    let root = resolve(root).map_err(io)?;
    let help = "pass `--output` a folder of its own, such as `output/` under the project root";
    if out.parent().is_none() {
        return Err(refuse(output, "it is the root of the file system", help));
    }
    if out == root {
        return Err(refuse(output, "it is the project root", help));
    }
    if root.starts_with(&out) {
        return Err(refuse(output, "it holds the project", help));
    }
    for dir in ["content", "templates", "themes"] {
        if out.starts_with(root.join(dir)) {
            return Err(refuse(
                output,
                &format!("it is inside the project's `{dir}/` folder"),
                help,
            ));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(refuse(output, "it is a file, not a folder", help));
        }
        let mut entries = std::fs::read_dir(&out).map_err(io)?;
        if entries.next().is_some() && !out.join(MARKER).is_file() {
            return Err(refuse(
                output,
                &format!(
                    "the folder is not empty and was not written by `reputable build` (it has no `{MARKER}` file)"
                ),
                "choose an empty or new folder; reputable only replaces folders it wrote itself",
            ));
        }
    }
    Ok(())
}

/// Writes `files` as the folder `output`, replacing a previous build only
/// once the new one is complete. Call `check` first.
pub fn write(output: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let err = |path: &Path, what: &str, e: std::io::Error| {
        Diagnostic::new(path.display().to_string(), format!("{what}: {e}"))
    };
    let out = resolve(output).map_err(|e| err(output, "cannot find the output folder", e))?;
    let parent = out
        .parent()
        .ok_or_else(|| refuse(output, "it is the root of the file system", ""))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    std::fs::create_dir_all(parent).map_err(|e| err(parent, "cannot create the folder", e))?;
    let fresh = sibling(parent, &name, "new")
        .map_err(|e| err(parent, "cannot create a temporary folder", e))?;
    if let Err(e) = fill(&fresh, files) {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if out.exists() {
        let old = sibling(parent, &name, "old").map_err(|e| {
            let _ = std::fs::remove_dir_all(&fresh);
            err(parent, "cannot create a temporary folder", e)
        })?;
        // `sibling` created `old` empty so no other build can take the name;
        // renaming a folder onto an empty folder replaces it.
        if let Err(e) = std::fs::rename(&out, &old) {
            let _ = std::fs::remove_dir(&old);
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(err(&out, "cannot move the previous site aside", e));
        }
        if let Err(e) = std::fs::rename(&fresh, &out) {
            let _ = std::fs::rename(&old, &out);
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(err(&out, "cannot move the new site into place", e));
        }
        std::fs::remove_dir_all(&old)
            .map_err(|e| err(&old, "cannot remove the previous site", e))?;
    } else {
        std::fs::rename(&fresh, &out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&fresh);
            err(&out, "cannot move the new site into place", e)
        })?;
    }
    Ok(())
}

/// Creates a new, empty sibling folder `.<name>.reputable-<what>-<pid>-<n>`.
fn sibling(parent: &Path, name: &str, what: &str) -> std::io::Result<PathBuf> {
    let pid = std::process::id();
    let mut n = 0;
    loop {
        let p = parent.join(format!(".{name}.reputable-{what}-{pid}-{n}"));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

fn fill(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    for f in files {
        let rel = Path::new(&f.path);
        if f.path.is_empty() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(Diagnostic::new(
                &f.path,
                "an output path must stay inside the output folder",
            ));
        }
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| {
                Diagnostic::new(
                    p.display().to_string(),
                    format!("cannot create the folder: {e}"),
                )
            })?;
        }
        std::fs::write(&path, &f.bytes).map_err(|e| {
            Diagnostic::new(path.display().to_string(), format!("cannot write: {e}"))
        })?;
    }
    std::fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| {
        Diagnostic::new(
            dir.join(MARKER).display().to_string(),
            format!("cannot write: {e}"),
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_build_replaces_the_old_one_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write(&out, &[file("a.html", "1"), file("old/b.html", "2")]).unwrap();
        write(&out, &[file("a.html", "3")]).unwrap();
        assert_eq!(names(&out), [MARKER, "a.html"]);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "3");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn a_write_that_fails_leaves_the_old_site_and_no_temporary_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write(&out, &[file("a.html", "1")]).unwrap();
        let err = write(&out, &[file("b.html", "2"), file("../escape.html", "x")]).unwrap_err();
        assert_eq!(
            err.message,
            "an output path must stay inside the output folder"
        );
        assert_eq!(names(&out), [MARKER, "a.html"]);
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn only_marked_or_empty_folders_may_be_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("proj");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let other = tmp.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        assert!(check(&other, &root).is_ok(), "an empty folder is fine");
        std::fs::write(other.join("keep.txt"), "mine").unwrap();
        assert!(check(&other, &root).is_err());
        std::fs::write(other.join(MARKER), "").unwrap();
        assert!(check(&other, &root).is_ok());
        // Spellings with `..` and `.` resolve before comparing.
        assert!(check(&root.join("content/../."), &root).is_err());
        assert!(check(&root.join("output/.."), &root).is_err());
        assert!(check(&root.join("output"), &root).is_ok());
    }
}
