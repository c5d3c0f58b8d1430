//! The key figures of a cohort, each with its change against the one before.

use crate::figures::Figures;
use crate::model::Month;
use crate::project::Project;
use crate::site::words::{self, Good, Unit};
use serde::Serialize;

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
    // A response-time figure: one statistic of the answers' hours.
    let hours = |id, label, note: &str, pick: fn(&Figures) -> Option<f64>| KeyFigure {
        id,
        label,
        value: words::hours_short(pick(f)),
        note: note.into(),
        change: ch(
            pick(f),
            &pick,
            &|p| words::hours_short(pick(p)),
            Unit::Hours,
            Good::Lower,
        ),
        low_volume: words::low(timed),
        basis: words::count(timed, "timed answer", "timed answers"),
        status: None,
        no_change: no_change.clone(),
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
        hours(
            "median-hours",
            "Median response time",
            "half of the answers came faster",
            |p| p.response_hours.median,
        ),
        hours(
            "p90-hours",
            "90th percentile time",
            "nine answers in ten came faster",
            |p| p.response_hours.p90,
        ),
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
