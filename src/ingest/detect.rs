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

mod stream;
use std::fmt;
pub use stream::{BLOCK, STREAM_MIN, stream};

/// Reads one file, whatever its format.
pub fn read(bytes: &[u8], ctx: &FileCtx) -> Parsed {
    let mut out = Parsed::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some((severity, what)) = binary_kind(bytes) {
        out.problems.push(ctx.problem(
            severity,
            "skipped-file",
            0,
            None,
            format!("not read: {what}"),
        ));
        return out;
    }
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
        b'{' => match line_samples(text) {
            Some(samples) => json_lines(text, &samples, ctx, &mut out),
            None => document(text, ctx, &mut out),
        },
        _ => csv(text, ctx, &mut out),
    }
    out
}

/// Files that are not text, known by their first bytes, and what to do:
/// an archive or workbook may hold the data (an error, as any file that
/// cannot be read), a document or picture is merely in the wrong place.
fn binary_kind(bytes: &[u8]) -> Option<(Severity, &'static str)> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some((
            Severity::Error,
            "a ZIP archive or an Excel workbook (.xlsx), which reputable cannot read; unzip the export into this folder, or save the sheet as CSV UTF-8 (in Excel: Save As → CSV UTF-8)",
        ))
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some((
            Severity::Error,
            "an old Excel workbook (.xls), which reputable cannot read; save the sheet as CSV UTF-8 (in Excel: Save As → CSV UTF-8)",
        ))
    } else if bytes.starts_with(b"\x1F\x8B") {
        Some((
            Severity::Error,
            "a gzip-compressed file, which reputable cannot read; decompress it into this folder",
        ))
    } else if bytes.starts_with(b"%PDF") {
        Some((
            Severity::Warning,
            "a PDF document, not data; keep it outside content/reviews, content/responses and content/requests",
        ))
    } else if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"GIF8")
    {
        Some((
            Severity::Warning,
            "a picture, not data; keep it outside content/reviews, content/responses and content/requests",
        ))
    } else {
        None
    }
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

/// One warning for a file that matches no format, with the rows it may
/// hold (CSV records, JSON Lines, a document's records) and what is missing.
fn unrecognised(ctx: &FileCtx, what: &str, names: &[&str], rows: usize, out: &mut Parsed) {
    let shown: Vec<String> = names.iter().take(10).map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 10 { ", …" } else { "" };
    let listed = if shown.is_empty() {
        String::new()
    } else {
        format!(" ({}{more})", shown.join(", "))
    };
    let word = if what == "header" { "column" } else { "key" };
    let reason = missing(names, word);
    let count = match rows {
        1 => "1 row not read".to_owned(),
        n => format!("{n} rows not read"),
    };
    out.problems.push(
        ctx.problem(
            Severity::Warning,
            "unrecognised-file",
            0,
            None,
            format!(
                "{count}: reputable cannot tell what this file is from its {what}{listed}: {reason}, so it is skipped. It reads: {ACCEPTED}"
            ),
        )
        .with_unread(rows, reason),
    );
}

