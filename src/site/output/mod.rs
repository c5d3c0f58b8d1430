//! Writing the built site: the one place that touches the output folder.
//!
//! The site is written into a new sibling folder and put in place only when
//! it is complete, in one step (`swap`), so the output folder always holds a
//! whole site, the old one or the new one, whenever a build fails or is
//! killed. One build at a time writes an output folder (`lock`). A marker
//! file (`marker`) lists what a build wrote; a folder is replaced only when
//! everything in it is listed, and only listed files are ever deleted. The
//! project itself (its root, `content/`, `templates/`, `themes/`, any folder
//! above them, `/`), compared after resolving symbolic links and `..`, is
//! never an output folder. Nothing outside the output folder and its
//! temporary siblings (`.<name>.reputable-new-…`, `-old-…`) is ever deleted.

mod lock;
pub mod marker;
mod swap;

pub use lock::Lock;

use super::{MARKER, OutputFile};
use crate::diagnostic::Diagnostic;
use marker::Refusal;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// An absolute path with `.`, `..` and symbolic links resolved the way the
/// system resolves them (a link first, then `..` from where it leads), for
/// as much of it as exists; the rest is kept as written, without `..`.
fn resolve(p: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(p)?;
    let mut out = PathBuf::new();
    let mut exists = true;
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if exists {
                    match out.canonicalize() {
                        Ok(real) => out = real,
                        Err(_) => exists = false,
                    }
                }
            }
            other => out.push(other.as_os_str()),
        }
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

fn refusal(output: &Path, r: &Refusal) -> Diagnostic {
    let (why, help) = r.explain();
    refuse(output, &why, &help)
}

/// The project folders an output folder may be neither inside nor above:
/// what a build reads. Each is compared where it really is, so a symbolic
/// link to a shared drive counts as the folder it leads to.
const PROTECTED: &[&str] = &[
    "content",
    "content/reviews",
    "content/responses",
    "content/requests",
    "content/training",
    "templates",
    "themes",
];

/// Checks that `output` may hold (and be replaced by) the site of the
/// project at `root`: `guard`, then what the folder holds. Reads only;
/// `write` looks again just before the swap.
pub fn check(output: &Path, root: &Path) -> Result<(), Diagnostic> {
    let out = guard(output, root)?;
    let help = "pass `--output` a folder of its own, such as `output/` under the project root";
    match std::fs::symlink_metadata(&out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Diagnostic::new(output.display().to_string(), e.to_string())),
        Ok(m) if !m.is_dir() => Err(refuse(output, "it is a file, not a folder", help)),
        Ok(_) => marker::inspect(&out, None)
            .map(drop)
            .map_err(|r| refusal(output, &r)),
    }
}

/// Checks where `output` leads, without looking inside it: never `/`, the
/// project, or in or above what a build reads. Returns it resolved. `build`
/// runs this before taking the lock and `check` after it, so a build that
/// loses a race reads no folder in the middle of a swap.
pub fn guard(output: &Path, root: &Path) -> Result<PathBuf, Diagnostic> {
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
    let protected: Vec<(&str, PathBuf)> = PROTECTED
        .iter()
        .map(|d| Ok((*d, resolve(&root.join(d))?)))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    for (dir, real) in &protected {
        if out.starts_with(real) {
            let top = dir.split('/').next().unwrap_or(dir);
            return Err(refuse(
                output,
                &format!("it is inside the project's `{top}/` folder"),
                help,
            ));
        }
    }
    for (dir, real) in &protected {
        if real.starts_with(&out) {
            return Err(refuse(
                output,
                &format!("it holds the project's `{dir}/` folder"),
                help,
            ));
        }
    }
    Ok(out)
}

