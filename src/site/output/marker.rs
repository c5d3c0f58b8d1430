//! The marker file, `.reputable-output`: the proof that a folder is a site
//! `build` wrote, and the list of what may be deleted with it.
//!
//! It is a regular file (never a symbolic link) whose first line is the
//! format, `reputable-output/2`, followed by every path the build wrote, one
//! a line. A folder may be replaced only when everything in it is listed (or
//! is a folder on the way to a listed file); the first thing that is not is
//! named in the refusal. Markers of older versions (a fixed text, no list)
//! prove nothing anyone could not write, so they are trusted only for files
//! the current build is about to write anyway.

use super::super::MARKER;
use std::collections::BTreeSet;
use std::path::{Component, Path};

/// The first line of a marker.
pub const FORMAT: &str = "reputable-output/2";

/// The whole text of the marker older versions wrote.
const LEGACY: &str = "This folder is a site written by `reputable build`.\nThe next build replaces the whole folder: keep no other files here.\n";

/// The marker's text for a site made of `paths` (sorted, so builds stay
/// byte-identical).
pub fn text<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut t = format!(
        "{FORMAT}\n# A site written by `reputable build`. The next build replaces this\n# folder and deletes the files listed here: keep no other files in it.\n"
    );
    for p in paths {
        t.push_str(p);
        t.push('\n');
    }
    t
}

/// Whether `path` may be an output path: `/`-separated plain names, no line
/// break (the marker is a list of lines), not the marker itself.
pub fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path != MARKER
        && !path.contains(['\n', '\r', '\\'])
        && !path.starts_with('#')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Why a folder may not be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not empty, and no marker.
    NoMarker,
    /// The marker is a symbolic link, a folder or another non-file.
    NotAFile,
    /// The marker is a file in no format we write.
    Unknown,
    /// The folder holds this path, which its marker does not list.
    Unlisted(String),
    /// An older version's marker, and the folder holds this path, which the
    /// current build does not write.
    LegacyUnlisted(String),
    /// The folder could not be read.
    Io(String),
}

impl Refusal {
    /// (why, help), for a refusal of the output folder.
    pub fn explain(&self) -> (String, String) {
        let other =
            "choose an empty or new folder; reputable only replaces folders it wrote itself"
                .to_string();
        match self {
            Refusal::NoMarker => (
                format!(
                    "the folder is not empty and was not written by `reputable build` (it has no `{MARKER}` file)"
                ),
                other,
            ),
            Refusal::NotAFile => (
                format!(
                    "its `{MARKER}` is not a regular file (a symbolic link or a folder proves nothing)"
                ),
                other,
            ),
            Refusal::Unknown => (
                format!(
                    "its `{MARKER}` file was not written by reputable (its first line is not `{FORMAT}`)"
                ),
                other,
            ),
            Refusal::Unlisted(p) => (
                format!("it holds `{p}`, which its `{MARKER}` does not list"),
                format!(
                    "move `{p}` out of the folder (the next build would delete it), or choose another output folder"
                ),
            ),
            Refusal::LegacyUnlisted(p) => (
                format!(
                    "an older version of reputable wrote it, and it holds `{p}`, which this build does not write"
                ),
                format!(
                    "an older marker lists no files, so reputable cannot tell that `{p}` is its own: move it out, or delete the folder by hand if it holds nothing you need"
                ),
            ),
            Refusal::Io(e) => (format!("it cannot be read: {e}"), other),
        }
    }

    /// Why a temporary-looking folder was left alone, in a few words.
    pub fn short(&self) -> String {
        match self {
            Refusal::NoMarker => format!("it has no `{MARKER}` file"),
            Refusal::NotAFile => format!("its `{MARKER}` is not a regular file"),
            Refusal::Unknown => format!("its `{MARKER}` was not written by reputable"),
            Refusal::Unlisted(p) => format!("it holds `{p}`, which its `{MARKER}` does not list"),
            Refusal::LegacyUnlisted(p) => {
                format!(
                    "an older version wrote it, and it holds `{p}`, which this build does not write"
                )
            }
            Refusal::Io(e) => format!("it cannot be read: {e}"),
        }
    }
}

