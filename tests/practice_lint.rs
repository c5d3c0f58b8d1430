//! The practice box's matcher (`themes/default/static/reply-lint.js`) finds
//! exactly what `lint_reply` finds: the same rule, severity and matched span
//! for every demo reply (logged and embedded in archives), every review text
//! linted as a reply, every training sample, the replies of the real sample
//! in /work/shared/samples when that folder exists, and a few thousand
//! seeded variants with names, punctuation, case and accents.
//!
//! The corpus and the Rust findings go to a JSON file that
//! `tests/practice/lint_diff.js` reads under `node`. Skips, with a note,
//! when `node` is not installed (CI has it).

use reputable::figures::Class;
use reputable::lint::{self, ReplyContext};
use reputable::model::ActionKind;
use reputable::project::Project;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A text and the context it is linted in.
struct Case {
    text: String,
    reviewer: Option<String>,
    negative: bool,
}

fn case(text: &str, reviewer: Option<&str>, negative: bool) -> Case {
    Case {
        text: text.to_string(),
        reviewer: reviewer.map(str::to_string),
        negative,
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every reply and review text of the demo and every training sample, each
/// linted as the answer to a negative and to a positive review.
fn demo_cases() -> Vec<Case> {
    let project = Project::load(&repo(), None).expect("the demo project loads");
    let data = &project.data;
    let links = data.review_of_actions();
    let mut out = Vec::new();
    for (i, a) in data.actions.iter().enumerate() {
        let (ActionKind::Reply, Some(text)) = (a.kind, a.text.as_deref()) else {
            continue;
        };
        let review = links[i].map(|r| &data.reviews[r as usize]);
        let author = review.and_then(|r| r.author.as_deref());
        for negative in [true, false] {
            out.push(case(text, author, negative));
        }
    }
    for r in &data.reviews {
        if let Some(text) = r.text.as_deref() {
            out.push(case(text, r.author.as_deref(), true));
        }
    }
    for scenario in &project.content.training {
        for s in &scenario.samples {
            let negative = s
                .rating
                .is_none_or(|r| Class::of(Some(f64::from(r)), &project.config) == Class::Negative);
            out.push(case(&s.reply, s.reviewer.as_deref(), negative));
            out.push(case(&s.reply, s.reviewer.as_deref(), !negative));
            if let Some(review) = &s.review {
                out.push(case(review, s.reviewer.as_deref(), true));
            }
        }
    }
    out
}

/// The replies (and reviews) of the real sample, when it is on this machine.
fn real_sample_cases() -> Option<Vec<Case>> {
    let dir = Path::new("/work/shared/samples");
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.display().to_string();
            (p, name)
        })
        .collect();
    files.sort();
    let tz = jiff::tz::TimeZone::UTC;
    let data = reputable::ingest::load_files(&files, &tz);
    let links = data.review_of_actions();
    let mut out = Vec::new();
    for (i, a) in data.actions.iter().enumerate() {
        let Some(text) = a.text.as_deref() else {
            continue;
        };
        let review = links[i].map(|r| &data.reviews[r as usize]);
        let author = review.and_then(|r| r.author.as_deref());
        let negative = review.and_then(|r| r.rating).is_none_or(|r| r <= 2.0);
        out.push(case(text, author, negative));
        out.push(case(text, author, !negative));
    }
    for r in &data.reviews {
        if let Some(text) = r.text.as_deref() {
            out.push(case(text, r.author.as_deref(), true));
        }
    }
    Some(out)
}

/// The seeded xorshift of `src/testkit.rs`: a number below `n`, the same
/// sequence on every machine.
fn below(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}

const NAMES: &[&str] = &[
    "Priya Raman",
    "José Núñez",
    "Zoë O'Brien",
    "Renée D’Arcy",
    "Grace Hall",
    "Mark",
    "ÅSA STRÖM",
    "Bill Young-Smith",
    "Dr. Li Wei",
    "Ærin Ødegård",
    "Σοφία Παπαδοπούλου",
    "Google User",
    "İpek Yıldız",
    "jo",
    "Sam 2024",
];

const SNIPPETS: &[&str] = &[
    "your recent visit",
    "Your Appointment",
    "when you came in",
    "we look forward to welcoming you back",
    "thank you for choosing us for your care",
    "Thank you",
    "THANKS",
    "we're sorry",
    "We’re so sorry",
    "apologies",
    "please call 555-0100",
    "(555) 010-0100",
    "+44 1632 960123",
    "on 2026-03-08",
    "e-mail feedback@example.org",
    "write to a@b",
    "$ 120.",
    "£80.50,",
    "€40",
    "120 USD",
    "your insurance",
    "the root canal",
    "X-ray",
    "that is not true",
    "you failed to",
    "get a life",
    "our records show",
    "get in touch",
    "privately",
    "😊",
    "—",
    "\n\n",
    "  ",
    "...",
    "don’t",
    "re-visit",
    "café",
    "cafe\u{301}",
];

