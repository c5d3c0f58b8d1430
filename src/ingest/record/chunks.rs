//! Cutting a large text into pieces read on every core, in order.

use super::row::*;
use crate::ingest::Parsed;
use rayon::prelude::*;

/// Reads numbered chunks with `read` into `out`, after the records already
/// there: a single chunk straight in, several on every core, each with its
/// own clone of the reader. The first goes straight into `out` too; each
/// other into a part of its own (kept in `out.spare` and reused by the next
/// block of the file, so its pages are fresh once), then moved into `out`
/// in order. `out` is first given room for every line of
/// the chunks, as many records as they can hold, so that it grows at most
/// once per text (a stream sizes it for the whole file up front, see
/// `detect::stream`). `read` says whether its chunk ended cleanly (not
/// inside an open quote); when a piece other than the last did not, false
/// is returned, with `out` as it was, for the caller to read the text in
/// one pass. With `more` (the text goes on in a next block), the last
/// piece must end cleanly too, and false says the file must be read whole.
pub(super) fn read_chunks<R: Flat>(
    chunks: &[(&str, u32, usize)],
    reader: &mut R,
    out: &mut Parsed,
    more: bool,
    read: impl Fn(&str, u32, &mut R, &mut Parsed) -> bool + Sync,
) -> bool {
    reader.reserve(out, chunks.iter().map(|&(_, _, lines)| lines + 1).sum());
    if let [(chunk, line, _)] = *chunks {
        let clean = read(chunk, line, reader, out);
        return clean || !more;
    }
    // The first piece is read straight into `out` while the other cores
    // read the rest into parts: its records are not copied again.
    let Some(((first, line, _), rest)) = chunks.split_first() else {
        return true;
    };
    let mut parts = std::mem::take(&mut out.spare);
    if parts.len() < rest.len() {
        parts.resize_with(rest.len(), Parsed::default);
    }
    let reader = &*reader;
    let mark = out.mark();
    let (first_clean, clean): (bool, Vec<bool>) = rayon::join(
        || read(first, *line, &mut reader.clone(), out),
        || {
            rest.par_iter()
                .zip(parts.par_iter_mut())
                .map(|(&(chunk, line, lines), part)| {
                    let mut reader = reader.clone();
                    reader.reserve(part, lines + 1);
                    read(chunk, line, &mut reader, part)
                })
                .collect()
        },
    );
    let last_open = more && clean.last().is_some_and(|clean| !clean);
    if !first_clean || last_open || clean.iter().rev().skip(1).any(|clean| !clean) {
        // `out` as it was, for a caller that reads the text again.
        out.rewind(mark);
        return false;
    }
    for part in &mut parts[..rest.len()] {
        out.take_records(part);
    }
    out.pieces += chunks.len();
    out.spare = parts;
    true
}

/// Texts smaller than this are read in one piece.
pub(super) const CHUNK_MIN: usize = 1 << 20;

/// Pieces are at most this large, so that when the threads read several
/// files at once, the one that finishes first can take pieces of the
/// others' rather than wait.
pub(super) const CHUNK_MAX: usize = 8 << 20;

/// Chunk length for a text: one per thread, never tiny nor huge; the whole
/// text when there is only one thread to read it.
pub(super) fn chunk_target(len: usize) -> usize {
    match rayon::current_num_threads() {
        0 | 1 => usize::MAX,
        n => (len / n + 1).clamp(CHUNK_MIN, CHUNK_MAX),
    }
}

/// Splits a CSV body at newlines outside quotes into chunks. A newline is
/// outside quotes when the quotes before it are even in number (RFC 4180
/// escapes a quote by doubling it).
pub(super) fn csv_chunks(body: &str) -> Vec<&str> {
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
pub(super) fn numbered(chunks: Vec<&str>, line0: u32) -> Vec<(&str, u32, usize)> {
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

/// The line after the last of numbered chunks (`line0` when there are
/// none): where the text's next block starts.
pub(super) fn line_after(chunks: &[(&str, u32, usize)], line0: u32) -> u32 {
    chunks
        .last()
        .map_or(line0, |&(_, line, lines)| line.saturating_add(lines as u32))
}

/// How often `byte` occurs. Counting in blocks of 255 into a `u8` lets the
/// compiler compare and add 32 bytes at a time; a plain `filter().count()`
/// widens every byte to `usize` and is several times slower.
pub(super) fn count(bytes: &[u8], byte: u8) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, b| n.wrapping_add(u8::from(*b == byte))) as usize
        })
        .sum()
}
