//! The twelve-month trend charts of the index and location pages.

use super::shared::*;
use crate::charts::{self, BarSeries, Bars, Label, LineSeries, Lines};
use crate::figures::{Figures, MonthFigures};
use crate::site::words;
use serde_json::{Value, json};

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
