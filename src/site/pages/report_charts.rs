//! The charts of one monthly report.

use super::shared::*;
use crate::charts::{self, BarSeries, Bars, Label, Marker};
use crate::figures::{Figures, MonthFigures};
use crate::model::Month;
use crate::site::words;
use serde_json::{Value, json};

/// The charts of one monthly report.
pub(super) fn report_charts(
    l: &Lookup,
    month: Month,
    cohort: &Cohort,
    mf: &MonthFigures,
) -> Result<Value, String> {
    let p = l.project;
    let t = &p.config.targets;
    let pal = l.palette;
    let name = words::month_name(month);

    // A month without reviews has nothing to chart; the page says so in one
    // line rather than four empty panels.
    if cohort.reviews == 0 {
        return Ok(Value::Null);
    }

    // Response-time distribution: bins of a quarter of the longer target,
    // up to three times it, and one bin for everything later.
    let general = t.respond_within_hours;
    let negative = t.hours_for(true);
    let width = response_bin_width(t);
    let bins = RESPONSE_BINS;
    // Counted by the `Lookup` (whole numbers, exact as floats).
    let counts: Vec<f64> = cohort.response_bins.iter().map(|&n| n as f64).collect();
    let timed = cohort.timed();
    let ratings = cohort.stars.map(|n| n as f64);
    let first = month.first_day();
    let days = first.days_in_month() as usize;
    let by_class: Vec<Vec<f64>> = cohort
        .days
        .iter()
        .map(|d| d[..days.min(31)].iter().map(|&n| n as f64).collect())
        .collect();
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
                cohort.reviews,
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

pub(super) fn ordinal(n: usize) -> &'static str {
    match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    }
}
