//! Google reviews exported by scrapers, CSV or JSON:
//!
//! * Apify (Google Maps Reviews Scraper): `reviewId, name, text,
//!   publishedAtDate, stars, responseFromOwnerText, responseFromOwnerDate,
//!   placeId, title, url`. `publishAt` ("a week ago") is relative and never
//!   read: a row with only that is an error.
//! * Outscraper: `review_id, author_title, review_text, review_rating,
//!   review_timestamp` (Unix seconds) or `review_datetime_utc`,
//!   `owner_answer, owner_answer_timestamp, place_id, google_id, name`; its
//!   JSON nests reviews under each place's `reviews_data`.
//!
//! Both are platform `google`; the owner's answer is the embedded reply. The
//! location is the place id (`placeId`/`place_id`), else `cid`/`google_id`,
//! else the place's name.

use super::generic::moment_key;
use super::record::{
    Field, Fields, Flat, JsonRec, Row, RowError, Scalar, json_record_problem, locate, rating_of,
    read_json_records, when_in,
};
use super::{FileCtx, Parsed};
use crate::model::{DateOrder, EmbeddedReply, Moment, Review, When, derive_id};
use crate::model::{Name, Sym};
use crate::problems::Severity;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_json::value::RawValue;

mod apify {
    pub const REVIEW_ID: usize = 0;
    pub const AUTHOR: usize = 1;
    pub const TEXT: usize = 2;
    pub const PUBLISHED: usize = 3;
    pub const RELATIVE: usize = 4;
    pub const STARS: usize = 5;
    pub const RATING: usize = 6;
    pub const REPLY: usize = 7;
    pub const REPLY_AT: usize = 8;
    pub const PLACE_ID: usize = 9;
    pub const CID: usize = 10;
    pub const TITLE: usize = 11;
    pub const NESTED: usize = 12;
}

const APIFY_FIELDS: Fields = &[
    Field {
        name: "reviewId",
        aliases: &["reviewid"],
    },
    Field {
        name: "name",
        aliases: &["name", "reviewername"],
    },
    Field {
        name: "text",
        aliases: &["text"],
    },
    Field {
        name: "publishedAtDate",
        aliases: &["publishedatdate"],
    },
    Field {
        name: "publishAt",
        aliases: &["publishat"],
    },
    Field {
        name: "stars",
        aliases: &["stars"],
    },
    Field {
        name: "rating",
        aliases: &["rating"],
    },
    Field {
        name: "responseFromOwnerText",
        aliases: &["responsefromownertext"],
    },
    Field {
        name: "responseFromOwnerDate",
        aliases: &["responsefromownerdate"],
    },
    Field {
        name: "placeId",
        aliases: &["placeid"],
    },
    Field {
        name: "cid",
        aliases: &["cid"],
    },
    Field {
        name: "title",
        aliases: &["title"],
    },
    Field {
        name: "reviews",
        aliases: &["reviews"],
    },
];

#[derive(Clone, Default)]
pub struct Apify {
    place: PlaceNames,
    /// The CSV flattens reviews nested in each place (`reviews/0/text` …).
    nested: bool,
}

/// Why an Apify place with nested reviews is not read.
const NESTED_REVIEWS: &str = "this item holds its reviews nested in `reviews`, which reputable does not read, so they would be lost; download the dataset with one review per row (the Google Maps Reviews Scraper does; in the Google Maps Scraper set `oneReviewPerRow`)";

impl Flat for Apify {
    fn fields(&self) -> Fields {
        APIFY_FIELDS
    }

