//! A loaded project: configuration, data, figures, content and lint, all
//! read and computed, nothing written. `build` and `check` both start here.

use crate::config::Config;
use crate::content::{self, Content, Exemplar};
use crate::diagnostic::Diagnostic;
use crate::figures::{self, Analysis};
use crate::ingest::{self, Dataset};
use crate::lint::{self, ReplyFindings, Troll};
use crate::model::Moment;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The wall time of each stage of a load or build, in order (`--timings`).
/// The core fills it; only `cmd` prints it.
pub type Timings = Vec<(&'static str, Duration)>;

pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub data: Dataset,
    pub analysis: Analysis,
    pub content: Content,
    /// Lint findings of logged and embedded replies (only replies with findings).
    pub replies: Vec<ReplyFindings>,
    pub trolls: Vec<Troll>,
    pub exemplars: Vec<Exemplar>,
}

impl Project {
    /// Reads and computes everything. Only a broken configuration or a bad
    /// `--as-of` stops here; data problems are collected in `data.problems`.
    pub fn load(root: &Path, as_of: Option<&str>) -> Result<Project, Vec<Diagnostic>> {
        Project::load_with_progress(root, as_of, &|_, _| {})
    }

    /// As `load`, reporting `(bytes read, total bytes)` of the data files.
    pub fn load_with_progress(
        root: &Path,
        as_of: Option<&str>,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Project, Vec<Diagnostic>> {
        Project::load_timed(root, as_of, progress, &mut Timings::new())
    }

    /// As `load_with_progress`, adding the wall time of each stage to
    /// `timings`: `read` (configuration, content, data files), `link`
    /// (replies to reviews, locations, aliases), `figures`, `lint` (reply
    /// findings and troll suspicion) and `exemplars`.
    pub fn load_timed(
        root: &Path,
        as_of: Option<&str>,
        progress: &(dyn Fn(u64, u64) + Sync),
        timings: &mut Timings,
    ) -> Result<Project, Vec<Diagnostic>> {
        let mut clock = Instant::now();
        let mut lap = |name: &'static str| {
            let now = Instant::now();
            timings.push((name, now - clock));
            clock = now;
        };
        if !root.join(crate::config::FILE_NAME).is_file() {
            return Err(vec![no_project(root)]);
        }
        let config = Config::load(root).map_err(|d| vec![d])?;
        let as_of_text = as_of;
        let as_of = as_of
            .map(|s| parse_as_of(s, &config))
            .transpose()
            .map_err(|d| vec![d])?;
        let content = content::load(root, &config)?;
        let (files, skipped) = ingest::list_data(root);
        let total: u64 = files
            .iter()
            .filter_map(|(p, _)| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let done = std::sync::atomic::AtomicU64::new(0);
        // `ingest::load_files_with_progress`, staged for the timings.
        let mut data = ingest::read_files(&files, config.tz(), config.date_order, &|bytes| {
            let so_far = done.fetch_add(bytes, std::sync::atomic::Ordering::Relaxed) + bytes;
            progress(so_far, total);
        });
        lap("read");
        ingest::plausible::set_aside(&mut data, config.tz());
        ingest::link(&mut data, config.tz());
        data.problems.extend(skipped);
        if let (Some(at), Some(text), Some(window)) = (as_of, as_of_text, data.window) {
            check_as_of(at, text, window, &config)?;
        }
        data.problems.extend(config.warnings.iter().cloned());
        let unmet = crate::locations::check(&config, &data);
        data.problems.extend(unmet);
        let conflicts = figures::alias_conflicts(&config, &data);
        data.problems.extend(conflicts);
        // What the sanitiser removed from staff pages is a warning like a
        // data problem: listed, counted, refused by `--strict`.
        let docs = content
            .policy
            .iter()
            .chain(content.training.iter().map(|s| &s.doc));
        data.problems
            .extend(docs.flat_map(|d| d.warnings.iter().cloned()));
        crate::problems::sort(&mut data.problems);
        lap("link");
        let analysis = figures::analyse(&data, &config, as_of);
        lap("figures");
        let replies = lint::lint_replies(&data, &analysis);
        let trolls = lint::find_trolls(&data, &analysis);
        lap("lint");
        let exemplars = content::exemplars(&data, &analysis, &content, &replies, &trolls, &config);
        lap("exemplars");
        Ok(Project {
            root: root.to_path_buf(),
            config,
            data,
            analysis,
            content,
            replies,
            trolls,
            exemplars,
        })
    }
}

impl Project {
    /// The same project with new staff-written content (the policy and the
    /// training pages): what depends on content is redone, the data and
    /// figures are kept. `serve` uses it so that saving the policy never
    /// re-reads the review archives. The old pages' sanitiser warnings
    /// leave the data problems and the new ones join them, as `load` does.
    pub fn with_content(mut self, content: Content) -> Project {
        let docs = |c: &Content| -> Vec<crate::problems::Problem> {
            c.policy
                .iter()
                .chain(c.training.iter().map(|s| &s.doc))
                .flat_map(|d| d.warnings.iter().cloned())
                .collect()
        };
        for old in docs(&self.content) {
            if let Some(i) = self.data.problems.iter().position(|p| *p == old) {
                self.data.problems.remove(i);
            }
        }
        self.data.problems.extend(docs(&content));
        crate::problems::sort(&mut self.data.problems);
        self.exemplars = content::exemplars(
            &self.data,
            &self.analysis,
            &content,
            &self.replies,
            &self.trolls,
            &self.config,
        );
        self.content = content;
        self
    }
}

/// `--as-of`: any timestamp form the inputs accept; a date means the end of
/// that day, so `--as-of 2026-09-30` rebuilds September as it closed.
pub fn parse_as_of(s: &str, config: &Config) -> Result<jiff::Timestamp, Diagnostic> {
    let bad = |why: String| {
        Diagnostic::new("--as-of", why).help("write e.g. --as-of 2026-09-30T23:59:59 (local time), 2026-09-30T23:59:59Z or 2026-09-30")
    };
    let when = ingest::time::parse_when(s).map_err(bad)?;
    let m = Moment::resolve(when, config.tz()).map_err(bad)?;
    Ok(match m.precision {
        crate::model::Precision::Date => {
            let next = m.date.tomorrow().map_err(|e| bad(e.to_string()))?;
            let start =
                Moment::resolve(crate::model::When::Date(next), config.tz()).map_err(bad)?;
            start.instant - jiff::SignedDuration::from_nanos(1)
        }
        _ => m.instant,
    })
}

/// The error for a root without `reputable.yaml`: which folder was
/// searched, and the project nearby when there is one (a parent of the
/// folder, or a folder in it).
fn no_project(root: &Path) -> Diagnostic {
    use crate::config::FILE_NAME;
    let abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let searched = abs.join(FILE_NAME);
    let (message, cause) = if !abs.exists() {
        (format!("the folder {} does not exist", abs.display()), None)
    } else if !abs.is_dir() {
        (
            format!("{} is a file, not a project folder", abs.display()),
            None,
        )
    } else {
        (
            format!("no {FILE_NAME} in {}", abs.display()),
            Some("a project is the folder that holds reputable.yaml"),
        )
    };
    let nearby = abs
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
        .or_else(|| {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(&abs)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|d| d.join(FILE_NAME).is_file())
                .collect();
            inside.sort();
            inside.into_iter().next()
        });
    let help = match nearby {
        Some(dir) => format!(
            "the project seems to be {}: run the command there, or pass `--root {}`",
            dir.display(),
            dir.display()
        ),
        None => format!(
            "{}run the command in the project folder, or point at it with `--root PATH`; `reputable init DIR` creates a new project",
            cause.map_or(String::new(), |c| format!("{c}: "))
        ),
    };
    Diagnostic::new(searched.display().to_string(), message).help(help)
}

