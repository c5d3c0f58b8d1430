//! Where the configuration's locations and the data meet (SPEC §3.1,
//! "Locations that do not meet"): a `sources` entry that matches no record,
//! and a location identifier in the data (a review's or a review request's)
//! that matches no source, are each a warning naming the closest
//! identifier on the other side, so a typo never moves reviews out of sight
//! in silence.
//!
//! Architecture invariant: no I/O; a pure function of the configuration and
//! the dataset. Which location a review counts under is decided in
//! `figures` (`source_positions`); `aliases` says which identifiers a
//! record carries, its own and its place's other names (`Dataset::aliases`).

use crate::config::{Config, FILE_NAME, UNASSIGNED};
use crate::ingest::Dataset;
use crate::model::{Origin, Review};
use crate::problems::Problem;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// Each place's other names (`Dataset::aliases`), by the identifier its
/// reviews carry.
type AliasTable<'a> = FxHashMap<&'a str, Vec<&'a str>>;

fn alias_table(data: &Dataset) -> AliasTable<'_> {
    let mut table = AliasTable::default();
    for (location, alias) in &data.aliases {
        table
            .entry(location.as_str())
            .or_default()
            .push(alias.as_str());
    }
    table
}

/// The location identifiers a review carries, the one it is known by first.
/// All of them name the same place (a scraper's `place_id` and `google_id`
/// are one place): a source that equals any of them claims the review.
fn aliases<'a>(r: &'a Review, table: &'a AliasTable<'a>) -> impl Iterator<Item = &'a str> {
    let own = r.source_location.as_str();
    std::iter::once(own).chain(table.get(own).into_iter().flatten().copied())
}

/// Data identifiers no source claims: (records, first place), by identifier.
type Orphans<'a> = FxHashMap<&'a str, (u64, Origin)>;

/// The warnings where configuration and data do not meet. Quiet when no
/// location is configured (everything counts under `unassigned`, as meant).
pub fn check(config: &Config, data: &Dataset) -> Vec<Problem> {
    if config.locations.is_empty() {
        return Vec::new();
    }
    // Each source's position in `sources` (below), by its text.
    let claimed: FxHashMap<&str, usize> = config
        .locations
        .iter()
        .flat_map(|l| &l.sources)
        .enumerate()
        .map(|(k, s)| (s.as_str(), k))
        .collect();
    let table = alias_table(data);
    // Which sources some review carries, and the reviews no source claims,
    // by the identifier they are known by; each core takes a piece.
    let (hit, orphans) = data
        .reviews
        .par_chunks(1 << 14)
        .map(|chunk| {
            let mut hit = vec![false; claimed.len()];
            let mut orphans = Orphans::default();
            let mut last = None;
            for r in chunk {
                // Reviews of one place come in runs: a run costs one look-up.
                if last == Some(r.source_location.as_str()) {
                    if let Some(o) = orphans.get_mut(r.source_location.as_str()) {
                        o.0 += 1;
                    }
                    continue;
                }
                last = Some(r.source_location.as_str());
                let mut mine = false;
                for a in aliases(r, &table) {
                    if let Some(&k) = claimed.get(a) {
                        hit[k] = true;
                        mine = true;
                    }
                }
                if !mine {
                    let e = orphans
                        .entry(r.source_location.as_str())
                        .or_insert((0, r.origin));
                    e.0 += 1;
                    e.1 = e.1.min(r.origin);
                }
            }
            (hit, orphans)
        })
        .reduce(
            || (vec![false; claimed.len()], Orphans::default()),
            |(mut hit, mut orphans), (h, o)| {
                hit.iter_mut().zip(h).for_each(|(x, y)| *x |= y);
                merge(&mut orphans, o);
                (hit, orphans)
            },
        );
    let mut seen: FxHashSet<&str> = claimed
        .iter()
        .filter(|(_, k)| hit[**k])
        .map(|(s, _)| *s)
        .collect();
    let ids: FxHashSet<&str> = config.locations.iter().map(|l| l.id.as_str()).collect();
    let mut request_orphans = Orphans::default();
    let mut sent: FxHashMap<&str, u64> = FxHashMap::default();
    for b in &data.requests {
        let loc = b.location.as_str();
        seen.insert(loc);
        if !claimed.contains_key(loc) && !ids.contains(loc) {
            let e = request_orphans.entry(loc).or_insert((0, b.origin));
            e.0 += 1;
            e.1 = e.1.min(b.origin);
            *sent.entry(loc).or_default() += b.sent;
        }
    }
    // Every configured source, with its location, for suggestions.
    let sources: Vec<(&str, &str)> = config
        .locations
        .iter()
        .flat_map(|l| l.sources.iter().map(move |s| (s.as_str(), l.id.as_str())))
        .collect();
    let mut problems = Vec::new();
    for (id, (count, first)) in sorted(&orphans) {
        let shown = if id.is_empty() {
            format!(
                "{} {} no location",
                count,
                if count == 1 {
                    "review names"
                } else {
                    "reviews name"
                }
            )
        } else {
            format!(
                "{} {} the location `{id}`, which no `sources` entry in {FILE_NAME} matches",
                count,
                if count == 1 {
                    "review carries"
                } else {
                    "reviews carry"
                },
            )
        };
        problems.push(
            Problem::warning(
                "unmapped-location",
                data.file(first),
                format!(
                    "{shown}; {} under `{UNASSIGNED}`. {}",
                    if count == 1 {
                        "it counts"
                    } else {
                        "they count"
                    },
                    closest_source(id, &sources, "reviews")
                ),
            )
            .at(first.line, None),
        );
    }
    for (id, (rows, first)) in sorted(&request_orphans) {
        let total = sent.get(id).copied().unwrap_or(0);
        let mut candidates: Vec<(&str, &str)> = sources.clone();
        candidates.extend(
            config
                .locations
                .iter()
                .map(|l| (l.id.as_str(), l.id.as_str())),
        );
        problems.push(
            Problem::warning(
                "unmapped-location",
                data.file(first),
                format!(
                    "{rows} review-request {} ({total} requests sent) {} the location `{id}`, which is neither a location id nor a `sources` entry in {FILE_NAME}; {} under `{UNASSIGNED}`. {}",
                    if rows == 1 { "row" } else { "rows" },
                    if rows == 1 { "names" } else { "name" },
                    if rows == 1 { "it counts" } else { "they count" },
                    closest_source(id, &candidates, "requests")
                ),
            )
            .at(first.line, None),
        );
    }
    // A source no record carries: only worth saying when there is data.
    if data.reviews.is_empty() && data.requests.is_empty() {
        return problems;
    }
    let mut unclaimed: Vec<(&str, u64)> = orphans
        .iter()
        .filter(|(id, _)| !id.is_empty())
        .map(|(id, (n, _))| (*id, *n))
        .collect();
    unclaimed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for loc in &config.locations {
        for (k, src) in loc.sources.iter().enumerate() {
            if seen.contains(src.as_str()) {
                continue;
            }
            let mut p = Problem::warning(
                "unmatched-source",
                FILE_NAME,
                format!(
                    "the source `{src}` of location `{}` matches no review or review request in the data. {}",
                    loc.id,
                    closest_orphan(src, &unclaimed)
                ),
            );
            if let Some(Some((line, col))) = loc.source_places.get(k) {
                p = p.at(*line, Some(*col));
            }
            problems.push(p);
        }
    }
    problems
}

