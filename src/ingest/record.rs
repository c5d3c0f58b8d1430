//! Shared machinery for row-shaped formats (CSV, JSON Lines, arrays of flat
//! JSON objects): column names and keys are matched to a reader's fields
//! through aliases once per file, values are borrowed from the input, and a
//! bad value becomes a `Problem` at its file, line and column.
//!
//! Readers implement `Flat` (one row in, reviews or actions out); the drivers
//! here (`read_csv`, `read_jsonl`, `read_json_records`) feed them.

use super::time::parse_when;
use super::{FileCtx, Parsed};
use crate::model::Name;
use crate::model::Precision;
use crate::model::{Moment, When};
use crate::problems::Severity;
use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use rayon::prelude::*;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

/// The most fields a flat reader may declare.
pub const MAX_FIELDS: usize = 12;

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

/// `str::trim`, skipping its Unicode tables when both ends are plain ASCII
/// (nearly every value).
pub fn trim(s: &str) -> &str {
    // Graphic, not merely "not ASCII white space": `str::trim` also trims
    // the vertical tab, which `is_ascii_whitespace` leaves out.
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

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

struct ScalarVisitor;

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

/// A JSON object key, borrowed when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The configured zone, with the offset periods of recent instants
/// remembered: rows cluster in a few periods (this winter, last summer), and
/// finding a zone's offset from its rules costs more than parsing the row.
/// The local day of the last instant is remembered too: rows in time order
/// fall on the same day many times running.
pub struct Zone<'a> {
    pub tz: &'a TimeZone,
    /// `[start, end)` and the offset in force throughout, most recent first.
    periods: Cell<[Option<Period>; 4]>,
    /// `[start, end)` of the last local day seen, within one period, and its date.
    day: Cell<Option<(Timestamp, Timestamp, jiff::civil::Date)>>,
}

type Period = (Timestamp, Timestamp, Offset);

impl<'a> Zone<'a> {
    pub fn new(tz: &'a TimeZone) -> Zone<'a> {
        Zone {
            tz,
            periods: Cell::new([None; 4]),
            day: Cell::new(None),
        }
    }

    /// Exactly `Moment::resolve(when, tz)`, faster for instants.
    pub fn resolve(&self, when: When) -> Result<Moment, String> {
        match when {
            When::Instant(ts) => Ok(Moment {
                instant: ts,
                date: self.date(ts),
                precision: Precision::Instant,
            }),
            other => Moment::resolve(other, self.tz),
        }
    }

    /// The local date of an instant.
    fn date(&self, ts: Timestamp) -> jiff::civil::Date {
        if let Some((start, end, date)) = self.day.get()
            && start <= ts
            && ts < end
        {
            return date;
        }
        let (start, end, offset) = self.period(ts);
        let local = offset.to_datetime(ts);
        let date = local.date();
        // The day's bounds under this offset, cut to the period the offset
        // holds in; left uncached when they fall outside jiff's range.
        // Arithmetic only: rows out of time order miss every time.
        let t = local.time();
        let into_day = jiff::SignedDuration::new(
            i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second()),
            t.subsec_nanosecond(),
        );
        if let Ok(midnight) = ts.checked_sub(into_day)
            && let Ok(next) = midnight.checked_add(jiff::SignedDuration::from_hours(24))
        {
            self.day
                .set(Some((midnight.max(start), next.min(end), date)));
        }
        date
    }

    fn period(&self, ts: Timestamp) -> Period {
        let mut periods = self.periods.get();
        if let Some(i) = periods
            .iter()
            .position(|p| p.is_some_and(|(start, end, _)| start <= ts && ts < end))
        {
            let found = periods[i];
            periods[..=i].rotate_right(1);
            periods[0] = found;
            self.periods.set(periods);
            if let Some(p) = found {
                return p;
            }
        }
        let offset = self.tz.to_offset(ts);
        // The last transition at or before `ts` and the first after it.
        let after = ts
            .checked_add(jiff::SignedDuration::from_nanos(1))
            .unwrap_or(ts);
        let start = self
            .tz
            .preceding(after)
            .next()
            .map_or(Timestamp::MIN, |t| t.timestamp());
        let end = self
            .tz
            .following(ts)
            .next()
            .map_or(Timestamp::MAX, |t| t.timestamp());
        periods.rotate_right(1);
        periods[0] = Some((start, end, offset));
        self.periods.set(periods);
        (start, end, offset)
    }
}

