//! Large archives read block by block, with the same records and problems
//! as `detect::read` gives for the whole file: JSON Lines (`stream_jsonl`)
//! and CSV (`stream_csv`).
//!
//! Reading a 200 MB archive whole cost more in fresh memory (the kernel
//! zeroes every page of the buffer before the file is copied in) than in
//! parsing it. A stream reads blocks through one reused buffer instead;
//! each block ends at a record boundary and its records are read on every
//! core as it arrives, by the same reader, at the lines they have in the
//! file. Whatever is not plainly a file of one row-shaped format is left to
//! the whole read (`None`), which places every error as before.

use super::{SAMPLE, binary_kind, csv_kind, line_samples, vote, with_flat};
use crate::ingest::record::{self, CsvBlocks};
use crate::ingest::{FileCtx, Parsed};

/// Files at least this large are offered to `stream` first.
pub const STREAM_MIN: u64 = 64 << 20;

/// The block a stream reads at a time. Small, because the buffer and the
/// parts its pieces are read into are fresh memory once each, and a block
/// that stays in the cores' caches is copied in and read faster: 8 MB made
/// a 1M-review build about 12 % cheaper than 32 MB, and 2 MB (two pieces of
/// 1 MB) a few per cent cheaper again; 1 MB gained no more.
pub const BLOCK: usize = 2 << 20;

/// A file read in blocks through one buffer, each block cut at the last
/// record boundary `cut` finds (the rest waits for the next block).
struct FileBlocks<'a> {
    file: &'a mut dyn std::io::Read,
    buf: Vec<u8>,
    block: usize,
    eof: bool,
    /// The bytes of the block last handed out, dropped before the next.
    handed: usize,
    /// The first block has been handed out.
    started: bool,
    cut: fn(&[u8]) -> Option<usize>,
    progress: &'a dyn Fn(u64),
    /// A read failed, a block held no record boundary, or its text was
    /// not UTF-8: the file must be read whole.
    failed: bool,
    /// The file's length, to make room for its records at once.
    size: u64,
}

impl<'a> FileBlocks<'a> {
    /// The first block read; `None` when the read failed.
    fn open(
        file: &'a mut dyn std::io::Read,
        block: usize,
        size: u64,
        cut: fn(&[u8]) -> Option<usize>,
        progress: &'a dyn Fn(u64),
    ) -> Option<FileBlocks<'a>> {
        let mut buf = Vec::with_capacity(block + block / 8);
        let eof = fill(file, &mut buf, block)?;
        Some(FileBlocks {
            file,
            buf,
            block,
            eof,
            handed: 0,
            started: false,
            cut,
            progress,
            failed: false,
            size,
        })
    }

    /// About as many records as the file holds, judged by the lines of the
    /// first block, and a sixteenth more: the room its records are given
    /// before the first is read, so that their vector, which would
    /// otherwise double (and be copied) a few times on the way, is
    /// allocated once. Room never used is address space only, never
    /// touched; a file whose later lines are shorter grows it once. At
    /// most one record per 8 bytes of the file.
    fn expected_records(&self) -> usize {
        let first = self.pending();
        let lines = memchr::memchr_iter(b'\n', first).count() as u128 + 1;
        let guess = lines * u128::from(self.size) / first.len().max(1) as u128;
        let guess = (guess + guess / 16).min(u128::from(self.size / 8));
        usize::try_from(guess).unwrap_or(usize::MAX)
    }

    /// The bytes read so far and not yet handed out.
    fn pending(&self) -> &[u8] {
        &self.buf
    }

    /// The text of the first block, before it is handed out: to decide
    /// the format on.
    fn first_text(&self) -> Option<&str> {
        let end = if self.eof {
            self.buf.len()
        } else {
            (self.cut)(&self.buf)?
        };
        std::str::from_utf8(&self.buf[..end]).ok()
    }

    /// The next block as text, and whether it is the last.
    fn next_text(&mut self) -> Option<(&str, bool)> {
        if self.failed || (self.started && self.eof && self.handed == self.buf.len()) {
            return None;
        }
        self.buf.drain(..self.handed);
        self.handed = 0;
        if self.started && !self.eof {
            match fill(self.file, &mut self.buf, self.block) {
                Some(eof) => self.eof = eof,
                None => self.failed = true,
            }
        }
        self.started = true;
        let end = if self.eof {
            Some(self.buf.len())
        } else {
            (self.cut)(&self.buf)
        };
        let text = end.and_then(|end| std::str::from_utf8(&self.buf[..end]).ok());
        let Some(text) = text.filter(|_| !self.failed) else {
            self.failed = true;
            return None;
        };
        self.handed = text.len();
        (self.progress)(text.len() as u64);
        Some((text, self.eof))
    }
}

