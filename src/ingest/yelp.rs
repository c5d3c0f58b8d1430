//! Yelp Open Dataset `review.json`: JSON Lines with `review_id`,
//! `business_id`, `stars` (a float), `date` (`YYYY-MM-DD HH:MM:SS`, local
//! time of the configured zone), `text`, `user_id`. The location is the
//! `business_id`; the author is the `user_id` (the dataset has no names).

use super::record::{
    Field, Fields, Flat, Row, RowError, rating_of, required_moment, required_text,
};
use super::{FileCtx, Parsed};
use crate::model::Review;
use crate::model::Sym;

const REVIEW_ID: usize = 0;
const BUSINESS_ID: usize = 1;
const STARS: usize = 2;
const DATE: usize = 3;
const TEXT: usize = 4;
const USER_ID: usize = 5;

const FIELDS: Fields = &[
    Field {
        name: "review_id",
        aliases: &["reviewid"],
    },
    Field {
        name: "business_id",
        aliases: &["businessid"],
    },
    Field {
        name: "stars",
        aliases: &["stars"],
    },
    Field {
        name: "date",
        aliases: &["date"],
    },
    Field {
        name: "text",
        aliases: &["text"],
    },
    Field {
        name: "user_id",
        aliases: &["userid"],
    },
];

#[derive(Clone)]
pub struct Yelp;

impl Flat for Yelp {
    fn fields(&self) -> Fields {
        FIELDS
    }

    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError> {
        let id = required_text(row, REVIEW_ID, "Yelp's id of the review")?;
        let posted = required_moment(row, DATE)?;
        let rating =
            rating_of(row.name(STARS), row.get(STARS), 5.0).map_err(|m| RowError::bad(STARS, m))?;
        out.reviews.push(Review {
            platform: Sym::new("yelp"),
            id,
            source_location: row.sym(BUSINESS_ID).unwrap_or_default(),
            author: row.owned(USER_ID),
            rating,
            posted,
            updated: None,
            text: row.prose(TEXT),
            embedded_reply: None,
            origin: ctx.origin(row.line),
        });
        Ok(())
    }
}