/// Where a row's values came from, for pointing at a bad one.
enum Src<'r> {
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
    fields: Fields,
    vals: [Scalar<'r>; MAX_FIELDS],
    /// The column name or key each field was found under, as written.
    names: [Option<&'r str>; MAX_FIELDS],
    src: Src<'r>,
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
fn key_place(raw: &str, key: &str, line: u32, col: u32) -> (u32, Option<u32>) {
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
        out.reviews.reserve(rows);
    }
    /// Turns one row into model records (pushed to `out`), or says why not.
    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError>;
}

fn apply(reader: &mut impl Flat, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) {
    if let Err(e) = reader.row(row, ctx, out) {
        let p = row.problem(ctx, Severity::Error, e.code, e.field, e.message);
        out.problems.push(p);
    }
}

/// Guesses the delimiter from the header line: comma unless semicolons or
/// tabs are more common there (spreadsheets in many locales write `;`).
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.split('\n').next().unwrap_or("");
    let (mut comma, mut semi, mut tab, mut quoted) = (0, 0, 0, false);
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => comma += 1,
            b';' if !quoted => semi += 1,
            b'\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// The header of a CSV text, as written.
pub fn csv_header(text: &str) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => rec.iter().map(|h| h.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// Reads a CSV text (RFC 4180: quoted fields may hold commas, quotes and
/// newlines) row by row; a problem's line is the line its record starts on.
/// Large texts are split at record boundaries and read in parallel into
/// `out.pieces`, in order, so the records are those of one pass.
pub fn read_csv<R: Flat>(text: &str, reader: &mut R, ctx: &FileCtx, out: &mut Parsed) {
    let fields = reader.fields();
    let delimiter = sniff_delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.problems.push(ctx.problem(
                Severity::Error,
                "unreadable-file",
                1,
                None,
                format!("the header cannot be read: {e}"),
            ));
            return;
        }
    };
    // Where the records begin, past the header's line ending.
    let mut body = rdr.position().byte() as usize;
    let mut body_line = rdr.position().line() as u32;
    if text.as_bytes().get(body) == Some(&b'\n') {
        body += 1;
        body_line += 1;
    }
    // Resolve each field to a column once; the first matching column wins.
    let mut layout = CsvLayout {
        delimiter,
        index: [None; MAX_FIELDS],
        cols: [None; MAX_FIELDS],
        names: [None; MAX_FIELDS],
    };
    for (i, h) in header.iter().enumerate() {
        if let Some(f) = field_of(fields, h)
            && layout.index[f].is_none()
        {
            layout.index[f] = Some(i);
            layout.cols[f] = Some(i as u32 + 1);
            layout.names[f] = Some(h.trim());
        }
    }
    let names_all: Vec<&str> = header.iter().map(str::trim).collect();
    reader.begin(&names_all);

    let body = text.get(body..).unwrap_or("");
    let chunks = numbered(csv_chunks(body), body_line);
    read_chunks(&chunks, reader, out, |chunk, line, reader, out| {
        csv_chunk(chunk, line, &layout, reader, ctx, out);
    });
}

/// Reads numbered chunks with `read`: a single chunk straight into `out`,
/// several on every core, each with its own clone of the reader and room
/// for its lines, into `out.pieces` in order (`read_files` joins them with
/// every other file's, copying each record once) with their problems in
/// `out.problems`.
fn read_chunks<R: Flat>(
    chunks: &[(&str, u32, usize)],
    reader: &mut R,
    out: &mut Parsed,
    read: impl Fn(&str, u32, &mut R, &mut Parsed) + Sync,
) {
    // Records go after any pieces already read into `out`.
    if let [(chunk, line, lines)] = *chunks
        && out.pieces.is_empty()
    {
        reader.reserve(out, lines + 1);
        read(chunk, line, reader, out);
        return;
    }
    let parts: Vec<Parsed> = chunks
        .par_iter()
        .map(|&(chunk, line, lines)| {
            let mut part = Parsed::default();
            let mut reader = reader.clone();
            reader.reserve(&mut part, lines + 1);
            read(chunk, line, &mut reader, &mut part);
            part
        })
        .collect();
    for mut part in parts {
        out.problems.append(&mut part.problems);
        out.pieces.push(part);
    }
}

/// Where a CSV file's fields are, resolved once from its header.
struct CsvLayout<'h> {
    delimiter: u8,
    /// 0-based column of each field.
    index: [Option<usize>; MAX_FIELDS],
    /// 1-based column of each field, for messages.
    cols: [Option<u32>; MAX_FIELDS],
    names: [Option<&'h str>; MAX_FIELDS],
}

/// Reads a run of whole CSV records whose first line is `line0`.
fn csv_chunk<R: Flat>(
    chunk: &str,
    line0: u32,
    layout: &CsvLayout,
    reader: &mut R,
    ctx: &FileCtx,
    out: &mut Parsed,
) {
    let fields = reader.fields();
    let zone = Zone::new(ctx.tz);
    csv_records(chunk, layout.delimiter, line0, |line, rec| {
        // A row of empty cells (`,,,,`) is padding, not a record.
        if rec.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let mut vals = [const { Scalar::Null }; MAX_FIELDS];
        for (val, index) in vals.iter_mut().zip(&layout.index[..fields.len()]) {
            if let Some(v) = index.and_then(|i| rec.get(i)) {
                *val = Scalar::Str(Cow::Borrowed(v));
            }
        }
        let mut row = Row {
            line,
            zone: &zone,
            fields,
            vals,
            names: layout.names,
            src: Src::Csv(&layout.cols),
        };
        apply(reader, &mut row, ctx, out);
    });
}