/// Takes the build lock of `output` (`write` needs it), then puts back a
/// previous site that a build killed between the two renames of the
/// fallback swap left aside, so it is visible again at once.
pub fn lock(output: &Path) -> Result<Lock, Diagnostic> {
    let out = resolve(output)
        .map_err(|e| Diagnostic::new(output.display().to_string(), e.to_string()))?;
    let lock = lock::take(&out, output)?;
    if let (Some(parent), Some(name)) = (out.parent(), out.file_name()) {
        restore(parent, &name.to_string_lossy(), &out);
    }
    Ok(lock)
}

/// Renames the first marked `-old-` folder of `name` back to `out`, when
/// `out` is missing. Renaming loses nothing, so any marker will do.
fn restore(parent: &Path, name: &str, out: &Path) {
    if std::fs::symlink_metadata(out).is_ok() {
        return;
    }
    for (n, old) in temporaries(parent, name) {
        let dir = parent.join(n);
        if old
            && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
            && marker::inspect(&dir, None).is_ok_and(|c| c.has_marker)
            && swap::rename_new(&dir, out).is_ok()
        {
            return;
        }
    }
}

/// The temporary folders of the output `name` in `parent`, sorted:
/// (name, whether it is an `-old-` one).
fn temporaries(parent: &Path, name: &str) -> Vec<(String, bool)> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let old = is_temporary(&n, name)?;
            Some((n, old))
        })
        .collect();
    found.sort();
    found
}

/// What `write` did beside the site.
#[derive(Debug, Default)]
pub struct Written {
    /// Folders beside the output that look like temporary folders of a
    /// killed build but were left alone: (name, why).
    pub kept: Vec<(String, String)>,
}

/// Writes `files` as the folder `output`, replacing a previous build only
/// once the new one is complete. Call `check` first.
pub fn write(output: &Path, files: &[OutputFile], lock: &Lock) -> Result<Written, Diagnostic> {
    write_with(output, files, &[], lock, Hooks::default())
}

/// A file written by its maker straight into the new site, rather than
/// from bytes held in memory: a large archive's feed, most of the site's
/// bytes, is written while it is rendered (`site::feed::Feed::write_to`).
pub struct Streamed<'a> {
    /// `/`-separated path relative to the output folder.
    pub path: &'a str,
    pub write: &'a (dyn Fn(&mut (dyn std::io::Write + Send)) -> std::io::Result<()> + Sync),
}

/// As `write`, with `streams` written beside `files` (and first: they are
/// the large ones). A stream that fails stops the build as a file that
/// cannot be written does: the previous site stays in place.
pub fn write_streamed(
    output: &Path,
    files: &[OutputFile],
    streams: &[Streamed],
    lock: &Lock,
) -> Result<Written, Diagnostic> {
    write_with(output, files, streams, lock, Hooks::default())
}

/// The moments a build can be killed at, for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The new folder holds its marker, not yet the files.
    MarkerWritten,
    /// The new folder is complete.
    Filled,
    /// Two-rename fallback only: the old site is aside, the new one not in.
    MovedAside,
    /// The new site is in place; the old one not yet removed.
    Swapped,
}

/// Test hooks: stop at a step as if killed there (no clean-up at all), or
/// use the two-rename fallback even where one-step exchange works.
#[derive(Debug, Clone, Copy, Default)]
struct Hooks {
    stop: Option<Step>,
    no_exchange: bool,
}

impl Hooks {
    fn stops(self, step: Step) -> bool {
        self.stop == Some(step)
    }
}