const PUNCTUATION: &[&str] = &[
    ".", ",", "!", "?", ";", ":", "\n", "\"", "“", "”", "'", "’", "-", " - ",
];

/// Thousands of variants of the corpus: names (plain, possessive, after a
/// greeting, in capitals), punctuation, case and accents, contact details
/// and money, spliced into real texts.
fn variants(corpus: &[Case], n: usize) -> Vec<Case> {
    let mut next = below(0x5EED_CAFE_F00D_1234);
    let accents = [
        ('e', "é"),
        ('a', "à"),
        ('o', "ö"),
        ('u', "ü"),
        ('c', "ç"),
        ('n', "ñ"),
        ('i', "ı"),
        ('s', "ß"),
        ('E', "É"),
    ];
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let base = &corpus[next(corpus.len())];
        let name = NAMES[next(NAMES.len())];
        let mut words: Vec<String> = base.text.split(' ').map(str::to_string).collect();
        for _ in 0..1 + next(5) {
            let at = next(words.len() + 1);
            let first = name.split(' ').next().unwrap_or(name);
            let piece = match next(12) {
                0 => format!("{first},"),
                1 => format!("Hi {name}!"),
                2 => format!("{first}'s"),
                3 => format!("{first}’s"),
                4 => first.to_uppercase(),
                5 => first.to_lowercase(),
                6 => PUNCTUATION[next(PUNCTUATION.len())].to_string(),
                7 | 8 => SNIPPETS[next(SNIPPETS.len())].to_string(),
                9 => name.replace(' ', "-"),
                _ => {
                    let other = &corpus[next(corpus.len())].text;
                    other
                        .split(' ')
                        .take(1 + next(6))
                        .collect::<Vec<_>>()
                        .join(" ")
                }
            };
            words.insert(at.min(words.len()), piece);
        }
        let mut text = words.join(" ");
        text = match next(8) {
            0 => text.to_uppercase(),
            1 => text.to_lowercase(),
            2 => {
                let (from, to) = accents[next(accents.len())];
                text.replace(from, to)
            }
            3 => text.replace('\'', "’"),
            4 => text.replace(' ', "  "),
            _ => text,
        };
        let reviewer = match next(4) {
            0 => None,
            1 => base.reviewer.clone(),
            _ => Some(name.to_string()),
        };
        out.push(Case {
            text,
            reviewer,
            negative: next(2) == 0,
        });
    }
    out
}

fn node() -> Option<PathBuf> {
    let out = Command::new("node").arg("--version").output().ok()?;
    out.status.success().then(|| PathBuf::from("node"))
}

#[test]
fn the_practice_box_matcher_finds_what_lint_reply_finds() {
    let Some(node) = node() else {
        eprintln!("note: node not found; skipping the practice matcher's differential test");
        return;
    };
    let mut cases = demo_cases();
    let demo = cases.len();
    let real = match real_sample_cases() {
        Some(real) => {
            let n = real.len();
            cases.extend(real);
            n
        }
        None => {
            eprintln!(
                "note: /work/shared/samples is not here; the real sample's replies are not compared"
            );
            0
        }
    };
    let generated = variants(&cases, 4000);
    cases.extend(generated);

    let mut findings = 0;
    let rows: Vec<Value> = cases
        .iter()
        .map(|c| {
            let found = lint::lint_reply_spans(
                &c.text,
                &ReplyContext {
                    reviewer: c.reviewer.as_deref(),
                    negative: c.negative,
                },
            );
            findings += found.len();
            json!({
                "text": c.text,
                "reviewer": c.reviewer,
                "negative": c.negative,
                "findings": found.iter().map(|(f, span)| json!({
                    "rule": f.rule,
                    "severity": f.severity,
                    "excerpt": f.excerpt,
                    "span": span.as_ref().map(|r| [r.start, r.end]),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("corpus.json");
    let doc = json!({ "data": lint::data::as_json(), "cases": rows });
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();

    let out = Command::new(node)
        .arg(repo().join("tests/practice/lint_diff.js"))
        .arg(repo().join("themes/default/static/reply-lint.js"))
        .arg(&file)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the page's matcher differs from lint_reply:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "compared {} texts ({demo} demo, {real} real sample, {} generated) and {findings} findings: {}",
        cases.len(),
        cases.len() - demo - real,
        stdout.trim()
    );
    // The corpus must exercise every rule, or the comparison proves little.
    for rule in lint::rules() {
        assert!(
            doc["cases"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["rule"] == rule.id))
                .count()
                >= 50,
            "fewer than 50 texts break {}",
            rule.id
        );
    }
    assert!(
        cases.len() > 4000 && findings > 4000,
        "{} texts, {findings} findings",
        cases.len()
    );
}