/// Calls `each` with every record of a run of whole CSV records whose first
/// line is `line0`, and the line the record starts on, exactly as the csv
/// crate reads them (RFC 4180; `\n`, `\r\n` or `\r` ends a record; blank
/// lines are skipped). A line whose fields need no unescaping, the
/// commonest kind, is cut into fields where it lies; any other record is
/// read by `csv_core`, the csv crate's own parser.
fn csv_records(chunk: &str, delimiter: u8, line0: u32, mut each: impl FnMut(u32, &[&str])) {
    let bytes = chunk.as_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(16);
    let mut core = None;
    let (mut pos, mut line) = (0usize, line0);
    while pos < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        let raw = &chunk[pos..end];
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.is_empty() {
            (pos, line) = (end + 1, line + 1);
            continue;
        }
        if simple_fields(raw, delimiter, &mut fields) {
            each(line, &fields);
            (pos, line) = (end + 1, line + 1);
            continue;
        }
        // csv_core skips line endings before a record.
        let skip = bytes[pos..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        line += count(&bytes[pos..pos + skip], b'\n') as u32;
        pos += skip;
        let (rdr, text, ends) = core.get_or_insert_with(|| {
            (
                csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
                vec![0u8; 1 << 10],
                vec![0usize; 32],
            )
        });
        rdr.reset();
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        let record = loop {
            let (result, i, o, e) =
                rdr.read_record(&bytes[pos + nin..], &mut text[nout..], &mut ends[nend..]);
            (nin, nout, nend) = (nin + i, nout + o, nend + e);
            match result {
                // The next call gets no input, which ends the record.
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => text.resize(text.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record => break true,
                csv_core::ReadRecordResult::End => break false,
            }
        };
        let first = line;
        line += count(&bytes[pos..pos + nin], b'\n') as u32;
        pos += nin;
        if !record {
            break;
        }
        // The fields are the text's bytes less some quotes, so UTF-8 (and
        // borrowed, not copied, here); each field is, so each end is a
        // character boundary.
        let text = String::from_utf8_lossy(&text[..nout]);
        let mut start = 0;
        let rec: Vec<&str> = ends[..nend]
            .iter()
            .map(|&e| {
                let field = text.get(start..e).unwrap_or("");
                start = e;
                field
            })
            .collect();
        each(first, &rec);
    }
}

/// Cuts one line of CSV (without its line ending) into `fields` where it
/// lies, when that is what an RFC 4180 reader makes of it: unquoted fields
/// without quotes or carriage returns, and quoted fields without doubled
/// quotes, closed on the line. False when the line needs a real parser.
fn simple_fields<'a>(line: &'a str, delimiter: u8, fields: &mut Vec<&'a str>) -> bool {
    fields.clear();
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            let Some(close) = memchr::memchr(b'"', &b[i + 1..]).map(|k| i + 1 + k) else {
                return false;
            };
            fields.push(&line[i + 1..close]);
            match b.get(close + 1) {
                None => return true,
                Some(&d) if d == delimiter => i = close + 2,
                // A doubled quote, or text after the closing one.
                Some(_) => return false,
            }
        } else {
            match memchr::memchr3(delimiter, b'"', b'\r', &b[i..]) {
                None => {
                    fields.push(&line[i..]);
                    return true;
                }
                Some(k) if b[i + k] == delimiter => {
                    fields.push(&line[i..i + k]);
                    i += k + 1;
                }
                Some(_) => return false,
            }
        }
    }
}

/// Texts smaller than this are read in one piece.
const CHUNK_MIN: usize = 1 << 20;

/// Pieces are at most this large, so that when the threads read several
/// files at once, the one that finishes first can take pieces of the
/// others' rather than wait.
const CHUNK_MAX: usize = 8 << 20;

/// Chunk length for a text: one per thread, never tiny nor huge; the whole
/// text when there is only one thread to read it.
fn chunk_target(len: usize) -> usize {
    match rayon::current_num_threads() {
        0 | 1 => usize::MAX,
        n => (len / n + 1).clamp(CHUNK_MIN, CHUNK_MAX),
    }
}

/// Splits a CSV body at newlines outside quotes into chunks. A newline is
/// outside quotes when the quotes before it are even in number (RFC 4180
/// escapes a quote by doubling it).
fn csv_chunks(body: &str) -> Vec<&str> {
    let bytes = body.as_bytes();
    let target = chunk_target(bytes.len());
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut quotes_before = 0usize;
    let mut probe = start.saturating_add(target);
    while probe < bytes.len() {
        // Quotes and lines up to the probe, counted in one vectorisable pass.
        quotes_before += count(&bytes[start..probe], b'"');
        let mut quoted = quotes_before % 2 == 1;
        let mut end = None;
        for (i, b) in bytes[probe..].iter().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    end = Some(probe + i + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        quotes_before += count(&bytes[probe..end], b'"');
        chunks.push(&body[start..end]);
        start = end;
        probe = start.saturating_add(target);
    }
    chunks.push(&body[start..]);
    chunks
}

/// Chunks with the line each starts on (the first on `line0`) and the
/// number of lines it holds, which is also as many records as it can hold:
/// its vectors are sized by it, so that they never grow. The lines are
/// counted on every core.
fn numbered(chunks: Vec<&str>, line0: u32) -> Vec<(&str, u32, usize)> {
    let lines: Vec<usize> = chunks
        .par_iter()
        .map(|c| count(c.as_bytes(), b'\n'))
        .collect();
    let mut line = line0;
    chunks
        .into_iter()
        .zip(lines)
        .map(|(chunk, n)| {
            let first = line;
            line += n as u32;
            (chunk, first, n)
        })
        .collect()
}

/// How often `byte` occurs. Counting in blocks of 255 into a `u8` lets the
/// compiler compare and add 32 bytes at a time; a plain `filter().count()`
/// widens every byte to `usize` and is several times slower.
fn count(bytes: &[u8], byte: u8) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, b| n.wrapping_add(u8::from(*b == byte))) as usize
        })
        .sum()
}

