//! The figures of SPEC §4.3: pure functions of the `Dataset`, the
//! configuration and the as-of instant.
//!
//! `analyse` first decides, review by review, what happened (its `Outcome`:
//! first answer, response hours, open and overdue or not), then sums outcomes
//! into `Figures` per month, per month × location and per month × platform.
//! Pages and charts read both: the figures for the numbers, the outcomes for
//! lists (open reviews past target) and distributions.
//!
//! Architecture invariant: no I/O, no wall clock. Lint and troll detection
//! never feed into this module.

use crate::config::{Config, UNASSIGNED};
use crate::ingest::Dataset;
use crate::model::{ActionKind, Month, hours_between};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

pub const SCHEMA: &str = "reputable.metrics/1";

/// A figure based on fewer reviews than this is marked low-volume on pages.
pub const LOW_VOLUME: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    Positive,
    Neutral,
    Negative,
    Unrated,
}

impl Class {
    pub fn of(rating: Option<f64>, config: &Config) -> Class {
        match rating {
            None => Class::Unrated,
            Some(r) if r >= config.targets.positive_min => Class::Positive,
            Some(r) if r <= config.targets.negative_max => Class::Negative,
            Some(_) => Class::Neutral,
        }
    }
}

/// What happened to one review, as of the as-of instant.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Index into `Dataset::reviews` (`u32`, like every index here: a
    /// million outcomes are walked several times, so each is kept small).
    pub review: u32,
    pub month: Month,
    /// Index into `Analysis::locations`.
    pub location: u32,
    /// Index into `Analysis::platforms`.
    pub platform: u32,
    pub class: Class,
    /// Index into `Dataset::actions` of the first `reply`/`contact` at or
    /// after posting and not after as-of.
    pub first_answer: Option<u32>,
    /// Hours from posting to the first answer, when both have a time of day.
    pub response_hours: Option<f64>,
    /// The target that applies to this review (the negative one when set).
    pub target_hours: f64,
    /// Some action at all (`reply`, `contact`, `flag`, `remove`, `ignore`).
    pub closed: bool,
    /// Hours from posting to as-of (a date-only posting from the start of its day).
    pub age_hours: f64,
}

impl Outcome {
    pub fn answered(&self) -> bool {
        self.first_answer.is_some()
    }
    pub fn within_target(&self) -> Option<bool> {
        self.response_hours.map(|h| h <= self.target_hours)
    }
    /// No action at all and older than its target at as-of.
    pub fn open_overdue(&self) -> bool {
        !self.closed && self.age_hours > self.target_hours
    }
}

/// `response_hours` of §4.3.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HoursStats {
    pub count: u64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