/// `--as-of` must lie in the data's plausible window (SPEC §4.1), like
/// every time in the data.
fn check_as_of(
    at: jiff::Timestamp,
    text: &str,
    window: ingest::plausible::Window,
    config: &Config,
) -> Result<(), Vec<Diagnostic>> {
    let m = Moment::resolve(crate::model::When::Instant(at), config.tz())
        .map_err(|e| vec![Diagnostic::new("--as-of", e)])?;
    if window.contains(&m) {
        return Ok(());
    }
    Err(vec![
        Diagnostic::new(
            "--as-of",
            format!(
                "`--as-of {text}` lies outside the plausible window of this data ({})",
                window.show()
            ),
        )
        .help(
            "give a time within it (without --as-of the report is as of the latest time in the data); times before 2000 or more than a year past the latest review are taken for mistakes",
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            "organization: X\ntimezone: America/New_York\n",
            "reputable.yaml",
        )
        .unwrap()
    }

    #[test]
    fn as_of_accepts_local_times_instants_and_whole_days() {
        let c = config();
        let cases = [
            // Local time in the configured zone (EDT in September).
            ("2026-09-30T23:59:59", "2026-10-01T03:59:59Z"),
            ("2026-09-30T23:59:59Z", "2026-09-30T23:59:59Z"),
            // A date means the whole day, to its last nanosecond.
            ("2026-09-30", "2026-10-01T03:59:59.999999999Z"),
        ];
        for (arg, want) in cases {
            assert_eq!(
                parse_as_of(arg, &c).unwrap(),
                want.parse::<jiff::Timestamp>().unwrap(),
                "--as-of {arg}"
            );
        }
    }

    #[test]
    fn a_bad_as_of_says_what_to_write() {
        let e = parse_as_of("last tuesday", &config())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--as-of") && e.contains("help: write e.g. --as-of 2026-09-30T23:59:59"),
            "{e}"
        );
    }
}