fn write_with(
    output: &Path,
    files: &[OutputFile],
    streams: &[Streamed],
    lock: &Lock,
    hooks: Hooks,
) -> Result<Written, Diagnostic> {
    let err = |path: &Path, what: &str, e: std::io::Error| {
        Diagnostic::new(path.display().to_string(), format!("{what}: {e}"))
    };
    let out = resolve(output).map_err(|e| err(output, "cannot find the output folder", e))?;
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(refuse(output, "it is the root of the file system", ""));
    };
    let name = name.to_string_lossy().into_owned();
    if lock::path(&out).as_ref() != Some(&lock.path) {
        return Err(Diagnostic::new(
            output.display().to_string(),
            "the build lock taken is not this output folder's",
        ));
    }
    let paths = || {
        files
            .iter()
            .map(|f| f.path.as_str())
            .chain(streams.iter().map(|s| s.path))
    };
    if let Some(bad) = paths().find(|p| !marker::valid_path(p)) {
        return Err(Diagnostic::new(
            bad,
            "an output path must stay inside the output folder",
        ));
    }
    let build: BTreeSet<&str> = paths().collect();
    std::fs::create_dir_all(parent).map_err(|e| err(parent, "cannot create the folder", e))?;
    let written = tidy(parent, &name, &out, &build);

    let old = match std::fs::symlink_metadata(&out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(err(&out, "cannot read the output folder", e)),
        Ok(m) if !m.is_dir() => {
            return Err(refuse(
                output,
                "it is a file, not a folder",
                "pass `--output` a folder of its own, such as `output/` under the project root",
            ));
        }
        Ok(_) => Some(marker::inspect(&out, Some(&build)).map_err(|r| refusal(output, &r))?),
    };

    let fresh = temporary(parent, &name, "new")
        .map_err(|e| err(parent, "cannot create a temporary folder", e))?;
    let discard = |e: Diagnostic| {
        if let Ok(c) = marker::inspect(&fresh, Some(&build)) {
            let _ = marker::remove(&fresh, &c);
        }
        e
    };
    if !fill(&fresh, files, streams, &build, hooks).map_err(discard)? || hooks.stops(Step::Filled) {
        return Ok(written);
    }
    let Some(old) = old else {
        swap::rename_new(&fresh, &out)
            .map_err(|e| discard(err(&out, "cannot move the new site into place", e)))?;
        return Ok(written);
    };
    let exchanged = if hooks.no_exchange {
        Err(std::io::ErrorKind::Unsupported.into())
    } else {
        swap::exchange(&fresh, &out)
    };
    let aside = match exchanged {
        // The old site now sits at the temporary name.
        Ok(()) => fresh.clone(),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
            // Two renames: a kill between them leaves no output folder until
            // the next build puts the old site (`-old-`) back (`restore`, as
            // soon as it holds the lock).
            let aside = free_name(parent, &name, "old");
            swap::rename_new(&out, &aside)
                .map_err(|e| discard(err(&out, "cannot move the previous site aside", e)))?;
            if hooks.stops(Step::MovedAside) {
                return Ok(written);
            }
            if let Err(e) = swap::rename_new(&fresh, &out) {
                let _ = swap::rename_new(&aside, &out);
                return Err(discard(err(&out, "cannot move the new site into place", e)));
            }
            aside
        }
        Err(e) => return Err(discard(err(&out, "cannot move the new site into place", e))),
    };
    if hooks.stops(Step::Swapped) {
        return Ok(written);
    }
    let mut written = written;
    if let Err(e) = marker::remove(&aside, &old) {
        written.kept.push((
            aside
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            format!("the previous site could not be removed: {e}"),
        ));
    }
    Ok(written)
}

/// Whether `entry` is named like a temporary folder of the output `name`:
/// `.<name>.reputable-(new|old)-<pid>-<n>`.
fn is_temporary(entry: &str, name: &str) -> Option<bool> {
    let rest = entry.strip_prefix(&format!(".{name}.reputable-"))?;
    let (old, rest) = match rest.split_at_checked(4)? {
        ("new-", r) => (false, r),
        ("old-", r) => (true, r),
        _ => return None,
    };
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n)).then_some(old)
}