/// Remembers which field each key seen in a file belongs to, so that the
/// alias table is consulted once per key rather than once per row. Records
/// usually list their keys in the same order, so the key at position `i` is
/// tried first against the `i`-th key remembered.
#[derive(Default)]
pub struct KeyCache {
    seen: Vec<(String, Option<usize>)>,
}

impl KeyCache {
    fn lookup(&mut self, fields: Fields, key: &str, ordinal: usize) -> Option<usize> {
        if let Some((k, f)) = self.seen.get(ordinal)
            && k == key
        {
            return *f;
        }
        if let Some((_, f)) = self.seen.iter().find(|(k, _)| k == key) {
            return *f;
        }
        let f = field_of(fields, key);
        if self.seen.len() < 64 {
            self.seen.push((key.to_owned(), f));
        }
        f
    }
    pub fn keys(&self) -> Vec<&str> {
        self.seen.iter().map(|(k, _)| k.as_str()).collect()
    }
}

/// Fills a row's values from one JSON object, in place.
struct RowSeed<'c, 'de> {
    fields: Fields,
    cache: &'c mut KeyCache,
    vals: &'c mut [Scalar<'de>; MAX_FIELDS],
    names: &'c mut [Option<&'de str>; MAX_FIELDS],
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one record)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut ordinal = 0;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match self.cache.lookup(self.fields, &key, ordinal) {
                Some(f) if self.vals[f].is_blank() => {
                    self.vals[f] = map.next_value::<Scalar<'de>>()?;
                    if let Cow::Borrowed(k) = key {
                        self.names[f] = Some(k);
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            ordinal += 1;
        }
        Ok(())
    }
}

impl<'r> Row<'r> {
    /// An empty row for JSON records, refilled by `fill_json` for each.
    fn for_json(fields: Fields, zone: &'r Zone<'r>) -> Row<'r> {
        Row {
            line: 0,
            zone,
            fields,
            vals: [const { Scalar::Null }; MAX_FIELDS],
            names: [None; MAX_FIELDS],
            src: Src::Json { raw: "", col: 1 },
        }
    }

    /// Reads one JSON object that starts at `line:col` into this row.
    fn fill_json(
        &mut self,
        raw: &'r str,
        line: u32,
        col: u32,
        cache: &mut KeyCache,
    ) -> Result<(), serde_json::Error> {
        for v in &mut self.vals {
            *v = Scalar::Null;
        }
        self.names = [None; MAX_FIELDS];
        self.line = line;
        self.src = Src::Json { raw, col };
        let mut de = serde_json::Deserializer::from_str(raw);
        RowSeed {
            fields: self.fields,
            cache,
            vals: &mut self.vals,
            names: &mut self.names,
        }
        .deserialize(&mut de)?;
        de.end()
    }
}

/// serde_json's message without its trailing "at line L column C".
pub fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// The problem for a JSON record that does not parse; `line:col` is where
/// the record starts, so serde_json's position is made absolute.
pub fn json_record_problem(
    ctx: &FileCtx,
    e: &serde_json::Error,
    line: u32,
    col: u32,
) -> crate::problems::Problem {
    let (l, c) = absolute(e, line, col);
    let message = match e.classify() {
        serde_json::error::Category::Eof => {
            "this record ends before it is complete (a missing `}`, `]` or `\"`)".to_owned()
        }
        serde_json::error::Category::Syntax => {
            format!("this record is not valid JSON: {}", json_message(e))
        }
        _ => format!(
            "this record does not have the expected shape: {}",
            json_message(e)
        ),
    };
    ctx.problem(Severity::Error, "bad-row", l, Some(c), message)
}

/// serde_json's position inside a record made absolute in the file.
pub fn absolute(e: &serde_json::Error, line: u32, col: u32) -> (u32, u32) {
    let (el, ec) = (e.line() as u32, e.column() as u32);
    if el <= 1 {
        (line, col + ec.saturating_sub(1))
    } else {
        (line + el - 1, ec)
    }
}