impl CsvBlocks for FileBlocks<'_> {
    fn next_block(&mut self) -> Option<(&str, bool)> {
        self.next_text()
    }
}

/// Reads on until `buf` holds `block` bytes; `Some(true)` when the file
/// ended, `None` when a read failed.
fn fill(file: &mut dyn std::io::Read, buf: &mut Vec<u8>, block: usize) -> Option<bool> {
    let want = block.saturating_sub(buf.len());
    let got =
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut *file, want as u64), buf).ok()?;
    Some(got < want)
}

/// A start the whole read treats as plain text: no byte-order mark of
/// UTF-16, no binary signature.
fn plain_text(buf: &[u8]) -> bool {
    !buf.starts_with(b"\xFF\xFE") && !buf.starts_with(b"\xFE\xFF") && binary_kind(buf).is_none()
}

/// The first block holds enough records to decide the format on, as the
/// whole read decides it (on the first `SAMPLE`), or is the whole file.
fn enough(blocks: &FileBlocks) -> bool {
    blocks.eof
        || memchr::memchr_iter(b'\n', blocks.pending())
            .nth(SAMPLE)
            .is_some()
}

/// Reads a large file block by block when it is plainly JSON Lines or CSV
/// of a row-shaped format (see the module documentation); `None` (whatever
/// was read is dropped, and the caller reads the file whole) otherwise, or
/// when a read fails. A UTF-8 byte-order mark is skipped, as the whole
/// read skips it. `progress` hears each block's bytes.
pub fn stream(
    file: &mut dyn std::io::Read,
    block: usize,
    size: u64,
    ctx: &FileCtx,
    progress: &dyn Fn(u64),
) -> Option<Parsed> {
    let mut blocks = FileBlocks::open(file, block, size, last_line_end, progress)?;
    if blocks.pending().starts_with(b"\xEF\xBB\xBF") {
        blocks.buf.drain(..3);
        progress(3);
    }
    let start = blocks.pending();
    // The whole read trims Unicode white space first: only an ASCII first
    // character is judged here.
    let first = start.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if !plain_text(start) || !first.is_some_and(|b| b.is_ascii()) || !enough(&blocks) {
        return None;
    }
    match first {
        Some(b'{') => jsonl(blocks, ctx),
        Some(b'[') => None,
        _ => {
            blocks.cut = last_record_end;
            csv(blocks, ctx)
        }
    }
}

fn last_line_end(b: &[u8]) -> Option<usize> {
    memchr::memrchr(b'\n', b).map(|i| i + 1)
}

/// JSON Lines of a row-shaped format: not a document, not a nested
/// format, decided on the first block's records.
fn jsonl(mut blocks: FileBlocks, ctx: &FileCtx) -> Option<Parsed> {
    let samples = line_samples(blocks.first_text()?)?;
    let kind = vote(&samples).0?;
    let mut out = Parsed::default();
    let flat = with_flat(kind, &mut |reader| {
        reader.reserve(&mut out, blocks.expected_records());
        let mut line0 = 1u32;
        while let Some((text, _)) = blocks.next_text() {
            if !text.is_empty() {
                line0 = reader.jsonl_block(text, line0, ctx, &mut out);
            }
        }
    });
    (flat && !blocks.failed).then_some(out)
}

