//! The row machinery: fields and their aliases, values borrowed from the
//! input (`Scalar`), the configured zone with its offsets remembered
//! (`Zone`), one record's values (`Row`), and the `Flat` trait readers implement.

use crate::ingest::offsets::Offsets;
use crate::ingest::{FileCtx, Parsed};
use crate::model::Precision;
use crate::model::{DateOrder, Moment, When};
use crate::model::{Name, Sym};
use crate::problems::Severity;
use jiff::tz::TimeZone;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The most fields a flat reader may declare.
pub const MAX_FIELDS: usize = 13;

/// One field of a reader: its name in messages and the column names or keys
/// it accepts, normalised by `norm` (lower case, letters and digits only).
pub struct Field {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

pub type Fields = &'static [Field];

/// The platform column of the generic reviews and the response log: one
/// list of names, so the two files accept the same headers.
pub const PLATFORM_FIELD: Field = Field {
    name: "platform",
    aliases: &["platform", "source", "site", "network"],
};

/// `Posted At`, `posted_at` and `postedAt` all become `postedat`.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a column name or key belongs to, if any.
pub fn field_of(fields: Fields, key: &str) -> Option<usize> {
    let n = norm(key);
    fields.iter().position(|f| f.aliases.contains(&n.as_str()))
}

/// A value as found in a CSV cell or a JSON object: strings stay borrowed
/// from the input when they can.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Scalar<'a> {
    #[default]
    Null,
    Str(Cow<'a, str>),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    /// An array or object where a plain value was expected.
    Nested,
}

pub use crate::ingest::text::trim;

impl Scalar<'_> {
    /// The value as trimmed text; `None` when null, blank or nested.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Scalar::Str(s) => {
                let t = trim(s);
                (!t.is_empty()).then_some(Cow::Borrowed(t))
            }
            Scalar::Int(i) => Some(Cow::Owned(i.to_string())),
            Scalar::UInt(u) => Some(Cow::Owned(u.to_string())),
            Scalar::Float(f) => Some(Cow::Owned(f.to_string())),
            Scalar::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Scalar::Null | Scalar::Nested => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Scalar::Str(s) => trim(s).is_empty(),
            Scalar::Null => true,
            _ => false,
        }
    }

    /// The value as written, for messages.
    pub fn show(&self) -> Cow<'_, str> {
        match self {
            Scalar::Nested => Cow::Borrowed("a list or object"),
            Scalar::Null => Cow::Borrowed("null"),
            other => other.text().unwrap_or(Cow::Borrowed("")),
        }
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

pub(super) struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number or null")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nested)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nested)
    }
}

/// The configured zone, with its table of offsets (`Offsets`, made once
/// per build): an instant's local date is found in the table, in constant
/// time, whatever the order of the rows.
pub struct Zone<'a> {
    pub tz: &'a TimeZone,
    /// How the file's slashed dates are read (`date_order` in the
    /// configuration).
    pub order: DateOrder,
    offsets: &'a Offsets,
}

impl<'a> Zone<'a> {
    pub fn new(tz: &'a TimeZone, offsets: &'a Offsets) -> Zone<'a> {
        Zone {
            tz,
            order: DateOrder::Unknown,
            offsets,
        }
    }

    /// The zone of the file `ctx` describes, with its date order.
    pub fn of(ctx: &'a FileCtx) -> Zone<'a> {
        Zone {
            order: ctx.date_order,
            ..Zone::new(ctx.tz, ctx.offsets)
        }
    }

    /// Exactly `Moment::resolve(when, tz)`, faster for instants.
    pub fn resolve(&self, when: When) -> Result<Moment, String> {
        match when {
            When::Instant(ts) => match self.offsets.date(ts) {
                Some(date) => Ok(Moment {
                    instant: ts,
                    date,
                    precision: Precision::Instant,
                }),
                None => Moment::resolve(when, self.tz),
            },
            other => Moment::resolve(other, self.tz),
        }
    }
}

