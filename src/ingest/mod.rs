//! Ingest: from the project's `content/` folders to one `Dataset`.
//!
//! Every file under `content/reviews`, `content/responses` and
//! `content/requests` is read (in parallel) and its format chosen by content,
//! not by name (`detect`). Each format is one small file here. Afterwards the
//! same review seen in several exports is kept once (the newest copy wins),
//! embedded replies become `reply` actions, and actions are linked to their
//! reviews; whatever does not fit becomes a `Problem`.
//!
//! Architecture invariant: readers never see the configuration's locations or
//! targets, only the time zone; mapping to locations happens in `figures`.

pub mod detect;
pub mod time;

use crate::config::Config;
use crate::model::{Action, ActionKind, Origin, RequestBatch, Review};
use crate::problems::{Problem, Severity};
use jiff::tz::TimeZone;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The folders under `content/` that hold data, in reading order.
pub const DATA_DIRS: &[&str] = &["reviews", "responses", "requests"];

/// Everything read from a project's data, de-duplicated and linked.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Display paths (relative to the project root, `/`-separated) by `Origin::file`.
    pub files: Vec<String>,
    pub reviews: Vec<Review>,
    pub actions: Vec<Action>,
    pub requests: Vec<RequestBatch>,
    pub problems: Vec<Problem>,
}

impl Dataset {
    pub fn file(&self, origin: Origin) -> &str {
        self.files
            .get(origin.file as usize)
            .map_or("?", String::as_str)
    }
}

/// What a reader gets to know about the file it reads.
pub struct FileCtx<'a> {
    pub tz: &'a TimeZone,
    pub file: u32,
    /// Display path, relative to the project root.
    pub path: &'a str,
}

impl FileCtx<'_> {
    pub fn origin(&self, line: u32) -> Origin {
        Origin {
            file: self.file,
            line,
        }
    }
    /// A problem in this file at a line (and column where known).
    pub fn problem(
        &self,
        severity: Severity,
        code: &'static str,
        line: u32,
        column: Option<u32>,
        message: impl Into<String>,
    ) -> Problem {
        Problem::new(severity, code, self.path, message).at(line, column)
    }
}

/// What one file held.
#[derive(Debug, Default)]
pub struct Parsed {
    pub reviews: Vec<Review>,
    pub actions: Vec<Action>,
    pub requests: Vec<RequestBatch>,
    pub problems: Vec<Problem>,
}

/// Lists the data files of a project, sorted, so that reading order (and so
/// which duplicate wins a tie) never depends on the file system.
pub fn data_files(root: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for dir in DATA_DIRS {
        let base = root.join("content").join(dir);
        if !base.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_hidden(e.file_name()))
        {
            let Ok(entry) = entry else { continue };
            if entry.file_type().is_file() && !is_documentation(entry.file_name()) {
                let display = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((entry.path().to_path_buf(), display));
            }
        }
    }
    files
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// README and notes kept beside the data are not data.
fn is_documentation(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy().to_ascii_lowercase();
    n.ends_with(".md") || n.ends_with(".txt") && n.starts_with("readme")
}

/// Reads every data file of the project and links the result.
pub fn load(root: &Path, config: &Config) -> Dataset {
    load_files(&data_files(root), config.tz())
}

/// Reads the given files (path, display name) in parallel and links them.
pub fn load_files(files: &[(PathBuf, String)], tz: &TimeZone) -> Dataset {
    load_files_with_progress(files, tz, &|_| {})
}

/// As `load_files`, calling `progress(bytes)` after each file is read, so the
/// command line can draw a progress bar (this module never prints).
pub fn load_files_with_progress(
    files: &[(PathBuf, String)],
    tz: &TimeZone,
    progress: &(dyn Fn(u64) + Sync),
) -> Dataset {
    let parsed: Vec<Parsed> = files
        .par_iter()
        .enumerate()
        .map(|(i, (path, display))| {
            let ctx = FileCtx {
                tz,
                file: i as u32,
                path: display,
            };
            let read = std::fs::read(path);
            progress(read.as_ref().map_or(0, |b| b.len() as u64));
            match read {
                Ok(bytes) => detect::read(&bytes, &ctx),
                Err(e) => Parsed {
                    problems: vec![Problem::error(
                        "unreadable-file",
                        display.as_str(),
                        format!("cannot read the file: {e}"),
                    )],
                    ..Parsed::default()
                },
            }
        })
        .collect();
    let mut data = Dataset {
        files: files.iter().map(|(_, d)| d.clone()).collect(),
        ..Dataset::default()
    };
    for p in parsed {
        data.reviews.extend(p.reviews);
        data.actions.extend(p.actions);
        data.requests.extend(p.requests);
        data.problems.extend(p.problems);
    }
    link(&mut data, tz);
    data
}

