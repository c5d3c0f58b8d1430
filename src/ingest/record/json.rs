//! JSON Lines and arrays of flat JSON objects: keys matched once per file,
//! each record read in place into a `Row`, positions made absolute.

use super::chunks::*;
use super::csv::*;
use super::row::*;
use crate::ingest::{FileCtx, Parsed};
use crate::problems::Severity;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

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
pub(super) struct RowSeed<'c, 'de> {
    fields: Fields,
    cache: &'c mut KeyCache,
    vals: &'c mut [Scalar<'de>; MAX_FIELDS],
    names: &'c mut [Option<&'de str>; MAX_FIELDS],
    dup: &'c mut Option<Box<Dup>>,
}

/// A second key for a field that already has a value: its value is not read.
#[derive(Debug)]
pub struct Dup {
    field: usize,
    /// The key as written.
    key: String,
    /// Its value, as shown in messages.
    ignored: String,
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
                // A second key for a field already read (rare): reported
                // when it holds a value.
                Some(f) => {
                    let v = map.next_value::<Scalar<'de>>()?;
                    if !v.is_blank() && self.dup.is_none() {
                        *self.dup = Some(Box::new(Dup {
                            field: f,
                            key: key.into_owned(),
                            ignored: v.show().into_owned(),
                        }));
                    }
                }
                None => {
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

    /// Reads one JSON object that starts at `line:col` into this row; a
    /// second key for a field already read comes back for a warning.
    fn fill_json(
        &mut self,
        raw: &'r str,
        line: u32,
        col: u32,
        cache: &mut KeyCache,
    ) -> Result<Option<Box<Dup>>, serde_json::Error> {
        for v in &mut self.vals {
            *v = Scalar::Null;
        }
        self.names = [None; MAX_FIELDS];
        self.line = line;
        self.src = Src::Json { raw, col };
        let mut dup = None;
        let mut de = serde_json::Deserializer::from_str(raw);
        RowSeed {
            fields: self.fields,
            cache,
            vals: &mut self.vals,
            names: &mut self.names,
            dup: &mut dup,
        }
        .deserialize(&mut de)?;
        de.end()?;
        Ok(dup)
    }

    /// The warning for a second key of a field: both places, and which
    /// value is read.
    fn duplicate_key(&self, ctx: &FileCtx, dup: &Dup) -> crate::problems::Problem {
        let (raw, col) = match self.src {
            Src::Json { raw, col } => (raw, col),
            Src::Csv(_) => ("", 1),
        };
        let first = self.name(dup.field);
        let at_first = raw.find(&format!("\"{first}\"")).unwrap_or(0);
        let pat = format!("\"{}\"", dup.key);
        let from = if first == dup.key { at_first + 1 } else { 0 };
        let at_second = raw[from..].find(&pat).map_or(at_first, |k| from + k);
        let (l1, c1) = position_after(raw, at_first, self.line, col);
        let (l2, c2) = position_after(raw, at_second, self.line, col);
        let place = |l: u32, c: Option<u32>| format!("{l}:{}", c.unwrap_or(col));
        let same = if first == dup.key {
            format!("`{first}` appears twice in this record")
        } else {
            format!(
                "`{first}` and `{}` are both read as `{}` in this record",
                dup.key, self.fields[dup.field].name
            )
        };
        let message = format!(
            "{same} (at {} and {}); the first value (`{}`) is read and the second (`{}`) is ignored — remove or rename one of them",
            place(l1, c1),
            place(l2, c2),
            excerpt(&self.get(dup.field).show()),
            excerpt(&dup.ignored),
        );
        ctx.problem(Severity::Warning, "duplicate-key", l2, c2, message)
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
/// are split at line ends and read in parallel into `out`, in order.
pub fn read_jsonl<R: Flat>(text: &str, reader: &mut R, ctx: &FileCtx, out: &mut Parsed) {
    read_jsonl_block(text, 1, reader, ctx, out);
}

/// `read_jsonl` for a text that arrives in blocks, each ending at a line end
/// (the last may not), read in order with the same `reader`: `line0` is the
/// line `block` starts on, 1 for the first block (whose first records also
/// show the reader the keys). Returns the line the next block starts on.
pub fn read_jsonl_block<R: Flat>(
    block: &str,
    line0: u32,
    reader: &mut R,
    ctx: &FileCtx,
    out: &mut Parsed,
) -> u32 {
    if line0 == 1 {
        begin_jsonl(block, reader, ctx);
    }
    let chunks = numbered(line_chunks(block), line0);
    read_chunks(&chunks, reader, out, false, |chunk, line, reader, out| {
        jsonl_chunk(chunk, line, reader, ctx, out);
        true
    });
    line_after(&chunks, line0)
}

/// The reader sees the first whole record's keys before any chunk starts
/// (a broken first line is an error of its own, later).
fn begin_jsonl<R: Flat>(text: &str, reader: &mut R, ctx: &FileCtx) {
    let zone = Zone::of(ctx);
    let mut row = Row::for_json(reader.fields(), &zone);
    for line in text.split('\n').filter(|l| !l.trim().is_empty()).take(20) {
        let mut cache = KeyCache::default();
        if row
            .fill_json(line.strip_suffix('\r').unwrap_or(line), 1, 1, &mut cache)
            .is_ok()
        {
            reader.begin(&cache.keys());
            break;
        }
    }
}

/// Splits a text at line ends into chunks.
pub(super) fn line_chunks(text: &str) -> Vec<&str> {
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
pub(super) fn jsonl_chunk<R: Flat>(
    chunk: &str,
    line0: u32,
    reader: &mut R,
    ctx: &FileCtx,
    out: &mut Parsed,
) {
    let zone = Zone::of(ctx);
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
            Ok(dup) => {
                if let Some(dup) = dup {
                    out.problems.push(row.duplicate_key(ctx, &dup));
                }
                apply(reader, &mut row, ctx, out);
            }
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
    let zone = Zone::of(ctx);
    let mut row = Row::for_json(reader.fields(), &zone);
    for rec in records {
        match row.fill_json(rec.raw, rec.line, rec.col, &mut cache) {
            Ok(dup) => {
                if let Some(dup) = dup {
                    out.problems.push(row.duplicate_key(ctx, &dup));
                }
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