/// What a replaceable folder holds: the files and folders its marker
/// accounts for, the only things ever deleted with it.
#[derive(Debug, Default)]
pub struct Contents {
    pub files: Vec<String>,
    /// Deepest first, so each is empty when its turn comes.
    pub dirs: Vec<String>,
    pub has_marker: bool,
}

/// Checks that everything in `dir` is accounted for by its marker. `build`
/// holds the paths the current build writes, when they are known; an older
/// version's marker is trusted for those only (and provisionally, when
/// `build` is `None`).
pub fn inspect(dir: &Path, build: Option<&BTreeSet<&str>>) -> Result<Contents, Refusal> {
    let io = |e: std::io::Error| Refusal::Io(e.to_string());
    let marker = dir.join(MARKER);
    let mut contents = Contents::default();
    let (listed, legacy): (BTreeSet<String>, bool) = match std::fs::symlink_metadata(&marker) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return if std::fs::read_dir(dir).map_err(io)?.next().is_none() {
                Ok(contents)
            } else {
                Err(Refusal::NoMarker)
            };
        }
        Err(e) => return Err(io(e)),
        Ok(m) if !m.file_type().is_file() => return Err(Refusal::NotAFile),
        Ok(_) => {
            let text = std::fs::read(&marker).map_err(io)?;
            let text = String::from_utf8(text).map_err(|_| Refusal::Unknown)?;
            if text == LEGACY {
                let listed = build.map_or_else(BTreeSet::new, |b| {
                    b.iter().map(|p| (*p).to_string()).collect()
                });
                (listed, true)
            } else {
                let mut lines = text.lines();
                if lines.next() != Some(FORMAT) {
                    return Err(Refusal::Unknown);
                }
                let mut listed = BTreeSet::new();
                for l in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
                    if !valid_path(l) {
                        return Err(Refusal::Unknown);
                    }
                    listed.insert(l.to_string());
                }
                (listed, false)
            }
        }
    };
    contents.has_marker = true;
    let mut folders = BTreeSet::new();
    for p in &listed {
        let mut prefix = p.as_str();
        while let Some((parent, _)) = prefix.rsplit_once('/') {
            folders.insert(parent.to_string());
            prefix = parent;
        }
    }
    let unlisted = |rel: String| {
        if legacy {
            Refusal::LegacyUnlisted(rel)
        } else {
            Refusal::Unlisted(rel)
        }
    };
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| Refusal::Io(e.to_string()))?;
        let rel = crate::site::slash_path(dir, entry.path());
        if rel == MARKER {
            continue;
        }
        let kind = entry.file_type();
        // An older marker with the build's paths not known yet: anything
        // goes for now; `write` looks again once they are.
        let provisional = legacy && build.is_none();
        if kind.is_dir() && (folders.contains(&rel) || provisional) {
            contents.dirs.push(rel);
        } else if kind.is_file() && (listed.contains(&rel) || provisional) {
            contents.files.push(rel);
        } else {
            return Err(unlisted(rel));
        }
    }
    contents
        .dirs
        .sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    Ok(contents)
}

/// Deletes what `contents` accounts for in `dir`, the marker last, then
/// `dir` itself; anything else found there stops it (and stays).
pub fn remove(dir: &Path, contents: &Contents) -> std::io::Result<()> {
    for f in &contents.files {
        match std::fs::remove_file(dir.join(f)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    for d in &contents.dirs {
        match std::fs::remove_dir(dir.join(d)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    if contents.has_marker {
        std::fs::remove_file(dir.join(MARKER))?;
    }
    std::fs::remove_dir(dir)
}