/// Before a build writes: removes the temporary folders killed builds
/// left, each only if its marker accounts for all it holds (or it is
/// empty). The others are reported, never touched.
fn tidy(parent: &Path, name: &str, out: &Path, build: &BTreeSet<&str>) -> Written {
    restore(parent, name, out);
    let mut written = Written::default();
    for (n, _) in temporaries(parent, name) {
        let dir = parent.join(&n);
        if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            written.kept.push((n, "it is not a folder".into()));
            continue;
        }
        match marker::inspect(&dir, Some(build)) {
            Ok(c) => {
                if let Err(e) = marker::remove(&dir, &c) {
                    written
                        .kept
                        .push((n, format!("it could not be removed: {e}")));
                }
            }
            Err(r) => written.kept.push((n, r.short())),
        }
    }
    written
}

/// Creates a new, empty sibling folder `.<name>.reputable-<what>-<pid>-<n>`.
fn temporary(parent: &Path, name: &str, what: &str) -> std::io::Result<PathBuf> {
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

/// A sibling name `.<name>.reputable-<what>-<pid>-<n>` that is free.
fn free_name(parent: &Path, name: &str, what: &str) -> PathBuf {
    let pid = std::process::id();
    (0..)
        .map(|n| parent.join(format!(".{name}.reputable-{what}-{pid}-{n}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_default()
}

/// Writes the marker (first, so a folder left by a kill can be cleaned up
/// by the next build) and then every file. `Ok(false)`: stopped by a hook.
fn fill(
    dir: &Path,
    files: &[OutputFile],
    streams: &[Streamed],
    build: &BTreeSet<&str>,
    hooks: Hooks,
) -> Result<bool, Diagnostic> {
    let write_by = |path: &Path, by: &dyn Fn(&mut std::fs::File) -> std::io::Result<()>| {
        let fail = |e: std::io::Error| {
            Diagnostic::new(path.display().to_string(), format!("cannot write: {e}"))
        };
        let mut file = std::fs::File::create(path).map_err(fail)?;
        by(&mut file).map_err(fail)
    };
    let write = |path: &Path, parts: &[Vec<u8>]| {
        write_by(path, &|file| {
            parts
                .iter()
                .try_for_each(|part| std::io::Write::write_all(file, part))
        })
    };
    write(
        &dir.join(MARKER),
        &[marker::text(build.iter().copied()).into_bytes()],
    )?;
    if hooks.stops(Step::MarkerWritten) {
        return Ok(false);
    }
    // The folders first, then the files on every core, largest first: a
    // large archive's feed is most of the bytes, and the pages are written
    // beside it rather than after it.
    let folders: BTreeSet<PathBuf> = build
        .iter()
        .filter_map(|p| dir.join(p).parent().map(Path::to_path_buf))
        .collect();
    for p in &folders {
        std::fs::create_dir_all(p).map_err(|e| {
            Diagnostic::new(
                p.display().to_string(),
                format!("cannot create the folder: {e}"),
            )
        })?;
    }
    // The streams first: they are the large files.
    enum Job<'j> {
        Stream(&'j Streamed<'j>),
        File(&'j OutputFile),
    }
    let mut order: Vec<&OutputFile> = files.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.parts().iter().map(Vec::len).sum::<usize>()));
    let jobs: Vec<Job> = streams
        .iter()
        .map(Job::Stream)
        .chain(order.into_iter().map(Job::File))
        .collect();
    {
        use rayon::prelude::*;
        jobs.par_iter()
            .with_max_len(1)
            .try_for_each(|job| match job {
                Job::Stream(s) => write_by(&dir.join(s.path), &|file| (s.write)(file)),
                Job::File(f) => write(&dir.join(&f.path), f.parts()),
            })?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.as_bytes().to_vec())
    }

    /// A stream that writes with `write` to `path`.
    fn stream<'a>(
        path: &'a str,
        write: &'a (dyn Fn(&mut (dyn std::io::Write + Send)) -> std::io::Result<()> + Sync),
    ) -> Streamed<'a> {
        Streamed { path, write }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    /// Writes `files` to `out` under its lock, with `hooks`.
    fn write_as(out: &Path, files: &[OutputFile], hooks: Hooks) -> Written {
        let lock = lock(out).unwrap();
        write_with(out, files, &[], &lock, hooks).unwrap()
    }

    #[test]
    fn a_new_build_replaces_the_old_one_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_as(
            &out,
            &[file("a.html", "1"), file("old/b.html", "2")],
            Hooks::default(),
        );
        write_as(&out, &[file("a.html", "3")], Hooks::default());
        assert_eq!(names(&out), [MARKER, "a.html"]);
        assert_eq!(read(&out.join("a.html")), "3");
        assert_eq!(
            read(&out.join(MARKER)),
            "reputable-output/2\n# A site written by `reputable build`. The next build replaces this\n# folder and deletes the files listed here: keep no other files in it.\na.html\n"
        );
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn a_write_that_fails_leaves_the_old_site_and_no_temporary_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_as(&out, &[file("a.html", "1")], Hooks::default());
        let lock = lock(&out).unwrap();
        let err = write(
            &out,
            &[file("b.html", "2"), file("../escape.html", "x")],
            &lock,
        )
        .unwrap_err();
        assert_eq!(
            err.message,
            "an output path must stay inside the output folder"
        );
        assert_eq!(names(&out), [MARKER, "a.html"]);
        drop(lock);
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn a_streamed_file_is_written_listed_and_replaced_like_the_others() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_as(&out, &[file("a.html", "1")], Hooks::default());
        let lock = lock(&out).unwrap();
        let feed = |w: &mut (dyn std::io::Write + Send)| {
            w.write_all(b"<feed>")?;
            w.write_all(b"</feed>\n")
        };
        write_streamed(
            &out,
            &[file("b/index.html", "2")],
            &[stream("feed.xml", &feed)],
            &lock,
        )
        .unwrap();
        assert_eq!(names(&out), [MARKER, "b", "feed.xml"]);
        assert_eq!(read(&out.join("feed.xml")), "<feed></feed>\n");
        assert!(read(&out.join(MARKER)).ends_with("\nb/index.html\nfeed.xml\n"));

        // A stream that fails half-way stops the build: the site written
        // before stays whole, and the half-written one is gone.
        let broken = |w: &mut (dyn std::io::Write + Send)| {
            w.write_all(b"<feed>")?;
            Err(std::io::Error::other("disk full"))
        };
        let streams = [stream("feed.xml", &broken)];
        let err = write_streamed(&out, &[file("c.html", "3")], &streams, &lock).unwrap_err();
        assert_eq!(err.message, "cannot write: disk full");
        assert!(err.file.ends_with("feed.xml"), "{}", err.file);
        assert_eq!(names(&out), [MARKER, "b", "feed.xml"]);
        assert_eq!(read(&out.join("feed.xml")), "<feed></feed>\n");
        drop(lock);
        assert_eq!(names(tmp.path()), ["site"]);

        // A stream's path is checked as a file's is.
        let lock = super::lock(&out).unwrap();
        let err = write_streamed(&out, &[], &[stream("../feed.xml", &feed)], &lock).unwrap_err();
        assert_eq!(
            err.message,
            "an output path must stay inside the output folder"
        );
        assert_eq!(names(&out), [MARKER, "b", "feed.xml"]);
        drop(lock);
        assert_eq!(names(tmp.path()), ["site"]);
    }

    /// Each moment a build can be killed at, on both ways of swapping: the
    /// output holds a whole site, old or new, right after the kill (except
    /// between the two renames of the fallback, documented), and the next
    /// build leaves only its own site and no temporary folder.
    #[test]
    fn a_build_killed_at_any_step_leaves_a_whole_site_and_the_next_build_tidies_up() {
        let cases = [
            (Step::MarkerWritten, false, Some("old")),
            (Step::Filled, false, Some("old")),
            (Step::Swapped, false, Some("new")),
            (Step::MarkerWritten, true, Some("old")),
            (Step::Filled, true, Some("old")),
            (Step::MovedAside, true, None),
            (Step::Swapped, true, Some("new")),
        ];
        for (step, no_exchange, shown) in cases {
            let case = format!("{step:?}, no_exchange: {no_exchange}");
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("site");
            write_as(
                &out,
                &[file("a.html", "old"), file("x/old.html", "old")],
                Hooks::default(),
            );
            let killed = Hooks {
                stop: Some(step),
                no_exchange,
            };
            write_as(
                &out,
                &[file("a.html", "new"), file("y/new.html", "new")],
                killed,
            );
            match shown {
                Some(which) => {
                    assert_eq!(read(&out.join("a.html")), which, "{case}");
                    let listed = read(&out.join(MARKER));
                    let expected = if which == "old" {
                        "a.html\nx/old.html\n"
                    } else {
                        "a.html\ny/new.html\n"
                    };
                    assert!(listed.ends_with(expected), "{case}: {listed}");
                }
                None => assert!(!out.exists(), "{case}"),
            }
            assert!(
                names(tmp.path()).iter().any(|n| n.contains(".reputable-")),
                "{case}: a kill leaves a temporary folder"
            );

            let kept = write_as(
                &out,
                &[file("a.html", "next")],
                Hooks {
                    stop: None,
                    no_exchange,
                },
            );
            assert!(kept.kept.is_empty(), "{case}: {:?}", kept.kept);
            assert_eq!(names(&out), [MARKER, "a.html"], "{case}");
            assert_eq!(read(&out.join("a.html")), "next", "{case}");
            assert_eq!(names(tmp.path()), ["site"], "{case}");
        }
    }

    /// Between the two renames of the fallback the output is missing; the
    /// next build puts the previous site back before anything else, so a
    /// failing next build still leaves it visible.
    #[test]
    fn a_site_left_aside_by_the_fallback_is_put_back_even_when_the_next_build_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_as(&out, &[file("a.html", "old")], Hooks::default());
        let killed = Hooks {
            stop: Some(Step::MovedAside),
            no_exchange: true,
        };
        write_as(&out, &[file("a.html", "new")], killed);
        assert!(!out.exists());
        let lock = lock(&out).unwrap();
        assert!(write(&out, &[file("a.html", "x"), file("/abs", "x")], &lock).is_err());
        assert_eq!(read(&out.join("a.html")), "old");
    }

    #[test]
    fn temporary_names_are_recognised_exactly() {
        assert_eq!(
            is_temporary(".site.reputable-new-12-0", "site"),
            Some(false)
        );
        assert_eq!(is_temporary(".site.reputable-old-12-3", "site"), Some(true));
        for other in [
            ".site.reputable-new-12",
            ".site.reputable-new-12-",
            ".site.reputable-new-a-0",
            ".site.reputable-tmp-12-0",
            ".site.reputable-lock",
            ".other.reputable-new-12-0",
            "site.reputable-new-12-0",
        ] {
            assert_eq!(is_temporary(other, "site"), None, "{other}");
        }
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
        assert!(
            check(&other, &root).is_err(),
            "an empty marker proves nothing"
        );
        std::fs::write(other.join(MARKER), "reputable-output/2\nkeep.txt\n").unwrap();
        assert!(check(&other, &root).is_ok());
        // Spellings with `..` and `.` resolve before comparing.
        assert!(check(&root.join("content/../."), &root).is_err());
        assert!(check(&root.join("output/.."), &root).is_err());
        assert!(check(&root.join("output"), &root).is_ok());
    }

    #[test]
    fn a_marker_listing_a_path_out_of_the_folder_proves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("a.html"), "x").unwrap();
        for list in ["../a.html", "/etc/passwd", "a.html\n../../x"] {
            std::fs::write(dir.join(MARKER), format!("reputable-output/2\n{list}\n")).unwrap();
            assert_eq!(
                marker::inspect(&dir, None).unwrap_err(),
                Refusal::Unknown,
                "{list}"
            );
        }
    }
}