/// Reads JSON Lines: one object per line, blank lines skipped. Large texts
/// are split at line ends and read in parallel into `out.pieces`, in order.
pub fn read_jsonl<R: Flat>(text: &str, reader: &mut R, ctx: &FileCtx, out: &mut Parsed) {
    let first = text
        .split('\n')
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    // The reader sees the first record's keys before any chunk starts.
    let zone = Zone::new(ctx.tz);
    let mut cache = KeyCache::default();
    if Row::for_json(reader.fields(), &zone)
        .fill_json(first.strip_suffix('\r').unwrap_or(first), 1, 1, &mut cache)
        .is_ok()
    {
        reader.begin(&cache.keys());
    }
    let chunks = numbered(line_chunks(text), 1);
    read_chunks(&chunks, reader, out, |chunk, line, reader, out| {
        jsonl_chunk(chunk, line, reader, ctx, out);
    });
}

/// Splits a text at line ends into chunks.
fn line_chunks(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let target = chunk_target(bytes.len());
    let mut chunks = Vec::new();
    let mut start = 0usize;
    while start.saturating_add(target) < bytes.len() {
        let Some(nl) = memchr::memchr(b'\n', &bytes[start + target..]) else {
            break;
        };
        let end = start + target + nl + 1;
        chunks.push(&text[start..end]);
        start = end;
    }
    chunks.push(&text[start..]);
    chunks
}

/// Reads the JSON Lines of a chunk whose first line is `line0`.
fn jsonl_chunk<R: Flat>(chunk: &str, line0: u32, reader: &mut R, ctx: &FileCtx, out: &mut Parsed) {
    let zone = Zone::new(ctx.tz);
    let mut cache = KeyCache::default();
    let mut row = Row::for_json(reader.fields(), &zone);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', chunk.as_bytes()).chain(std::iter::once(chunk.len()));
    for (i, end) in ends.enumerate() {
        let line = &chunk[start..end];
        start = end + 1;
        let line_no = line0 + i as u32;
        let l = line.strip_suffix('\r').unwrap_or(line);
        if l.trim_ascii().is_empty() {
            continue;
        }
        match row.fill_json(l, line_no, 1, &mut cache) {
            Ok(()) => apply(reader, &mut row, ctx, out),
            Err(e) => out.problems.push(json_record_problem(ctx, &e, line_no, 1)),
        }
    }
}

/// A record inside a JSON document, with the line and column it starts at.
pub struct JsonRec<'a> {
    pub raw: &'a str,
    pub line: u32,
    pub col: u32,
}

/// Places each raw record of `text` (in document order) at its line and column.
pub fn locate<'a>(text: &'a str, records: &[&'a RawValue]) -> Vec<JsonRec<'a>> {
    let base = text.as_ptr() as usize;
    let bytes = text.as_bytes();
    let (mut pos, mut line, mut line_start) = (0usize, 1u32, 0usize);
    records
        .iter()
        .map(|r| {
            let raw = r.get();
            let at = (raw.as_ptr() as usize)
                .saturating_sub(base)
                .min(bytes.len());
            if at >= pos {
                for (i, b) in bytes[pos..at].iter().enumerate() {
                    if *b == b'\n' {
                        line += 1;
                        line_start = pos + i + 1;
                    }
                }
                pos = at;
            }
            JsonRec {
                raw,
                line,
                col: (at - line_start) as u32 + 1,
            }
        })
        .collect()
}

impl JsonRec<'_> {
    /// A problem at `key` of this record (the record's start when the key
    /// is absent or not given).
    pub fn problem(
        &self,
        ctx: &FileCtx,
        severity: Severity,
        code: &'static str,
        key: Option<&str>,
        message: impl Into<String>,
    ) -> crate::problems::Problem {
        let (line, col) = match key {
            Some(k) => key_place(self.raw, k, self.line, self.col),
            None => (self.line, Some(self.col)),
        };
        ctx.problem(severity, code, line, col, message)
    }
}

