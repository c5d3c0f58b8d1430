//! What every page family uses: the lookup tables, names and slugs, the
//! per-location table rows, the chart wrapper, and the site-wide context.

use crate::charts::{self, Palette};
use crate::figures::{Class, Figures, MonthFigures, Outcome};
use crate::model::Month;
use crate::project::Project;
use crate::site::words;
use serde::Serialize;
use serde_json::{Value, json};

/// Bins of the response-time chart (in the monthly report, tallied by `Lookup`) before the last (everything later).
pub(super) const RESPONSE_BINS: usize = 12;

/// The response-time chart's bin width: a quarter of the longer target.
pub(super) fn response_bin_width(t: &crate::config::Targets) -> f64 {
    t.respond_within_hours.max(t.hours_for(true)) / 4.0
}

/// The response-time chart's bin of an answer after `hours`.
pub(super) fn response_bin(hours: f64, width: f64) -> usize {
    ((hours / width).floor().max(0.0) as usize).min(RESPONSE_BINS)
}

/// Months shown in trend charts.
pub const TREND_MONTHS: usize = 12;

/// What pages need again and again, found once.
pub struct Lookup<'a> {
    pub project: &'a Project,
    /// Each action's review index (`Dataset::links`).
    pub(super) links: std::borrow::Cow<'a, [Option<u32>]>,
    pub palette: &'a Palette,
    /// What each month's cohort (`Analysis::outcomes` of reviews posted in
    /// it) shows, counted once: a report reads its month's tally rather
    /// than the outcomes.
    cohorts: rustc_hash::FxHashMap<Month, Cohort<'a>>,
}

/// What a month's report and the pages' headlines show of its cohort,
/// counted here in one pass over the outcomes in review order (on every
/// core, pieces joined in order): a report reading its month's reviews
/// itself jumps through hundreds of megabytes of records, a cache miss per
/// review, and did so once per chart.
#[derive(Debug, Clone)]
pub(super) struct Cohort<'a> {
    /// Reviews posted in the month.
    pub reviews: u64,
    /// Answers with a known time, by bin of the response-time chart
    /// (`response_bin`).
    pub response_bins: [u64; RESPONSE_BINS + 1],
    /// Reviews by rating rounded to 1–5 stars (index 0–4), unrated last.
    pub stars: [u64; 6],
    /// Reviews by class (positive, neutral, negative, unrated) and day of
    /// the month (index 0 for the 1st).
    pub days: [[u64; 31]; 4],
    /// Negative reviews open past their target, in the outcomes' order.
    pub open_negative: Vec<&'a Outcome>,
    /// Other reviews open past their target.
    pub other_open: u64,
}

impl Default for Cohort<'_> {
    fn default() -> Self {
        Cohort {
            reviews: 0,
            response_bins: [0; RESPONSE_BINS + 1],
            stars: [0; 6],
            days: [[0; 31]; 4],
            open_negative: Vec::new(),
            other_open: 0,
        }
    }
}

impl<'a> Cohort<'a> {
    fn add(&mut self, o: &'a Outcome, r: &crate::model::Review, width: f64) {
        self.reviews += 1;
        if let Some(h) = o.response_hours {
            self.response_bins[response_bin(h, width)] += 1;
        }
        let star = match r.rating {
            Some(x) => (x.round().clamp(1.0, 5.0) as usize) - 1,
            None => 5,
        };
        self.stars[star] += 1;
        let class = match o.class {
            Class::Positive => 0,
            Class::Neutral => 1,
            Class::Negative => 2,
            Class::Unrated => 3,
        };
        let day = (r.posted.date.day() as usize).wrapping_sub(1);
        if let Some(slot) = self.days[class].get_mut(day) {
            *slot += 1;
        }
        if o.open_overdue() {
            if o.class == Class::Negative {
                self.open_negative.push(o);
            } else {
                self.other_open += 1;
            }
        }
    }

    /// Adds a later piece of the same month.
    fn join(&mut self, mut later: Cohort<'a>) {
        self.reviews += later.reviews;
        for (a, b) in self.response_bins.iter_mut().zip(later.response_bins) {
            *a += b;
        }
        for (a, b) in self.stars.iter_mut().zip(later.stars) {
            *a += b;
        }
        for (a, b) in self.days.iter_mut().zip(later.days) {
            for (a, b) in a.iter_mut().zip(b) {
                *a += b;
            }
        }
        self.open_negative.append(&mut later.open_negative);
        self.other_open += later.other_open;
    }

    /// Answers with a known time.
    pub fn timed(&self) -> u64 {
        self.response_bins.iter().sum()
    }
}

