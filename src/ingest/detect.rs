//! Chooses a reader by looking at a file's content (SPEC §3.2): JSON
//! documents by their keys, JSON Lines and CSV by their first record's keys
//! or header. File names never matter.
//!
//! A JSON document is read in one streaming pass that keeps each record as
//! raw text (so its line is known and a bad record spoils only itself); when
//! the document is cut off, the complete records before the cut still load
//! and one `unreadable-file` error says where the file ends.

use super::record::{self, Flat, JsonRec, norm};
use super::{FileCtx, Parsed, facebook, generic, google, requests, responses, scraper, yelp};
use crate::problems::Severity;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// Reads one file, whatever its format.
pub fn read(bytes: &[u8], ctx: &FileCtx) -> Parsed {
    let mut out = Parsed::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        out.problems.push(ctx.problem(
            Severity::Error,
            "unreadable-file",
            1,
            None,
            "the file is UTF-16 text; save it as UTF-8 (in Excel: Save As → CSV UTF-8)",
        ));
        return out;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let col = good.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
            out.problems.push(ctx.problem(
                Severity::Error,
                "unreadable-file",
                line,
                Some(col),
                "the file is not UTF-8 text; save it as UTF-8 (in Excel: Save As → CSV UTF-8) and build again",
            ));
            return out;
        }
    };
    let start = text.trim_start();
    if start.is_empty() {
        out.problems.push(ctx.problem(
            Severity::Notice,
            "empty-file",
            0,
            None,
            "the file is empty; there is nothing to read",
        ));
        return out;
    }
    match start.as_bytes()[0] {
        b'[' => document(text, ctx, &mut out),
        b'{' => match first_line_keys(text) {
            Some(keys) if !is_container(&keys) => json_lines(text, &keys, ctx, &mut out),
            _ => document(text, ctx, &mut out),
        },
        _ => csv(text, ctx, &mut out),
    }
    out
}

/// Every format a file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Google review object (inside `reviews[]`, or an array of them).
    Google,
    Yelp,
    Facebook,
    Apify,
    Outscraper,
    /// Outscraper's JSON: places, each with `reviews_data[]`.
    OutscraperPlaces,
    Generic,
    Responses,
    Requests,
}

/// The formats named in the `unrecognised-file` warning.
const ACCEPTED: &str = "Google Business Profile reviews (API list response, Takeout reviews.json, batchGetReviews), Yelp Open Dataset review.json, Facebook page ratings, Apify or Outscraper Google reviews (CSV or JSON), a reviews CSV or JSON Lines file with at least a date and a rating column (platform, review_id, location, author, rating, posted_at, text), a response log (platform, review_id, at, action, channel, responder, text) or review requests (date, location, channel, sent)";

/// Names the format of a record from its keys or a header's column names.
pub fn classify(names: &[&str]) -> Option<Kind> {
    let keys: Vec<String> = names.iter().map(|n| norm(n)).collect();
    let has = |k: &str| keys.iter().any(|x| x == k);
    let has_field = |fields: record::Fields, f: usize| {
        keys.iter().any(|k| fields[f].aliases.contains(&k.as_str()))
    };
    if has("reviewsdata") {
        Some(Kind::OutscraperPlaces)
    } else if has("starrating") || (has("reviewer") && has("createtime")) {
        Some(Kind::Google)
    } else if has("createdtime")
        && (has("recommendationtype")
            || has("opengraphstory")
            || has("reviewtext")
            || has("reviewer"))
    {
        Some(Kind::Facebook)
    } else if has("reviewid") && has("businessid") && has("stars") {
        Some(Kind::Yelp)
    } else if has("publishedatdate")
        || has("responsefromownertext")
        || has("publishat")
        // An Apify item for a place with no review: the place's fields only
        // (`placeId`, `title`, `location` …; with reviews nested in
        // `reviews`, it is another export).
        || has("placeid") && has("title") && !has("reviews")
    {
        Some(Kind::Apify)
    } else if has("reviewrating")
        || has("authortitle")
        || has("reviewtimestamp")
        || has("owneranswer")
    {
        Some(Kind::Outscraper)
    } else if has_field(responses::FIELDS, responses::ACTION)
        && has_field(responses::FIELDS, responses::REVIEW_ID)
    {
        Some(Kind::Responses)
    } else if has_field(requests::FIELDS, requests::SENT)
        && has_field(requests::FIELDS, requests::DATE)
    {
        Some(Kind::Requests)
    } else if has_field(generic::FIELDS, generic::POSTED)
        && (has_field(generic::FIELDS, generic::RATING)
            || has_field(generic::FIELDS, generic::RECOMMENDATION))
    {
        Some(Kind::Generic)
    } else {
        None
    }
}

