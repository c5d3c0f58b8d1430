//! What every page family uses: the lookup tables, names and slugs, the
//! per-location table rows, the chart wrapper, and the site-wide context.

use crate::charts::{self, Palette};
use crate::figures::{Class, Figures, MonthFigures, Outcome};
use crate::model::Month;
use crate::project::Project;
use crate::site::words;
use serde::Serialize;
use serde_json::{Value, json};

/// Months shown in trend charts.
pub const TREND_MONTHS: usize = 12;

/// What pages need again and again, found once.
pub struct Lookup<'a> {
    pub project: &'a Project,
    /// Each action's review index (`Dataset::links`).
    pub(super) links: std::borrow::Cow<'a, [Option<u32>]>,
    pub palette: &'a Palette,
    /// Each month's cohort (`Analysis::outcomes` of reviews posted in it),
    /// in the outcomes' order: a report reads its month's alone rather
    /// than all of them.
    cohorts: rustc_hash::FxHashMap<Month, Cohort<'a>>,
}

/// A month's outcomes, and beside each what its report's charts read of
/// its review. Taken from the reviews here, in review order, because a
/// report reading them month by month jumps through hundreds of megabytes
/// of records (a cache miss per review, most of a report's cost).
#[derive(Default)]
struct Cohort<'a> {
    outcomes: Vec<&'a Outcome>,
    marks: Vec<Mark>,
    /// Negative reviews open past their target, by location index.
    open_negative: Vec<u64>,
}

/// What a report's charts need of one review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mark {
    /// The star bin: rating rounded to 1–5, less one; 5 when unrated.
    pub star: u8,
    /// The day of the month of its posting (1–31).
    pub day: u8,
}

impl Mark {
    fn of(r: &crate::model::Review) -> Mark {
        Mark {
            star: match r.rating {
                Some(x) => ((x.round().clamp(1.0, 5.0) as usize) - 1) as u8,
                None => 5,
            },
            day: r.posted.date.day() as u8,
        }
    }
}

impl<'a> Lookup<'a> {
    pub fn new(project: &'a Project, palette: &'a Palette) -> Lookup<'a> {
        use rayon::prelude::*;
        type Cohorts<'a> = rustc_hash::FxHashMap<Month, Cohort<'a>>;
        let reviews = &project.data.reviews;
        let places = project.analysis.locations.len();
        // Pieces on every core, joined in order, so each cohort keeps the
        // outcomes' order.
        let pieces: Vec<Cohorts<'a>> = project
            .analysis
            .outcomes
            .par_chunks(1 << 16)
            .map(|piece| {
                let mut cohorts = Cohorts::default();
                for o in piece {
                    let c = cohorts.entry(o.month).or_default();
                    c.outcomes.push(o);
                    c.marks.push(Mark::of(&reviews[o.review]));
                    if o.class == Class::Negative && o.open_overdue() {
                        if c.open_negative.len() <= o.location {
                            c.open_negative.resize(places.max(o.location + 1), 0);
                        }
                        c.open_negative[o.location] += 1;
                    }
                }
                cohorts
            })
            .collect();
        let mut cohorts = Cohorts::default();
        for piece in pieces {
            for (month, mut c) in piece {
                let into = cohorts.entry(month).or_default();
                into.outcomes.append(&mut c.outcomes);
                into.marks.append(&mut c.marks);
                if into.open_negative.len() < c.open_negative.len() {
                    into.open_negative.resize(c.open_negative.len(), 0);
                }
                for (n, add) in into.open_negative.iter_mut().zip(c.open_negative) {
                    *n += add;
                }
            }
        }
        Lookup {
            project,
            links: project.data.review_of_actions(),
            palette,
            cohorts,
        }
    }

    /// The outcomes of the reviews posted in `month`, in order.
    pub(super) fn cohort(&self, month: Month) -> &[&'a Outcome] {
        self.cohorts
            .get(&month)
            .map_or(&[], |c| c.outcomes.as_slice())
    }

    /// What the charts read of each review of `month`'s cohort, in the
    /// cohort's order.
    pub(super) fn marks(&self, month: Month) -> &[Mark] {
        self.cohorts.get(&month).map_or(&[], |c| c.marks.as_slice())
    }

    pub(super) fn outcome_of_review(&self, review: usize) -> Option<&'a Outcome> {
        self.project.analysis.outcome(review)
    }

    pub(super) fn outcome_of_action(&self, action: usize) -> Option<&'a Outcome> {
        let review = (*self.links.get(action)?)?;
        self.outcome_of_review(review as usize)
    }

    pub(super) fn location_name(&self, index: usize) -> String {
        let id = &self.project.analysis.locations[index];
        self.project.config.location_name(id).to_string()
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
/// (at one location, or at all), counted when the cohorts were gathered.
pub(super) fn open_negative(l: &Lookup, month: Month, location: Option<usize>) -> u64 {
    let counts = l
        .cohorts
        .get(&month)
        .map_or(&[][..], |c| c.open_negative.as_slice());
    match location {
        Some(x) => counts.get(x).copied().unwrap_or(0),
        None => counts.iter().sum(),
    }
}

pub(super) fn review_text(r: &crate::model::Review) -> String {
    r.text.clone().unwrap_or_default()
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

    #[test]
    fn the_gathered_cohorts_are_the_outcomes_month_by_month() {
        let project =
            Project::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
        let palette = crate::site::Theme::builtin().palette;
        let l = Lookup::new(&project, &palette);
        let mut seen = 0;
        for m in &project.analysis.metrics.months {
            let scan: Vec<&Outcome> = project
                .analysis
                .outcomes
                .iter()
                .filter(|o| o.month == m.month)
                .collect();
            let reviews = |c: &[&Outcome]| c.iter().map(|o| o.review).collect::<Vec<_>>();
            assert_eq!(reviews(l.cohort(m.month)), reviews(&scan));
            let marks: Vec<Mark> = scan
                .iter()
                .map(|o| Mark::of(&project.data.reviews[o.review]))
                .collect();
            assert_eq!(l.marks(m.month), marks.as_slice());
            let open = |at: Option<usize>| {
                scan.iter()
                    .filter(|o| o.class == Class::Negative && o.open_overdue())
                    .filter(|o| at.is_none_or(|x| x == o.location))
                    .count() as u64
            };
            assert_eq!(open_negative(&l, m.month, None), open(None));
            for x in 0..project.analysis.locations.len() {
                assert_eq!(open_negative(&l, m.month, Some(x)), open(Some(x)));
            }
            seen += open(None);
        }
        assert!(seen > 10, "the demo has negative reviews open past target");
    }
}
