//! Google Business Profile reviews: the API's list response and Takeout's
//! `reviews*.json` (both `reviews[]`), and `batchGetReviews`
//! (`locationReviews[]` of `{name, review}`).
//!
//! The review id is the suffix of `name` (or `reviewId`); the location is the
//! `accounts/…/locations/…` part of `name`, or for Takeout files without one
//! the `location-<id>` folder the file sits in. `reviewReply` becomes the
//! embedded reply, timed by its `updateTime` (its last edit).

use super::record::{
    JsonRec, Scalar, json_record_problem, location_folder, position_after, rating_of, when_of,
};
use super::{FileCtx, Parsed};
use crate::model::{EmbeddedReply, Moment, Review, derive_id};
use crate::model::{Name, Sym};
use crate::problems::Severity;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GoogleReview<'a> {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    review_id: Option<String>,
    #[serde(default)]
    reviewer: Option<Reviewer>,
    #[serde(borrow, default)]
    star_rating: Scalar<'a>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(borrow, default)]
    create_time: Scalar<'a>,
    #[serde(borrow, default)]
    update_time: Scalar<'a>,
    #[serde(borrow, default)]
    review_reply: Option<Reply<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reviewer {
    #[serde(default)]
    display_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reply<'a> {
    #[serde(default)]
    comment: Option<String>,
    #[serde(borrow, default)]
    update_time: Scalar<'a>,
}

#[derive(Deserialize)]
struct LocationReview<'a> {
    #[serde(default)]
    name: Option<String>,
    #[serde(borrow, default)]
    review: Option<GoogleReview<'a>>,
}

/// Reads review objects (`reviews[]` elements); `location` overrides the one
/// in each review's `name` (batchGetReviews names it beside the review).
pub fn read_reviews(records: &[JsonRec], location: Option<&str>, ctx: &FileCtx, out: &mut Parsed) {
    for rec in records {
        match serde_json::from_str::<GoogleReview>(rec.raw) {
            Ok(g) => push(g, rec, location, ctx, out),
            // A key given twice: a warning, and the first value is read,
            // as in every other reader.
            Err(e) if e.to_string().starts_with("duplicate field") => {
                match first_values(rec, ctx, out) {
                    Some(text) => match serde_json::from_str::<GoogleReview>(&text) {
                        Ok(g) => push(g, rec, location, ctx, out),
                        Err(e) => out
                            .problems
                            .push(json_record_problem(ctx, &e, rec.line, rec.col)),
                    },
                    None => out
                        .problems
                        .push(json_record_problem(ctx, &e, rec.line, rec.col)),
                }
            }
            Err(e) => out
                .problems
                .push(json_record_problem(ctx, &e, rec.line, rec.col)),
        }
    }
}

/// The record with only the first of each repeated key, and a
/// `duplicate-key` warning for each repeat naming both places.
fn first_values(rec: &JsonRec, ctx: &FileCtx, out: &mut Parsed) -> Option<String> {
    use serde::de::{MapAccess, Visitor};
    use serde_json::value::RawValue;
    struct Entries<'a>(Vec<(String, &'a RawValue)>);
    impl<'de> Deserialize<'de> for Entries<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Entries<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Entries<'de>, A::Error> {
                    let mut all = Vec::new();
                    while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                        all.push(entry);
                    }
                    Ok(Entries(all))
                }
            }
            d.deserialize_map(V)
        }
    }
    let Entries(entries) = serde_json::from_str(rec.raw).ok()?;
    let mut kept: Vec<(&str, &RawValue)> = Vec::new();
    for (key, value) in &entries {
        match kept.iter().find(|(k, _)| k == key) {
            None => kept.push((key, value)),
            Some((_, first)) => {
                let pat = format!("\"{key}\"");
                let mut at = rec.raw.match_indices(&pat).map(|(i, _)| i);
                let (a, b) = (at.next().unwrap_or(0), at.next().unwrap_or(0));
                let (l1, c1) = position_after(rec.raw, a, rec.line, rec.col);
                let (l2, c2) = position_after(rec.raw, b, rec.line, rec.col);
                let show = |v: &RawValue| {
                    let t = v.get().trim_matches('"');
                    match t.char_indices().nth(40) {
                        Some((i, _)) => format!("{}…", &t[..i]),
                        None => t.to_owned(),
                    }
                };
                out.problems.push(ctx.problem(
                    Severity::Warning,
                    "duplicate-key",
                    l2,
                    c2,
                    format!(
                        "`{key}` appears twice in this record (at {l1}:{} and {l2}:{}); the first value (`{}`) is read and the second (`{}`) is ignored — remove one of them",
                        c1.unwrap_or(rec.col),
                        c2.unwrap_or(rec.col),
                        show(first),
                        show(value),
                    ),
                ));
            }
        }
    }
    let body: Vec<String> = kept
        .iter()
        .map(|(k, v)| {
            format!(
                "{}:{}",
                serde_json::to_string(k).unwrap_or_default(),
                v.get()
            )
        })
        .collect();
    Some(format!("{{{}}}", body.join(",")))
}