fn unrecognised(ctx: &FileCtx, what: &str, names: &[&str], out: &mut Parsed) {
    let shown: Vec<String> = names.iter().take(10).map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 10 { ", …" } else { "" };
    let listed = if shown.is_empty() {
        String::new()
    } else {
        format!(" ({}{more})", shown.join(", "))
    };
    out.problems.push(ctx.problem(
        Severity::Warning,
        "unrecognised-file",
        0,
        None,
        format!(
            "reputable cannot tell what this file is from its {what}{listed}, so it is skipped. It reads: {ACCEPTED}"
        ),
    ));
}

/// A flat reader for a kind, if the kind is flat.
fn with_flat(kind: Kind, f: &mut dyn FnMut(&mut dyn FlatDyn)) -> bool {
    match kind {
        Kind::Yelp => f(&mut yelp::Yelp),
        Kind::Apify => f(&mut scraper::Apify::default()),
        Kind::Outscraper => f(&mut scraper::Outscraper::default()),
        Kind::Generic => f(&mut generic::Generic::default()),
        Kind::Responses => f(&mut responses::Responses),
        Kind::Requests => f(&mut requests::Requests),
        Kind::Google | Kind::Facebook | Kind::OutscraperPlaces => return false,
    }
    true
}

/// Object-safe face of `Flat`, so one dispatch serves every driver.
trait FlatDyn {
    fn csv(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed);
    fn jsonl(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed);
    fn records(&mut self, recs: &[JsonRec<'_>], ctx: &FileCtx, out: &mut Parsed);
}

impl<T: Flat> FlatDyn for T {
    fn csv(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed) {
        record::read_csv(text, self, ctx, out);
    }
    fn jsonl(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed) {
        record::read_jsonl(text, self, ctx, out);
    }
    fn records(&mut self, recs: &[JsonRec<'_>], ctx: &FileCtx, out: &mut Parsed) {
        record::read_json_records(recs, self, ctx, out);
    }
}

fn csv(text: &str, ctx: &FileCtx, out: &mut Parsed) {
    let header = record::csv_header(text);
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let kind = classify(&names).filter(|k| {
        // Nested formats have no CSV form; their columns read as generic ones.
        !matches!(k, Kind::Google | Kind::Facebook | Kind::OutscraperPlaces)
    });
    let done = kind.is_some_and(|k| with_flat(k, &mut |r| r.csv(text, ctx, out)));
    if !done {
        unrecognised(ctx, "header", &names, out);
    }
}

/// The keys of the first non-blank line when it is a whole JSON object.
/// When that line is broken JSON (not merely unfinished, as the `{` opening
/// a pretty-printed document is) and the next line is a whole object, the
/// file is JSON Lines with a bad first row, and the next line's keys count.
fn first_line_keys(text: &str) -> Option<Vec<String>> {
    let mut lines = text.split('\n').filter(|l| !l.trim().is_empty());
    let keys = |line: &str| {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line)
            .map(|m| m.keys().cloned().collect::<Vec<_>>())
    };
    match keys(lines.next()?) {
        Ok(k) => Some(k),
        Err(e) if e.classify() != serde_json::error::Category::Eof => {
            lines.next().and_then(|l| keys(l).ok())
        }
        Err(_) => None,
    }
}

/// Keys that make an object a document holding records rather than a record.
fn is_container(keys: &[String]) -> bool {
    keys.iter().any(|k| {
        matches!(
            k.as_str(),
            "reviews" | "locationReviews" | "data" | "nextPageToken" | "totalReviewCount"
        )
    })
}

fn json_lines(text: &str, keys: &[String], ctx: &FileCtx, out: &mut Parsed) {
    let names: Vec<&str> = keys.iter().map(String::as_str).collect();
    match classify(&names) {
        Some(Kind::Facebook) => facebook::read(&line_records(text), None, ctx, out),
        Some(Kind::Google) => google::read_reviews(&line_records(text), None, ctx, out),
        Some(kind) => {
            if !with_flat(kind, &mut |r| r.jsonl(text, ctx, out)) {
                unrecognised(ctx, "first record's keys", &names, out);
            }
        }
        None => unrecognised(ctx, "first record's keys", &names, out),
    }
}

/// Each non-blank line of a JSON Lines text as a record.
fn line_records(text: &str) -> Vec<JsonRec<'_>> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| JsonRec {
            raw: l,
            line: i as u32 + 1,
            col: 1,
        })
        .collect()
}

/// Which array of records a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holder {
    /// A top-level array.
    Array,
    /// `reviews[]` (Google list response, Takeout).
    Reviews,
    /// `locationReviews[]` (Google batchGetReviews).
    LocationReviews,
    /// `data[]` (Facebook Graph API, with `paging`).
    Data,
}

/// What one streaming pass over a JSON document found.
#[derive(Default)]
struct Doc<'a> {
    holder: Option<Holder>,
    records: Vec<&'a RawValue>,
    keys: Vec<String>,
    page_id: Option<String>,
    /// A top-level object with no array of records: itself one record.
    single: bool,
}

struct DocSeed<'o, 'a>(&'o mut Doc<'a>);