fn merge<'a>(into: &mut Orphans<'a>, from: Orphans<'a>) {
    for (id, (n, first)) in from {
        let e = into.entry(id).or_insert((0, first));
        e.0 += n;
        e.1 = e.1.min(first);
    }
}

/// In a stable order (the tables' is not): by identifier.
fn sorted<'a>(orphans: &Orphans<'a>) -> Vec<(&'a str, (u64, Origin))> {
    let mut v: Vec<_> = orphans.iter().map(|(k, v)| (*k, *v)).collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// Similar enough to be the same identifier mistyped.
const CLOSE: f64 = 0.75;

/// How alike two identifiers are, 0 to 1: the same last segment (the
/// `5531` of `location-5531` and `accounts/1029/locations/5531`) counts as
/// alike as can be; otherwise the Jaro-Winkler similarity.
fn likeness(a: &str, b: &str) -> f64 {
    let tail = |s: &str| {
        s.rsplit(['/', '-', ':', '_', ' '])
            .find(|t| !t.is_empty())
            .filter(|t| t.len() >= 3 && t.len() < s.len())
            .map(str::to_owned)
    };
    match (tail(a), tail(b)) {
        (Some(x), Some(y)) if x == y => 1.0,
        _ => strsim::jaro_winkler(a, b),
    }
}

fn closest<'a, T>(word: &str, candidates: &'a [(&'a str, T)]) -> Option<&'a (&'a str, T)> {
    candidates
        .iter()
        .map(|c| (likeness(word, c.0), c))
        .filter(|(score, _)| *score >= CLOSE)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Advice for a data identifier no source matches.
fn closest_source(id: &str, sources: &[(&str, &str)], what: &str) -> String {
    match closest(id, sources).filter(|_| !id.is_empty()) {
        Some((src, loc)) => format!(
            "The closest configured identifier is `{src}` (location `{loc}`): if these {what} are that location's, correct it or add `{id}` to its `sources`"
        ),
        None if id.is_empty() => {
            "Give the file a `location` column, filled on every row, so each review counts under its location".to_string()
        }
        None => format!("Add `{id}` to the `sources` of the location it belongs to in {FILE_NAME}"),
    }
}

/// Advice for a source no record carries: the data identifiers no source
/// claims, the closest first.
fn closest_orphan(src: &str, unclaimed: &[(&str, u64)]) -> String {
    let reviews = |n: u64| {
        if n == 1 {
            "1 review".to_string()
        } else {
            format!("{n} reviews")
        }
    };
    match closest(src, unclaimed) {
        Some((id, n)) => format!(
            "Did you mean `{id}`? {} with it count under `{UNASSIGNED}`",
            reviews(*n)
        ),
        None if unclaimed.is_empty() => "Every location identifier in the data already counts under a location: it may be left over, or belong to a location with no reviews yet".to_string(),
        None => format!("No identifier of the reviews under `{UNASSIGNED}` is close to it: check it against the export"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(locations: &str) -> Config {
        Config::parse(
            &format!("organization: X\ntimezone: America/New_York\n{locations}"),
            "reputable.yaml",
        )
        .unwrap()
    }

    fn data(c: &Config, locations: &[&str]) -> Dataset {
        let reviews = locations
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut r = crate::testkit::review(
                    &format!("r{i}"),
                    "A",
                    5.0,
                    "2026-03-01T10:00:00Z",
                    "ok",
                    c,
                );
                r.source_location = (*l).into();
                r.origin.line = i as u32 + 2;
                r
            })
            .collect();
        Dataset {
            files: vec!["content/reviews/r.csv".into()],
            reviews,
            ..Dataset::default()
        }
    }

    fn codes(problems: &[Problem]) -> Vec<(&str, Option<u32>, String)> {
        problems
            .iter()
            .map(|p| {
                (
                    p.code,
                    p.line,
                    p.message.split(';').next().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_source_naming_a_place_by_its_other_name_meets_its_reviews() {
        // Outscraper: reviews carry the place id; the user listed the
        // place's Google id, an alias of the same place (SPEC §3.1).
        let c = config("locations:\n  - id: a\n    name: A\n    sources: [\"0x89c2:0x1f2e\"]\n");
        let mut d = data(&c, &["ChIJplace", "ChIJplace"]);
        d.aliases = vec![("ChIJplace".into(), "0x89c2:0x1f2e".into())];
        assert_eq!(codes(&check(&c, &d)), vec![]);
        // Without the alias, both sides are reported.
        d.aliases.clear();
        assert_eq!(
            codes(&check(&c, &d))
                .iter()
                .map(|(code, ..)| *code)
                .collect::<Vec<_>>(),
            vec!["unmapped-location", "unmatched-source"]
        );
    }

    #[test]
    fn each_side_that_does_not_meet_is_one_warning() {
        let c =
            config("locations:\n  - id: a\n    name: A\n    sources: [\"Downtown\", \"Uptwn\"]\n");
        let d = data(&c, &["Downtown", "Uptown", "Uptown", "", "Downtown"]);
        assert_eq!(
            codes(&check(&c, &d)),
            vec![
                ("unmapped-location", Some(5), "1 review names no location".into()),
                (
                    "unmapped-location",
                    Some(3),
                    "2 reviews carry the location `Uptown`, which no `sources` entry in reputable.yaml matches".into()
                ),
                (
                    "unmatched-source",
                    Some(6),
                    "the source `Uptwn` of location `a` matches no review or review request in the data. Did you mean `Uptown`? 2 reviews with it count under `unassigned`".into()
                ),
            ]
        );
    }

    #[test]
    fn quiet_without_locations_and_sources_quiet_without_data() {
        let none = config("");
        assert!(check(&none, &data(&none, &["Anywhere"])).is_empty());
        let c = config("locations:\n  - id: a\n    name: A\n    sources: [\"Downtown\"]\n");
        assert!(
            check(&c, &data(&c, &[])).is_empty(),
            "a new project has no data yet"
        );
    }

    #[test]
    fn a_takeout_folder_and_an_api_name_of_one_location_are_alike() {
        assert_eq!(
            likeness("location-5531", "accounts/1029/locations/5531"),
            1.0
        );
        assert!(likeness("location-5531", "accounts/1029/locations/5532") < CLOSE);
        assert!(likeness("Main St", "Main Street") >= CLOSE);
        assert!(likeness("Downtown", "Qz71cMx0PaLr5TnEw8YsBg") < CLOSE);
    }
}
