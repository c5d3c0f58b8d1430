//! CSV: the delimiter and header, the record reader with its fast path
//! for lines that need no unescaping, and the problems of malformed records.

use super::chunks::*;
use super::row::*;
use crate::ingest::{FileCtx, Parsed};
use crate::problems::Severity;
use std::borrow::Cow;

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

/// How many records (the header among them) a CSV text holds, as
/// `read_csv` would read them: for the count of a file that is not read.
pub fn csv_records_count(text: &str) -> usize {
    let mut n = 0;
    csv_records(text, sniff_delimiter(text), 1, |_, rec| {
        n += usize::from(rec.is_ok_and(|r| r.iter().any(|f| !f.trim().is_empty())));
    });
    n
}

/// Reads a CSV text (RFC 4180: quoted fields may hold commas, quotes and
/// newlines) row by row; a problem's line is the line its record starts on.
/// Large texts are split at record boundaries and read in parallel into
/// `out`, in order, so the records are those of one pass.
pub fn read_csv<R: Flat>(text: &str, reader: &mut R, ctx: &FileCtx, out: &mut Parsed) {
    read_csv_blocks(&mut Some(text), reader, ctx, out);
}

/// A CSV text that arrives in blocks: each ends at a newline outside
/// quotes, but the last.
pub trait CsvBlocks {
    /// The next block and whether it is the last; `None` when there is no
    /// next one to be had (the file is then read whole).
    fn next_block(&mut self) -> Option<(&str, bool)>;
}

/// A whole text is one block.
impl CsvBlocks for Option<&str> {
    fn next_block(&mut self) -> Option<(&str, bool)> {
        self.take().map(|t| (t, true))
    }
}

/// `read_csv` over blocks, read in order with the same reader and layout,
/// so that records, problems and lines are those of one text. False when
/// the file must be read whole instead (`out` is then to be dropped): a
/// block other than the last ended inside a quote that the cutting took
/// for closed, or the blocks ran out.
pub fn read_csv_blocks<R: Flat>(
    blocks: &mut dyn CsvBlocks,
    reader: &mut R,
    ctx: &FileCtx,
    out: &mut Parsed,
) -> bool {
    let Some((text, mut last)) = blocks.next_block() else {
        return false;
    };
    let fields = reader.fields();
    let delimiter = sniff_delimiter(text);
    let (header, body, body_line) = {
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
                return last;
            }
        };
        // Where the records begin, past the header's line ending.
        let mut body = rdr.position().byte() as usize;
        let mut body_line = rdr.position().line() as u32;
        if text.as_bytes().get(body) == Some(&b'\n') {
            body += 1;
            body_line += 1;
        }
        (header, body, body_line)
    };
    // Resolve each field to a column once; the first matching column wins,
    // and a second column for the same field is reported (its values are
    // not read).
    let names_all: Vec<&str> = header.iter().map(str::trim).collect();
    let mut layout = CsvLayout {
        delimiter,
        header: &names_all,
        index: [None; MAX_FIELDS],
        cols: [None; MAX_FIELDS],
        names: [None; MAX_FIELDS],
    };
    for (i, h) in names_all.iter().enumerate() {
        let Some(f) = field_of(fields, h) else {
            continue;
        };
        match layout.index[f] {
            None => {
                layout.index[f] = Some(i);
                layout.cols[f] = Some(i as u32 + 1);
                layout.names[f] = Some(h);
            }
            Some(first) => out.problems.push(ctx.problem(
                Severity::Warning,
                "duplicate-column",
                1,
                Some(i as u32 + 1),
                duplicate_column(fields[f].name, (names_all[first], first + 1), (h, i + 1)),
            )),
        }
    }
    reader.begin(&names_all);

    let read = |chunk: &str, line, reader: &mut R, out: &mut Parsed| {
        csv_chunk(chunk, line, &layout, reader, ctx, out)
    };
    let only = last;
    let mut body = text.get(body..).unwrap_or("");
    let mut line0 = body_line;
    loop {
        let chunks = numbered(csv_chunks(body), line0);
        let next = line_after(&chunks, line0);
        if !read_chunks(&chunks, reader, out, !last, read) {
            if !only {
                return false;
            }
            // A piece ended inside quotes that one pass reads as closed later
            // (a stray quote inside an unquoted field misled the cutting): one
            // pass, then, so the records are always those of one pass.
            let lines = (next - line0) as usize;
            read_chunks(&[(body, line0, lines)], reader, out, false, read);
        }
        if last {
            return true;
        }
        line0 = next;
        let Some((next, is_last)) = blocks.next_block() else {
            return false;
        };
        (body, last) = (next, is_last);
    }
}