impl HoursStats {
    /// Mean and nearest-rank percentiles. `values` is reordered: the two
    /// percentiles are found by selection, not a full sort, since a large
    /// organisation has hundreds of thousands of answers a month.
    pub fn of(values: &mut [f64]) -> HoursStats {
        let n = values.len();
        if n == 0 {
            return HoursStats::default();
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let (k50, k90) = (rank(n, 50) - 1, rank(n, 90) - 1);
        let (lower, p90, _) = values.select_nth_unstable_by(k90, f64::total_cmp);
        let p90 = *p90;
        // k50 ≤ k90, so the median is among the values left of p90 (or is it).
        let median = if k50 == k90 {
            p90
        } else {
            *lower.select_nth_unstable_by(k50, f64::total_cmp).1
        };
        HoursStats {
            count: n as u64,
            mean: Some(mean),
            median: Some(median),
            p90: Some(p90),
        }
    }
}

/// The 1-based nearest rank ⌈p/100 · n⌉ (in integers, so no rounding can
/// move it), at least 1.
fn rank(n: usize, p: usize) -> usize {
    (p * n).div_ceil(100).max(1)
}

/// Nearest-rank percentile of sorted values: the value at 1-based rank
/// ⌈p/100 · n⌉.
pub fn percentile(sorted: &[f64], p: u64) -> Option<f64> {
    (!sorted.is_empty()).then(|| sorted[rank(sorted.len(), p as usize) - 1])
}

/// Every figure of SPEC §4.3 for one cohort.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub reviews: u64,
    pub positive: u64,
    pub neutral: u64,
    pub negative: u64,
    pub unrated: u64,
    pub average_rating: Option<f64>,
    pub positive_to_negative: Option<f64>,
    pub answered: u64,
    pub response_rate: Option<f64>,
    pub negative_answered: u64,
    pub negative_response_rate: Option<f64>,
    pub response_hours: HoursStats,
    pub within_target: u64,
    pub within_target_rate: Option<f64>,
    pub open_overdue: u64,
    pub date_only: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthFigures {
    #[serde(serialize_with = "month_str")]
    pub month: Month,
    pub overall: Figures,
    pub by_location: BTreeMap<String, Figures>,
    pub by_platform: BTreeMap<String, Figures>,
}

fn month_str<S: Serializer>(m: &Month, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(m)
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetsOut {
    #[serde(serialize_with = "number")]
    pub respond_within_hours: f64,
    #[serde(serialize_with = "number")]
    pub negative_respond_within_hours: f64,
    #[serde(serialize_with = "number")]
    pub positive_min: f64,
    #[serde(serialize_with = "number")]
    pub negative_max: f64,
    #[serde(serialize_with = "number")]
    pub positive_to_negative: f64,
}

/// Writes whole numbers as integers (`24`, not `24.0`), as people wrote them.
fn number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

/// `data/metrics.json` (SPEC §5).
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    pub schema: &'static str,
    pub organization: String,
    pub timezone: String,
    pub as_of: Option<String>,
    pub targets: TargetsOut,
    pub months: Vec<MonthFigures>,
}

/// Figures and the per-review outcomes behind them.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub as_of: Option<Timestamp>,
    /// Location ids: configured ones in configuration order, then
    /// `unassigned` when some review matched no source.
    pub locations: Vec<String>,
    /// Platforms seen in reviews up to as-of, sorted.
    pub platforms: Vec<String>,
    pub outcomes: Vec<Outcome>,
    /// Review index → index into `outcomes` (`None` for reviews after as-of).
    pub outcome_of_review: Vec<Option<usize>>,
    pub metrics: Metrics,
}

impl Analysis {
    /// The outcome of a review, when it counts (posted not after as-of).
    pub fn outcome(&self, review: usize) -> Option<&Outcome> {
        self.outcome_of_review
            .get(review)
            .copied()
            .flatten()
            .map(|k| &self.outcomes[k])
    }

    pub fn month(&self, m: Month) -> Option<&MonthFigures> {
        self.metrics.months.iter().find(|f| f.month == m)
    }
}

/// The as-of instant of SPEC §4.1 when none is given: the latest review
/// posting or action time in the data.
pub fn default_as_of(data: &Dataset) -> Option<Timestamp> {
    let (reviews, actions) = rayon::join(
        || data.reviews.par_iter().map(|r| r.posted.instant).max(),
        || data.actions.par_iter().map(|a| a.at.instant).max(),
    );
    // `None` orders before any `Some`.
    reviews.max(actions)
}

/// Records per piece when a pass over reviews or outcomes is shared out
/// among the cores: large enough that handing out a piece costs nothing
/// beside it.
const PIECE: usize = 1 << 16;

/// Which reviews are posted not after as-of, and the platforms of those,
/// sorted.
fn included_and_platforms(data: &Dataset, as_of: Option<Timestamp>) -> (Vec<bool>, Vec<String>) {
    let Some(limit) = as_of else {
        return (vec![false; data.reviews.len()], Vec::new());
    };
    fn add<'a>(seen: &mut Vec<&'a str>, p: &'a str) {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    let mut included = vec![false; data.reviews.len()];
    let parts: Vec<Vec<&str>> = data
        .reviews
        .par_chunks(PIECE)
        .zip(included.par_chunks_mut(PIECE))
        .map(|(chunk, included)| {
            let mut seen = Vec::new();
            for (r, inc) in chunk.iter().zip(included) {
                *inc = r.posted.not_after(limit);
                if *inc {
                    add(&mut seen, r.platform.as_str());
                }
            }
            seen
        })
        .collect();
    let mut seen = Vec::new();
    for p in parts.into_iter().flatten() {
        add(&mut seen, p);
    }
    let mut platforms: Vec<String> = seen.into_iter().map(str::to_string).collect();
    platforms.sort();
    (included, platforms)
}

