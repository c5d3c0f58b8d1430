//! Generic reviews, CSV or JSON Lines: `platform, review_id, location,
//! author, rating, posted_at, text`, under common aliases (see `FIELDS`).
//!
//! `rating` may be empty (unrated). A `rating_scale` column rescales a row
//! (10 halves it); a rating column named `rating_10`/`score_10` puts the
//! whole file on a 10-point scale. `positive`/`negative` read as 5 and 1.
//! Without a `review_id` the id is derived (`model::derive_id`). Optional
//! `updated_at`, `reply` and `reply_at` columns carry the last edit and a
//! public reply.

use super::record::{
    Field, Fields, Flat, PLATFORM_FIELD, Row, RowError, moment, norm, rating_of, recommendation,
    required_moment, required_platform,
};
use super::{FileCtx, Parsed};
use crate::model::{EmbeddedReply, Moment, Precision, Review, derive_id};
use crate::problems::Severity;

pub const PLATFORM: usize = 0;
pub const REVIEW_ID: usize = 1;
pub const LOCATION: usize = 2;
pub const AUTHOR: usize = 3;
pub const RATING: usize = 4;
pub const SCALE: usize = 5;
pub const POSTED: usize = 6;
pub const TEXT: usize = 7;
pub const UPDATED: usize = 8;
pub const RECOMMENDATION: usize = 9;
pub const REPLY: usize = 10;
pub const REPLY_AT: usize = 11;

/// Names written in lower case with letters and digits only: `Posted At`,
/// `posted_at` and `postedAt` all match `postedat`.
pub const FIELDS: Fields = &[
    PLATFORM_FIELD,
    Field {
        name: "review_id",
        aliases: &["reviewid", "id", "externalid"],
    },
    Field {
        name: "location",
        aliases: &[
            "location",
            "locationid",
            "business",
            "businessid",
            "clinic",
            "practice",
            "office",
            "branch",
        ],
    },
    Field {
        name: "author",
        aliases: &[
            "author",
            "reviewer",
            "name",
            "reviewername",
            "authorname",
            "user",
        ],
    },
    Field {
        name: "rating",
        aliases: &[
            "rating",
            "stars",
            "score",
            "starrating",
            "rating10",
            "score10",
            "stars10",
        ],
    },
    Field {
        name: "rating_scale",
        aliases: &["ratingscale", "scale", "outof", "maxrating"],
    },
    Field {
        name: "posted_at",
        aliases: &[
            "postedat",
            "date",
            "createdat",
            "posted",
            "timestamp",
            "reviewdate",
            "datetime",
            "createdtime",
            "publishedat",
        ],
    },
    Field {
        name: "text",
        aliases: &["text", "comment", "body", "review", "reviewtext", "content"],
    },
    Field {
        name: "updated_at",
        aliases: &["updatedat", "updated", "editedat", "updatetime"],
    },
    Field {
        name: "recommendation",
        aliases: &["recommendation", "recommendationtype", "recommended"],
    },
    Field {
        name: "reply",
        aliases: &[
            "reply",
            "replytext",
            "ownerreply",
            "ownerresponse",
            "response",
        ],
    },
    Field {
        name: "reply_at",
        aliases: &[
            "replyat",
            "repliedat",
            "replydate",
            "responsedate",
            "ownerreplydate",
        ],
    },
];

/// Header names that put a file's ratings on a 10-point scale.
const TEN_POINT: &[&str] = &["rating10", "score10", "stars10"];

#[derive(Default, Clone)]
pub struct Generic {
    ten_point: bool,
}

impl Flat for Generic {
    fn fields(&self) -> Fields {
        FIELDS
    }

    fn begin(&mut self, names: &[&str]) {
        // The column that `rating` resolves to is the first one matching it.
        self.ten_point = names
            .iter()
            .map(|n| norm(n))
            .find(|n| FIELDS[RATING].aliases.contains(&n.as_str()))
            .is_some_and(|n| TEN_POINT.contains(&n.as_str()));
    }

    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError> {
        let platform = required_platform(row, PLATFORM)?;
        let posted = required_moment(row, POSTED)?;
        let scale = match row.text(SCALE) {
            None if self.ten_point => 10.0,
            None => 5.0,
            Some(s) => match s.parse::<f64>() {
                Ok(x) if x > 0.0 && x.is_finite() => x,
                _ => {
                    return Err(RowError::bad(
                        SCALE,
                        format!(
                            "`{}` is `{s}`; write the top of the rating scale (5 or 10), or leave it empty for 5",
                            row.name(SCALE)
                        ),
                    ));
                }
            },
        };
        let mut rating = rating_of(row.name(RATING), row.get(RATING), scale)
            .map_err(|m| RowError::bad(RATING, m))?;
        if rating.is_none()
            && let Some(r) = row.text(RECOMMENDATION)
        {
            rating = Some(recommendation(&r).ok_or_else(|| {
                RowError::bad(
                    RECOMMENDATION,
                    format!(
                        "`{}` is `{r}`; write positive or negative",
                        row.name(RECOMMENDATION)
                    ),
                )
            })?);
        }
        let updated = moment(row, UPDATED)?;
        let location = row.sym(LOCATION).unwrap_or_default();
        let author = row.owned(AUTHOR);
        let text = row.prose(TEXT);
        let id = match row.owned(REVIEW_ID) {
            Some(id) => id,
            None => derive_id(
                &platform,
                &location,
                author.as_deref().unwrap_or(""),
                &moment_key(&posted),
                text.as_deref().unwrap_or(""),
            ),
        };
        let embedded_reply = match row.prose(REPLY) {
            None => None,
            Some(text) => match moment(row, REPLY_AT) {
                Ok(Some(at)) => Some(Box::new(EmbeddedReply { at, text })),
                Ok(None) => {
                    out.problems.push(row.problem(
                        ctx,
                        Severity::Warning,
                        "bad-row",
                        Some(REPLY),
                        format!(
                            "`{}` has a reply but no `reply_at`; the reply is not counted until its time is known",
                            row.name(REPLY)
                        ),
                    ));
                    None
                }
                Err(e) => {
                    out.problems.push(row.problem(
                        ctx,
                        Severity::Error,
                        e.code,
                        e.field,
                        format!("{}; the review is kept without its reply", e.message),
                    ));
                    None
                }
            },
        };
        out.reviews.push(Review {
            platform,
            id,
            source_location: location,
            author,
            rating,
            posted,
            updated,
            text,
            embedded_reply,
            origin: ctx.origin(row.line),
        });
        Ok(())
    }
}

/// The posting time as it goes into a derived id: the same review exported
/// with a different timestamp layout keeps its id.
pub fn moment_key(m: &Moment) -> String {
    match m.precision {
        Precision::Date => m.date.to_string(),
        _ => m.instant.to_string(),
    }
}
