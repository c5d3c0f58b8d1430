//! Tests of the row machinery, the CSV and JSON drivers and the value parsers.

use super::chunks::*;
use super::csv::*;
use super::json::*;
use super::row::*;
use super::values::*;
use crate::ingest::{FileCtx, Parsed};
use crate::model::{Moment, When};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::borrow::Cow;

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
fn the_zone_table_resolves_exactly_as_moment_does() {
    for name in [
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",
        // A day skipped (2011-12-30), and an offset of 5:45.
        "Pacific/Apia",
        "Asia/Kathmandu",
        "UTC",
    ] {
        let tz = TimeZone::get(name).unwrap();
        let offsets = crate::ingest::Offsets::of(&tz);
        let zone = Zone::new(&tz, &offsets);
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
        // And 20,000 in no order from 1960 to 2110, inside and outside the
        // zone's table of periods (1970 to 2100).
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let secs = -315_619_200 + (x >> 11) as i64 % 4_733_510_400;
            stamps.push(Timestamp::from_second(secs).unwrap());
            // The same second with a fraction, either side of the epoch.
            let nanos = (x >> 3) as i32 % 1_000_000_000;
            stamps.push(
                Timestamp::new(secs, if secs < 0 { -nanos.abs() } else { nanos.abs() }).unwrap(),
            );
        }
        // A fraction of a second before 1970, the table's first second,
        // its last, and the first past it.
        for (secs, nanos) in [
            (-1, -1),
            (0, -500_000_000),
            (0, 0),
            (4_102_444_799, 999_999_999),
            (4_102_444_800, 0),
        ] {
            stamps.push(Timestamp::new(secs, nanos).unwrap());
        }
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
    let offsets = crate::ingest::Offsets::of(&tz);
    let ctx = FileCtx {
        tz: &tz,
        offsets: &offsets,
        date_order: Default::default(),
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
        let pieces = p.pieces;
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
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = ::csv::StringRecord::new();
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
        let mut open = None;
        let left_open = csv_records(&text, delimiter, 1, |line, rec| match rec {
            Ok(rec) if open.is_none() => {
                ours.push((line, rec.iter().map(|f| f.to_string()).collect::<Vec<_>>()));
            }
            Ok(_) => {}
            Err(o) => open = open.or(Some((line, o))),
        });
        let mut theirs = csv_crate_records(&text, delimiter);
        // Where a quote does not close its text, the crate reads that
        // quote and the lines after it as one record; ours stop there.
        if let Some((line, o)) = open {
            assert_eq!(theirs.get(ours.len()).map(|r| r.0), Some(line), "{text:?}");
            theirs.truncate(ours.len());
            assert!(o.line >= line, "{text:?}");
        } else {
            assert!(!left_open, "{text:?}");
        }
        assert_eq!(ours, theirs, "{text:?}");
    }
}

#[test]
fn a_quote_left_open_is_found_where_it_opens_and_reading_goes_on() {
    let text = "a,\"b\nc,d\ne,\"f\"\"\"\ng,\"h\nx,\"y\n";
    let mut got = Vec::new();
    let open = csv_records(text, b',', 1, |line, rec| {
        got.push(match rec {
            Ok(rec) => format!("{line}: {}", rec.join("|")),
            Err(o) => format!("{line}: open at {}:{}", o.line, o.field),
        })
    });
    assert!(open, "{got:?}");
    // The csv crate reads `"b` as a text closed by the quote before `f`
    // (three lines as one record), `"h` as one closed by `"y`'s quote,
    // and `"y` to the end: here each is an error where the quote opens,
    // and reading goes on at the next line.
    assert_eq!(
        got,
        [
            "1: open at 1:1",
            "2: c|d",
            "3: e|f\"",
            "4: open at 4:1",
            "5: open at 5:1"
        ]
    );
}

#[test]
fn a_stray_quote_that_misleads_the_cutting_still_reads_as_one_pass() {
    // `5" tall` keeps a quote in an unquoted field: counting quotes puts
    // the next newlines inside quotes, so a cut may fall inside the
    // later quoted text; that piece then ends open, and the text is read
    // in one pass instead.
    let mut csv = String::from("platform,review_id,at,action,channel,responder,text\n");
    csv.push_str("google,r0,2026-03-04T09:30:00Z,reply,public,Desk,5\" tall\n");
    for i in 1..40_000 {
        csv.push_str(&format!(
            "google,r{i},2026-03-04T09:30:00Z,reply,public,Desk,\"Thanks,\nsee you {i}\"\n"
        ));
    }
    let tz = TimeZone::UTC;
    let offsets = crate::ingest::Offsets::of(&tz);
    let ctx = FileCtx {
        tz: &tz,
        offsets: &offsets,
        file: 0,
        path: "t",
        date_order: Default::default(),
    };
    let read = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool")
            .install(|| {
                let mut out = Parsed::default();
                read_csv(
                    &csv,
                    &mut super::super::responses::Responses,
                    &ctx,
                    &mut out,
                );
                (out.pieces, out)
            })
    };
    let ((_, one), (pieces, two)) = (read(1), read(2));
    assert_eq!(pieces, 0, "read in one pass");
    assert!(one.problems.is_empty(), "{:?}", one.problems.first());
    assert_eq!(one.actions.len(), 40_000);
    assert_eq!(two.problems.len(), 0);
    let texts = |p: &Parsed| {
        p.actions
            .iter()
            .map(|a| (a.origin.line, a.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&one), texts(&two));
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