impl<'a> Lookup<'a> {
    pub fn new(project: &'a Project, palette: &'a Palette) -> Lookup<'a> {
        use rayon::prelude::*;
        type Cohorts<'a> = rustc_hash::FxHashMap<Month, Cohort<'a>>;
        let reviews = &project.data.reviews;
        let width = response_bin_width(&project.config.targets);
        let pieces: Vec<Cohorts<'a>> = project
            .analysis
            .outcomes
            .par_chunks(1 << 16)
            .map(|piece| {
                let mut cohorts = Cohorts::default();
                for o in piece {
                    cohorts
                        .entry(o.month)
                        .or_default()
                        .add(o, &reviews[o.review as usize], width);
                }
                cohorts
            })
            .collect();
        let mut cohorts = Cohorts::default();
        for piece in pieces {
            for (month, c) in piece {
                cohorts.entry(month).or_default().join(c);
            }
        }
        Lookup {
            project,
            links: project.data.review_of_actions(),
            palette,
            cohorts,
        }
    }

    /// What `month`'s cohort shows (all zero for a month without reviews).
    pub(super) fn cohort(&self, month: Month) -> std::borrow::Cow<'_, Cohort<'a>> {
        match self.cohorts.get(&month) {
            Some(c) => std::borrow::Cow::Borrowed(c),
            None => std::borrow::Cow::Owned(Cohort::default()),
        }
    }

    pub(super) fn outcome_of_review(&self, review: usize) -> Option<&'a Outcome> {
        self.project.analysis.outcome(review)
    }

    pub(super) fn outcome_of_action(&self, action: usize) -> Option<&'a Outcome> {
        let review = (*self.links.get(action)?)?;
        self.outcome_of_review(review as usize)
    }

    pub(super) fn location_name(&self, index: usize) -> &'a str {
        let p = self.project;
        p.config.location_name(&p.analysis.locations[index])
    }

    pub(super) fn moment(&self, m: &crate::model::Moment) -> String {
        crate::model::show_moment(m, self.project.config.tz())
    }
}

/// `google` → `Google`; unknown names are capitalised.
pub fn platform_name(p: &str) -> String {
    match p {
        "google" => "Google".into(),
        "yelp" => "Yelp".into(),
        "facebook" => "Facebook".into(),
        "healthgrades" => "Healthgrades".into(),
        "trustpilot" => "Trustpilot".into(),
        "zocdoc" => "Zocdoc".into(),
        "vitals" => "Vitals".into(),
        _ => {
            let mut c = p.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        }
    }
}

/// A folder name that is safe in a path and a URL: `[a-z0-9_-]`, others to `-`.
pub fn slug(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() { "-".into() } else { out }
}

/// One row of a per-location or per-platform table.
#[derive(Debug, Serialize)]
pub struct Row {
    pub name: String,
    pub href: Option<String>,
    pub reviews: u64,
    pub low_volume: bool,
    pub average_rating: String,
    pub ratio: String,
    pub response_rate: String,
    pub median: String,
    pub p90: String,
    pub within_target: String,
    pub open_overdue: u64,
}

pub fn row(name: String, href: Option<String>, f: &Figures) -> Row {
    Row {
        name,
        href,
        reviews: f.reviews,
        low_volume: words::low(f.reviews),
        average_rating: words::rating(f.average_rating),
        ratio: words::ratio(f),
        response_rate: words::percent(f.response_rate),
        median: words::hours_short(f.response_hours.median),
        p90: words::hours_short(f.response_hours.p90),
        within_target: words::percent(f.within_target_rate),
        open_overdue: f.open_overdue,
    }
}

/// A chart for a template: its visible caption (short; the page's heading
/// gives the period) and its SVG, which carries the full accessible title.
/// `table` holds the chart's numbers (shown under it in a `<details>`).
pub(super) fn chart(caption: &str, drawn: charts::Drawn) -> Value {
    json!({ "caption": caption, "svg": drawn.svg, "table": drawn.table })
}

/// The locations a month shows, in configured order. Unassigned appears only
/// in months where a review fell to it: a row of dashes says nothing.
pub(super) fn shown_locations<'p>(p: &'p Project, mf: &MonthFigures) -> Vec<&'p String> {
    p.analysis
        .locations
        .iter()
        .filter(|id| {
            id.as_str() != crate::config::UNASSIGNED
                || mf.by_location.get(*id).is_some_and(|f| f.reviews > 0)
        })
        .collect()
}

/// The per-location table rows of a month (index and report).
pub(super) fn location_rows(p: &Project, mf: &MonthFigures) -> Vec<Row> {
    shown_locations(p, mf)
        .into_iter()
        .map(|id| {
            row(
                p.config.location_name(id).to_string(),
                Some(format!("locations/{}/index.html", slug(id))),
                mf.by_location.get(id).unwrap_or(&Figures::default()),
            )
        })
        .collect()
}

/// The months a trend shows: the last twelve up to `end`.
pub(super) fn window(months: &[MonthFigures], end: usize) -> &[MonthFigures] {
    &months[(end + 1).saturating_sub(TREND_MONTHS)..=end]
}

