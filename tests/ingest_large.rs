//! Large files are read in parallel chunks (over 1 MiB); the result must be
//! exactly what one pass gives: every record once, in order, each with the
//! line it starts on, even when quoted fields hold newlines and quotes near
//! a chunk boundary.

mod common;

use common::read_bytes;
use std::fmt::Write as _;

#[test]
fn a_large_response_log_keeps_every_row_its_order_and_its_line() {
    let mut text = String::from("platform,review_id,at,action,channel,responder,text\r\n");
    let mut want = Vec::new();
    let mut bad = Vec::new();
    let mut line = 2u32;
    for i in 0..60_000u32 {
        // Every 7th text spans three lines and holds quotes and commas.
        let (body, lines) = if i % 7 == 0 {
            (
                format!(
                    "\"Thanks, \"\"{i}\"\"!\nCall us\n{}\"",
                    "x".repeat((i % 50) as usize)
                ),
                3,
            )
        } else {
            (format!("Thanks {i}"), 1)
        };
        let action = if i % 997 == 0 { "replied" } else { "reply" };
        let _ = write!(
            text,
            "google,r{i},2026-03-04T09:30:00Z,{action},public,Front desk,{body}\r\n"
        );
        if action == "reply" {
            want.push((format!("r{i}"), line));
        } else {
            bad.push(line);
        }
        line += lines;
    }
    assert!(
        text.len() > 3 << 20,
        "the test text must span several chunks"
    );
    let p = read_bytes("log.csv", text.as_bytes());
    let got: Vec<(String, u32)> = p
        .actions
        .iter()
        .map(|a| (a.review_id.to_string(), a.origin.line))
        .collect();
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want);
    let problem_lines: Vec<u32> = p.problems.iter().filter_map(|p| p.line).collect();
    assert_eq!(problem_lines, bad);
    let r7 = p.actions.iter().find(|a| a.review_id == "r7").unwrap();
    assert_eq!(r7.text.as_deref(), Some("Thanks, \"7\"!\nCall us\nxxxxxxx"));
}

#[test]
fn large_json_lines_keep_every_record_its_order_and_its_line() {
    let mut text = String::new();
    let mut want = Vec::new();
    let mut line = 1u32;
    for i in 0..30_000u32 {
        if i % 11 == 0 {
            text.push('\n');
            line += 1;
        }
        let _ = writeln!(
            text,
            r#"{{"platform":"google","review_id":"r{i}","rating":{},"posted_at":"2026-03-04T09:30:00Z","text":"Visit {i} \"was\" fine, with a long enough text to make the file big."}}"#,
            1 + i % 5
        );
        want.push((format!("r{i}"), line, f64::from(1 + i % 5)));
        line += 1;
    }
    assert!(text.len() > 3 << 20);
    let p = read_bytes("reviews.jsonl", text.as_bytes());
    assert!(p.problems.is_empty());
    let got: Vec<(String, u32, f64)> = p
        .reviews
        .iter()
        .map(|r| (r.id.to_string(), r.origin.line, r.rating.unwrap()))
        .collect();
    assert_eq!(got, want);
}