    fn begin(&mut self, names: &[&str]) {
        self.nested = names.iter().any(|n| n.starts_with("reviews/"));
    }

    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError> {
        use apify::*;
        if self.nested || matches!(row.get(NESTED), Scalar::Nested) {
            return Err(RowError::bad(NESTED, NESTED_REVIEWS));
        }
        let review_fields = [
            REVIEW_ID, AUTHOR, TEXT, PUBLISHED, RELATIVE, STARS, RATING, REPLY, REPLY_AT,
        ];
        if is_place_without_reviews(row, &review_fields, &[PLACE_ID, CID, TITLE]) {
            out.places_without_reviews += 1;
            return Ok(());
        }
        // Apify writes UTC (`…Z`); a spreadsheet that re-saved the file may
        // have dropped the `Z` or turned it into `3/1/2026 12:34`, in an
        // order only the configuration can tell.
        let order = row.zone.order;
        let posted = match utc_moment(row, PUBLISHED, order)? {
            Some(m) => m,
            None => {
                let (field, message) = match row.text(RELATIVE) {
                    Some(rel) => (
                        RELATIVE,
                        format!(
                            "this row has only the relative date `{rel}` in `{}` and no `publishedAtDate`; reputable never guesses a date — run the scraper again with absolute dates",
                            row.name(RELATIVE)
                        ),
                    ),
                    None => (
                        PUBLISHED,
                        "`publishedAtDate` is empty; the review's posting time is needed"
                            .to_owned(),
                    ),
                };
                return Err(RowError::bad(field, message));
            }
        };
        let (rating_field, rating_value) = if row.has(STARS) || !row.has(RATING) {
            (STARS, row.get(STARS))
        } else {
            (RATING, row.get(RATING))
        };
        let rating = rating_of(row.name(rating_field), rating_value, 5.0)
            .map_err(|m| RowError::bad(rating_field, m))?;
        let location = self.place.read(row, &[PLACE_ID, CID, TITLE], None, out);
        let author = row.owned(AUTHOR);
        let text = row.prose(TEXT);
        let embedded_reply = owner_reply(row, REPLY, &[REPLY_AT], order, ctx, out);
        let id = review_id(row, REVIEW_ID, &location, &author, &posted, &text);
        out.reviews.push(google_review(
            id,
            location,
            author,
            rating,
            posted,
            text,
            embedded_reply,
            ctx,
            row,
        ));
        Ok(())
    }
}

mod outscraper {
    pub const REVIEW_ID: usize = 0;
    pub const AUTHOR: usize = 1;
    pub const TEXT: usize = 2;
    pub const RATING: usize = 3;
    pub const TIMESTAMP: usize = 4;
    pub const DATETIME_UTC: usize = 5;
    pub const REPLY: usize = 6;
    pub const REPLY_TIMESTAMP: usize = 7;
    pub const REPLY_UTC: usize = 8;
    pub const PLACE_ID: usize = 9;
    pub const GOOGLE_ID: usize = 10;
    pub const NAME: usize = 11;
}

const OUTSCRAPER_FIELDS: Fields = &[
    Field {
        name: "review_id",
        aliases: &["reviewid"],
    },
    Field {
        name: "author_title",
        aliases: &["authortitle"],
    },
    Field {
        name: "review_text",
        aliases: &["reviewtext"],
    },
    Field {
        name: "review_rating",
        aliases: &["reviewrating"],
    },
    Field {
        name: "review_timestamp",
        aliases: &["reviewtimestamp"],
    },
    Field {
        name: "review_datetime_utc",
        aliases: &["reviewdatetimeutc"],
    },
    Field {
        name: "owner_answer",
        aliases: &["owneranswer"],
    },
    Field {
        name: "owner_answer_timestamp",
        aliases: &["owneranswertimestamp"],
    },
    Field {
        name: "owner_answer_timestamp_datetime_utc",
        aliases: &["owneranswertimestampdatetimeutc"],
    },
    Field {
        name: "place_id",
        aliases: &["placeid"],
    },
    Field {
        name: "google_id",
        aliases: &["googleid"],
    },
    Field {
        name: "name",
        aliases: &["name"],
    },
];

/// Outscraper rows; `place` holds the enclosing place's names (place id,
/// Google id, name) when its JSON nests reviews under `reviews_data`.
#[derive(Default, Clone)]
pub struct Outscraper {
    place: Vec<Name>,
    names: PlaceNames,
}

