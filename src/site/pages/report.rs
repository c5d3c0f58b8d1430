//! The monthly report page: figures, reviews, exemplars, review requests.

use super::key_figures::*;
use super::report_charts::*;
use super::shared::*;
use crate::figures::{MonthFigures, Outcome};
use crate::site::words;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `reports/YYYY-MM/index.html`.
pub fn report(l: &Lookup, index: usize) -> Result<tera::Value, String> {
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
    let cohort = l.cohort(month);
    let data = &p.data;

    // Open negative reviews past target, oldest first.
    let mut open: Vec<&Outcome> = cohort.open_negative.clone();
    open.sort_by(|a, b| {
        b.age_hours.total_cmp(&a.age_hours).then_with(|| {
            data.reviews[a.review as usize]
                .id
                .cmp(&data.reviews[b.review as usize].id)
        })
    });
    let open_items: Vec<OpenReview> = open
        .iter()
        .map(|o| {
            let r = &data.reviews[o.review as usize];
            OpenReview {
                age: words::age(o.age_hours),
                location: l.location_name(o.location as usize),
                platform: platform_name(&r.platform),
                posted: l.moment(&r.posted),
                rating: stars(r.rating),
                review_id: &r.id,
                target: words::plain_number(o.target_hours),
                text: review_text(r),
            }
        })
        .collect();
    let other_open = cohort.other_open;

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
            let r = &data.reviews[o.review as usize];
            json!({
                "platform": platform_name(&r.platform),
                "location": l.location_name(o.location as usize),
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
                "location": l.location_name(o.location as usize),
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
    let rest = json!({
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
        "other_open": other_open,
        "requests": requests,
        "lint": lint,
        "trolls": trolls,
        "exemplars": exemplars,
    });
    // The open reviews (hundreds a month) go to Tera's values straight
    // from the records, without a JSON copy between; every key in the
    // order a JSON object keeps them (sorted), as the rest.
    let mut data: BTreeMap<String, tera::Value> = match rest {
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (k, tera::Value::from_serializable(&v)))
            .collect(),
        _ => BTreeMap::new(),
    };
    data.insert("open".into(), tera::Value::from_serializable(&open_items));
    Ok(tera::Value::from(data))
}

/// A negative review open past its target, as the report lists it (fields
/// in the order of their names, as a JSON object orders them).
#[derive(serde::Serialize)]
struct OpenReview<'a> {
    age: String,
    location: &'a str,
    platform: String,
    posted: String,
    rating: String,
    review_id: &'a str,
    target: String,
    text: &'a str,
}

pub(super) fn exemplar(l: &Lookup, e: &crate::content::Exemplar) -> Value {
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

pub(super) fn requests_section(l: &Lookup, mf: &MonthFigures) -> Value {
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

pub(super) fn per_100(received: u64, sent: u64) -> String {
    if sent == 0 {
        "–".into()
    } else {
        format!("{:.1}", received as f64 * 100.0 / sent as f64)
    }
}