/// Shared by every page: the organisation, the as-of time, navigation.
pub fn site_context(project: &Project) -> Value {
    let a = &project.analysis;
    let tz = project.config.tz();
    let months: Vec<Value> = a
        .metrics
        .months
        .iter()
        .rev()
        .map(|m| {
            json!({
                "id": m.month.to_string(),
                "name": words::month_name(m.month),
                "reviews": m.overall.reviews,
                "href": format!("reports/{}/index.html", m.month),
            })
        })
        .collect();
    let locations: Vec<Value> = a
        .locations
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "name": project.config.location_name(id),
                "href": format!("locations/{}/index.html", slug(id)),
            })
        })
        .collect();
    let scenarios: Vec<Value> = project
        .content
        .training
        .iter()
        .map(|s| {
            json!({
                "slug": slug(&s.slug),
                "title": s.doc.title,
                "href": format!("training/{}/index.html", slug(&s.slug)),
            })
        })
        .collect();
    json!({
        "organization": project.config.organization,
        "timezone": project.config.timezone,
        "as_of": a.as_of.map(|ts| ts.to_zoned_datetime(tz.clone()).strftime("%Y-%m-%d %H:%M %Z").to_string()),
        "months": months,
        "latest": months.first(),
        "locations": locations,
        "scenarios": scenarios,
        "has_policy": project.content.policy.is_some(),
        "problems": crate::problems::Tally::of(&project.data.problems),
        "problems_text": crate::problems::Tally::of(&project.data.problems).to_string(),
        "targets": {
            "respond_within_hours": words::plain_number(project.config.targets.respond_within_hours),
            "negative_respond_within_hours": words::plain_number(project.config.targets.hours_for(true)),
            "positive_to_negative": words::plain_number(project.config.targets.positive_to_negative),
        },
    })
}

/// Negative reviews of a month's cohort that are open past their target
/// (at one location, or at all), from the list gathered with the cohorts.
pub(super) fn open_negative(l: &Lookup, month: Month, location: Option<usize>) -> u64 {
    l.cohorts.get(&month).map_or(0, |c| {
        c.open_negative
            .iter()
            .filter(|o| location.is_none_or(|x| o.location as usize == x))
            .count() as u64
    })
}

pub(super) fn review_text(r: &crate::model::Review) -> &str {
    r.text.as_deref().unwrap_or("")
}

pub(super) fn stars(rating: Option<f64>) -> String {
    rating.map_or_else(
        || "unrated".into(),
        |r| format!("{} ★", words::plain_number(r)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each month's tally against a scan of the outcomes, as the report and
    /// the headlines counted them before.
    #[test]
    fn the_tallies_are_the_outcomes_counted_month_by_month() {
        let project =
            Project::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
        let palette = crate::site::Theme::builtin().palette;
        let l = Lookup::new(&project, &palette);
        let width = response_bin_width(&project.config.targets);
        let (mut reviews, mut open_negatives) = (0, 0);
        for m in &project.analysis.metrics.months {
            let scan: Vec<&Outcome> = project
                .analysis
                .outcomes
                .iter()
                .filter(|o| o.month == m.month)
                .collect();
            let c = l.cohort(m.month);
            assert_eq!(c.reviews, scan.len() as u64);
            let mut bins = [0u64; RESPONSE_BINS + 1];
            let mut stars = [0u64; 6];
            let mut days = [[0u64; 31]; 4];
            for o in &scan {
                if let Some(h) = o.response_hours {
                    bins[((h / width).floor().max(0.0) as usize).min(RESPONSE_BINS)] += 1;
                }
                let r = &project.data.reviews[o.review as usize];
                match r.rating {
                    Some(x) => stars[(x.round().clamp(1.0, 5.0) as usize) - 1] += 1,
                    None => stars[5] += 1,
                }
                let class = [
                    Class::Positive,
                    Class::Neutral,
                    Class::Negative,
                    Class::Unrated,
                ]
                .iter()
                .position(|c| *c == o.class)
                .unwrap();
                days[class][r.posted.date.day() as usize - 1] += 1;
            }
            assert_eq!(c.response_bins, bins);
            assert_eq!(c.timed(), bins.iter().sum::<u64>());
            assert_eq!(c.stars, stars);
            assert_eq!(c.days, days);
            let open = |negative: bool, at: Option<usize>| -> Vec<usize> {
                scan.iter()
                    .filter(|o| (o.class == Class::Negative) == negative && o.open_overdue())
                    .filter(|o| at.is_none_or(|x| x == o.location as usize))
                    .map(|o| o.review as usize)
                    .collect()
            };
            let listed: Vec<usize> = c.open_negative.iter().map(|o| o.review as usize).collect();
            assert_eq!(listed, open(true, None));
            assert_eq!(c.other_open, open(false, None).len() as u64);
            assert_eq!(open_negative(&l, m.month, None), listed.len() as u64);
            for x in 0..project.analysis.locations.len() {
                assert_eq!(
                    open_negative(&l, m.month, Some(x)),
                    open(true, Some(x)).len() as u64
                );
            }
            reviews += c.reviews;
            open_negatives += listed.len();
        }
        assert_eq!(reviews, project.analysis.outcomes.len() as u64);
        assert!(
            open_negatives > 10,
            "the demo has negative reviews open past target"
        );
    }
}