impl<'a> DeserializeSeed<'a> for DocSeed<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for DocSeed<'_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object or array")
    }
    fn visit_seq<A: SeqAccess<'a>>(self, seq: A) -> Result<(), A::Error> {
        self.0.holder = Some(Holder::Array);
        Collect(&mut self.0.records).visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let holder = match key.as_str() {
                "reviews" => Some(Holder::Reviews),
                "locationReviews" => Some(Holder::LocationReviews),
                "data" => Some(Holder::Data),
                _ => None,
            };
            match holder {
                Some(h) if self.0.holder.is_none() => {
                    self.0.holder = Some(h);
                    map.next_value_seed(Collect(&mut self.0.records))?;
                }
                _ if matches!(key.as_str(), "page_id" | "pageId") => {
                    let v: record::Scalar = map.next_value()?;
                    self.0.page_id = v.text().map(|t| t.into_owned());
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            self.0.keys.push(key);
        }
        self.0.single = self.0.holder.is_none();
        Ok(())
    }
}

/// Collects an array's elements as raw text, one by one, so that the
/// elements before a cut-off point survive the error.
struct Collect<'o, 'a>(&'o mut Vec<&'a RawValue>);

impl<'a> DeserializeSeed<'a> for Collect<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for Collect<'_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(r) = seq.next_element::<&'a RawValue>()? {
            self.0.push(r);
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

fn document(text: &str, ctx: &FileCtx, out: &mut Parsed) {
    let mut doc = Doc::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let result = DocSeed(&mut doc)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    let mut records = record::locate(text, &doc.records);
    let page_keys = ["averageRating", "totalReviewCount", "nextPageToken"];
    if doc.single && doc.keys.iter().any(|k| page_keys.contains(&k.as_str())) {
        // A page of Google's list response with no reviews on it.
        records.clear();
    } else if doc.single {
        // A lone object: one record, if its keys say which format.
        let lead = &text[..text.len() - text.trim_start().len()];
        let (line, col) = record::position_after(lead, lead.len(), 1, 1);
        records = vec![JsonRec {
            raw: text.trim(),
            line,
            col: col.unwrap_or(1),
        }];
    }
    let before = out.reviews.len() + out.actions.len() + out.requests.len();
    let known = records_by_kind(&doc, &records, ctx, out);
    if let Err(e) = result {
        let kept = out.reviews.len() + out.actions.len() + out.requests.len() - before;
        out.problems.push(broken_document(ctx, &e, kept));
    } else if !known {
        let names: Vec<&str> = doc.keys.iter().map(String::as_str).collect();
        match records.first().map(|r| first_keys(r.raw)) {
            Some(keys) if !doc.single => {
                let names: Vec<&str> = keys.iter().map(String::as_str).collect();
                unrecognised(ctx, "records' keys", &names, out);
            }
            _ => unrecognised(ctx, "keys", &names, out),
        }
    }
}

fn first_keys(raw: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Reads a document's records with the reader their holder or keys name;
/// false when no reader fits.
fn records_by_kind(doc: &Doc, records: &[JsonRec], ctx: &FileCtx, out: &mut Parsed) -> bool {
    match doc.holder {
        Some(Holder::Reviews) => {
            google::read_reviews(records, None, ctx, out);
            return true;
        }
        Some(Holder::LocationReviews) => {
            google::read_batch(records, ctx, out);
            return true;
        }
        _ => {}
    }
    if records.is_empty() {
        // An empty page of a known shape is fine; an unknown shape is not.
        let page_keys = ["averageRating", "totalReviewCount", "nextPageToken"];
        return doc.holder.is_some() || doc.keys.iter().any(|k| page_keys.contains(&k.as_str()));
    }
    let keys = first_keys(records[0].raw);
    let names: Vec<&str> = keys.iter().map(String::as_str).collect();
    match classify(&names) {
        Some(Kind::Google) => google::read_reviews(records, None, ctx, out),
        Some(Kind::Facebook) => facebook::read(records, doc.page_id.as_deref(), ctx, out),
        Some(Kind::OutscraperPlaces) => scraper::read_places(records, ctx, out),
        Some(kind) => return with_flat(kind, &mut |r| r.records(records, ctx, out)),
        None => return false,
    }
    true
}

/// The one error for a document that cannot be parsed to its end.
fn broken_document(ctx: &FileCtx, e: &serde_json::Error, kept: usize) -> crate::problems::Problem {
    let kept_note = match kept {
        0 => String::new(),
        1 => " The 1 complete record before that point was read.".to_owned(),
        n => format!(" The {n} complete records before that point were read."),
    };
    let message = match e.classify() {
        serde_json::error::Category::Eof => format!(
            "the file ends in the middle of a record; it may have been cut off during download — export it again.{kept_note}"
        ),
        _ => format!(
            "the file is not valid JSON here ({}); correct it or export it again.{kept_note}",
            record::json_message(e)
        ),
    };
    ctx.problem(
        Severity::Error,
        "unreadable-file",
        e.line() as u32,
        Some(e.column() as u32),
        message,
    )
}
