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
pub mod facebook;
pub mod generic;
pub mod google;
pub mod limits;
mod linking;
mod offsets;
pub mod plausible;
pub mod record;
pub mod requests;
pub mod responses;
pub mod scraper;
pub mod text;
pub mod time;
pub mod yelp;

use crate::config::Config;
use crate::model::{Action, DateOrder, Name, Origin, RequestBatch, Review};
use crate::problems::{Problem, Severity};
use jiff::tz::TimeZone;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

pub use linking::*;
pub use offsets::Offsets;

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
    /// Other names of a review's `source_location`, as `(location, alias)`
    /// in order of preference: a scraper's place is known by its place id,
    /// its Google id (`0x…:0x…`, or the decimal `cid`) and its name, and a
    /// configuration may list any of them (SPEC §3.2, "Locations that do
    /// not meet"). Each pair once, in the order first seen.
    pub aliases: Vec<(Name, Name)>,
    /// For each action, the index of its review in `reviews`, or `None` when
    /// no archive holds it. Filled by `link`.
    pub links: Vec<Option<u32>>,
    /// For each action, whether it is dated before its review was posted (a
    /// data problem: it counts as no action). Filled by `link`, which has
    /// each review at hand anyway, so later passes need not look again.
    pub early: Vec<bool>,
    /// The plausible window of times (SPEC §4.1), once `plausible::set_aside`
    /// has run.
    pub window: Option<plausible::Window>,
    /// The identities (platform, id) of reviews set aside for an
    /// implausible posting time, so actions on them say so.
    pub set_aside: Vec<(crate::model::Name, crate::model::Name)>,
}

impl Dataset {
    /// Each action's review index: `links` as `link` left them, or worked
    /// out now for a dataset assembled by hand.
    pub fn review_of_actions(&self) -> std::borrow::Cow<'_, [Option<u32>]> {
        if self.links.len() == self.actions.len() {
            std::borrow::Cow::Borrowed(&self.links)
        } else {
            std::borrow::Cow::Owned(action_links(&self.reviews, &self.actions))
        }
    }

    /// Each action's `early` flag as `link` left them, or worked out now for
    /// a dataset assembled by hand from `links` (`review_of_actions`).
    pub fn actions_before_review(&self, links: &[Option<u32>]) -> std::borrow::Cow<'_, [bool]> {
        if self.early.len() == self.actions.len() {
            std::borrow::Cow::Borrowed(&self.early)
        } else {
            std::borrow::Cow::Owned(
                self.actions
                    .par_iter()
                    .zip(links.par_iter())
                    .map(|(a, link)| {
                        link.is_some_and(|r| !a.at.at_or_after(&self.reviews[r as usize].posted))
                    })
                    .collect(),
            )
        }
    }

    pub fn file(&self, origin: Origin) -> &str {
        self.files
            .get(origin.file as usize)
            .map_or("?", String::as_str)
    }
}

/// What a reader gets to know about the file it reads.
pub struct FileCtx<'a> {
    pub tz: &'a TimeZone,
    /// `tz`'s offsets from 1970 to 2100, made once for every file.
    pub offsets: &'a Offsets,
    /// How slashed dates (`03/10/2025`) are read: the configuration's
    /// `date_order`, else only where one order alone makes a date.
    pub date_order: DateOrder,
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
    /// Other names of the locations read, as `Dataset::aliases`.
    pub aliases: Vec<(Name, Name)>,
    /// Scraper items for a place that has no review (Apify writes one per
    /// place searched): not bad rows, counted for one notice per file.
    pub places_without_reviews: u64,
    /// How many pieces the text was cut into and read on every core (0
    /// when it was read in one pass).
    pub pieces: usize,
    /// Emptied parts of a previous block's pieces, their room kept for the
    /// next block's (see `record::chunks::read_chunks`).
    spare: Vec<Parsed>,
}

/// How far a `Parsed` had got: what `Parsed::rewind` goes back to.
#[derive(Clone, Copy)]
pub struct Mark([usize; 5], u64);

impl Parsed {
    /// Where the records and problems end now.
    pub fn mark(&self) -> Mark {
        Mark(
            [
                self.reviews.len(),
                self.actions.len(),
                self.requests.len(),
                self.problems.len(),
                self.aliases.len(),
            ],
            self.places_without_reviews,
        )
    }

    /// Drops everything added since `mark`.
    pub fn rewind(&mut self, Mark([reviews, actions, requests, problems, aliases], places): Mark) {
        self.reviews.truncate(reviews);
        self.actions.truncate(actions);
        self.requests.truncate(requests);
        self.problems.truncate(problems);
        self.aliases.truncate(aliases);
        self.places_without_reviews = places;
    }

    /// Moves `part`'s records to the end of this one's (the records on
    /// every core), leaving `part` empty with its room kept.
    pub fn take_records(&mut self, part: &mut Parsed) {
        use rayon::prelude::*;
        self.reviews.par_extend(part.reviews.par_drain(..));
        self.actions.par_extend(part.actions.par_drain(..));
        self.requests.append(&mut part.requests);
        self.problems.append(&mut part.problems);
        self.aliases.append(&mut part.aliases);
        self.places_without_reviews += std::mem::take(&mut part.places_without_reviews);
    }
}