/// What a reviews file lacks, by the generic reader's names: a date and a
/// rating are the least a review needs.
fn missing(names: &[&str], word: &str) -> String {
    let keys: Vec<String> = names.iter().map(|n| norm(n)).collect();
    let has = |f: usize| {
        keys.iter()
            .any(|k| generic::FIELDS[f].aliases.contains(&k.as_str()))
    };
    let date = has(generic::POSTED);
    let rating = has(generic::RATING) || has(generic::RECOMMENDATION);
    match (date, rating) {
        (false, false) => format!("no date or rating {word}"),
        (false, true) => format!("no date {word}"),
        (true, false) => format!("no rating {word}"),
        (true, true) => format!("no {word} this format needs"),
    }
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
    fn reserve(&self, out: &mut Parsed, rows: usize);
    fn csv(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed);
    fn jsonl(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed);
    fn jsonl_block(&mut self, text: &str, line0: u32, ctx: &FileCtx, out: &mut Parsed) -> u32;
    fn csv_blocks(
        &mut self,
        blocks: &mut dyn record::CsvBlocks,
        ctx: &FileCtx,
        out: &mut Parsed,
    ) -> bool;
    fn records(&mut self, recs: &[JsonRec<'_>], ctx: &FileCtx, out: &mut Parsed);
}

impl<T: Flat> FlatDyn for T {
    fn reserve(&self, out: &mut Parsed, rows: usize) {
        Flat::reserve(self, out, rows);
    }
    fn csv(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed) {
        record::read_csv(text, self, ctx, out);
    }
    fn jsonl(&mut self, text: &str, ctx: &FileCtx, out: &mut Parsed) {
        record::read_jsonl(text, self, ctx, out);
    }
    fn jsonl_block(&mut self, text: &str, line0: u32, ctx: &FileCtx, out: &mut Parsed) -> u32 {
        record::read_jsonl_block(text, line0, self, ctx, out)
    }
    fn csv_blocks(
        &mut self,
        blocks: &mut dyn record::CsvBlocks,
        ctx: &FileCtx,
        out: &mut Parsed,
    ) -> bool {
        record::read_csv_blocks(blocks, self, ctx, out)
    }
    fn records(&mut self, recs: &[JsonRec<'_>], ctx: &FileCtx, out: &mut Parsed) {
        record::read_json_records(recs, self, ctx, out);
    }
}

/// The format a CSV header names. Nested formats have no CSV form; their
/// columns read as generic ones.
fn csv_kind(names: &[&str]) -> Option<Kind> {
    classify(names).filter(|k| !matches!(k, Kind::Google | Kind::Facebook | Kind::OutscraperPlaces))
}

fn csv(text: &str, ctx: &FileCtx, out: &mut Parsed) {
    let header = record::csv_header(text);
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let kind = csv_kind(&names);
    let done = kind.is_some_and(|k| with_flat(k, &mut |r| r.csv(text, ctx, out)));
    if !done {
        let rows = record::csv_records_count(text).saturating_sub(1);
        unrecognised(ctx, "header", &names, rows, out);
    }
}

/// How many records the format of JSON Lines and arrays is decided on: a
/// first record that is empty, broken or cut short must not decide alone.
const SAMPLE: usize = 20;

/// The keys of the first lines that are whole JSON objects, when the text
/// is JSON Lines; `None` when it is one JSON document. The first line
/// decides when it is a whole object (a document's first line holds its
/// array key, or only `{`). When it is not, the text is JSON Lines with a
/// broken first record if every next line starts a record (`{`; a
/// pretty-printed document has lines of keys and brackets) and at least
/// half of them are whole (a document's elements end in `,`, but its last).
fn line_samples(text: &str) -> Option<Vec<Vec<String>>> {
    let keys = |line: &str| {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line)
            .map(|m| m.keys().cloned().collect::<Vec<_>>())
            .ok()
    };
    let mut lines = text
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE);
    let first = lines.next()?;
    let first = keys(first);
    if first.as_deref().is_some_and(is_container) {
        return None;
    }
    let rest: Vec<&str> = lines.collect();
    let whole: Vec<Vec<String>> = rest
        .iter()
        .filter_map(|l| keys(l))
        .filter(|k| !is_container(k))
        .collect();
    if first.is_none()
        && (whole.is_empty()
            || whole.len() * 2 < rest.len()
            || rest.iter().any(|l| !l.trim_start().starts_with('{')))
    {
        return None;
    }
    Some(first.into_iter().chain(whole).collect())
}

/// The format most of the sampled records' keys name (the earliest on a
/// tie), and the keys to show when none does: the first non-empty ones.
fn vote(samples: &[Vec<String>]) -> (Option<Kind>, Vec<&str>) {
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    for keys in samples {
        let names: Vec<&str> = keys.iter().map(String::as_str).collect();
        if let Some(kind) = classify(&names) {
            match counts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((kind, 1)),
            }
        }
    }
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
        .map(|(_, (k, _))| *k);
    let shown = samples
        .iter()
        .find(|k| !k.is_empty())
        .map(|k| k.iter().map(String::as_str).collect())
        .unwrap_or_default();
    (best, shown)
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

fn json_lines(text: &str, samples: &[Vec<String>], ctx: &FileCtx, out: &mut Parsed) {
    let (kind, names) = vote(samples);
    let rows = || text.split('\n').filter(|l| !l.trim().is_empty()).count();
    match kind {
        Some(Kind::Facebook) => facebook::read(&line_records(text), None, ctx, out),
        Some(Kind::Google) => google::read_reviews(&line_records(text), None, ctx, out),
        Some(kind) => {
            if !with_flat(kind, &mut |r| r.jsonl(text, ctx, out)) {
                unrecognised(ctx, "records' keys", &names, rows(), out);
            }
        }
        None => unrecognised(ctx, "records' keys", &names, rows(), out),
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
    /// The holder's key again (a second `reviews` array): read too.
    repeated: Vec<String>,
    /// Another kind of holder after the first, and how many elements its
    /// array has: not read.
    others: Vec<(String, usize)>,
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
                Some(h) if self.0.holder == Some(h) => {
                    self.0.repeated.push(key.clone());
                    map.next_value_seed(Collect(&mut self.0.records))?;
                }
                Some(_) => {
                    let v: serde_json::Value = map.next_value()?;
                    let n = match v {
                        serde_json::Value::Array(a) => a.len(),
                        serde_json::Value::Null => 0,
                        _ => 1,
                    };
                    self.0.others.push((key.clone(), n));
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
    let mut result = DocSeed(&mut doc)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    // A broken record (not a cut-off file) spoils only itself: its array is
    // read again element by element, stepping over the broken one.
    if let Err(e) = &result
        && e.classify() != serde_json::error::Category::Eof
        && let Some(open) = array_start(text, &doc)
        && let Some((elements, problems)) = elements(text, open, ctx)
        // No broken element: the error lies outside the array, and stands.
        && !problems.is_empty()
    {
        doc.records = elements;
        out.problems.extend(problems);
        result = Ok(());
    }
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
    holders_problems(text, &doc, ctx, out);
    let known = records_by_kind(&doc, &records, ctx, out);
    if let Err(e) = result {
        let kept = out.reviews.len() + out.actions.len() + out.requests.len() - before;
        out.problems.push(broken_document(ctx, &e, kept));
    } else if !known {
        let names: Vec<&str> = doc.keys.iter().map(String::as_str).collect();
        let samples: Vec<Vec<String>> = records
            .iter()
            .take(SAMPLE)
            .map(|r| first_keys(r.raw))
            .collect();
        match vote(&samples).1 {
            names if !doc.single => unrecognised(ctx, "records' keys", &names, records.len(), out),
            _ => unrecognised(ctx, "keys", &names, records.len(), out),
        }
    }
}

/// Where the `n`-th (0-based) `"key":` of a document is, as line and column.
fn key_at(text: &str, key: &str, n: usize) -> (u32, Option<u32>) {
    record::position_after(text, key_offset(text, key, n).unwrap_or(0), 1, 1)
}

/// The byte offset of the `n`-th (0-based) `"key":` of a document.
fn key_offset(text: &str, key: &str, n: usize) -> Option<usize> {
    let pat = format!("\"{key}\"");
    text.match_indices(&pat)
        .filter(|(i, _)| text[i + pat.len()..].trim_start().starts_with(':'))
        .nth(n)
        .map(|(i, _)| i)
}

/// The byte offset of the `[` that opens a document's array of records.
fn array_start(text: &str, doc: &Doc) -> Option<usize> {
    let key = match doc.holder? {
        Holder::Array => return text.find('['),
        Holder::Reviews => "reviews",
        Holder::LocationReviews => "locationReviews",
        Holder::Data => "data",
    };
    let at = key_offset(text, key, 0)?;
    text[at..].find('[').map(|k| at + k)
}

/// The elements of the array opening at byte `open`, read one by one, and a
/// `bad-row` error for each that is not valid JSON: reading goes on at the
/// next line starting an element at the broken one's column (elements of a
/// pretty-printed array each start a line). `None` when that cannot be done
/// (elements share a line, or the file ends inside one): the document is
/// then broken from that point, as serde_json says.
fn elements<'a>(
    text: &'a str,
    open: usize,
    ctx: &FileCtx,
) -> Option<(Vec<&'a RawValue>, Vec<crate::problems::Problem>)> {
    let b = text.as_bytes();
    let skip_ws = |mut p: usize| {
        while b.get(p).is_some_and(u8::is_ascii_whitespace) {
            p += 1;
        }
        p
    };
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    let mut pos = open + 1;
    loop {
        pos = skip_ws(pos);
        match b.get(pos) {
            None => return None,
            Some(b']') => return Some((found, problems)),
            Some(_) => {}
        }
        let start = pos;
        let mut de = serde_json::Deserializer::from_str(&text[start..]);
        let broken = match <&RawValue as serde::Deserialize>::deserialize(&mut de) {
            Ok(raw) => {
                found.push(raw);
                let end = raw.get().as_ptr() as usize - text.as_ptr() as usize + raw.get().len();
                pos = skip_ws(end);
                match b.get(pos) {
                    Some(b',') => pos += 1,
                    Some(b']') => return Some((found, problems)),
                    // A comma left out between two records: both are read.
                    Some(b'{') => {
                        let (l, c) = record::position_after(text, pos, 1, 1);
                        problems.push(ctx.problem(
                            Severity::Warning,
                            "bad-row",
                            l,
                            c,
                            "a `,` is missing before this record (records in a list are separated by commas); it is read all the same",
                        ));
                    }
                    _ => return None,
                }
                continue;
            }
            Err(e) if e.classify() == serde_json::error::Category::Eof => return None,
            Err(e) => {
                let (l, c) = record::position_after(text, start, 1, 1);
                record::json_record_problem(ctx, &e, l, c.unwrap_or(1))
            }
        };
        problems.push(broken);
        // The broken element must start its line, to find the next one.
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..start].trim().is_empty() {
            return None;
        }
        let indent = &text[line_start..start];
        let next = text[start..]
            .match_indices('\n')
            .map(|(i, _)| start + i + 1)
            .find(|&l| text[l..].starts_with(indent) && text[l + indent.len()..].starts_with('{'));
        match next {
            Some(l) => pos = l + indent.len(),
            // The broken element was the last: the others are read.
            None => return Some((found, problems)),
        }
    }
}

/// A document with a second array of records is a problem, never quietly
/// half read: a second array under the same key is read too (a warning), an
/// array of another kind is not (an error).
fn holders_problems(text: &str, doc: &Doc, ctx: &FileCtx, out: &mut Parsed) {
    let first = match doc.holder {
        Some(Holder::Reviews) => "reviews",
        Some(Holder::LocationReviews) => "locationReviews",
        Some(Holder::Data) => "data",
        Some(Holder::Array) | None => return,
    };
    let show = |(l, c): (u32, Option<u32>)| format!("{l}:{}", c.unwrap_or(1));
    for (i, key) in doc.repeated.iter().enumerate() {
        let (l, c) = key_at(text, key, i + 1);
        out.problems.push(ctx.problem(
            Severity::Warning,
            "duplicate-key",
            l,
            c,
            format!(
                "`{key}` appears more than once in this document (at {} and {}); the records of every `{key}` array are read — a file should hold one array (export each page to its own file)",
                show(key_at(text, key, 0)),
                show((l, c)),
            ),
        ));
    }
    for (key, n) in &doc.others {
        let (l, c) = key_at(text, key, 0);
        out.problems.push(ctx.problem(
            Severity::Error,
            "unexpected-shape",
            l,
            c,
            format!(
                "this document holds `{first}` (at {}) and also `{key}` with {n} {}; only `{first}` is read, so those are not — keep one array of records per file",
                show(key_at(text, first, 0)),
                if *n == 1 { "entry" } else { "entries" },
            ),
        ));
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
    let samples: Vec<Vec<String>> = records
        .iter()
        .take(SAMPLE)
        .map(|r| first_keys(r.raw))
        .collect();
    match vote(&samples).0 {
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
            "the file is not valid JSON here ({}), so nothing after this point is read; correct it or export it again.{kept_note}",
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