/// De-duplicates reviews and actions, turns embedded replies into actions,
/// and reports actions that point at no review or come before their review.
pub fn link(data: &mut Dataset, tz: &TimeZone) {
    dedupe_reviews(data);
    let mut embedded = Vec::new();
    for r in &data.reviews {
        if let Some(reply) = &r.embedded_reply {
            embedded.push(Action {
                platform: r.platform.clone(),
                review_id: r.id.clone(),
                at: reply.at,
                kind: ActionKind::Reply,
                channel: Some("public".into()),
                responder: None,
                text: Some(reply.text.clone()),
                embedded: true,
                origin: r.origin,
            });
        }
    }
    data.actions.extend(embedded);
    dedupe_actions(data);
    check_actions(data, tz);
}

fn dedupe_reviews(data: &mut Dataset) {
    let mut keep: HashMap<(&str, &str), usize> = HashMap::with_capacity(data.reviews.len());
    let mut drop = vec![false; data.reviews.len()];
    let mut problems = Vec::new();
    for (i, r) in data.reviews.iter().enumerate() {
        match keep.entry((r.platform.as_str(), r.id.as_str())) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let j = *o.get();
                let kept = &data.reviews[j];
                // The newest copy wins; on a tie the one read later (a later export).
                let newer = |x: &Review| x.updated.unwrap_or(x.posted).instant;
                let (winner, loser) = if newer(r) >= newer(kept) {
                    (i, j)
                } else {
                    (j, i)
                };
                drop[loser] = true;
                o.insert(winner);
                let (w, l) = (&data.reviews[winner], &data.reviews[loser]);
                problems.push(
                    Problem::notice(
                        "duplicate-review",
                        data.files[l.origin.file as usize].as_str(),
                        format!(
                            "review {}/{} is also in {} line {}; it is counted once, using the newer copy from {} line {}",
                            r.platform,
                            r.id,
                            data.files[w.origin.file as usize],
                            w.origin.line,
                            data.files[w.origin.file as usize],
                            w.origin.line
                        ),
                    )
                    .at(l.origin.line, None),
                );
            }
        }
    }
    drop_marked(&mut data.reviews, &drop);
    data.problems.extend(problems);
}

fn dedupe_actions(data: &mut Dataset) {
    let mut seen: HashMap<(&str, &str, ActionKind, jiff::Timestamp, Option<&str>), Origin> =
        HashMap::with_capacity(data.actions.len());
    let mut drop = vec![false; data.actions.len()];
    let mut problems = Vec::new();
    for (i, a) in data.actions.iter().enumerate() {
        let key = (
            a.platform.as_str(),
            a.review_id.as_str(),
            a.kind,
            a.at.instant,
            a.text.as_deref(),
        );
        if let Some(first) = seen.get(&key) {
            drop[i] = true;
            // An archive reply repeated in the log is normal, not worth a notice.
            if !a.embedded {
                problems.push(
                    Problem::notice(
                        "duplicate-action",
                        data.files[a.origin.file as usize].as_str(),
                        format!(
                            "this {} on {}/{} repeats {} line {}; it is counted once",
                            a.kind.as_str(),
                            a.platform,
                            a.review_id,
                            data.files[first.file as usize],
                            first.line
                        ),
                    )
                    .at(a.origin.line, None),
                );
            }
        } else {
            seen.insert(key, a.origin);
        }
    }
    drop_marked(&mut data.actions, &drop);
    data.problems.extend(problems);
}

fn check_actions(data: &mut Dataset, tz: &TimeZone) {
    let reviews: HashMap<(&str, &str), usize> = data
        .reviews
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.platform.as_str(), r.id.as_str()), i))
        .collect();
    let mut problems = Vec::new();
    for a in &data.actions {
        let file = data.files[a.origin.file as usize].as_str();
        match reviews.get(&(a.platform.as_str(), a.review_id.as_str())) {
            None => problems.push(
                Problem::warning(
                    "unknown-review",
                    file,
                    format!(
                        "this {} is for review {}/{}, which no archive contains; it is not counted (add the platform's export that holds it, or correct the review id)",
                        a.kind.as_str(),
                        a.platform,
                        a.review_id
                    ),
                )
                .at(a.origin.line, None),
            ),
            Some(&i) => {
                let r = &data.reviews[i];
                if !a.at.at_or_after(&r.posted) {
                    problems.push(
                        Problem::warning(
                            "response-before-review",
                            file,
                            format!(
                                "this {} on {}/{} is dated {}, before the review was posted ({}); it counts as no action (check the clock or the review id)",
                                a.kind.as_str(),
                                a.platform,
                                a.review_id,
                                crate::figures::show_moment(&a.at, tz),
                                crate::figures::show_moment(&r.posted, tz),
                            ),
                        )
                        .at(a.origin.line, None),
                    );
                }
            }
        }
    }
    data.problems.extend(problems);
}

fn drop_marked<T>(items: &mut Vec<T>, drop: &[bool]) {
    if !drop.iter().any(|d| *d) {
        return;
    }
    let mut i = 0;
    items.retain(|_| {
        let keep = !drop[i];
        i += 1;
        keep
    });
}