/// Lists the data files of a project, sorted, so that reading order (and so
/// which duplicate wins a tie) never depends on the file system.
pub fn data_files(root: &Path) -> Vec<(PathBuf, String)> {
    list_data(root).0
}

/// The data files of a project (as `data_files`), and a `skipped-file`
/// problem for every entry under the data folders that is not read, saying
/// why: hidden files and folders and notes beside the data (README, `*.md`)
/// are notices; named pipes, sockets and devices, and symbolic links that
/// lead nowhere or in a circle are warnings; a folder that cannot be read
/// is an error (the files in it may hold data). Symbolic links to files
/// and folders are followed.
pub fn list_data(root: &Path) -> (Vec<(PathBuf, String)>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let display = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    for dir in DATA_DIRS {
        let base = root.join("content").join(dir);
        if !base.is_dir() {
            continue;
        }
        let mut walk = walkdir::WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().map_or(String::new(), &display);
                    let link = e
                        .path()
                        .and_then(|p| std::fs::symlink_metadata(p).ok())
                        .is_some_and(|m| m.file_type().is_symlink());
                    let (severity, why) = if e.loop_ancestor().is_some() {
                        (
                            Severity::Warning,
                            "a symbolic link to a folder that holds it, so it is not followed (it would never end)".to_owned(),
                        )
                    } else if link {
                        (
                            Severity::Warning,
                            "a symbolic link to something that does not exist (or cannot be reached)".to_owned(),
                        )
                    } else {
                        let cause = e
                            .io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string);
                        (
                            Severity::Error,
                            format!(
                                "cannot be read ({cause}), so whatever it holds is missing; give the user running reputable permission to read it"
                            ),
                        )
                    };
                    skipped.push(Problem::new(
                        severity,
                        "skipped-file",
                        path,
                        format!("not read: {why}"),
                    ));
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let shown = display(entry.path());
            let kind = entry.file_type();
            if is_hidden(entry.file_name()) {
                let what = if kind.is_dir() {
                    "a hidden folder"
                } else {
                    "a hidden file"
                };
                skipped.push(Problem::notice(
                    "skipped-file",
                    shown,
                    format!(
                        "not read: {what} (its name starts with a dot); rename it to have it read"
                    ),
                ));
                if kind.is_dir() {
                    walk.skip_current_dir();
                }
            } else if kind.is_dir() {
                continue;
            } else if !kind.is_file() {
                skipped.push(Problem::warning(
                    "skipped-file",
                    shown,
                    "not read: not a regular file (a named pipe, socket or device), which reputable does not open; copy the data into a file here",
                ));
            } else if is_documentation(entry.file_name()) {
                skipped.push(Problem::notice(
                    "skipped-file",
                    shown,
                    "not read: notes beside the data (Markdown, or a README), not data",
                ));
            } else {
                files.push((entry.path().to_path_buf(), shown));
            }
        }
    }
    (files, skipped)
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
    let (files, skipped) = list_data(root);
    let mut data = load_files_with_progress(&files, config.tz(), config.date_order, &|_| {});
    data.problems.extend(skipped);
    data
}

/// Reads the given files (path, display name) in parallel and links them.
pub fn load_files(files: &[(PathBuf, String)], tz: &TimeZone) -> Dataset {
    load_files_with_progress(files, tz, DateOrder::Unknown, &|_| {})
}

/// As `load_files`, calling `progress(bytes)` after each file is read, so the
/// command line can draw a progress bar (this module never prints).
pub fn load_files_with_progress(
    files: &[(PathBuf, String)],
    tz: &TimeZone,
    date_order: DateOrder,
    progress: &(dyn Fn(u64) + Sync),
) -> Dataset {
    let mut data = read_files(files, tz, date_order, progress);
    plausible::set_aside(&mut data, tz);
    link(&mut data, tz);
    data
}

