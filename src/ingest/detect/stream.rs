//! Large JSON Lines archives read block by block (`stream_jsonl`), with
//! the same records and problems as `detect::read` gives for the whole file.

use super::{SAMPLE, binary_kind, line_samples, vote, with_flat};
use crate::ingest::{FileCtx, Parsed};

/// Files at least this large are offered to `stream_jsonl` first.
pub const STREAM_MIN: u64 = 64 << 20;

/// The block `stream_jsonl` reads at a time.
pub const BLOCK: usize = 32 << 20;

/// Reads a large JSON Lines file of a row-shaped format block by block,
/// through one buffer reused for every block, each block's lines read on
/// every core as it arrives: what `read` does with the whole file in memory,
/// with the same records and problems at the same lines. Reading a 200 MB
/// archive whole cost more in fresh memory (the kernel zeroes every page
/// before the file is copied in) than in parsing.
///
/// `None` (whatever was read is dropped; the caller reads the file whole)
/// when the file is not plainly that: a byte-order mark or a binary start,
/// a first character other than `{`, a first block that is not JSON Lines
/// of a row-shaped format (or holds too few lines to tell), a line longer
/// than a block, text that is not UTF-8 (whose error the whole read
/// places), or a failed read. `progress` hears each block's bytes.
pub fn stream_jsonl(
    file: &mut dyn std::io::Read,
    block: usize,
    ctx: &FileCtx,
    progress: &dyn Fn(u64),
) -> Option<Parsed> {
    let mut buf: Vec<u8> = Vec::with_capacity(block + block / 8);
    let mut eof = fill(file, &mut buf, block)?;
    let plain_start = !buf.starts_with(b"\xEF\xBB\xBF")
        && !buf.starts_with(b"\xFF\xFE")
        && !buf.starts_with(b"\xFE\xFF")
        && binary_kind(&buf).is_none()
        && buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    // The format is decided on the first SAMPLE records, as for a whole file.
    let lines = buf.iter().filter(|b| **b == b'\n').count();
    if !plain_start || !(eof || lines > SAMPLE) {
        return None;
    }
    let end = if eof {
        buf.len()
    } else {
        memchr::memrchr(b'\n', &buf)? + 1
    };
    let samples = line_samples(std::str::from_utf8(&buf[..end]).ok()?)?;
    let kind = vote(&samples).0?;
    let mut out = Parsed::default();
    let mut whole = true;
    let flat = with_flat(kind, &mut |reader| {
        let mut line0 = 1u32;
        loop {
            let end = if eof {
                buf.len()
            } else if let Some(nl) = memchr::memrchr(b'\n', &buf) {
                nl + 1
            } else {
                whole = false;
                return;
            };
            let Ok(text) = std::str::from_utf8(&buf[..end]) else {
                whole = false;
                return;
            };
            if !text.is_empty() {
                reader.jsonl_block(text, line0, ctx, &mut out);
                progress(text.len() as u64);
            }
            line0 =
                line0.saturating_add(memchr::memchr_iter(b'\n', text.as_bytes()).count() as u32);
            buf.drain(..end);
            if eof {
                return;
            }
            match fill(file, &mut buf, block) {
                Some(e) => eof = e,
                None => {
                    whole = false;
                    return;
                }
            }
        }
    });
    (flat && whole).then_some(out)
}

/// Reads on until `buf` holds `block` bytes; `Some(true)` when the file
/// ended, `None` when a read failed.
fn fill(file: &mut dyn std::io::Read, buf: &mut Vec<u8>, block: usize) -> Option<bool> {
    let want = block.saturating_sub(buf.len());
    let got =
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut *file, want as u64), buf).ok()?;
    Some(got < want)
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
            date_order: DateOrder::default(),
            file: 0,
            path: "content/reviews/export.jsonl",
        }
    }

    fn shown(p: Parsed) -> String {
        let p = p.joined();
        format!("{:?}\n{:?}\n{:?}", p.reviews, p.actions, p.problems)
    }

    #[test]
    fn a_file_read_in_blocks_gives_what_the_whole_file_gives() {
        let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let text = export(400);
        let whole = shown(read(text.as_bytes(), &ctx(&tz)));
        // The bad rating and the broken record, at their lines (blank lines counted).
        let problems = whole.lines().last().unwrap();
        assert!(
            problems.contains("line: Some(80), column: Some(78)")
                && problems.contains("line: Some(128), column: Some(43)"),
            "{problems}"
        );
        for block in [4_000, 5_003, 7_919, 20_000, 1 << 20] {
            let total = std::cell::Cell::new(0u64);
            let streamed = stream_jsonl(
                &mut std::io::Cursor::new(text.as_bytes()),
                block,
                &ctx(&tz),
                &|n| total.set(total.get() + n),
            )
            .unwrap_or_else(|| panic!("block {block}: streamed"));
            assert_eq!(shown(streamed), whole, "block {block}");
            assert_eq!(total.get(), text.len() as u64, "block {block}: progress");
        }
    }

    #[test]
    fn what_is_not_plainly_json_lines_is_left_to_the_whole_read() {
        let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let text = export(400);
        let stream = |bytes: &[u8]| {
            stream_jsonl(&mut std::io::Cursor::new(bytes), 5_000, &ctx(&tz), &|_| {})
        };
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert!(stream(&bom).is_none(), "a byte-order mark");
        assert!(
            stream(format!("[{text}").as_bytes()).is_none(),
            "a document"
        );
        assert!(stream(b"platform,review_id\ngoogle,1\n").is_none(), "CSV");
        // Not UTF-8 in a later block: the whole read says where.
        let mut bad = text.clone().into_bytes();
        let at = bad.len() - 500;
        bad[at] = 0xFF;
        assert!(stream(&bad).is_none(), "invalid UTF-8 late in the file");
        // A line longer than a block.
        let long = format!("{}{}\n", &text[..30_000], "x".repeat(6_000));
        let long = long.replacen('\n', &format!("{}\n", " ".repeat(6_000)), 30);
        assert!(
            stream(long.as_bytes()).is_none(),
            "a line longer than a block"
        );
    }
}