/// Reads `locationReviews[]` elements of a batchGetReviews response.
pub fn read_batch(records: &[JsonRec], ctx: &FileCtx, out: &mut Parsed) {
    for rec in records {
        match serde_json::from_str::<LocationReview>(rec.raw) {
            Ok(LocationReview {
                name,
                review: Some(g),
            }) => push(g, rec, name.as_deref(), ctx, out),
            Ok(LocationReview { review: None, .. }) => out.problems.push(rec.problem(
                ctx,
                Severity::Error,
                "bad-row",
                None,
                "this `locationReviews` entry has no `review`; each entry needs `name` and `review`",
            )),
            Err(e) => out
                .problems
                .push(json_record_problem(ctx, &e, rec.line, rec.col)),
        }
    }
}

fn push(g: GoogleReview, rec: &JsonRec, location: Option<&str>, ctx: &FileCtx, out: &mut Parsed) {
    match review(g, rec, location, ctx, out) {
        Ok(mut r) => {
            super::limits::cap_review(&mut r);
            out.reviews.push(r);
        }
        Err((key, message)) => {
            out.problems
                .push(rec.problem(ctx, Severity::Error, "bad-row", Some(key), message));
        }
    }
}

/// `ONE`…`FIVE`; `STAR_RATING_UNSPECIFIED` or absent is unrated.
fn stars(v: &Scalar) -> Result<Option<f64>, String> {
    let word = match v {
        Scalar::Str(s) => s.trim(),
        Scalar::Null => return Ok(None),
        other => return rating_of("starRating", other, 5.0),
    };
    Ok(Some(match word.to_ascii_uppercase().as_str() {
        "ONE" => 1.0,
        "TWO" => 2.0,
        "THREE" => 3.0,
        "FOUR" => 4.0,
        "FIVE" => 5.0,
        "" | "STAR_RATING_UNSPECIFIED" => return Ok(None),
        _ => {
            return rating_of("starRating", v, 5.0).map_err(|_| {
                format!(
                    "`starRating` is `{word}`; Google writes ONE, TWO, THREE, FOUR or FIVE (or STAR_RATING_UNSPECIFIED for an unrated review)"
                )
            });
        }
    }))
}

fn review(
    g: GoogleReview,
    rec: &JsonRec,
    location: Option<&str>,
    ctx: &FileCtx,
    out: &mut Parsed,
) -> Result<Review, (&'static str, String)> {
    let resolve =
        |key: &'static str, v: &Scalar| -> Result<Option<Moment>, (&'static str, String)> {
            when_of(key, v)
                .and_then(|w| w.map(|w| Moment::resolve(w, ctx.tz)).transpose())
                .map_err(|m| (key, m))
        };
    let posted = resolve("createTime", &g.create_time)?.ok_or((
        "createTime",
        "`createTime` is missing; a Google review needs the time it was posted".to_owned(),
    ))?;
    let updated = resolve("updateTime", &g.update_time)?;
    let rating = stars(&g.star_rating).map_err(|m| ("starRating", m))?;

    let (name_location, name_id) = match g.name.as_deref() {
        Some(n) => match n.rsplit_once("/reviews/") {
            Some((loc, id)) => (Some(loc).filter(|l| l.contains("locations/")), Some(id)),
            None => (None, n.rsplit('/').next()),
        },
        None => (None, None),
    };
    let source_location = location
        .or(name_location)
        .or_else(|| location_folder(ctx.path))
        .unwrap_or("")
        .to_owned();
    let author = g.reviewer.and_then(|r| r.display_name);
    let text = g.comment.filter(|c| !c.trim().is_empty());
    let id = match name_id.filter(|s| !s.is_empty()).or(g.review_id.as_deref()) {
        Some(id) => Name::new(id),
        None => derive_id(
            "google",
            &source_location,
            author.as_deref().unwrap_or(""),
            &posted.instant.to_string(),
            text.as_deref().unwrap_or(""),
        ),
    };

    let mut embedded_reply = None;
    if let Some(reply) = g.review_reply {
        match resolve("updateTime", &reply.update_time) {
            Ok(Some(at)) => {
                embedded_reply = Some(Box::new(EmbeddedReply {
                    at,
                    text: reply.comment.unwrap_or_default(),
                }));
            }
            Ok(None) | Err(_) => out.problems.push(rec.problem(
                ctx,
                Severity::Warning,
                "bad-row",
                Some("reviewReply"),
                "this `reviewReply` has no readable `updateTime`, so the reply cannot be timed; the review is kept without it (log the reply in the response log instead)",
            )),
        }
    }

    Ok(Review {
        platform: Sym::new("google"),
        id,
        source_location: Sym::new(&source_location),
        author: author.as_deref().map(Name::new),
        rating,
        posted,
        updated,
        text,
        embedded_reply,
        origin: ctx.origin(rec.line),
    })
}