/// Reads an array of flat JSON objects (already located) with a flat reader.
pub fn read_json_records(
    records: &[JsonRec<'_>],
    reader: &mut impl Flat,
    ctx: &FileCtx,
    out: &mut Parsed,
) {
    let mut cache = KeyCache::default();
    let mut begun = false;
    reader.reserve(out, records.len());
    let zone = Zone::new(ctx.tz);
    let mut row = Row::for_json(reader.fields(), &zone);
    for rec in records {
        match row.fill_json(rec.raw, rec.line, rec.col, &mut cache) {
            Ok(()) => {
                if !begun {
                    reader.begin(&cache.keys());
                    begun = true;
                }
                apply(reader, &mut row, ctx, out);
            }
            Err(e) => out
                .problems
                .push(json_record_problem(ctx, &e, rec.line, rec.col)),
        }
    }
}

// ---- values shared by every reader ----

/// Words that say a date is relative to when the page was scraped.
fn is_relative(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains(" ago")
        || l.starts_with("last ")
        || l.starts_with("edited ")
        || matches!(l.as_str(), "today" | "yesterday" | "just now" | "now")
}

/// A timestamp from a value: strings by `parse_when`, numbers as Unix seconds.
pub fn when_of(name: &str, v: &Scalar) -> Result<Option<When>, String> {
    match v {
        Scalar::Null => Ok(None),
        Scalar::Int(_) | Scalar::UInt(_) | Scalar::Float(_) => {
            let secs = match v {
                Scalar::Int(i) => *i as f64,
                Scalar::UInt(u) => *u as f64,
                Scalar::Float(f) => *f,
                _ => 0.0,
            };
            Timestamp::from_millisecond((secs * 1000.0).round() as i64)
                .map(|t| Some(When::Instant(t)))
                .map_err(|_| format!("`{name}` is {secs}, which is out of range for Unix seconds"))
        }
        Scalar::Str(s) if s.trim().is_empty() => Ok(None),
        Scalar::Str(s) => parse_when(s).map(Some).map_err(|e| {
            let s = s.trim();
            if is_relative(s) {
                format!(
                    "`{name}` is `{s}`, a relative date; reputable never guesses a date from it — export the reviews again with absolute dates (for example 2026-03-04T09:30:00Z)"
                )
            } else {
                format!("`{name}`: {e}")
            }
        }),
        Scalar::Bool(_) | Scalar::Nested => Err(format!(
            "`{name}` is {}, not a timestamp; write 2026-03-04T09:30:00Z (an instant), 2026-03-04 09:30:00 (local time) or 2026-03-04 (a date)",
            v.show()
        )),
    }
}

/// A moment from a field, resolved in the file's zone; `None` when blank.
pub fn moment(row: &Row, f: usize) -> Result<Option<Moment>, RowError> {
    let w = when_of(row.name(f), row.get(f)).map_err(|m| RowError::bad(f, m))?;
    w.map(|w| row.zone.resolve(w).map_err(|m| RowError::bad(f, m)))
        .transpose()
}

/// A required moment: blank is an error that says what to write.
pub fn required_moment(row: &Row, f: usize) -> Result<Moment, RowError> {
    moment(row, f)?.ok_or_else(|| {
        RowError::bad(
            f,
            format!(
                "`{}` is empty; write when it happened, for example 2026-03-04T09:30:00Z, 2026-03-04 09:30:00 or 2026-03-04",
                row.name(f)
            ),
        )
    })
}

/// The platform named in a field, normalised (`google`, `healthgrades`);
/// blank is an error.
pub fn required_platform(row: &Row, f: usize) -> Result<Name, RowError> {
    match row.text(f) {
        Some(t) => Ok(platform(&t)),
        None => Err(RowError::bad(
            f,
            format!(
                "`{}` is empty; write the platform the review is on (google, yelp, facebook, healthgrades …)",
                row.name(f)
            ),
        )),
    }
}

/// A required text field: blank is an error naming the field.
pub fn required_text(row: &Row, f: usize, what: &str) -> Result<Name, RowError> {
    row.owned(f)
        .ok_or_else(|| RowError::bad(f, format!("`{}` is empty; write {what}", row.name(f))))
}

/// A rating mapped to 1–5 from a value on a `scale`-point scale.
///
/// Empty is unrated. Numbers (and `4/5`, `8/10`) are scaled by 5 / scale;
/// `positive`/`recommended` is 5 and `negative`/`not recommended` 1. On a
/// 10-point (or larger) scale the lowest values map below 1 and are raised
/// to 1, the floor of the 5-point scale.
pub fn rating_of(name: &str, v: &Scalar, scale: f64) -> Result<Option<f64>, String> {
    let advice = |shown: &str| {
        if scale == 5.0 {
            format!(
                "`{name}` is `{shown}`; write a number from 1 to 5, or leave it empty for an unrated review"
            )
        } else {
            format!(
                "`{name}` is `{shown}`; write a number from 0 to {scale} (this file rates out of {scale}), or leave it empty for an unrated review"
            )
        }
    };
    let (value, of) = match v {
        Scalar::Null => return Ok(None),
        Scalar::Int(i) => (*i as f64, scale),
        Scalar::UInt(u) => (*u as f64, scale),
        Scalar::Float(f) => (*f, scale),
        Scalar::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Some(r) = recommendation(t) {
                return Ok(Some(r));
            }
            if let Some((a, b)) = t.split_once('/') {
                match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
                    (Ok(a), Ok(b)) if b > 0.0 => (a, b),
                    _ => return Err(advice(t)),
                }
            } else {
                match t.parse::<f64>() {
                    Ok(x) => (x, scale),
                    Err(_) => return Err(advice(t)),
                }
            }
        }
        Scalar::Bool(_) | Scalar::Nested => return Err(advice(&v.show())),
    };
    let low = if of == 5.0 { 1.0 } else { 0.0 };
    if !value.is_finite() || value < low || value > of {
        let mut msg = advice(&v.show());
        if of == 5.0 && value > 5.0 && value <= 10.0 {
            msg.push_str(
                " (ratings out of 10 go in a column named `rating_10`, or add a `rating_scale` column holding 10)",
            );
        }
        return Err(msg);
    }
    Ok(Some((value * 5.0 / of).max(1.0)))
}