/// Reads and parses the files in parallel, without linking: what each file
/// held, concatenated in file order. `load_files` is this plus `link`.
pub fn read_files(
    files: &[(PathBuf, String)],
    tz: &TimeZone,
    date_order: DateOrder,
    progress: &(dyn Fn(u64) + Sync),
) -> Dataset {
    // Largest first, so that the last files to finish are small ones. A
    // large file is cut into pieces that the other threads may take (see
    // `record::chunks::chunk_target`), so the threads finish together.
    let sizes: Vec<u64> = files
        .iter()
        .map(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let buffers = std::sync::Mutex::new(Vec::<Vec<u8>>::new());
    let offsets = Offsets::of(tz);
    // A large JSON Lines or CSV archive is read block by block (no buffer
    // of its size); `None` for anything else, or one that turns out not to
    // be plainly that.
    let stream = |i: usize, ctx: &FileCtx, streamed: &std::cell::Cell<u64>| {
        if sizes[i] < detect::STREAM_MIN {
            return None;
        }
        let tell = |n: u64| {
            streamed.set(streamed.get() + n);
            progress(n);
        };
        let mut f = std::fs::File::open(&files[i].0).ok()?;
        detect::stream(&mut f, detect::BLOCK, sizes[i], ctx, &tell)
    };
    // The file read whole, into a buffer left for the next file.
    let whole = |i: usize, ctx: &FileCtx, streamed: &std::cell::Cell<u64>| {
        let (path, display) = &files[i];
        // A buffer a finished file left behind is reused when the file fits:
        // a fresh one costs the kernel a zeroed page per 4 KiB, as much as
        // copying the file in. One too small is not grown, which would copy
        // it, but replaced.
        let room = (sizes[i] as usize).saturating_add(1);
        let mut buf = buffers
            .lock()
            .map_or(None, |mut b| b.pop())
            .filter(|b| b.capacity() >= room)
            .unwrap_or_else(|| Vec::with_capacity(room));
        buf.clear();
        let read = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut buf));
        progress(
            read.as_ref()
                .map_or(0, |n| *n as u64)
                .saturating_sub(streamed.get()),
        );
        let parsed = match read {
            Ok(_) => detect::read(&buf, ctx),
            Err(e) => Parsed {
                problems: vec![Problem::error(
                    "unreadable-file",
                    display.as_str(),
                    format!("cannot read the file: {e}"),
                )],
                ..Parsed::default()
            },
        };
        if let Ok(mut b) = buffers.lock() {
            b.push(buf);
        }
        parsed
    };
    let read_one = |i: usize| {
        let ctx = FileCtx {
            tz,
            offsets: &offsets,
            date_order,
            file: i as u32,
            path: &files[i].1,
        };
        let streamed = std::cell::Cell::new(0u64);
        let mut parsed = stream(i, &ctx, &streamed).unwrap_or_else(|| whole(i, &ctx, &streamed));
        note_places_without_reviews(&mut parsed, &ctx);
        // The parts the pieces were read into are done with: their room
        // (a block's records, or a whole file's) goes back now, not when
        // every file is read.
        parsed.spare = Vec::new();
        parsed
    };
    let mut parsed: Vec<(usize, Parsed)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&i| (i, read_one(i)))
        .collect();
    // Freed before the records are joined, where memory peaks.
    drop(buffers);
    parsed.sort_by_key(|(i, _)| *i);
    let mut data = Dataset {
        files: files.iter().map(|(_, d)| d.clone()).collect(),
        ..Dataset::default()
    };
    // Records stay in file order. A file's records are already in one
    // vector: when only one file holds records of a kind (a large build's
    // single export, its single log), that vector is the dataset's, as it
    // is. Otherwise every file's is moved into one vector, each split over
    // the cores (the copy is mostly first touches of fresh pages, which
    // parallelise), sized once: growing by doubling would hold two copies
    // of a million records for a moment.
    fn concat<T: Send>(parts: Vec<Vec<T>>) -> Vec<T> {
        let mut parts: Vec<Vec<T>> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        if parts.len() <= 1 {
            return parts.pop().unwrap_or_default();
        }
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            all.par_extend(part);
        }
        all
    }
    let mut review_parts = Vec::with_capacity(parsed.len());
    let mut action_parts = Vec::with_capacity(parsed.len());
    for (_, mut p) in parsed {
        review_parts.push(std::mem::take(&mut p.reviews));
        action_parts.push(std::mem::take(&mut p.actions));
        data.requests.append(&mut p.requests);
        data.problems.append(&mut p.problems);
        data.aliases.append(&mut p.aliases);
    }
    // Each place names its aliases on every row; once is enough.
    let mut seen = FxHashSet::default();
    data.aliases.retain(|pair| seen.insert(pair.clone()));
    // Independent, so joined side by side.
    (data.reviews, data.actions) = rayon::join(|| concat(review_parts), || concat(action_parts));
    data
}

/// One notice for a file's scraper items that name a place with no review
/// (counted by the readers, piece by piece).
fn note_places_without_reviews(parsed: &mut Parsed, ctx: &FileCtx) {
    let what = match parsed.places_without_reviews {
        0 => return,
        1 => "1 item in this file is a place with no review".to_owned(),
        n => format!("{n} items in this file are places with no review"),
    };
    parsed.problems.push(ctx.problem(
        Severity::Notice,
        "place-without-reviews",
        0,
        None,
        format!(
            "{what}: the scraper writes one for each place searched that has none. Nothing is missing; they add no review"
        ),
    ));
}

#[cfg(test)]
mod id_part_tests {
    use super::id_part;

    #[test]
    fn the_id_part_of_names_and_urls() {
        let cases = [
            ("accounts/4100/locations/7001/reviews/rv000", Some("rv000")),
            (
                "https://www.yelp.com/biz/riverside-clinic?hrid=Yk3pQ&utm=x",
                Some("Yk3pQ"),
            ),
            ("https://example.com/reviews/rv000/", Some("rv000")),
            (
                "https://search.google.com/local/reviews?placeid=P#rv9",
                Some("reviews"),
            ),
            ("https://example.com", None),
            ("rv000", None),
            ("", None),
        ];
        for (id, want) in cases {
            assert_eq!(id_part(id), want, "{id}");
        }
    }
}