/// The warning for a second column read as the same field.
pub(super) fn duplicate_column(field: &str, first: (&str, usize), second: (&str, usize)) -> String {
    let (a, ac) = first;
    let (b, bc) = second;
    let same = if norm(a) == norm(b) {
        format!("`{b}` appears twice in the header")
    } else {
        format!("`{a}` and `{b}` are both read as `{field}`")
    };
    format!(
        "{same} (columns {ac} and {bc}); the values of column {ac} are read and those of column {bc} are ignored — remove or rename one of them"
    )
}

/// Where a CSV file's fields are, resolved once from its header.
pub(super) struct CsvLayout<'h> {
    delimiter: u8,
    /// The header's column names, trimmed: as many fields as a row must have.
    header: &'h [&'h str],
    /// 0-based column of each field.
    index: [Option<usize>; MAX_FIELDS],
    /// 1-based column of each field, for messages.
    cols: [Option<u32>; MAX_FIELDS],
    names: [Option<&'h str>; MAX_FIELDS],
}

/// Reads a run of whole CSV records whose first line is `line0`; false
/// when the run ends inside a quote left open.
pub(super) fn csv_chunk<R: Flat>(
    chunk: &str,
    line0: u32,
    layout: &CsvLayout,
    reader: &mut R,
    ctx: &FileCtx,
    out: &mut Parsed,
) -> bool {
    let fields = reader.fields();
    let zone = Zone::of(ctx);
    let width = layout.header.len();
    let open = csv_records(chunk, layout.delimiter, line0, |line, rec| {
        let rec = match rec {
            Ok(rec) => rec,
            Err(open) => {
                out.problems
                    .push(open_quote_problem(ctx, layout, line, &open));
                return;
            }
        };
        // A row of empty cells (`,,,,`) is padding, not a record.
        if rec.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        // Fields beyond the header's are an error unless empty (a trailing
        // delimiter holds nothing); fewer fields always are.
        if rec.len() != width
            && (rec.len() < width || rec[width..].iter().any(|f| !f.trim().is_empty()))
        {
            out.problems
                .push(field_count_problem(ctx, layout, line, rec));
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
    !open
}

/// A text shortened for a message: its first 40 characters.
pub(super) fn excerpt(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The error for a row with more or fewer fields than the header.
pub(super) fn field_count_problem(
    ctx: &FileCtx,
    layout: &CsvLayout,
    line: u32,
    rec: &[&str],
) -> crate::problems::Problem {
    let header = layout.header;
    let width = header.len();
    let (n, w) = (rec.len(), width);
    let (column, message) = if n > w {
        let extra = rec[w..]
            .iter()
            .position(|f| !f.trim().is_empty())
            .map_or(w, |k| w + k);
        (
            extra + 1,
            format!(
                "this row has {n} fields but the header has {w}: column {} (`{}`) is beyond the last column, `{}`, so the row is not read — a comma inside a text must be in double quotes (for example \"{}\")",
                extra + 1,
                excerpt(rec[extra]),
                header.last().copied().unwrap_or(""),
                excerpt(
                    &rec[w.saturating_sub(1)..].join(&char::from(layout.delimiter).to_string())
                ),
            ),
        )
    } else {
        let missing: Vec<String> = header[n..]
            .iter()
            .take(3)
            .map(|h| format!("`{h}`"))
            .collect();
        let more = if w - n > 3 { ", …" } else { "" };
        (
            n + 1,
            format!(
                "this row has {n} fields but the header has {w}: {}{more} {} missing, so the row is not read — write every column, an empty one as nothing between two commas; a line break inside a text must be in double quotes",
                missing.join(", "),
                if w - n == 1 { "is" } else { "are" }
            ),
        )
    };
    ctx.problem(
        Severity::Error,
        "bad-row",
        line,
        Some(column as u32),
        message,
    )
}

/// A quote that opens a field and is never closed: everything after it
/// would be one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenQuote {
    /// The line the quote opens on (the record may start earlier).
    pub line: u32,
    /// 0-based number of the field it opens.
    pub field: usize,
}

pub(super) fn open_quote_problem(
    ctx: &FileCtx,
    layout: &CsvLayout,
    record_line: u32,
    open: &OpenQuote,
) -> crate::problems::Problem {
    let name = layout
        .header
        .get(open.field)
        .map_or(String::new(), |h| format!(" (`{h}`)"));
    let starts = if record_line == open.line {
        String::new()
    } else {
        format!(" of the row that starts on line {record_line}")
    };
    ctx.problem(
        Severity::Error,
        "bad-row",
        open.line,
        Some(open.field as u32 + 1),
        format!(
            "a quote opens column {}{name}{starts} and is never closed, so the row is not read; the lines after this one are read as rows again — close the text with a quote (a quote inside a text is written twice: \"\")",
            open.field + 1
        ),
    )
}

/// Calls `each` with every record of a run of whole CSV records whose first
/// line is `line0`, and the line the record starts on, exactly as the csv
/// crate reads them (RFC 4180; `\n`, `\r\n` or `\r` ends a record; blank
/// lines are skipped). A line whose fields need no unescaping, the
/// commonest kind, is cut into fields where it lies; any other record is
/// read by `csv_core`, the csv crate's own parser.
///
/// One difference: where the csv crate would read a quote left open to the
/// end of the run as one last field holding everything after it, `each`
/// gets `Err` with the line the quote opened on, and reading goes on at the
/// next line. Returns whether that happened.
pub(super) fn csv_records(
    chunk: &str,
    delimiter: u8,
    line0: u32,
    mut each: impl FnMut(u32, Result<&[&str], OpenQuote>),
) -> bool {
    let bytes = chunk.as_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(16);
    let mut core = None;
    let mut left_open = false;
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
            each(line, Ok(&fields));
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
        let lines = count(&bytes[pos..pos + nin], b'\n') as u32;
        // A quote left open runs the record to the end of the text; one
        // closed on a later line by a stray quote is followed by more text.
        // Either way the record swallowed the lines after the quote.
        let ends_line = nin > 0 && bytes[pos + nin - 1] == b'\n';
        let spans = pos + nin == bytes.len() || lines > u32::from(ends_line);
        if record
            && spans
            && let Some((at, field)) = misquoted(&bytes[pos..pos + nin], delimiter)
        {
            left_open |= pos + nin == bytes.len();
            let opened = first + count(&bytes[pos..pos + at], b'\n') as u32;
            each(
                first,
                Err(OpenQuote {
                    line: opened,
                    field,
                }),
            );
            // Go on after the line the quote opened on.
            match memchr::memchr(b'\n', &bytes[pos + at..]) {
                Some(k) => (pos, line) = (pos + at + k + 1, opened + 1),
                None => break,
            }
            continue;
        }
        line += lines;
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
        each(first, Ok(&rec));
    }
    left_open
}

/// Where a quote in `rec` that does not close a text opens (its byte
/// offset and 0-based field), reading `rec` as csv_core does: a quote opens
/// a field only at its start, `""` inside is a quote. Such a quote is
/// either left open at the end of `rec`, or closed on a later line by a
/// quote with more text after it (RFC 4180 allows none; csv_core joins it
/// to the field). `None` when every quoted text is whole.
pub(super) fn misquoted(rec: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    #[derive(Clone, Copy)]
    enum S {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let (mut s, mut field, mut opened, mut broken) = (S::Start, 0, 0, false);
    for (i, &b) in rec.iter().enumerate() {
        let ends_record = b == b'\n' || b == b'\r';
        s = match s {
            S::Start if b == b'"' => {
                (opened, broken) = (i, false);
                S::Quoted
            }
            S::Quoted if b == b'"' => S::QuoteInQuoted,
            S::Quoted => {
                broken |= ends_record;
                S::Quoted
            }
            S::QuoteInQuoted if b == b'"' => S::Quoted,
            _ if ends_record => return None,
            _ if b == delimiter => {
                field += 1;
                S::Start
            }
            S::QuoteInQuoted if broken => return Some((opened, field)),
            _ => S::Plain,
        };
    }
    matches!(s, S::Quoted).then_some((opened, field))
}

/// Cuts one line of CSV (without its line ending) into `fields` where it
/// lies, when that is what an RFC 4180 reader makes of it: unquoted fields
/// without quotes or carriage returns, and quoted fields without doubled
/// quotes, closed on the line. False when the line needs a real parser.
pub(super) fn simple_fields<'a>(line: &'a str, delimiter: u8, fields: &mut Vec<&'a str>) -> bool {
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
