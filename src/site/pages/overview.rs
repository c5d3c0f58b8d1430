//! The overview pages: the index and one page per location.

use super::key_figures::*;
use super::shared::*;
use super::trends::*;
use crate::figures::{Figures, MonthFigures};
use crate::site::words;
use serde_json::{Value, json};

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