/// Where a row's values came from, for pointing at a bad one.
pub(super) enum Src<'r> {
    /// 1-based column number of each field.
    Csv(&'r [Option<u32>; MAX_FIELDS]),
    /// The record's text and the column its first character is in.
    Json { raw: &'r str, col: u32 },
}

/// One record of a flat format, its values sorted into the reader's fields.
pub struct Row<'r> {
    /// The line the record starts on.
    pub line: u32,
    pub zone: &'r Zone<'r>,
    pub(super) fields: Fields,
    pub(super) vals: [Scalar<'r>; MAX_FIELDS],
    /// The column name or key each field was found under, as written.
    pub(super) names: [Option<&'r str>; MAX_FIELDS],
    pub(super) src: Src<'r>,
}

impl<'r> Row<'r> {
    pub fn get(&self, f: usize) -> &Scalar<'r> {
        &self.vals[f]
    }
    /// Trimmed text of a field; `None` when absent or blank.
    pub fn text(&self, f: usize) -> Option<Cow<'_, str>> {
        self.vals[f].text()
    }
    /// The field's text, trimmed, as a `Name` (inline when short); `None`
    /// when blank.
    pub fn owned(&self, f: usize) -> Option<Name> {
        self.text(f).map(|t| Name::new(&t))
    }
    /// As `owned`, for a value many records share (see `model::Sym`).
    pub fn sym(&self, f: usize) -> Option<Sym> {
        self.text(f).map(|t| Sym::new(&t))
    }
    /// Free text (a review or a reply), kept as written; `None` when blank.
    /// Takes the value out of the row, so text JSON had to unescape (and so
    /// already owns) is not copied again.
    pub fn prose(&mut self, f: usize) -> Option<String> {
        match &mut self.vals[f] {
            Scalar::Str(s) if !trim(s).is_empty() => Some(std::mem::take(s).into_owned()),
            other => other.text().map(Cow::into_owned),
        }
    }
    pub fn has(&self, f: usize) -> bool {
        !self.vals[f].is_blank()
    }
    /// The column name or key of a field as the file wrote it, else its
    /// canonical name.
    pub fn name(&self, f: usize) -> &str {
        self.names[f].unwrap_or(self.fields[f].name)
    }

    /// Line and column of a field (or of the record when `None`).
    pub fn place(&self, f: Option<usize>) -> (u32, Option<u32>) {
        match (&self.src, f) {
            (Src::Csv(cols), Some(f)) => (self.line, cols[f]),
            (Src::Csv(_), None) => (self.line, None),
            (Src::Json { raw, col }, Some(f)) => match self.names[f] {
                Some(key) => key_place(raw, key, self.line, *col),
                None => (self.line, Some(*col)),
            },
            (Src::Json { col, .. }, None) => (self.line, Some(*col)),
        }
    }

    /// A problem at a field of this row.
    pub fn problem(
        &self,
        ctx: &FileCtx,
        severity: Severity,
        code: &'static str,
        f: Option<usize>,
        message: impl Into<String>,
    ) -> crate::problems::Problem {
        let (line, col) = self.place(f);
        ctx.problem(severity, code, line, col, message)
    }
}

/// Line and column of `"key"` inside a JSON record that starts at `line:col`.
pub(super) fn key_place(raw: &str, key: &str, line: u32, col: u32) -> (u32, Option<u32>) {
    let pat = format!("\"{key}\"");
    match raw.find(&pat) {
        Some(at) => position_after(raw, at, line, col),
        None => (line, Some(col)),
    }
}

/// Line and 1-based column (in bytes, as serde_json counts) of byte `at` of
/// `text`, which itself starts at `line:col`.
pub fn position_after(text: &str, at: usize, line: u32, col: u32) -> (u32, Option<u32>) {
    let before = &text.as_bytes()[..at];
    let newlines = before.iter().filter(|b| **b == b'\n').count() as u32;
    match before.iter().rposition(|b| *b == b'\n') {
        Some(nl) => (line + newlines, Some((at - nl) as u32)),
        None => (line, Some(col + at as u32)),
    }
}

/// Why a row could not be read, and which field is at fault.
#[derive(Debug)]
pub struct RowError {
    pub field: Option<usize>,
    pub code: &'static str,
    pub message: String,
}

impl RowError {
    pub fn bad(field: usize, message: impl Into<String>) -> RowError {
        RowError {
            field: Some(field),
            code: "bad-row",
            message: message.into(),
        }
    }
}

/// A reader of one flat format.
/// Readers are cloned, one per chunk, when a large file is read in parallel.
pub trait Flat: Clone + Send + Sync {
    fn fields(&self) -> Fields;
    /// Sees the header, or the first record's keys, once before any row.
    fn begin(&mut self, _names: &[&str]) {}
    /// Makes room for `rows` records before reading (the lines of the
    /// chunk, as many as it can hold), so the output never grows.
    fn reserve(&self, out: &mut Parsed, rows: usize) {
        // Room is a wish: when it cannot be had, the vector grows as it goes.
        let _ = out.reviews.try_reserve(rows);
    }
    /// Turns one row into model records (pushed to `out`), or says why not.
    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError>;
}

pub(super) fn apply(reader: &mut impl Flat, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) {
    // A JSON record with no key of the format (`{}`, or a record of another
    // kind) says so, rather than naming the first field it lacks.
    if let Src::Json { raw, .. } = row.src
        && row.vals.iter().all(|v| matches!(v, Scalar::Null))
    {
        let names: Vec<String> = row
            .fields
            .iter()
            .take(6)
            .map(|f| format!("`{}`", f.name))
            .collect();
        let message = if raw.contains(':') {
            format!(
                "this record holds no value under any key this format reads ({}, …), so it is not read",
                names.join(", ")
            )
        } else {
            "this record is empty, so there is nothing to read".to_owned()
        };
        let p = row.problem(ctx, Severity::Error, "bad-row", None, message);
        out.problems.push(p);
        return;
    }
    let (reviews, actions) = (out.reviews.len(), out.actions.len());
    if let Err(e) = reader.row(row, ctx, out) {
        let p = row.problem(ctx, Severity::Error, e.code, e.field, e.message);
        out.problems.push(p);
    }
    // Long texts are cut as their record is kept (see `ingest::limits`).
    out.reviews[reviews..]
        .iter_mut()
        .for_each(crate::ingest::limits::cap_review);
    out.actions[actions..]
        .iter_mut()
        .for_each(crate::ingest::limits::cap_action);
}