/// A platform name normalised (`model::platform_name`), without the work
/// when it is already plain lower case.
pub fn platform(s: &str) -> Name {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Name::new(s)
    } else {
        crate::model::platform_name(s)
    }
}

/// `positive`/`negative` recommendations (Facebook's words and the common
/// English ones) as ratings 5 and 1.
pub fn recommendation(s: &str) -> Option<f64> {
    match s.trim().to_ascii_lowercase().as_str() {
        "positive" | "recommended" | "recommends" | "recommend" | "yes" => Some(5.0),
        "negative" | "not recommended" | "not_recommended" | "doesn't recommend"
        | "does not recommend" | "no" => Some(1.0),
        _ => None,
    }
}

/// The `location-<id>` folder a file sits in (Google Takeout keeps each
/// location's reviews in one), if any.
pub fn location_folder(path: &str) -> Option<&str> {
    path.rsplit('/')
        .skip(1)
        .find(|part| part.starts_with("location-") && part.len() > "location-".len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_map_to_the_five_point_scale() {
        let s = |x: &'static str| Scalar::Str(Cow::Borrowed(x));
        assert_eq!(rating_of("r", &s("4"), 5.0), Ok(Some(4.0)));
        assert_eq!(rating_of("r", &s("4.5"), 5.0), Ok(Some(4.5)));
        assert_eq!(rating_of("r", &s(""), 5.0), Ok(None));
        assert_eq!(rating_of("r", &s("8"), 10.0), Ok(Some(4.0)));
        assert_eq!(rating_of("r", &s("1"), 10.0), Ok(Some(1.0)));
        assert_eq!(rating_of("r", &s("8/10"), 5.0), Ok(Some(4.0)));
        assert_eq!(rating_of("r", &s("positive"), 5.0), Ok(Some(5.0)));
        assert_eq!(rating_of("r", &s("Negative"), 5.0), Ok(Some(1.0)));
        assert_eq!(rating_of("r", &Scalar::Float(3.5), 5.0), Ok(Some(3.5)));
        assert!(rating_of("r", &s("0"), 5.0).is_err());
        assert!(
            rating_of("r", &s("7"), 5.0)
                .unwrap_err()
                .contains("rating_10")
        );
        assert!(rating_of("r", &s("five"), 5.0).is_err());
    }

    #[test]
    fn the_zone_cache_resolves_exactly_as_moment_does() {
        for name in [
            "America/New_York",
            "Europe/London",
            "Australia/Lord_Howe",
            "UTC",
        ] {
            let tz = TimeZone::get(name).unwrap();
            let zone = Zone::new(&tz);
            // Every 37 minutes through two years of transitions, forwards,
            // then a few jumps backwards and across decades.
            let start: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
            let mut stamps: Vec<Timestamp> = (0..28_500)
                .map(|i| start + jiff::SignedDuration::from_mins(37 * i))
                .collect();
            stamps.extend(
                [
                    "1999-10-31T06:30:00Z",
                    "2026-03-08T06:59:59Z",
                    "2026-03-08T07:00:00Z",
                    "1970-01-01T00:00:00Z",
                    // Either side of local midnights, out of order.
                    "2026-03-08T05:00:00Z",
                    "2026-03-08T04:59:59Z",
                    "2026-03-09T03:59:59Z",
                    "2026-03-09T04:00:00Z",
                    "2026-01-01T00:00:00Z",
                    "2025-12-31T23:59:59Z",
                ]
                .map(|s| s.parse::<Timestamp>().unwrap()),
            );
            for ts in stamps {
                assert_eq!(
                    zone.resolve(When::Instant(ts)),
                    Moment::resolve(When::Instant(ts), &tz),
                    "{name} at {ts}"
                );
            }
        }
    }

    #[test]
    fn takeout_location_folder_is_found_in_any_ancestor() {
        assert_eq!(
            location_folder("content/reviews/takeout/location-123/reviews.json"),
            Some("location-123")
        );
        assert_eq!(
            location_folder("content/reviews/location-9/a/reviews.json"),
            Some("location-9")
        );
        assert_eq!(location_folder("content/reviews/reviews.json"), None);
    }

    #[test]
    fn reading_in_pieces_gives_what_reading_in_one_pass_gives() {
        let mut csv = String::from("platform,review_id,at,action,channel,responder,text\n");
        let mut jsonl = String::new();
        for i in 0..40_000 {
            csv.push_str(&format!(
                "google,r{i},2026-03-04T09:30:00Z,reply,public,Desk,\"Thanks,\n\"\"{i}\"\"\"\n"
            ));
            jsonl.push_str(&format!(
                "{{\"platform\":\"google\",\"review_id\":\"r{i}\",\"rating\":4,\"posted_at\":\"2026-03-04T09:30:00Z\",\"text\":\"Fine {i}\"}}\n"
            ));
        }
        assert!(csv.len() > 2 * CHUNK_MIN && jsonl.len() > 2 * CHUNK_MIN);
        let tz = TimeZone::UTC;
        let ctx = FileCtx {
            tz: &tz,
            file: 0,
            path: "t",
        };
        // One thread reads a text in one pass; two cut it into pieces.
        let read = |threads: usize| {
            let go = || {
                let mut out = Parsed::default();
                read_csv(
                    &csv,
                    &mut super::super::responses::Responses,
                    &ctx,
                    &mut out,
                );
                read_jsonl(
                    &jsonl,
                    &mut super::super::generic::Generic::default(),
                    &ctx,
                    &mut out,
                );
                out
            };
            let p = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool")
                .install(go);
            let pieces = p.pieces.len();
            let p = p.joined();
            let actions: Vec<(String, u32, Option<String>)> = p
                .actions
                .iter()
                .map(|a| (a.review_id.to_string(), a.origin.line, a.text.clone()))
                .collect();
            let reviews: Vec<(String, u32)> = p
                .reviews
                .iter()
                .map(|r| (r.id.to_string(), r.origin.line))
                .collect();
            (actions, reviews, p.problems.len(), pieces)
        };
        let (one_pass, pieces) = (read(1), read(2));
        assert_eq!(one_pass.0.len(), 40_000);
        assert_eq!(one_pass.1.len(), 40_000);
        assert_eq!(one_pass.3, 0);
        assert!(pieces.3 >= 4, "each text is cut in two or more");
        assert_eq!(one_pass.0, pieces.0);
        assert_eq!(one_pass.1, pieces.1);
        assert_eq!(one_pass.2, pieces.2);
    }

    /// What the csv crate reads from a text: each record's fields, and the
    /// line of its first character (the crate's position for a record may
    /// be at line endings before it, which are skipped here).
    fn csv_crate_records(text: &str, delimiter: u8) -> Vec<(u32, Vec<String>)> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        let mut all = Vec::new();
        while rdr.read_record(&mut rec).unwrap() {
            let p = rec.position().unwrap();
            let before: usize = text.as_bytes()[p.byte() as usize..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|b| **b == b'\n')
                .count();
            let line = p.line() as u32 + before as u32;
            all.push((line, rec.iter().map(str::to_owned).collect()));
        }
        all
    }

    #[test]
    fn csv_records_are_what_the_csv_crate_reads() {
        // Texts of random pieces: plain, quoted, doubled quotes, line breaks
        // of every kind inside and outside quotes, blank lines, padding,
        // stray quotes, non-ASCII text, and no line ending at the end.
        const PIECES: &[&str] = &[
            "a",
            "bb",
            "",
            " ",
            "é€",
            "\"q\"",
            "\"x,y\"",
            "\"say \"\"hi\"\"\"",
            "\"two\nlines\"",
            "\"cr\rin\"",
            "mid\"quote",
            "\"open",
            "\"a\" b",
            "\"\"",
            "x\ry",
        ];
        let mut next = crate::testkit::below(0x2545_f491_4f6c_dd1d_u64);
        for round in 0..400 {
            let delimiter = if round % 5 == 0 { b';' } else { b',' };
            let mut text = String::new();
            for _ in 0..1 + next(12) {
                for f in 0..1 + next(5) {
                    if f > 0 {
                        text.push(delimiter as char);
                    }
                    text.push_str(PIECES[next(PIECES.len())]);
                }
                text.push_str(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"][next(5)]);
            }
            if next(3) == 0 {
                text.pop();
            }
            let mut ours = Vec::new();
            csv_records(&text, delimiter, 1, |line, rec| {
                ours.push((line, rec.iter().map(|f| f.to_string()).collect::<Vec<_>>()));
            });
            assert_eq!(ours, csv_crate_records(&text, delimiter), "{text:?}");
        }
    }

    #[test]
    fn simple_csv_lines_are_cut_in_place_and_others_are_left_to_the_parser() {
        let mut f = Vec::new();
        assert!(simple_fields("a,\"b,c\",,d", b',', &mut f));
        assert_eq!(f, ["a", "b,c", "", "d"]);
        assert!(simple_fields("a,", b',', &mut f));
        assert_eq!(f, ["a", ""]);
        for needs_a_parser in ["\"say \"\"hi\"\"\"", "a\"b", "\"open", "\"a\" b", "x\ry"] {
            assert!(
                !simple_fields(needs_a_parser, b',', &mut f),
                "{needs_a_parser}"
            );
        }
    }

    #[test]
    fn counting_bytes_in_blocks_counts_them_all() {
        let text = "a\"b\n".repeat(1000);
        assert_eq!(count(text.as_bytes(), b'"'), 1000);
        assert_eq!(count(text.as_bytes(), b'\n'), 1000);
        assert_eq!(count(&[b'"'; 255], b'"'), 255);
        assert_eq!(count(b"", b'"'), 0);
    }

    #[test]
    fn positions_count_lines_and_byte_columns() {
        let t = "{\n  \"a\": 1,\n  \"rating\": \"x\"\n}";
        let at = t.find("\"rating\"").unwrap();
        assert_eq!(position_after(t, at, 10, 5), (12, Some(3)));
        assert_eq!(position_after(t, 0, 10, 5), (10, Some(5)));
    }
}