/// What the first-answer pass needs of one action, worked out on every core
/// so that the pass itself, which goes through the actions in order (each
/// core for its own range of reviews), only touches small arrays.
#[derive(Clone, Copy)]
struct Step {
    /// The action's review, when linked.
    review: Option<u32>,
    /// A logged (not archive) `reply`.
    logged_reply: bool,
    embedded: bool,
    /// Not after as-of, at or after posting, on a review that counts.
    counts: bool,
    answers: bool,
    /// Earliest instant first; at the same instant a timed answer before a
    /// date-only one.
    key: (Timestamp, bool),
}

/// Computes everything of SPEC §4.3.
pub fn analyse(data: &Dataset, config: &Config, as_of: Option<Timestamp>) -> Analysis {
    let tz = config.tz();
    let as_of = as_of.or_else(|| default_as_of(data));
    let n = data.reviews.len();

    // Action → review, as `ingest::link` left it (recomputed for a dataset
    // assembled by hand).
    let links = data.review_of_actions();
    let early = data.actions_before_review(&links);

    // The reviews that count (posted not after as-of), and the platforms
    // they are on, in one pass: each core lists the few platforms it sees.
    let (included, platforms) = included_and_platforms(data, as_of);

    let steps: Vec<Step> = data
        .actions
        .par_iter()
        .zip(links.par_iter())
        .zip(early.par_iter())
        .map(|((a, link), early)| {
            // An archive reply dated before its review means the review was
            // edited after the reply (the platform shows the edit time): it
            // answers the review, but says nothing of how fast (SPEC §3.3),
            // so it counts like a date-only answer and yields to any other.
            let edited = a.embedded && *early;
            let counts = link.is_some_and(|k| {
                as_of.is_some_and(|limit| a.at.not_after(limit))
                    && included[k as usize]
                    // A logged action before posting is a data problem,
                    // reported by ingest; it counts as no action.
                    && (!early || edited)
            });
            Step {
                review: *link,
                logged_reply: !a.embedded && a.kind == ActionKind::Reply,
                embedded: a.embedded,
                counts,
                answers: a.kind.answers(),
                key: if edited {
                    (Timestamp::MAX, true)
                } else {
                    (a.at.instant, !a.at.has_time())
                },
            }
        })
        .collect();

    // The log is the source of truth for reply times: an archive's reply time
    // is only its last edit, so it is used only when the log has no reply.
    // Per review: the first answer, and whether anything was done at all.
    // The answer's time is kept beside it, so the outcomes below need not
    // look the action up again. Each core takes a range of reviews and goes
    // through the actions in order, so ties go to the earlier action.
    let mut first: Vec<Option<(usize, (Timestamp, bool))>> = vec![None; n];
    let mut closed = vec![false; n];
    let range = n.div_ceil(rayon::current_num_threads()).max(PIECE);
    first
        .par_chunks_mut(range)
        .zip(closed.par_chunks_mut(range))
        .enumerate()
        .for_each(|(c, (first, closed))| {
            let (lo, len) = (c * range, first.len());
            let mine = |s: &Step| {
                s.review
                    .map(|r| (r as usize).wrapping_sub(lo))
                    .filter(|k| *k < len)
            };
            let mut logged_reply = vec![false; len];
            for s in &steps {
                if s.logged_reply
                    && let Some(k) = mine(s)
                {
                    logged_reply[k] = true;
                }
            }
            for (ai, s) in steps.iter().enumerate() {
                let Some(k) = mine(s) else {
                    continue;
                };
                if !s.counts || (s.embedded && logged_reply[k]) {
                    continue;
                }
                closed[k] = true;
                if s.answers && first[k].is_none_or(|(_, key)| s.key < key) {
                    first[k] = Some((ai, s.key));
                }
            }
        });
    drop(steps);

    // Location and platform of each review, by position.
    let mut locations: Vec<String> = config.locations.iter().map(|l| l.id.clone()).collect();
    let unassigned = locations.len();
    let source_pos = source_positions(config, data);
    // Positions first, so the outcomes are collected straight into place.
    let counted: Vec<usize> = (0..n).into_par_iter().filter(|&i| included[i]).collect();
    // Each outcome's rating is kept beside it for the sums, which then need
    // not visit the reviews again.
    let (mut outcomes, mut ratings) = (Vec::new(), Vec::new());
    if let Some(limit) = as_of {
        counted
            .into_par_iter()
            .map(|i| {
                let r = &data.reviews[i];
                let class = Class::of(r.rating, config);
                // `key` is (instant, date only).
                let response_hours = first[i].and_then(|(_, (at, date_only))| {
                    (r.posted.has_time() && !date_only).then(|| hours_between(r.posted.instant, at))
                });
                let outcome = Outcome {
                    review: i as u32,
                    month: r.posted.month(),
                    location: source_pos
                        .get(r.source_location.as_str())
                        .copied()
                        .unwrap_or(unassigned) as u32,
                    platform: platforms
                        .iter()
                        .position(|p| p.as_str() == r.platform)
                        .unwrap_or(0) as u32,
                    class,
                    first_answer: first[i].map(|(ai, _)| ai as u32),
                    response_hours,
                    target_hours: config.targets.hours_for(class == Class::Negative),
                    closed: closed[i],
                    age_hours: hours_between(r.posted.instant, limit),
                };
                (outcome, r.rating)
            })
            .unzip_into_vecs(&mut outcomes, &mut ratings);
    }
    // One walk over the outcomes for what the sums below need to know
    // first: how many each month holds (and so the first month), and
    // whether some review matched no source.
    let tally = outcomes
        .par_chunks(PIECE)
        .map(|piece| {
            let mut t = MonthTally::default();
            for o in piece {
                t.add(o.month, o.location as usize == unassigned);
            }
            t
        })
        .reduce(MonthTally::default, MonthTally::join);
    if tally.unassigned {
        locations.push(UNASSIGNED.to_string());
    }
    let months = match (as_of, tally.first()) {
        (Some(limit), Some(start)) => month_range(start, Month::of(tz.to_datetime(limit).date())),
        _ => Vec::new(),
    };
    let counts: Vec<usize> = months.iter().map(|m| tally.count(*m)).collect();
    let month_figures = aggregate(
        &outcomes, &ratings, &months, &counts, &locations, &platforms,
    );

    let t = &config.targets;
    let metrics = Metrics {
        schema: SCHEMA,
        organization: config.organization.clone(),
        timezone: config.timezone.clone(),
        as_of: as_of.map(|ts| rfc3339_in(ts, tz)),
        targets: TargetsOut {
            respond_within_hours: t.respond_within_hours,
            negative_respond_within_hours: t.hours_for(true),
            positive_min: t.positive_min,
            negative_max: t.negative_max,
            positive_to_negative: t.positive_to_negative,
        },
        months: month_figures,
    };
    // Outcomes are in review order: each core fills a range of reviews from
    // the outcomes that fall in it.
    let mut outcome_of_review = vec![None; n];
    outcome_of_review
        .par_chunks_mut(PIECE)
        .enumerate()
        .for_each(|(c, slots)| {
            let lo = c * PIECE;
            let from = outcomes.partition_point(|o| (o.review as usize) < lo);
            for (k, o) in outcomes[from..].iter().enumerate() {
                match slots.get_mut(o.review as usize - lo) {
                    Some(slot) => *slot = Some(from + k),
                    None => break,
                }
            }
        });
    Analysis {
        as_of,
        locations,
        platforms,
        outcomes,
        outcome_of_review,
        metrics,
    }
}

