//! Shared by the `site_*` tests: a project built in code (so the site can be
//! tested without the ingest readers), an HTML checker and a link checker.
#![allow(dead_code)]

use reputable::config::Config;
use reputable::content::{Content, Document, Exemplar, Heading, Practice, Sample, Scenario};
use reputable::figures;
use reputable::ingest::Dataset;
use reputable::lint::{Finding, LintSeverity, ReplyFindings, Troll, TrollSuspicion};
use reputable::model::{Action, ActionKind, Moment, Origin, RequestBatch, Review, When};
use reputable::problems::Problem;
use reputable::project::Project;
use reputable::site::OutputFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub const CONFIG: &str = "organization: Riverside Family Health
timezone: America/New_York
theme: default
base_url: https://reviews.example.org/
targets:
  respond_within_hours: 24
  negative_respond_within_hours: 12
  positive_to_negative: 5
locations:
  - id: downtown
    name: Downtown Clinic
    sources: [\"Downtown\"]
  - id: north
    name: Northside & Co. Dental
    sources: [\"North\"]
campaigns:
  - name: Ask every patient
    start: 2026-10-01
    note: Cards at the front desk, for every patient.
";

/// Text that must come out inert wherever it lands.
pub const HOSTILE: &[&str] = &[
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(document.cookie)",
    "{{ site.organization }} {% if true %}TEMPLATE-RAN{% endif %}",
];

fn at(s: &str, tz: &jiff::tz::TimeZone) -> Moment {
    let ts: jiff::Timestamp = s.parse().expect("fixture timestamps are valid");
    Moment::resolve(When::Instant(ts), tz).unwrap()
}

/// A small deterministic organisation: September and October 2026, two
/// locations and one unassigned source, three platforms, replies at varied
/// delays, open negative reviews, requests, problems, content, lint findings,
/// trolls and exemplars. `hostile` puts `HOSTILE` text into every free-text field.
pub fn project(hostile: bool) -> Project {
    let config = Config::parse(CONFIG, "reputable.yaml").expect("fixture config parses");
    let tz = config.tz().clone();
    let evil = |i: usize, plain: String| -> String {
        if hostile {
            format!("{plain} {}", HOSTILE[i % HOSTILE.len()])
        } else {
            plain
        }
    };
    let platforms = ["google", "yelp", "facebook"];
    let places = ["Downtown", "North", "Elsewhere"];
    let mut reviews = Vec::new();
    let mut actions = Vec::new();
    // 20 reviews in September, 36 in October.
    let mut n = 0usize;
    for (month, count) in [(9, 20usize), (10, 36usize)] {
        for k in 0..count {
            n += 1;
            let day = 1 + (k * 7 + n) % 28;
            let hour = 8 + (k * 5) % 10;
            let rating = [5.0, 4.0, 5.0, 1.0, 3.0, 5.0, 2.0, 4.0, 5.0][n % 9];
            let platform = platforms[n % 3];
            let posted = at(
                &format!("2026-{month:02}-{day:02}T{hour:02}:15:00-04:00"),
                &tz,
            );
            let id = format!("r{n:03}");
            reviews.push(Review {
                platform: platform.into(),
                id: id.as_str().into(),
                source_location: places[(n / 3) % 3].into(),
                author: Some(format!("Reviewer {n}").into()),
                rating: if n.is_multiple_of(17) {
                    None
                } else {
                    Some(rating)
                },
                posted,
                updated: None,
                text: Some(evil(
                    n,
                    format!("Review number {n}: the wait was {} minutes.", 5 + n % 40),
                )),
                embedded_reply: None,
                origin: Origin {
                    file: 0,
                    line: n as u32 + 1,
                },
            });
            // Every fourth review stays unanswered; the others get a reply
            // after 1 to 40 hours.
            if !n.is_multiple_of(4) {
                let delay = jiff::SignedDuration::from_mins(((n * 37) % 2400) as i64 + 60);
                let when = posted.instant + delay;
                actions.push(Action {
                    platform: platform.into(),
                    review_id: id.into(),
                    at: Moment::resolve(When::Instant(when), &tz).unwrap(),
                    kind: if n % 10 == 1 {
                        ActionKind::Contact
                    } else {
                        ActionKind::Reply
                    },
                    channel: Some("public".into()),
                    responder: Some("Practice manager".into()),
                    text: Some(evil(
                        n + 1,
                        format!("Thank you for your feedback ({n}). Please call us at 555-0100."),
                    )),
                    embedded: false,
                    origin: Origin {
                        file: 1,
                        line: actions.len() as u32 + 2,
                    },
                });
            }
        }
    }
    let requests = vec![
        RequestBatch {
            date: jiff::civil::date(2026, 10, 3),
            location: "Downtown".into(),
            channel: "sms".into(),
            sent: 120,
            origin: Origin { file: 2, line: 2 },
        },
        RequestBatch {
            date: jiff::civil::date(2026, 10, 10),
            location: "north".into(),
            channel: "email".into(),
            sent: 80,
            origin: Origin { file: 2, line: 3 },
        },
    ];
    let problems = vec![
        Problem::warning(
            "response-before-review",
            "content/responses/log.csv",
            evil(2, "this reply is dated before its review".into()),
        )
        .at(7, Some(12)),
        Problem::notice(
            "duplicate-review",
            "content/reviews/google.csv",
            "review google/r004 is also in another file",
        )
        .at(5, None),
    ];
    let data = Dataset {
        files: vec![
            "content/reviews/reviews.csv".into(),
            "content/responses/log.csv".into(),
            "content/requests/requests.csv".into(),
        ],
        reviews,
        actions,
        requests,
        problems,
        ..Dataset::default()
    };
    let analysis = figures::analyse(&data, &config, None);
    // Lint findings on two October replies, a troll, an exemplar.
    let october_action = data
        .actions
        .iter()
        .position(|a| a.review_id == "r030")
        .expect("r030 is answered");
    let replies = vec![ReplyFindings {
        action: october_action,
        findings: vec![Finding {
            rule: "confirms-patient",
            severity: LintSeverity::High,
            excerpt: evil(3, "your visit".into()),
            advice: "Do not confirm that the reviewer is a patient.",
        }],
    }];
    let troll_review = data.reviews.iter().position(|r| r.id == "r040").unwrap();
    let trolls = vec![Troll {
        review: troll_review,
        suspicion: TrollSuspicion {
            category: "harassment",
            excerpt: evil(0, "idiots".into()),
        },
    }];
    let exemplar_review = data.reviews.iter().position(|r| r.id == "r033").unwrap();
    let exemplar_action = data
        .actions
        .iter()
        .position(|a| a.review_id == "r033")
        .unwrap();
    let exemplars = vec![Exemplar {
        scenario: "long-wait".into(),
        review: exemplar_review,
        action: exemplar_action,
        review_text: evil(1, "The wait was long.".into()),
        reply_text: evil(
            2,
            "We are sorry about the wait; please call 555-0100.".into(),
        ),
        response_hours: 3.5,
    }];
    let content = Content {
        policy: Some(Document {
            source: "content/policy.md".into(),
            title: "How we answer reviews".into(),
            summary: Some(evil(0, "Prompt, gracious, offline.".into())),
            html: "<h2 id=\"be-prompt\">Be prompt</h2>\n<p>Answer within 24 hours.</p>\n".into(),
            toc: vec![Heading {
                level: 2,
                id: "be-prompt".into(),
                text: "Be prompt".into(),
            }],
            warnings: vec![],
        }),
        training: vec![Scenario {
            slug: "long-wait".into(),
            doc: Document {
                source: "content/training/long-wait.md".into(),
                title: "A long wait".into(),
                summary: Some("The patient waited too long.".into()),
                html: "<p>Apologise for the wait without confirming a visit.</p>\n".into(),
                toc: vec![],
                warnings: vec![],
            },
            keywords: vec!["wait".into()],
            samples: vec![
                Sample {
                    good: true,
                    review: Some(evil(1, "Waited an hour!".into())),
                    reply: evil(2, "We are sorry. Please call us.".into()),
                    note: Some("Gracious and offline.".into()),
                    findings: vec![],
                    ..Sample::default()
                },
                Sample {
                    good: false,
                    review: None,
                    reply: evil(3, "Sorry about your appointment.".into()),
                    note: None,
                    findings: vec![Finding {
                        rule: "confirms-patient",
                        severity: LintSeverity::High,
                        excerpt: "your appointment".into(),
                        advice: "Say \"a visit\" never \"your visit\".",
                    }],
                    ..Sample::default()
                },
            ],
            practice: vec![Practice {
                review: evil(4, "Waited an hour for nothing!".into()),
                reviewer: Some(evil(5, "Priya Raman".into())),
                rating: Some(1),
                negative: true,
                model_answer: Some(evil(2, "We are sorry. Please call us.".into())),
            }],
        }],
    };
    Project {
        root: "/nonexistent-project".into(),
        config,
        data,
        analysis,
        content,
        replies,
        trolls,
        exemplars,
    }
}

pub fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    let [bytes] = f.parts() else {
        panic!("{path} is in several parts");
    };
    std::str::from_utf8(bytes).expect("pages are UTF-8")
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// What an HTML page holds that the tests need: ids, links, and any errors
/// (tokenizer errors, unbalanced or misnested tags, a missing doctype).
#[derive(Default, Debug)]
pub struct Parsed {
    pub errors: Vec<String>,
    pub ids: BTreeSet<String>,
    /// (attribute, value) of every href and src.
    pub links: Vec<(String, String)>,
    /// Every attribute name seen (to catch `onerror` and friends).
    pub attributes: BTreeSet<String>,
    pub tags: BTreeSet<String>,
}

pub fn parse_html(html: &str) -> Parsed {
    use html5gum::{Token, Tokenizer};
    let mut p = Parsed::default();
    let mut stack: Vec<String> = Vec::new();
    let mut doctype = false;
    for token in Tokenizer::new(html) {
        let Ok(token) = token;
        match token {
            Token::Doctype(_) => doctype = true,
            Token::Error(e) => p.errors.push(format!("{:?}", e.value)),
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                for (k, v) in &t.attributes {
                    let k = String::from_utf8_lossy(k).into_owned();
                    let v = String::from_utf8_lossy(&v.value).into_owned();
                    if k == "id" && !p.ids.insert(v.clone()) {
                        p.errors.push(format!("duplicate id `{v}`"));
                    }
                    if k == "href" || k == "src" {
                        p.links.push((k.clone(), v));
                    }
                    p.attributes.insert(k);
                }
                p.tags.insert(name.clone());
                if !t.self_closing && !VOID.contains(&name.as_str()) {
                    stack.push(name);
                }
            }
            Token::EndTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                match stack.pop() {
                    Some(open) if open == name => {}
                    other => p.errors.push(format!("</{name}> closes {other:?}")),
                }
            }
            _ => {}
        }
    }
    if !doctype {
        p.errors.push("no doctype".into());
    }
    if !stack.is_empty() {
        p.errors.push(format!("unclosed elements: {stack:?}"));
    }
    p
}