/// The end of the last line of `b` that ends outside quotes, counting
/// quotes from the start of `b` (which starts a record), as
/// `record::csv_chunks` cuts a text. The quotes are counted in one
/// vectorised pass, then the line ends are tried from the end backwards
/// (a newline is outside quotes when the quotes before it are even in
/// number): the first one tried is nearly always it.
fn last_record_end(b: &[u8]) -> Option<usize> {
    let total = memchr::memchr_iter(b'"', b).count();
    let mut after = 0;
    for i in (0..b.len()).rev() {
        match b[i] {
            b'"' => after += 1,
            b'\n' if (total - after).is_multiple_of(2) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// CSV with the header of a row-shaped format. `None` also when a block
/// holds no record end outside quotes or its records were misread by the
/// cutting (a stray quote): the whole read decides those.
fn csv(mut blocks: FileBlocks, ctx: &FileCtx) -> Option<Parsed> {
    let header = record::csv_header(blocks.first_text()?);
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let kind = csv_kind(&names)?;
    let mut out = Parsed::default();
    let mut read = false;
    let flat = with_flat(kind, &mut |reader| {
        reader.reserve(&mut out, blocks.expected_records());
        read = reader.csv_blocks(&mut blocks, ctx, &mut out);
    });
    (flat && read && !blocks.failed).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::detect::read;
    use crate::model::DateOrder;

    /// A JSON Lines review export with what real files hold: blank lines,
    /// CRLF endings, a broken record, a bad rating, text in many scripts,
    /// and no newline at the end.
    fn export(lines: usize) -> String {
        let mut out = String::new();
        for i in 0..lines {
            let text = match i % 5 {
                0 => "Great care, short wait.".to_string(),
                1 => format!("Waited {i} minutes — «trop long», 待ち時間が長い"),
                2 => "Billing was a \\\"nightmare\\\"".to_string(),
                3 => String::new(),
                _ => "Fine 😀".to_string(),
            };
            let rating = if i == 77 {
                "\"five\"".to_string()
            } else {
                (i % 5 + 1).to_string()
            };
            let line = if i == 123 {
                "{\"platform\": \"google\", \"review_id\": \"broken".to_string()
            } else {
                format!(
                    "{{\"platform\":\"google\",\"review_id\":\"r{i}\",\"location\":\"Clinic {}\",\"author\":\"A {i}\",\"rating\":{rating},\"posted_at\":\"2025-0{}-1{}T10:00:00Z\",\"text\":\"{text}\"}}",
                    i % 3,
                    i % 9 + 1,
                    i % 10
                )
            };
            out.push_str(&line);
            out.push_str(if i % 7 == 0 { "\r\n" } else { "\n" });
            if i % 50 == 49 {
                out.push_str("\n   \n");
            }
        }
        out.push_str("{\"platform\":\"yelp\",\"review_id\":\"last\",\"rating\":4,\"posted_at\":\"2025-03-01\"}");
        out
    }

    fn ctx(tz: &jiff::tz::TimeZone) -> FileCtx<'_> {
        FileCtx {
            tz,
            // Tests only: one small table per call, kept for the test's life.
            offsets: Box::leak(Box::new(crate::ingest::Offsets::of(tz))),
            date_order: DateOrder::default(),
            file: 0,
            path: "content/reviews/export.jsonl",
        }
    }

    fn shown(p: Parsed) -> String {
        format!("{:?}\n{:?}\n{:?}", p.reviews, p.actions, p.problems)
    }

    /// The whole read of `text`, having checked that its problems are at
    /// each of `places` (`line: Some(L), column: Some(C)`).
    fn whole(text: &str, tz: &jiff::tz::TimeZone, places: &[&str]) -> String {
        let whole = shown(read(text.as_bytes(), &ctx(tz)));
        let problems = whole.lines().last().unwrap();
        for place in places {
            assert!(problems.contains(place), "{place}: {problems}");
        }
        whole
    }

    /// `text` read in blocks of `block` bytes, and the bytes `progress` heard.
    fn streamed(text: &str, block: usize, tz: &jiff::tz::TimeZone) -> Option<(String, u64)> {
        let total = std::cell::Cell::new(0u64);
        let bytes = &mut std::io::Cursor::new(text.as_bytes());
        let parsed = stream(bytes, block, text.len() as u64, &ctx(tz), &|n| {
            total.set(total.get() + n)
        })?;
        Some((shown(parsed), total.get()))
    }

    #[test]
    fn the_last_record_end_is_the_last_newline_after_an_even_number_of_quotes() {
        let forward = |b: &[u8]| {
            let mut quoted = false;
            let mut end = None;
            for (i, &c) in b.iter().enumerate() {
                match c {
                    b'"' => quoted = !quoted,
                    b'\n' if !quoted => end = Some(i + 1),
                    _ => {}
                }
            }
            end
        };
        let cases: [&[u8]; 9] = [
            b"",
            b"a,b\n",
            b"a,b\nc,d",
            b"a,\"b\nc\"\n",
            b"a,\"b\nc\nd",
            b"\"\"\"\n\"\n",
            b"x\n\"open\n\n\n",
            b"\"never closed\n\n",
            b"a,\"\"\"q\"\"\"\nb\n\"c",
        ];
        for case in cases {
            assert_eq!(
                last_record_end(case),
                forward(case),
                "{:?}",
                String::from_utf8_lossy(case)
            );
        }
        // Every arrangement of quotes, newlines and letters up to 8 bytes.
        for n in 0..=8u32 {
            for code in 0..3u32.pow(n) {
                let b: Vec<u8> = (0..n)
                    .map(|k| [b'"', b'\n', b'a'][(code / 3u32.pow(k) % 3) as usize])
                    .collect();
                assert_eq!(
                    last_record_end(&b),
                    forward(&b),
                    "{:?}",
                    String::from_utf8_lossy(&b)
                );
            }
        }
    }

    #[test]
    fn a_file_read_in_blocks_gives_what_the_whole_file_gives() {
        let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let text = export(400);
        // The bad rating and the broken record, at their lines (blank lines counted).
        let places = [
            "line: Some(80), column: Some(78)",
            "line: Some(128), column: Some(43)",
        ];
        let whole = whole(&text, &tz, &places);
        for block in [4_000, 5_003, 7_919, 20_000, 1 << 20] {
            let (got, heard) =
                streamed(&text, block, &tz).unwrap_or_else(|| panic!("block {block}: streamed"));
            assert_eq!(got, whole, "block {block}");
            assert_eq!(heard, text.len() as u64, "block {block}: progress");
        }
    }

    /// Blocks large enough to be cut into pieces read on every core, each
    /// block's pieces read into the parts the one before left: the records,
    /// problems and lines are still the whole read's.
    #[test]
    fn blocks_read_in_pieces_give_what_the_whole_file_gives() {
        let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let text = export(100_000);
        let places = [
            "line: Some(80), column: Some(78)",
            "line: Some(128), column: Some(43)",
        ];
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a thread pool")
            .install(|| {
                let whole = whole(&text, &tz, &places);
                let block = 3 << 20;
                let parsed = stream(
                    &mut std::io::Cursor::new(text.as_bytes()),
                    block,
                    text.len() as u64,
                    &ctx(&tz),
                    &|_| {},
                )
                .expect("streamed");
                // Several blocks in two pieces each (the last may be one).
                assert!(text.len() > 4 * block, "{} bytes", text.len());
                assert!(parsed.pieces >= 8, "{} pieces", parsed.pieces);
                assert_eq!(shown(parsed), whole);
            });
    }

    #[test]
    fn what_is_not_plainly_one_format_is_left_to_the_whole_read() {
        let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let text = export(400);
        let stream = |bytes: &[u8]| {
            stream(
                &mut std::io::Cursor::new(bytes),
                5_000,
                bytes.len() as u64,
                &ctx(&tz),
                &|_| {},
            )
        };
        let utf16 = [b"\xFF\xFE".as_slice(), text.as_bytes()].concat();
        assert!(stream(&utf16).is_none(), "UTF-16");
        assert!(
            stream(format!("[{text}").as_bytes()).is_none(),
            "a document"
        );
        assert!(
            stream(format!("\u{a0}{text}").as_bytes()).is_none(),
            "Unicode space first"
        );
        let unknown = "a,b,c\n".to_string() + &"1,2,3\n".repeat(100);
        assert!(
            stream(unknown.as_bytes()).is_none(),
            "a header of no format"
        );
        // Not UTF-8 in a later block: the whole read says where.
        let mut bad = text.clone().into_bytes();
        let at = bad.len() - 500;
        bad[at] = 0xFF;
        assert!(stream(&bad).is_none(), "invalid UTF-8 late in the file");
        // A line longer than a block, after a first block that decides
        // the format: the block it falls in has nowhere to end.
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        lines[100].push_str(&" ".repeat(6_000));
        let long = lines.join("\n");
        assert!(
            stream(long.as_bytes()).is_none(),
            "a line longer than a block"
        );
        // Without it, the same file streams.
        assert!(stream(text.as_bytes()).is_some(), "the file as it was");
    }

    /// A response log as people keep it: quoted text with commas, line
    /// breaks and doubled quotes, CRLF, a padding row, a row with a field
    /// too many, a bad action; Excel's byte-order mark first.
    fn log(rows: usize, stray_quote: bool) -> String {
        let mut out =
            String::from("\u{feff}platform,review_id,at,action,channel,responder,text\r\n");
        for i in 0..rows {
            let text = match i % 6 {
                0 => "\"Thank you, truly.\"".to_string(),
                1 => format!("\"Please call us,\nwe will help ({i}).\""),
                2 => "\"She said \"\"thanks\"\" twice\"".to_string(),
                3 if stray_quote && i == 201 => "He wrote 5\" of text".to_string(),
                4 => "\"Two\r\nlines\"".to_string(),
                _ => "Sorry — 申し訳ありません".to_string(),
            };
            let action = if i == 150 { "shout" } else { "reply" };
            out.push_str(&format!(
                "google,r{i},2025-0{}-1{}T10:00:00Z,{action},public,amy,{text}",
                i % 9 + 1,
                i % 10
            ));
            if i == 99 {
                out.push_str(",extra");
            }
            out.push_str(if i % 5 == 0 { "\r\n" } else { "\n" });
            if i == 60 {
                out.push_str(",,,,,,\n");
            }
        }
        out
    }

    #[test]
    fn a_csv_read_in_blocks_gives_what_the_whole_file_gives() {
        let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
        // The row with a field too many and the bad action, at their lines
        // (quoted line breaks and the padding row counted).
        let places = [
            "line: Some(135), column: Some(8)",
            "line: Some(203), column: Some(4)",
        ];
        for stray_quote in [false, true] {
            let text = log(400, stray_quote);
            let whole = whole(&text, &tz, &places);
            for block in [3_000, 4_099, 7_919, 20_000, 1 << 20] {
                match streamed(&text, block, &tz) {
                    Some((got, heard)) => {
                        assert_eq!(got, whole, "block {block}, stray quote {stray_quote}");
                        assert_eq!(heard, text.len() as u64, "block {block}: progress");
                    }
                    // A stray quote may mislead the cutting: then the whole
                    // read, never other records.
                    None => assert!(stray_quote, "block {block}: streamed"),
                }
            }
        }
    }
}