impl Flat for Outscraper {
    fn fields(&self) -> Fields {
        OUTSCRAPER_FIELDS
    }

    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError> {
        use outscraper::*;
        let review_fields = [
            REVIEW_ID,
            AUTHOR,
            TEXT,
            RATING,
            TIMESTAMP,
            DATETIME_UTC,
            REPLY,
            REPLY_TIMESTAMP,
            REPLY_UTC,
        ];
        if self.place.is_empty()
            && is_place_without_reviews(row, &review_fields, &[PLACE_ID, GOOGLE_ID, NAME])
        {
            out.places_without_reviews += 1;
            return Ok(());
        }
        // Outscraper's `*_datetime_utc` columns are month first, in UTC.
        let order = DateOrder::MonthFirst;
        let posted = match utc_moment(row, TIMESTAMP, order)? {
            Some(m) => m,
            None => utc_moment(row, DATETIME_UTC, order)?.ok_or_else(|| {
                RowError::bad(
                    TIMESTAMP,
                    "`review_timestamp` and `review_datetime_utc` are both empty; the review's posting time is needed",
                )
            })?,
        };
        let rating = rating_of(row.name(RATING), row.get(RATING), 5.0)
            .map_err(|m| RowError::bad(RATING, m))?;
        // The place's own ids come first: a review entry's `google_id` is
        // one more name of the same place, never a place of its own.
        let location = self
            .names
            .read(row, &[PLACE_ID, GOOGLE_ID, NAME], Some(&self.place), out);
        let author = row.owned(AUTHOR);
        let text = row.prose(TEXT);
        let embedded_reply =
            owner_reply(row, REPLY, &[REPLY_TIMESTAMP, REPLY_UTC], order, ctx, out);
        let id = review_id(row, REVIEW_ID, &location, &author, &posted, &text);
        out.reviews.push(google_review(
            id,
            location,
            author,
            rating,
            posted,
            text,
            embedded_reply,
            ctx,
            row,
        ));
        Ok(())
    }
}

/// A scraper item with a place but none of the review's fields: the
/// scraper's record of a place that has no review.
fn is_place_without_reviews(row: &Row, review: &[usize], place: &[usize]) -> bool {
    review.iter().all(|&f| !row.has(f)) && place.iter().any(|&f| row.has(f))
}

/// The names of the place a scraper's row is about, most specific first:
/// the first is the review's location, the others its aliases (see
/// `Dataset::aliases`), noted when the place changes.
#[derive(Clone, Default)]
struct PlaceNames {
    last: Vec<Name>,
}

impl PlaceNames {
    /// The location of `row`: the first of `enclosing` (a place the row is
    /// nested in) and the row's own `fields` that is not blank.
    fn read(
        &mut self,
        row: &Row,
        fields: &[usize],
        enclosing: Option<&[Name]>,
        out: &mut Parsed,
    ) -> Name {
        // Rows of one place follow each other: when this row names the
        // place the last one did, nothing is built or noted again.
        let enclosing = enclosing.unwrap_or_default();
        if enclosing.is_empty() && !self.last.is_empty() {
            let mut same = true;
            let mut k = 0;
            for &f in fields {
                if let Some(t) = row.text(f)
                    && !self.last[..k].iter().any(|n| *n == *t)
                {
                    same &= self.last.get(k).is_some_and(|n| *n == *t);
                    k += 1;
                }
            }
            if same && k == self.last.len() {
                return self.last[0].clone();
            }
        }
        let mut names: Vec<Name> = enclosing.to_vec();
        for &f in fields {
            if let Some(n) = row.owned(f)
                && !names.contains(&n)
            {
                names.push(n);
            }
        }
        if names != self.last {
            if names.len() > 1 {
                out.aliases
                    .extend(names[1..].iter().map(|a| (names[0].clone(), a.clone())));
            }
            self.last = names.clone();
        }
        names.into_iter().next().unwrap_or_default()
    }
}

/// A timestamp in a UTC column: Unix seconds, RFC 3339, or a date with
/// slashes read in `order` (Outscraper's `MM/DD/YYYY HH:MM:SS`, or Excel's
/// re-saved `M/D/YYYY H:MM`); a time without an offset is UTC, as the
/// scraper wrote it.
fn utc_moment(row: &Row, f: usize, order: DateOrder) -> Result<Option<Moment>, RowError> {
    let when = match when_in(row.name(f), row.get(f), order) {
        Ok(Some(When::Local(dt))) => Some(When::Instant(utc(dt))),
        Ok(w) => w,
        Err(e) => return Err(RowError::bad(f, e)),
    };
    when.map(|w| row.zone.resolve(w).map_err(|m| RowError::bad(f, m)))
        .transpose()
}