/// Checks every internal href/src of every page against the files (and the
/// ids of the target page). Returns the broken links.
pub fn broken_links(files: &[OutputFile]) -> Vec<String> {
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let parsed: BTreeMap<&str, Parsed> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                parse_html(std::str::from_utf8(&f.bytes()).unwrap()),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (page, p) in &parsed {
        for (_, link) in &p.links {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
            {
                broken.push(format!("{page}: external link {link}"));
                continue;
            }
            let (target, anchor) = match link.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (link.as_str(), None),
            };
            let resolved = if target.is_empty() {
                page.to_string()
            } else {
                join(page, target)
            };
            if !paths.contains(resolved.as_str()) {
                broken.push(format!("{page}: {link} → {resolved} does not exist"));
                continue;
            }
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                match parsed.get(resolved.as_str()) {
                    Some(t) if t.ids.contains(a) => {}
                    _ => broken.push(format!("{page}: {link} → no id `{a}` in {resolved}")),
                }
            }
        }
    }
    broken
}

/// Resolves a relative link from a page path, as a browser would.
fn join(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if link.ends_with('/') {
        format!("{joined}/index.html")
    } else {
        joined
    }
}

/// Every file under `dir` with its bytes, for comparing two outputs.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The page without the theme's own scripts (the training pages' practice
/// box), so that a test can require that no other script is left.
pub fn without_theme_scripts(html: &str) -> String {
    ["reply-lint-data.js", "reply-lint.js", "practice.js"]
        .iter()
        .fold(html.to_string(), |h, name| {
            h.replace(
                &format!("<script src=\"../../static/{name}\"></script>"),
                "",
            )
        })
}