/// Each location identifier the data holds that a configured location
/// claims, with that location's position in `config.locations`: the
/// identifiers its `sources` list, and the ones whose alias they list (a
/// scraper's place is one location whatever name a source gives it:
/// SPEC §3.2). A location matched by its own identifier keeps that match;
/// otherwise its aliases are tried in order of preference (place id, then
/// Google id, then name), so the first one listed decides.
pub fn source_positions<'a>(config: &'a Config, data: &'a Dataset) -> FxHashMap<&'a str, usize> {
    let mut pos: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, l) in config.locations.iter().enumerate() {
        for s in &l.sources {
            pos.insert(s.as_str(), i);
        }
    }
    let mut by_alias: FxHashMap<&str, usize> = FxHashMap::default();
    for (location, alias) in &data.aliases {
        if pos.contains_key(location.as_str()) {
            continue;
        }
        if let Some(&i) = pos.get(alias.as_str()) {
            by_alias.entry(location.as_str()).or_insert(i);
        }
    }
    pos.extend(by_alias);
    pos
}

/// A warning for each place whose names `sources` list under different
/// locations (its place id under one, its Google id under another): its
/// reviews count under the one `source_positions` chooses, and the user
/// should know the other listing does nothing for it.
pub fn alias_conflicts(config: &Config, data: &Dataset) -> Vec<crate::problems::Problem> {
    let mut direct: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, l) in config.locations.iter().enumerate() {
        for s in &l.sources {
            direct.insert(s.as_str(), i);
        }
    }
    let chosen = source_positions(config, data);
    // Each place's names in order: itself, then its aliases.
    let mut places: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    for (location, alias) in &data.aliases {
        let k = *at.entry(location.as_str()).or_insert_with(|| {
            places.push((location.as_str(), vec![location.as_str()]));
            places.len() - 1
        });
        places[k].1.push(alias.as_str());
    }
    let mut out = Vec::new();
    for (place, names) in places {
        let listed: Vec<(&str, usize)> = names
            .iter()
            .filter_map(|n| direct.get(n).map(|&i| (*n, i)))
            .collect();
        let Some(&won) = chosen.get(place) else {
            continue;
        };
        if listed.iter().all(|(_, i)| *i == won) {
            continue;
        }
        let shown: Vec<String> = listed
            .iter()
            .map(|(n, i)| format!("`{n}` under `{}`", config.locations[*i].id))
            .collect();
        out.push(crate::problems::Problem::warning(
            "place-in-two-locations",
            crate::config::FILE_NAME,
            format!(
                "the names of one place are listed under different locations ({}); its reviews count under `{}`. Keep the place's names under the one location it is",
                shown.join(", "),
                config.locations[won].id
            ),
        ));
    }
    out
}