fn utc(dt: DateTime) -> jiff::Timestamp {
    // A civil time always has a UTC instant within jiff's range.
    dt.to_zoned_datetime(TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// The owner's answer and its time (the first readable of `time_fields`).
/// A reply whose time is missing or unreadable is reported; the review stays.
fn owner_reply(
    row: &mut Row,
    text_field: usize,
    time_fields: &[usize],
    order: DateOrder,
    ctx: &FileCtx,
    out: &mut Parsed,
) -> Option<EmbeddedReply> {
    let text = row.prose(text_field)?;
    let mut first_err = None;
    for &f in time_fields {
        match utc_moment(row, f, order) {
            Ok(Some(at)) => return Some(EmbeddedReply { at, text }),
            Ok(None) => {}
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    let (field, message) = match first_err {
        Some(e) => (
            e.field,
            format!("{}; the review is kept without its reply", e.message),
        ),
        None => (
            Some(text_field),
            format!(
                "`{}` has an answer but no time for it; the review is kept without its reply",
                row.name(text_field)
            ),
        ),
    };
    out.problems
        .push(row.problem(ctx, Severity::Error, "bad-row", field, message));
    None
}

fn review_id(
    row: &Row,
    f: usize,
    location: &str,
    author: &Option<Name>,
    posted: &Moment,
    text: &Option<String>,
) -> Name {
    row.owned(f).unwrap_or_else(|| {
        derive_id(
            "google",
            location,
            author.as_deref().unwrap_or(""),
            &moment_key(posted),
            text.as_deref().unwrap_or(""),
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn google_review(
    id: Name,
    source_location: Name,
    author: Option<Name>,
    rating: Option<f64>,
    posted: Moment,
    text: Option<String>,
    embedded_reply: Option<EmbeddedReply>,
    ctx: &FileCtx,
    row: &Row,
) -> Review {
    Review {
        platform: Sym::new("google"),
        id,
        source_location: Sym::new(&source_location),
        author,
        rating,
        posted,
        updated: None,
        text,
        embedded_reply: embedded_reply.map(Box::new),
        origin: ctx.origin(row.line),
    }
}

#[derive(Deserialize)]
struct Place<'a> {
    #[serde(borrow, default)]
    place_id: Scalar<'a>,
    #[serde(borrow, default)]
    google_id: Scalar<'a>,
    #[serde(borrow, default)]
    name: Scalar<'a>,
    /// `null` for a place Outscraper found no review for.
    #[serde(borrow, default)]
    reviews_data: Option<Vec<&'a RawValue>>,
}

/// Outscraper's JSON: an array of places, each with `reviews_data[]`.
pub fn read_places(places: &[JsonRec], ctx: &FileCtx, out: &mut Parsed) {
    for rec in places {
        match serde_json::from_str::<Place>(rec.raw) {
            Ok(p) => {
                let reviews = p.reviews_data.unwrap_or_default();
                if reviews.is_empty() {
                    out.places_without_reviews += 1;
                    continue;
                }
                let mut reader = Outscraper {
                    place: [&p.place_id, &p.google_id, &p.name]
                        .into_iter()
                        .filter_map(|v| v.text().map(|t| Name::new(&t)))
                        .collect(),
                    names: PlaceNames::default(),
                };
                // Positions inside the place are found in the place's own text.
                let located = locate(rec.raw, &reviews);
                let shifted: Vec<JsonRec> = located
                    .into_iter()
                    .map(|r| {
                        let (line, col) = super::record::position_after(
                            rec.raw,
                            r.raw.as_ptr() as usize - rec.raw.as_ptr() as usize,
                            rec.line,
                            rec.col,
                        );
                        JsonRec {
                            raw: r.raw,
                            line,
                            col: col.unwrap_or(1),
                        }
                    })
                    .collect();
                read_json_records(&shifted, &mut reader, ctx, out);
            }
            Err(e) => out
                .problems
                .push(json_record_problem(ctx, &e, rec.line, rec.col)),
        }
    }
}
