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
        let config = Config::load(root).map_err(|d| vec![d])?;
        let as_of = as_of
            .map(|s| parse_as_of(s, &config))
            .transpose()
            .map_err(|d| vec![d])?;
        let content = content::load(root, &config)?;
        let files = ingest::data_files(root);
        let total: u64 = files
            .iter()
            .filter_map(|(p, _)| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let done = std::sync::atomic::AtomicU64::new(0);
        let mut data = ingest::load_files_with_progress(&files, config.tz(), &|bytes| {
            let so_far = done.fetch_add(bytes, std::sync::atomic::Ordering::Relaxed) + bytes;
            progress(so_far, total);
        });
        // What the sanitiser removed from staff pages is a warning like a
        // data problem: listed, counted, refused by `--strict`.
        let docs = content
            .policy
            .iter()
            .chain(content.training.iter().map(|s| &s.doc));
        data.problems
            .extend(docs.flat_map(|d| d.warnings.iter().cloned()));
        crate::problems::sort(&mut data.problems);
        let analysis = figures::analyse(&data, &config, as_of);
        let replies = lint::lint_replies(&data, &analysis);
        let trolls = lint::find_trolls(&data, &analysis);
        let exemplars = content::exemplars(&data, &analysis, &content, &replies, &config);
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