/// Months from `start` to `end`, both included (empty months present).
pub fn month_range(start: Month, end: Month) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = start;
    while m <= end {
        out.push(m);
        m = m.next();
    }
    out
}

/// Running sums for one cohort.
#[derive(Default)]
struct Acc {
    f: Figures,
    rating_sum: f64,
    rated: u64,
    hours: Vec<f64>,
}

impl Acc {
    fn add(&mut self, o: &Outcome, rating: Option<f64>) {
        let f = &mut self.f;
        f.reviews += 1;
        match o.class {
            Class::Positive => f.positive += 1,
            Class::Neutral => f.neutral += 1,
            Class::Negative => f.negative += 1,
            Class::Unrated => f.unrated += 1,
        }
        if let Some(r) = rating {
            self.rating_sum += r;
            self.rated += 1;
        }
        if o.answered() {
            f.answered += 1;
            if o.class == Class::Negative {
                f.negative_answered += 1;
            }
            match o.response_hours {
                Some(h) => {
                    self.hours.push(h);
                    if h <= o.target_hours {
                        f.within_target += 1;
                    }
                }
                None => f.date_only += 1,
            }
        }
        if o.open_overdue() {
            f.open_overdue += 1;
        }
    }

    fn finish(mut self) -> Figures {
        let mut f = self.f;
        let rate = |num: u64, den: u64| (den > 0).then(|| num as f64 / den as f64);
        f.average_rating = (self.rated > 0).then(|| self.rating_sum / self.rated as f64);
        f.positive_to_negative = rate(f.positive, f.negative);
        f.response_rate = rate(f.answered, f.reviews);
        f.negative_response_rate = rate(f.negative_answered, f.negative);
        f.response_hours = HoursStats::of(&mut self.hours);
        f.within_target_rate = rate(f.within_target, f.response_hours.count);
        f
    }
}

