//! Facebook page ratings (Graph API `/{page}/ratings`): an array, a
//! `{"data": [...], "paging": …}` page, or JSON Lines of rating objects with
//! `created_time` (`2026-03-04T09:30:00+0000`) and `recommendation_type`
//! (`positive` → 5, `negative` → 1) or a star `rating`.
//!
//! Older ratings may say it all in their `open_graph_story` (the story the
//! rating published): the stars in `data.rating {value, scale}`, the text in
//! `data.review_text` or the story's `message`, the page in
//! `data.seller.id` (or `data.generic_place.id`). Each is read where the
//! rating itself is silent.
//!
//! The id is `open_graph_story.id`, else `id`, else derived. The location is
//! the record's `page_id`, else the document's `page_id`, else the story's
//! seller (or place) id, else empty; the story's ids are also aliases of
//! that location, so `sources:` may name the page either way.

use super::record::{JsonRec, Scalar, json_record_problem, rating_of, recommendation, when_of};
use super::{FileCtx, Parsed};
use crate::model::{Moment, Review, derive_id};
use crate::model::{Name, Sym};
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
    #[serde(default)]
    message: Option<String>,
    #[serde(borrow, default)]
    data: Option<StoryData<'a>>,
}

#[derive(Deserialize)]
struct StoryData<'a> {
    #[serde(borrow, default)]
    rating: Option<StoryRating<'a>>,
    #[serde(default)]
    review_text: Option<String>,
    #[serde(borrow, default)]
    seller: Option<Page<'a>>,
    #[serde(borrow, default)]
    generic_place: Option<Page<'a>>,
}

/// `{"value": 4, "scale": 5}`, or a plain number.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoryRating<'a> {
    Scaled {
        #[serde(borrow, default)]
        value: Scalar<'a>,
        #[serde(borrow, default)]
        scale: Scalar<'a>,
    },
    Plain(#[serde(borrow)] Scalar<'a>),
}

#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow, default)]
    id: Scalar<'a>,
}

pub fn read(records: &[JsonRec], page_id: Option<&str>, ctx: &FileCtx, out: &mut Parsed) {
    for rec in records {
        match serde_json::from_str::<Rating>(rec.raw) {
            Ok(r) => match review(r, rec, page_id, ctx) {
                Ok((mut r, aliases)) => {
                    for alias in aliases {
                        let pair = (Name::new(r.source_location.as_str()), alias);
                        if out.aliases.last() != Some(&pair) {
                            out.aliases.push(pair);
                        }
                    }
                    super::limits::cap_review(&mut r);
                    out.reviews.push(r);
                }
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

/// The review a rating holds, and the other names of its page.
fn review(
    r: Rating,
    rec: &JsonRec,
    page_id: Option<&str>,
    ctx: &FileCtx,
) -> Result<(Review, Vec<Name>), (&'static str, String)> {
    let posted = when_of("created_time", &r.created_time)
        .and_then(|w| w.map(|w| Moment::resolve(w, ctx.tz)).transpose())
        .map_err(|m| ("created_time", m))?
        .ok_or((
            "created_time",
            "`created_time` is missing; a Facebook rating needs the time it was posted".to_owned(),
        ))?;
    let data = r.open_graph_story.as_ref().and_then(|s| s.data.as_ref());
    let story_rating = match data.and_then(|d| d.rating.as_ref()) {
        Some(StoryRating::Scaled { value, scale }) => {
            let scale = match scale.text() {
                None => 5.0,
                Some(t) => t.parse::<f64>().ok().filter(|s| *s > 0.0).ok_or((
                    "scale",
                    format!(
                        "`open_graph_story.data.rating.scale` is `{t}`; Facebook writes the number of stars the rating is out of (5)"
                    ),
                ))?,
            };
            rating_of("open_graph_story.data.rating.value", value, scale)
                .map_err(|m| ("rating", m))?
        }
        Some(StoryRating::Plain(v)) => {
            rating_of("open_graph_story.data.rating", v, 5.0).map_err(|m| ("rating", m))?
        }
        None => None,
    };
    let rating = match rating_of("rating", &r.rating, 5.0)
        .map_err(|m| ("rating", m))?
        .or(story_rating)
    {
        Some(x) => Some(x),
        None => match r.recommendation_type.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(recommendation(t).ok_or((
                "recommendation_type",
                format!("`recommendation_type` is `{t}`; Facebook writes positive or negative"),
            ))?),
        },
    };
    // The page: as the export says, else as the story says.
    let mut pages: Vec<Name> = Vec::new();
    let story_pages = data
        .into_iter()
        .flat_map(|d| [d.seller.as_ref(), d.generic_place.as_ref()])
        .flatten()
        .filter_map(|p| p.id.text().map(|t| Name::new(&t)));
    for p in r
        .page_id
        .text()
        .map(|t| Name::new(&t))
        .into_iter()
        .chain(page_id.map(Name::new))
        .chain(story_pages)
    {
        if !pages.contains(&p) {
            pages.push(p);
        }
    }
    let source_location = pages.first().map_or("", |p| p.as_str()).to_owned();
    let author = r.reviewer.and_then(|p| p.name);
    let blank = |t: &String| t.trim().is_empty();
    let text = r.review_text.filter(|t| !blank(t)).or_else(|| {
        let story = r.open_graph_story.as_ref()?;
        let from_data = story.data.as_ref().and_then(|d| d.review_text.clone());
        from_data
            .filter(|t| !blank(t))
            .or_else(|| story.message.clone().filter(|t| !blank(t)))
    });
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
    let review = Review {
        platform: Sym::new("facebook"),
        id,
        source_location: Sym::new(&source_location),
        author: author.as_deref().map(Name::new),
        rating,
        posted,
        updated: None,
        text,
        embedded_reply: None,
        origin: ctx.origin(rec.line),
    };
    Ok((review, pages.into_iter().skip(1).collect()))
}
