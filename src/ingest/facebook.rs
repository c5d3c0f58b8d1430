//! Facebook page ratings (Graph API `/{page}/ratings`): an array, a
//! `{"data": [...], "paging": …}` page, or JSON Lines of rating objects with
//! `created_time` (`2026-03-04T09:30:00+0000`) and `recommendation_type`
//! (`positive` → 5, `negative` → 1) or a star `rating`.
//!
//! The id is `open_graph_story.id`, else `id`, else derived. The location is
//! the record's `page_id`, else the document's `page_id`, else empty (the
//! Graph API does not repeat the page in each rating, so add `page_id` to the
//! export when one organisation has several pages).

use super::record::{JsonRec, Scalar, json_record_problem, rating_of, recommendation, when_of};
use super::{FileCtx, Parsed};
use crate::model::Name;
use crate::model::{Moment, Review, derive_id};
use crate::problems::Severity;
use serde::Deserialize;

#[derive(Deserialize)]
struct Rating<'a> {
    #[serde(borrow, default)]
    created_time: Scalar<'a>,
    #[serde(default)]
    recommendation_type: Option<String>,
    #[serde(borrow, default)]
    rating: Scalar<'a>,
    #[serde(default)]
    review_text: Option<String>,
    #[serde(default)]
    reviewer: Option<Reviewer<'a>>,
    #[serde(default)]
    open_graph_story: Option<Story<'a>>,
    #[serde(borrow, default)]
    id: Scalar<'a>,
    #[serde(borrow, default)]
    page_id: Scalar<'a>,
}

#[derive(Deserialize)]
struct Reviewer<'a> {
    #[serde(default)]
    name: Option<String>,
    #[serde(borrow, default, rename = "id")]
    _id: Scalar<'a>,
}

#[derive(Deserialize)]
struct Story<'a> {
    #[serde(borrow, default)]
    id: Scalar<'a>,
}

pub fn read(records: &[JsonRec], page_id: Option<&str>, ctx: &FileCtx, out: &mut Parsed) {
    for rec in records {
        match serde_json::from_str::<Rating>(rec.raw) {
            Ok(r) => match review(r, rec, page_id, ctx) {
                Ok(r) => out.reviews.push(r),
                Err((key, message)) => out.problems.push(rec.problem(
                    ctx,
                    Severity::Error,
                    "bad-row",
                    Some(key),
                    message,
                )),
            },
            Err(e) => out
                .problems
                .push(json_record_problem(ctx, &e, rec.line, rec.col)),
        }
    }
}

fn review(
    r: Rating,
    rec: &JsonRec,
    page_id: Option<&str>,
    ctx: &FileCtx,
) -> Result<Review, (&'static str, String)> {
    let posted = when_of("created_time", &r.created_time)
        .and_then(|w| w.map(|w| Moment::resolve(w, ctx.tz)).transpose())
        .map_err(|m| ("created_time", m))?
        .ok_or((
            "created_time",
            "`created_time` is missing; a Facebook rating needs the time it was posted".to_owned(),
        ))?;
    let rating = match rating_of("rating", &r.rating, 5.0).map_err(|m| ("rating", m))? {
        Some(x) => Some(x),
        None => match r.recommendation_type.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(recommendation(t).ok_or((
                "recommendation_type",
                format!("`recommendation_type` is `{t}`; Facebook writes positive or negative"),
            ))?),
        },
    };
    let source_location = r
        .page_id
        .text()
        .map(|t| t.into_owned())
        .or(page_id.map(str::to_owned))
        .unwrap_or_default();
    let author = r.reviewer.and_then(|p| p.name);
    let text = r.review_text.filter(|t| !t.trim().is_empty());
    let id = r
        .open_graph_story
        .and_then(|s| s.id.text().map(|t| Name::new(&t)))
        .or_else(|| r.id.text().map(|t| Name::new(&t)))
        .unwrap_or_else(|| {
            derive_id(
                "facebook",
                &source_location,
                author.as_deref().unwrap_or(""),
                &posted.instant.to_string(),
                text.as_deref().unwrap_or(""),
            )
        });
    Ok(Review {
        platform: Name::new("facebook"),
        id,
        source_location: Name::new(&source_location),
        author: author.as_deref().map(Name::new),
        rating,
        posted,
        updated: None,
        text,
        embedded_reply: None,
        origin: ctx.origin(rec.line),
    })
}