fn aggregate(
    outcomes: &[Outcome],
    ratings: &[Option<f64>],
    months: &[Month],
    counts: &[usize],
    locations: &[String],
    platforms: &[String],
) -> Vec<MonthFigures> {
    if months.is_empty() {
        return Vec::new();
    }
    // Months are consecutive, so a month's position is arithmetic.
    let first_month = ordinal(months[0]);
    let month_of = |o: &Outcome| {
        usize::try_from(ordinal(o.month) - first_month)
            .ok()
            .filter(|m| *m < months.len())
    };
    // Each core sums a range of months in one walk over the outcomes in
    // their order, so every sum adds in the same order on any machine, and
    // the outcomes are read in the order they lie in memory (picking a
    // month's outcomes by index missed the cache on nearly every one). The
    // ranges hold about as many outcomes each (`counts`, by month). Every
    // range walks all outcomes, so there are at most four: on a machine of
    // many cores more walks would cost more memory traffic than they save.
    let ranges = month_ranges(counts, rayon::current_num_threads().min(4));
    let sums: Vec<Vec<MonthFigures>> = ranges
        .into_par_iter()
        .map(|range| {
            let mut accs: Vec<(Acc, Vec<Acc>, Vec<Acc>)> = range
                .clone()
                .map(|_| {
                    (
                        Acc::default(),
                        locations.iter().map(|_| Acc::default()).collect(),
                        platforms.iter().map(|_| Acc::default()).collect(),
                    )
                })
                .collect();
            for (o, &rating) in outcomes.iter().zip(ratings) {
                let Some(m) = month_of(o).filter(|m| range.contains(m)) else {
                    continue;
                };
                let (all, locs, plats) = &mut accs[m - range.start];
                all.add(o, rating);
                locs[o.location as usize].add(o, rating);
                plats[o.platform as usize].add(o, rating);
            }
            range
                .zip(accs)
                .map(|(m, (all, locs, plats))| MonthFigures {
                    month: months[m],
                    overall: all.finish(),
                    by_location: locations
                        .iter()
                        .cloned()
                        .zip(locs.into_iter().map(Acc::finish))
                        .collect(),
                    by_platform: platforms
                        .iter()
                        .cloned()
                        .zip(plats.into_iter().map(Acc::finish))
                        .collect(),
                })
                .collect()
        })
        .collect();
    sums.into_iter().flatten().collect()
}

/// A month's position in a count of months (`year * 12 + month`).
fn ordinal(m: Month) -> i32 {
    i32::from(m.year) * 12 + i32::from(m.month)
}

/// How many outcomes each month holds, by ordinal from `base`, and
/// whether some outcome's review matched no source.
#[derive(Default)]
struct MonthTally {
    base: i32,
    counts: Vec<usize>,
    unassigned: bool,
}

impl MonthTally {
    fn add(&mut self, month: Month, unassigned: bool) {
        self.add_n(ordinal(month), 1);
        self.unassigned |= unassigned;
    }

    fn add_n(&mut self, at: i32, n: usize) {
        if self.counts.is_empty() {
            self.base = at;
        }
        if at < self.base {
            let before = (self.base - at) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, before));
            self.base = at;
        }
        let k = (at - self.base) as usize;
        if k >= self.counts.len() {
            self.counts.resize(k + 1, 0);
        }
        self.counts[k] += n;
    }

    fn join(mut self, other: MonthTally) -> MonthTally {
        for (k, n) in other.counts.into_iter().enumerate() {
            if n > 0 {
                self.add_n(other.base + k as i32, n);
            }
        }
        self.unassigned |= other.unassigned;
        self
    }

    /// The first month holding an outcome.
    fn first(&self) -> Option<Month> {
        let k = self.counts.iter().position(|n| *n > 0)?;
        let at = self.base + k as i32 - 1;
        Some(Month {
            year: i16::try_from(at.div_euclid(12)).ok()?,
            month: i8::try_from(at.rem_euclid(12) + 1).ok()?,
        })
    }

    fn count(&self, month: Month) -> usize {
        usize::try_from(ordinal(month) - self.base)
            .ok()
            .and_then(|k| self.counts.get(k))
            .copied()
            .unwrap_or(0)
    }
}

/// Consecutive ranges of months, `parts` of them at most (none empty when
/// there are months), holding about as many of `counts` each.
fn month_ranges(counts: &[usize], parts: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = counts.iter().sum();
    let parts = parts.clamp(1, counts.len().max(1));
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut seen) = (0, 0);
    for (m, n) in counts.iter().enumerate() {
        seen += n;
        // The range closes once it holds its share of what is summed so far.
        if ranges.len() + 1 < parts && seen * parts >= total * (ranges.len() + 1) {
            ranges.push(start..m + 1);
            start = m + 1;
        }
    }
    if start < counts.len() || ranges.is_empty() {
        ranges.push(start..counts.len());
    }
    ranges
}

/// RFC 3339 in the configured zone, fraction only when there is one.
pub fn rfc3339_in(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%.f%:z")
        .to_string()
}

#[cfg(test)]
mod tests;
