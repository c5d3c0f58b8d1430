//! Page contexts: what each template receives, built from the `Project`.
//!
//! Numbers arrive formatted for reading (`84%`, `6.2 h`) next to the raw
//! values, so templates stay simple and a theme author never rounds. Review
//! and reply text arrives as plain strings; Tera's autoescape writes it as
//! text. Only `Document::html` (staff-written Markdown) and chart SVG are
//! marked safe in templates.
//!
//! Architecture invariant: no I/O; everything is a function of the project.

use super::words::{self, Good, Unit};
use crate::charts::{self, BarSeries, Bars, Label, LineSeries, Lines, Marker, Palette};
use crate::figures::{Class, Figures, MonthFigures, Outcome};
use crate::model::Month;
use crate::project::Project;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Months shown in trend charts.
pub const TREND_MONTHS: usize = 12;

/// What pages need again and again, found once.
pub struct Lookup<'a> {
    pub project: &'a Project,
    /// Each action's review index (`Dataset::links`).
    links: std::borrow::Cow<'a, [Option<u32>]>,
    pub palette: &'a Palette,
}

impl<'a> Lookup<'a> {
    pub fn new(project: &'a Project, palette: &'a Palette) -> Lookup<'a> {
        Lookup {
            project,
            links: project.data.review_of_actions(),
            palette,
        }
    }

    fn outcome_of_review(&self, review: usize) -> Option<&'a Outcome> {
        self.project.analysis.outcome(review)
    }

    fn outcome_of_action(&self, action: usize) -> Option<&'a Outcome> {
        let review = (*self.links.get(action)?)?;
        self.outcome_of_review(review as usize)
    }

    fn location_name(&self, index: usize) -> String {
        let id = &self.project.analysis.locations[index];
        self.project.config.location_name(id).to_string()
    }

    fn moment(&self, m: &crate::model::Moment) -> String {
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

#[derive(Debug, Serialize)]
pub struct KeyFigure {
    pub id: &'static str,
    pub label: &'static str,
    pub value: String,
    /// A short line under the value: what it is out of, or the target.
    pub note: String,
    pub change: Option<words::Change>,
    /// Fewer than 30 reviews stand behind it.
    pub low_volume: bool,
    /// How many reviews stand behind it, said in words.
    pub basis: String,
    /// `met` or `missed` where a target applies.
    pub status: Option<&'static str>,
    /// Shown when there is no change to tell.
    pub no_change: String,
}

/// The key figures of one cohort, each with its change against `prev`.
pub fn key_figures(
    f: &Figures,
    prev: Option<(&Figures, Month)>,
    project: &Project,
) -> Vec<KeyFigure> {
    let t = &project.config.targets;
    let ch = |cur: Option<f64>,
              get: &dyn Fn(&Figures) -> Option<f64>,
              show: &dyn Fn(&Figures) -> String,
              unit,
              good| {
        prev.and_then(|(p, m)| words::change(cur, get(p), unit, good, m, &show(p)))
    };
    // Without a change, say why: no month before, or a value missing on one side.
    let no_change = match prev {
        None => "no earlier month to compare".to_string(),
        Some((_, m)) => format!("nothing to compare with {}", words::month_only(m)),
    };
    let reviews = |n: u64| words::count(n, "review", "reviews");
    let timed = f.response_hours.count;
    let rated = f.reviews - f.unrated;
    let targets = if t.negative_respond_within_hours.is_some() {
        format!(
            "within {} h ({} h for negative reviews)",
            words::plain_number(t.respond_within_hours),
            words::plain_number(t.hours_for(true))
        )
    } else {
        format!("within {} h", words::plain_number(t.respond_within_hours))
    };
    let ratio_status = f
        .positive_to_negative
        .map(|r| {
            if r >= t.positive_to_negative {
                "met"
            } else {
                "missed"
            }
        })
        .or((f.positive > 0 && f.negative == 0).then_some("met"));
    vec![
        KeyFigure {
            id: "reviews",
            label: "Reviews",
            value: f.reviews.to_string(),
            note: format!(
                "{} positive, {} neutral, {} negative, {} unrated",
                f.positive, f.neutral, f.negative, f.unrated
            ),
            change: ch(
                Some(f.reviews as f64),
                &|p| Some(p.reviews as f64),
                &|p| p.reviews.to_string(),
                Unit::Count,
                Good::Neither,
            ),
            low_volume: words::low(f.reviews),
            basis: reviews(f.reviews),
            status: None,
            no_change: no_change.clone(),
        },
        KeyFigure {
            id: "response-rate",
            label: "Answered",
            value: words::percent(f.response_rate),
            note: format!("{} of {}", f.answered, reviews(f.reviews)),
            change: ch(
                f.response_rate,
                &|p| p.response_rate,
                &|p| words::percent(p.response_rate),
                Unit::Points,
                Good::Higher,
            ),
            low_volume: words::low(f.reviews),
            basis: reviews(f.reviews),
            status: None,
            no_change: no_change.clone(),
        },
        KeyFigure {
            id: "median-hours",
            label: "Median response time",
            value: words::hours_short(f.response_hours.median),
            note: "half of the answers came faster".into(),
            change: ch(
                f.response_hours.median,
                &|p| p.response_hours.median,
                &|p| words::hours_short(p.response_hours.median),
                Unit::Hours,
                Good::Lower,
            ),
            low_volume: words::low(timed),
            basis: words::count(timed, "timed answer", "timed answers"),
            status: None,
            no_change: no_change.clone(),
        },
        KeyFigure {
            id: "p90-hours",
            label: "90th percentile time",
            value: words::hours_short(f.response_hours.p90),
            note: "nine answers in ten came faster".into(),
            change: ch(
                f.response_hours.p90,
                &|p| p.response_hours.p90,
                &|p| words::hours_short(p.response_hours.p90),
                Unit::Hours,
                Good::Lower,
            ),
            low_volume: words::low(timed),
            basis: words::count(timed, "timed answer", "timed answers"),
            status: None,
            no_change: no_change.clone(),
        },
        KeyFigure {
            id: "within-target",
            label: "Answered within target",
            value: words::percent(f.within_target_rate),
            note: format!("{} of {} {targets}", f.within_target, timed),
            change: ch(
                f.within_target_rate,
                &|p| p.within_target_rate,
                &|p| words::percent(p.within_target_rate),
                Unit::Points,
                Good::Higher,
            ),
            low_volume: words::low(timed),
            basis: words::count(timed, "timed answer", "timed answers"),
            status: None,
            no_change: no_change.clone(),
        },
        KeyFigure {
            id: "ratio",
            label: "Positive : negative",
            value: words::ratio(f),
            note: format!(
                "target {}\u{a0}:\u{a0}1 ({} positive, {} negative)",
                words::plain_number(t.positive_to_negative),
                f.positive,
                f.negative
            ),
            change: ch(
                f.positive_to_negative,
                &|p| p.positive_to_negative,
                &words::ratio,
                Unit::Decimal,
                Good::Higher,
            ),
            low_volume: words::low(f.positive + f.negative),
            basis: reviews(f.positive + f.negative),
            status: ratio_status,
            no_change: no_change.clone(),
        },
        KeyFigure {
            id: "average-rating",
            label: "Average rating",
            value: words::rating(f.average_rating),
            note: format!(
                "of {}",
                words::count(rated, "rated review", "rated reviews")
            ),
            change: ch(
                f.average_rating,
                &|p| p.average_rating,
                &|p| words::rating(p.average_rating),
                Unit::Decimal,
                Good::Higher,
            ),
            low_volume: words::low(rated),
            basis: words::count(rated, "rated review", "rated reviews"),
            status: None,
            no_change: no_change.clone(),
        },
        KeyFigure {
            id: "open-overdue",
            label: "Open past target",
            value: f.open_overdue.to_string(),
            note: "no reply, contact, flag, removal or decision to ignore".into(),
            change: ch(
                Some(f.open_overdue as f64),
                &|p| Some(p.open_overdue as f64),
                &|p| p.open_overdue.to_string(),
                Unit::Count,
                Good::Lower,
            ),
            low_volume: false,
            basis: reviews(f.reviews),
            status: Some(if f.open_overdue == 0 { "met" } else { "missed" }),
            no_change: no_change.clone(),
        },
    ]
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
fn chart(caption: &str, drawn: charts::Drawn) -> Value {
    json!({ "caption": caption, "svg": drawn.svg, "table": drawn.table })
}

/// The locations a month shows, in configured order. Unassigned appears only
/// in months where a review fell to it: a row of dashes says nothing.
fn shown_locations<'p>(p: &'p Project, mf: &MonthFigures) -> Vec<&'p String> {
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
fn location_rows(p: &Project, mf: &MonthFigures) -> Vec<Row> {
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
fn window(months: &[MonthFigures], end: usize) -> &[MonthFigures] {
    &months[(end + 1).saturating_sub(TREND_MONTHS)..=end]
}

/// The trend charts of the index and location pages over `months`, with
/// figures taken by `pick` (overall, or one location's).
pub fn trend_charts(
    months: &[MonthFigures],
    pick: &dyn Fn(&MonthFigures) -> Option<&Figures>,
    what: &str,
    l: &Lookup,
) -> Result<Value, String> {
    let t = &l.project.config.targets;
    let p = l.palette;
    let cats: Vec<String> = months
        .iter()
        .enumerate()
        // The year goes on the first label the chart writes (and on January).
        .map(|(i, m)| {
            let first_shown = (0..months.len()).find(|&k| charts::label_shown(k, months.len()));
            words::month_short(m.month, Some(i) == first_shown)
        })
        .collect();
    let figs: Vec<Option<&Figures>> = months.iter().map(pick).collect();
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!(
            "{} to {}",
            words::month_name(a.month),
            words::month_name(b.month)
        ),
        _ => String::new(),
    };
    let get = |f: &dyn Fn(&Figures) -> Option<f64>| -> Vec<Option<f64>> {
        figs.iter().map(|x| x.and_then(f)).collect()
    };
    let last_known = |v: &[Option<f64>], show: &dyn Fn(f64) -> String| {
        v.iter()
            .rev()
            .flatten()
            .next()
            .map_or("no data".to_string(), |x| show(*x))
    };

    let ratio = get(&|f| f.positive_to_negative);
    let ratio_max = ratio
        .iter()
        .flatten()
        .fold(t.positive_to_negative * 1.25, |a, b| a.max(*b))
        .min(t.positive_to_negative * 3.0);
    let ratio_svg = charts::lines(
        &Lines {
            categories: cats.clone(),
            series: vec![LineSeries {
                name: "positive per negative".into(),
                values: ratio.clone(),
            }],
            y_desc: "positive per negative".into(),
            percent: false,
            target: Some((
                t.positive_to_negative,
                format!("target {} : 1", words::plain_number(t.positive_to_negative)),
            )),
            y_max: Some(ratio_max.ceil().max(1.0)),
            over_top: Some(|v| format!("{v:.0}")),
        },
        &Label {
            id: "trend-ratio".into(),
            title: format!("Positive-to-negative ratio {what}, {span}"),
            desc: format!(
                "Positive reviews per negative review each month against the target of {} to 1; latest: {}. Months without a negative review leave a gap.",
                words::plain_number(t.positive_to_negative),
                last_known(&ratio, &|x| format!("{x:.1} to 1"))
            ),
        },
        p,
    )?;

    let rate = get(&|f| f.response_rate);
    let neg_rate = get(&|f| f.negative_response_rate);
    let rate_svg = charts::lines(
        &Lines {
            categories: cats.clone(),
            series: vec![
                LineSeries {
                    name: "all reviews".into(),
                    values: rate.clone(),
                },
                LineSeries {
                    name: "negative reviews".into(),
                    values: neg_rate.clone(),
                },
            ],
            y_desc: "answered".into(),
            percent: true,
            target: None,
            y_max: Some(1.0),
            over_top: None,
        },
        &Label {
            id: "trend-response-rate".into(),
            title: format!("Share of reviews answered {what}, {span}"),
            desc: format!(
                "Response rate each month for all reviews (solid line) and negative reviews (dashed line); latest: {} of all reviews, {} of negative reviews.",
                last_known(&rate, &|x| words::percent(Some(x))),
                last_known(&neg_rate, &|x| words::percent(Some(x)))
            ),
        },
        p,
    )?;

    let median = get(&|f| f.response_hours.median);
    let p90 = get(&|f| f.response_hours.p90);
    let hours_max = median
        .iter()
        .chain(&p90)
        .flatten()
        .fold(t.respond_within_hours * 1.25, |a, b| a.max(*b))
        .min(t.respond_within_hours * 4.0);
    let hours_svg = charts::lines(
        &Lines {
            categories: cats.clone(),
            series: vec![
                LineSeries {
                    name: "median".into(),
                    values: median.clone(),
                },
                LineSeries {
                    name: "90th percentile".into(),
                    values: p90.clone(),
                },
            ],
            y_desc: "hours to first answer".into(),
            percent: false,
            target: Some((
                t.respond_within_hours,
                format!("target {} h", words::plain_number(t.respond_within_hours)),
            )),
            y_max: Some(hours_max.ceil()),
            over_top: Some(|h| words::hours_short(Some(h))),
        },
        &Label {
            id: "trend-response-hours".into(),
            title: format!("Response time {what}, {span}"),
            desc: format!(
                "Median (solid line) and 90th percentile (dashed line) hours from review to first answer each month, against the {}-hour target; latest median {}, latest 90th percentile {}. Values above the top of the chart are drawn at the top.",
                words::plain_number(t.respond_within_hours),
                last_known(&median, &|x| words::hours_long(x)),
                last_known(&p90, &|x| words::hours_long(x))
            ),
        },
        p,
    )?;

    let class_series = |f: &dyn Fn(&Figures) -> u64| -> Vec<f64> {
        figs.iter()
            .map(|x| x.map_or(0.0, |x| f(x) as f64))
            .collect()
    };
    let volume_svg = charts::bars(
        &Bars {
            categories: cats,
            series: vec![
                BarSeries {
                    name: "positive".into(),
                    values: class_series(&|f| f.positive),
                },
                BarSeries {
                    name: "neutral".into(),
                    values: class_series(&|f| f.neutral),
                },
                BarSeries {
                    name: "negative".into(),
                    values: class_series(&|f| f.negative),
                },
                BarSeries {
                    name: "unrated".into(),
                    values: class_series(&|f| f.unrated),
                },
            ],
            stacked: true,
            y_desc: "reviews".into(),
            percent: false,
            markers: vec![],
            y_max: None,
            // As the line charts: every other month when more than six.
            label_every: if months.len() > 6 { 2 } else { 1 },
            by_class: true,
            horizontal: false,
            notes: vec![],
            edge_labels: false,
        },
        &Label {
            id: "trend-volume".into(),
            title: format!("Reviews per month {what}, {span}"),
            desc: format!(
                "Reviews posted each month, stacked by class (positive darkest, negative in red, neutral light, unrated lightest); {} in all.",
                figs.iter().map(|f| f.map_or(0, |f| f.reviews)).sum::<u64>()
            ),
        },
        p,
    )?;
    Ok(json!({
        "ratio": chart("Positive-to-negative ratio", ratio_svg),
        "response_rate": chart("Share of reviews answered", rate_svg),
        "response_hours": chart("Hours to first answer", hours_svg),
        "volume": chart("Reviews per month", volume_svg),
    }))
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

/// `index.html`: the latest month and the trends.
pub fn index(l: &Lookup) -> Result<Value, String> {
    let months = &l.project.analysis.metrics.months;
    let Some(last) = months.len().checked_sub(1) else {
        return Ok(json!({ "latest": null, "charts": null, "figures": [] }));
    };
    // News first: the latest month that has reviews. The as-of month may
    // have none yet (the as-of can be a reply edited days into a new
    // month); the page then says so in one line.
    let latest = months
        .iter()
        .rposition(|m| m.overall.reviews > 0)
        .unwrap_or(last);
    let quiet = (latest != last).then(|| words::month_name(months[last].month));
    let m = &months[latest];
    let prev = latest
        .checked_sub(1)
        .map(|i| (&months[i].overall, months[i].month));
    let figures = key_figures(&m.overall, prev, l.project);
    let charts = trend_charts(
        window(months, latest),
        &|mf| Some(&mf.overall),
        "across all locations",
        l,
    )?;
    let locations = location_rows(l.project, m);
    Ok(json!({
        "quiet_month": quiet,
        "latest": { "id": m.month.to_string(), "name": words::month_name(m.month), "href": format!("reports/{}/index.html", m.month) },
        "headline": words::headline(m.month, &m.overall, open_negative(l, m.month, None), l.project.config.targets.hours_for(true)),
        "figures": figures,
        "charts": charts,
        "locations": locations,
    }))
}

/// Negative reviews of a month's cohort that are open past their target.
fn open_negative(l: &Lookup, month: Month, location: Option<usize>) -> u64 {
    l.project
        .analysis
        .outcomes
        .iter()
        .filter(|o| {
            o.month == month
                && o.class == Class::Negative
                && o.open_overdue()
                && location.is_none_or(|x| x == o.location)
        })
        .count() as u64
}

fn review_text(r: &crate::model::Review) -> String {
    r.text.clone().unwrap_or_default()
}

fn stars(rating: Option<f64>) -> String {
    rating.map_or_else(
        || "unrated".into(),
        |r| format!("{} ★", words::plain_number(r)),
    )
}

/// `reports/YYYY-MM/index.html`.
pub fn report(l: &Lookup, index: usize) -> Result<Value, String> {
    let p = l.project;
    let months = &p.analysis.metrics.months;
    let mf = &months[index];
    let month = mf.month;
    let f = &mf.overall;
    let t = &p.config.targets;
    let prev = index
        .checked_sub(1)
        .map(|i| (&months[i].overall, months[i].month));
    let figures = key_figures(f, prev, p);
    let cohort: Vec<&Outcome> = p
        .analysis
        .outcomes
        .iter()
        .filter(|o| o.month == month)
        .collect();
    let data = &p.data;

    // Open negative reviews past target, oldest first.
    let mut open: Vec<&&Outcome> = cohort
        .iter()
        .filter(|o| o.class == Class::Negative && o.open_overdue())
        .collect();
    open.sort_by(|a, b| {
        b.age_hours
            .total_cmp(&a.age_hours)
            .then_with(|| data.reviews[a.review].id.cmp(&data.reviews[b.review].id))
    });
    let open_items: Vec<Value> = open
        .iter()
        .map(|o| {
            let r = &data.reviews[o.review];
            json!({
                "platform": platform_name(&r.platform),
                "review_id": r.id,
                "location": l.location_name(o.location),
                "posted": l.moment(&r.posted),
                "rating": stars(r.rating),
                "age": words::age(o.age_hours),
                "target": words::plain_number(o.target_hours),
                "text": review_text(r),
            })
        })
        .collect();
    let other_open = cohort
        .iter()
        .filter(|o| o.class != Class::Negative && o.open_overdue())
        .count();

    let locations = location_rows(p, mf);
    // Platforms without a review this month would be rows of dashes.
    let platforms: Vec<Row> = mf
        .by_platform
        .iter()
        .filter(|(_, f)| f.reviews > 0)
        .map(|(name, f)| row(platform_name(name), None, f))
        .collect();

    // Review requests against reviews received, where requests exist.
    let requests = requests_section(l, mf);

    let lint: Vec<Value> = p
        .replies
        .iter()
        .filter_map(|rf| {
            let o = l.outcome_of_action(rf.action)?;
            (o.month == month).then_some((o, rf))
        })
        .map(|(o, rf)| {
            let a = &data.actions[rf.action];
            let r = &data.reviews[o.review];
            json!({
                "platform": platform_name(&r.platform),
                "location": l.location_name(o.location),
                "review_id": r.id,
                "review_text": review_text(r),
                "rating": stars(r.rating),
                "replied": l.moment(&a.at),
                "responder": a.responder,
                "reply_text": a.text.clone().unwrap_or_default(),
                "findings": rf.findings,
                "worst": rf.findings.iter().map(|f| f.severity).max(),
            })
        })
        .collect();

    let trolls: Vec<Value> = p
        .trolls
        .iter()
        .filter_map(|t| {
            let o = l.outcome_of_review(t.review)?;
            (o.month == month).then_some((o, t))
        })
        .map(|(o, t)| {
            let r = &data.reviews[t.review];
            json!({
                "platform": platform_name(&r.platform),
                "location": l.location_name(o.location),
                "review_id": r.id,
                "posted": l.moment(&r.posted),
                "rating": stars(r.rating),
                "text": review_text(r),
                "category": t.suspicion.category,
                "excerpt": t.suspicion.excerpt,
                "closed": o.closed,
            })
        })
        .collect();

    let exemplars: Vec<Value> = p
        .exemplars
        .iter()
        .filter(|e| {
            l.outcome_of_review(e.review)
                .is_some_and(|o| o.month == month)
        })
        .map(|e| exemplar(l, e))
        .collect();

    let charts = report_charts(l, month, &cohort, mf)?;
    let nav = |i: Option<usize>| {
        i.and_then(|i| months.get(i)).map(|m| {
            json!({ "id": m.month.to_string(), "name": words::month_name(m.month), "href": format!("../{}/index.html", m.month) })
        })
    };
    Ok(json!({
        "month": { "id": month.to_string(), "name": words::month_name(month) },
        "prev": nav(index.checked_sub(1)),
        "next": nav(Some(index + 1)),
        "headline": words::headline(month, f, open.len() as u64, t.hours_for(true)),
        "figures": figures,
        "low_volume": words::low(f.reviews),
        "empty": f.reviews == 0,
        "date_only": f.date_only,
        "charts": charts,
        "locations": locations,
        "platforms": platforms,
        "open": open_items,
        "other_open": other_open,
        "requests": requests,
        "lint": lint,
        "trolls": trolls,
        "exemplars": exemplars,
    }))
}

fn exemplar(l: &Lookup, e: &crate::content::Exemplar) -> Value {
    let scenario = l
        .project
        .content
        .training
        .iter()
        .find(|s| s.slug == e.scenario);
    json!({
        "scenario": e.scenario,
        "scenario_title": scenario.map_or(e.scenario.clone(), |s| s.doc.title.clone()),
        "href": scenario.map(|s| format!("training/{}/index.html", slug(&s.slug))),
        "review_text": e.review_text,
        "reply_text": e.reply_text,
        "hours": words::hours_long(e.response_hours),
        "platform": l.project.data.reviews.get(e.review).map(|r| platform_name(&r.platform)),
    })
}

fn requests_section(l: &Lookup, mf: &MonthFigures) -> Value {
    let p = l.project;
    let sources = p.config.location_index();
    let mut sent: BTreeMap<usize, u64> = BTreeMap::new();
    let mut channels: BTreeMap<String, u64> = BTreeMap::new();
    for b in p
        .data
        .requests
        .iter()
        .filter(|b| crate::model::Month::of(b.date) == mf.month)
    {
        let id = sources
            .get(b.location.as_str())
            .copied()
            .or_else(|| {
                p.config
                    .locations
                    .iter()
                    .find(|x| x.id == b.location)
                    .map(|x| x.id.as_str())
            })
            .unwrap_or(crate::config::UNASSIGNED);
        let pos = p
            .analysis
            .locations
            .iter()
            .position(|x| x == id)
            .unwrap_or(usize::MAX);
        // Each row may say up to 10^15; thousands of such rows must not
        // overflow.
        let add = |n: &mut u64| *n = n.saturating_add(b.sent);
        add(sent.entry(pos).or_default());
        add(channels.entry(b.channel.clone()).or_default());
    }
    let campaigns: Vec<Value> = p
        .config
        .campaigns
        .iter()
        .filter(|c| {
            let start = crate::model::Month::of(c.start);
            let end = c.end.map(crate::model::Month::of);
            start <= mf.month && end.is_none_or(|e| e >= mf.month)
        })
        .map(|c| {
            json!({
                "name": c.name,
                "start": c.start.to_string(),
                "end": c.end.map(|d| d.to_string()),
                "note": c.note,
                "locations": c.locations.iter().map(|id| p.config.location_name(id)).collect::<Vec<_>>(),
            })
        })
        .collect();
    if sent.is_empty() && campaigns.is_empty() {
        return Value::Null;
    }
    let rows: Vec<Value> = sent
        .iter()
        .map(|(&pos, &n)| {
            let (name, received) = match p.analysis.locations.get(pos) {
                Some(id) => (
                    p.config.location_name(id).to_string(),
                    mf.by_location.get(id).map_or(0, |f| f.reviews),
                ),
                None => ("Unassigned".to_string(), 0),
            };
            json!({
                "location": name,
                "sent": n,
                "received": received,
                "per_100": per_100(received, n),
            })
        })
        .collect();
    let total_sent: u64 = sent.values().fold(0, |a, n| a.saturating_add(*n));
    json!({
        "rows": rows,
        "total_sent": total_sent,
        "total_received": mf.overall.reviews,
        "per_100": per_100(mf.overall.reviews, total_sent),
        "channels": channels.into_iter().map(|(c, n)| json!({"channel": c, "sent": n})).collect::<Vec<_>>(),
        "campaigns": campaigns,
    })
}

fn per_100(received: u64, sent: u64) -> String {
    if sent == 0 {
        "–".into()
    } else {
        format!("{:.1}", received as f64 * 100.0 / sent as f64)
    }
}

/// The charts of one monthly report.
fn report_charts(
    l: &Lookup,
    month: Month,
    cohort: &[&Outcome],
    mf: &MonthFigures,
) -> Result<Value, String> {
    let p = l.project;
    let t = &p.config.targets;
    let pal = l.palette;
    let name = words::month_name(month);
    let data = &p.data;

    // A month without reviews has nothing to chart; the page says so in one
    // line rather than four empty panels.
    if cohort.is_empty() {
        return Ok(Value::Null);
    }

    // Response-time distribution: bins of a quarter of the longer target,
    // up to three times it, and one bin for everything later.
    let general = t.respond_within_hours;
    let negative = t.hours_for(true);
    let longest = general.max(negative);
    let width = longest / 4.0;
    let bins = 12usize;
    let mut counts = vec![0.0; bins + 1];
    let mut timed = 0u64;
    for o in cohort {
        if let Some(h) = o.response_hours {
            let b = ((h / width).floor().max(0.0) as usize).min(bins);
            counts[b] += 1.0;
            timed += 1;
        }
    }
    let edge = |i: usize| words::plain_number((i as f64 * width * 10.0).round() / 10.0);
    let mut cats: Vec<String> = (0..bins).map(edge).collect();
    cats.push(format!("≥{}", edge(bins)));
    let mut markers = vec![Marker {
        at: general / width,
        label: format!("target {} h", words::plain_number(general)),
        dashed: false,
    }];
    if negative != general {
        markers.push(Marker {
            at: negative / width,
            label: format!("negative {} h", words::plain_number(negative)),
            dashed: true,
        });
    }
    let within = mf.overall.within_target;
    let response_label = Label {
        id: "chart-response-hours".into(),
        title: format!("Hours to first answer, {name}"),
        desc: String::new(),
    };
    let response = if timed == 0 {
        charts::message(
            &format!("No answer with a known time in {name}"),
            &Label {
                desc: format!(
                    "None of the reviews of {name} has an answer whose time is known, so there is no distribution to chart."
                ),
                ..response_label
            },
            pal,
        )?
    } else {
        charts::bars(
            &Bars {
                categories: cats,
                series: vec![BarSeries {
                    name: "answers".into(),
                    values: counts,
                }],
                stacked: true,
                y_desc: "answers".into(),
                percent: false,
                markers,
                y_max: None,
                label_every: 2,
                by_class: false,
                horizontal: false,
                notes: vec![],
                edge_labels: true,
            },
            &Label {
                desc: format!(
                    "{timed} answers with a known time, in bins of {} hours starting at the labelled hour; {within} within target. The solid line marks the {}-hour target{}.",
                    words::plain_number(width),
                    words::plain_number(general),
                    if negative != general {
                        format!(
                            ", the dashed line the {}-hour target for negative reviews",
                            words::plain_number(negative)
                        )
                    } else {
                        String::new()
                    }
                ),
                ..response_label
            },
            pal,
        )?
    };

    // Ratings distribution.
    let mut ratings = [0.0f64; 6];
    for o in cohort {
        match data.reviews[o.review].rating {
            Some(r) => ratings[(r.round().clamp(1.0, 5.0) as usize) - 1] += 1.0,
            None => ratings[5] += 1.0,
        }
    }
    let ratings_desc = (1..=5)
        .map(|s| format!("{s} star: {}", ratings[s - 1]))
        .chain(std::iter::once(format!("unrated: {}", ratings[5])))
        .collect::<Vec<_>>()
        .join(", ");
    let ratings_svg = charts::bars(
        &Bars {
            categories: vec![
                "1 ★".into(),
                "2 ★".into(),
                "3 ★".into(),
                "4 ★".into(),
                "5 ★".into(),
                "unrated".into(),
            ],
            // One series per class, each holding only its own stars, so the
            // bars take the class colours and legend of the daily chart.
            series: ["positive", "neutral", "negative", "unrated"]
                .into_iter()
                .enumerate()
                .map(|(class, n)| BarSeries {
                    name: n.into(),
                    values: (1..=6usize)
                        .map(|s| {
                            let of = match s {
                                6 => 3,
                                s if s as f64 >= t.positive_min => 0,
                                s if s as f64 <= t.negative_max => 2,
                                _ => 1,
                            };
                            if of == class { ratings[s - 1] } else { 0.0 }
                        })
                        .collect(),
                })
                .collect(),
            stacked: true,
            y_desc: "reviews".into(),
            percent: false,
            markers: vec![],
            y_max: None,
            label_every: 1,
            by_class: true,
            horizontal: false,
            notes: vec![],
            edge_labels: false,
        },
        &Label {
            id: "chart-ratings".into(),
            title: format!("Ratings, {name}"),
            desc: format!(
                "Reviews by star rating (ratings between whole stars are rounded): {ratings_desc}."
            ),
        },
        pal,
    )?;

    // Daily volume by class.
    let first = month.first_day();
    let days = first.days_in_month() as usize;
    let mut by_class = vec![vec![0.0; days]; 4];
    for o in cohort {
        let day = data.reviews[o.review].posted.date.day() as usize;
        let c = match o.class {
            Class::Positive => 0,
            Class::Neutral => 1,
            Class::Negative => 2,
            Class::Unrated => 3,
        };
        if let Some(slot) = by_class[c].get_mut(day - 1) {
            *slot += 1.0;
        }
    }
    let busiest = (0..days)
        .map(|d| (by_class.iter().map(|c| c[d]).sum::<f64>(), d + 1))
        .fold((0.0, 0), |a, b| if b.0 > a.0 { b } else { a });
    let names = ["positive", "neutral", "negative", "unrated"];
    let daily = charts::bars(
        &Bars {
            categories: (1..=days).map(|d| d.to_string()).collect(),
            series: by_class
                .into_iter()
                .zip(names)
                .map(|(values, n)| BarSeries {
                    name: n.into(),
                    values,
                })
                .collect(),
            stacked: true,
            y_desc: "reviews".into(),
            percent: false,
            markers: vec![],
            y_max: None,
            label_every: 5,
            by_class: true,
            horizontal: false,
            notes: vec![],
            edge_labels: false,
        },
        &Label {
            id: "chart-daily".into(),
            title: format!("Reviews per day, {name}"),
            desc: format!(
                "Reviews posted each day, stacked by class (positive darkest, negative in red, neutral light, unrated lightest); {} in all{}.",
                cohort.len(),
                if busiest.0 > 0.0 {
                    format!(
                        ", the busiest day the {}{} with {}",
                        busiest.1,
                        ordinal(busiest.1),
                        busiest.0
                    )
                } else {
                    String::new()
                }
            ),
        },
        pal,
    )?;

    // Locations compared: names down the side, so long ones stay readable.
    // Unassigned is left out in months where no review fell to it.
    let locs = shown_locations(p, mf);
    let empty = Figures::default();
    let of = |id: &String| mf.by_location.get(id).unwrap_or(&empty);
    let loc_desc = locs
        .iter()
        .map(|id| {
            let f = of(id);
            if f.reviews == 0 {
                format!("{}: no reviews", p.config.location_name(id))
            } else {
                format!(
                    "{}: {} answered, {} within target",
                    p.config.location_name(id),
                    words::percent(f.response_rate),
                    words::percent(f.within_target_rate)
                )
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let locations = charts::bars(
        &Bars {
            categories: locs
                .iter()
                .map(|id| p.config.location_name(id).to_string())
                .collect(),
            series: vec![
                BarSeries {
                    name: "answered".into(),
                    values: locs
                        .iter()
                        .map(|id| of(id).response_rate.unwrap_or(0.0))
                        .collect(),
                },
                BarSeries {
                    name: "of these, within target".into(),
                    values: locs
                        .iter()
                        .map(|id| of(id).within_target_rate.unwrap_or(0.0))
                        .collect(),
                },
            ],
            stacked: false,
            y_desc: "share of reviews".into(),
            percent: true,
            markers: vec![],
            y_max: Some(1.0),
            label_every: 1,
            by_class: false,
            horizontal: true,
            notes: locs
                .iter()
                .map(|id| {
                    if of(id).reviews == 0 {
                        "no reviews this month".to_string()
                    } else {
                        String::new()
                    }
                })
                .collect(),
            edge_labels: false,
        },
        &Label {
            id: "chart-locations".into(),
            title: format!("Locations compared, {name}"),
            desc: format!(
                "Share of reviews answered (dark bars) and of timed answers within target (light bars) per location. {loc_desc}."
            ),
        },
        pal,
    )?;
    Ok(json!({
        "response_hours": chart("Hours to first answer", response),
        "ratings": chart("Ratings", ratings_svg),
        "daily": chart("Reviews per day", daily),
        "locations": chart("Locations compared", locations),
    }))
}

fn ordinal(n: usize) -> &'static str {
    match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    }
}

/// `locations/<id>/index.html`.
pub fn location(l: &Lookup, index: usize) -> Result<Value, String> {
    let p = l.project;
    let id = &p.analysis.locations[index];
    let months = &p.analysis.metrics.months;
    let name = p.config.location_name(id).to_string();
    let sources = p
        .config
        .locations
        .iter()
        .find(|x| &x.id == id)
        .map(|x| x.sources.clone())
        .unwrap_or_default();
    let Some(last) = months.len().checked_sub(1) else {
        return Ok(
            json!({ "id": id, "name": name, "sources": sources, "latest": null, "figures": [], "charts": null, "months": [] }),
        );
    };
    let empty = Figures::default();
    let of = |m: &MonthFigures| m.by_location.get(id).unwrap_or(&empty).clone();
    let m = &months[last];
    let cur = of(m);
    let prev_f = last
        .checked_sub(1)
        .map(|i| (of(&months[i]), months[i].month));
    let figures = key_figures(&cur, prev_f.as_ref().map(|(f, m)| (f, *m)), p);
    // Twelve months without a review here would be four empty charts.
    let quiet = window(months, last)
        .iter()
        .all(|mf| mf.by_location.get(id).is_none_or(|f| f.reviews == 0));
    let charts = if quiet {
        Value::Null
    } else {
        trend_charts(
            window(months, last),
            &|mf| mf.by_location.get(id),
            &format!("at {name}"),
            l,
        )?
    };
    // Unassigned lists only the months where reviews fell to it, as the
    // reports do; a configured location keeps its empty months, which say
    // something about that place.
    let unassigned = id.as_str() == crate::config::UNASSIGNED;
    let rows: Vec<Row> = months
        .iter()
        .rev()
        .filter(|mf| !unassigned || of(mf).reviews > 0)
        .map(|mf| {
            row(
                words::month_name(mf.month),
                Some(format!("reports/{}/index.html", mf.month)),
                &of(mf),
            )
        })
        .collect();
    Ok(json!({
        "id": id,
        "name": name,
        "sources": sources,
        "latest": { "id": m.month.to_string(), "name": words::month_name(m.month), "href": format!("reports/{}/index.html", m.month) },
        "headline": words::headline(m.month, &cur, open_negative(l, m.month, Some(index)), p.config.targets.hours_for(true)),
        "figures": figures,
        "charts": charts,
        "months": rows,
    }))
}

/// `data-quality/index.html`.
pub fn data_quality(project: &Project) -> Value {
    // Most severe first, so the few warnings are not lost among hundreds of
    // notices; within a severity, in the order they were found (file, line).
    let mut sorted: Vec<&crate::problems::Problem> = project.data.problems.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.severity));
    let problems: Vec<Value> = sorted
        .into_iter()
        .map(|pr| {
            json!({
                "severity": pr.severity.as_str(),
                "code": pr.code,
                "place": pr.place(),
                "file": pr.file,
                "line": pr.line,
                "column": pr.column,
                "message": pr.message,
            })
        })
        .collect();
    let mut codes: BTreeMap<&str, u64> = BTreeMap::new();
    for pr in &project.data.problems {
        *codes.entry(pr.code).or_default() += 1;
    }
    json!({
        "problems": problems,
        "tally": crate::problems::Tally::of(&project.data.problems),
        "codes": codes.into_iter().map(|(c, n)| json!({"code": c, "count": n})).collect::<Vec<_>>(),
        "files": project.data.files.len(),
        "reviews": project.data.reviews.len(),
        "actions": project.data.actions.len(),
    })
}

/// `policy/index.html`.
pub fn policy(project: &Project) -> Value {
    json!({ "policy": project.content.policy })
}

/// `training/index.html`.
pub fn training_index(l: &Lookup) -> Value {
    let p = l.project;
    let scenarios: Vec<Value> = p
        .content
        .training
        .iter()
        .map(|s| {
            json!({
                "slug": slug(&s.slug),
                "title": s.doc.title,
                "summary": s.doc.summary,
                "href": format!("{}/index.html", slug(&s.slug)),
                "samples": s.samples.len(),
                "exemplars": p.exemplars.iter().filter(|e| e.scenario == s.slug).count(),
            })
        })
        .collect();
    let other: Vec<Value> = p
        .exemplars
        .iter()
        .filter(|e| !p.content.training.iter().any(|s| s.slug == e.scenario))
        .map(|e| exemplar(l, e))
        .collect();
    json!({ "scenarios": scenarios, "other": other })
}

/// `training/<slug>/index.html`.
pub fn training(l: &Lookup, index: usize) -> Value {
    let p = l.project;
    let s = &p.content.training[index];
    let exemplars: Vec<Value> = p
        .exemplars
        .iter()
        .filter(|e| e.scenario == s.slug)
        .map(|e| exemplar(l, e))
        .collect();
    json!({
        "scenario": s,
        "slug": slug(&s.slug),
        "exemplars": exemplars,
    })
}
