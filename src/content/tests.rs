//! Content: front matter, placeholders, Markdown, the repository's own policy
//! and training pages, scenario classification and exemplars.

use super::load::{policy, training};
use super::*;
use crate::config::Config;
use std::path::Path;

const CONFIG: &str = "\
organization: Riverside Family Health
timezone: America/New_York
targets:
  respond_within_hours: 24
  negative_respond_within_hours: 12
contact:
  phone: (555) 010-0100
  email: feedback@riverside.example
  responder: the practice manager
locations:
  - id: downtown
    name: Downtown Clinic
    sources: [\"Downtown\"]
";

fn config() -> Config {
    Config::parse(CONFIG, "reputable.yaml").expect("the test configuration is valid")
}

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every diagnostic, rendered as the user sees it.
fn shown(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A project folder with the repository's content and the test configuration.
fn repo_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("reputable.yaml"), CONFIG).expect("write config");
    std::fs::create_dir_all(dir.path().join("content/training")).expect("mkdir");
    for (path, text) in SCAFFOLD {
        std::fs::write(dir.path().join(path), text).expect("write content");
    }
    dir
}

const SLUGS: [&str; 8] = [
    "long-wait",
    "billing-dispute",
    "rude-staff",
    "clinical-outcome",
    "privacy-complaint",
    "suspected-troll",
    "glowing-review",
    "mixed-review",
];

// ---------------------------------------------------------------- the repository's content

#[test]
fn the_repository_content_loads_without_errors() {
    let dir = repo_project();
    let content = load(dir.path(), &config()).unwrap_or_else(|e| panic!("{}", shown(&e)));
    let slugs: Vec<&str> = content.training.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(slugs, SLUGS, "pages in `weight` order");
    for (path, text) in SCAFFOLD {
        assert_eq!(*text, repo_file(path), "{path} is compiled in as it is");
    }
    assert_eq!(SCAFFOLD.len(), SLUGS.len() + 1);
    assert!(content.policy.is_some());
}

#[test]
fn do_samples_break_no_rule_and_dont_samples_break_some() {
    let dir = repo_project();
    let content = load(dir.path(), &config()).unwrap_or_else(|e| panic!("{}", shown(&e)));
    for s in &content.training {
        assert!(s.samples.iter().any(|x| x.good), "{}: no do sample", s.slug);
        assert!(
            s.samples.iter().any(|x| !x.good),
            "{}: no don't sample",
            s.slug
        );
        for (n, x) in s.samples.iter().enumerate() {
            if x.good {
                assert!(
                    x.findings.is_empty(),
                    "{} sample {}: {:?}",
                    s.slug,
                    n + 1,
                    x.findings
                );
            } else {
                assert!(
                    !x.findings.is_empty(),
                    "{} sample {} breaks nothing",
                    s.slug,
                    n + 1
                );
            }
        }
    }
}

#[test]
fn policy_renders_with_configuration_values() {
    let doc = policy(
        &repo_file("content/policy.md"),
        "content/policy.md",
        &config(),
    )
    .unwrap_or_else(|e| panic!("{}", shown(&e)));
    insta::assert_snapshot!("policy_html", doc.html);
    insta::assert_json_snapshot!("policy_toc", doc.toc);
    assert_eq!(doc.title, "How we answer online reviews");
    assert!(!doc.html.contains("{{"), "every placeholder is filled in");
}

#[test]
fn changing_the_target_changes_the_policy() {
    let text = repo_file("content/policy.md");
    let before = policy(&text, "content/policy.md", &config())
        .expect("policy")
        .html;
    let changed = CONFIG.replace("respond_within_hours: 24", "respond_within_hours: 48");
    let config48 = Config::parse(&changed, "reputable.yaml").expect("valid");
    let after = policy(&text, "content/policy.md", &config48)
        .expect("policy")
        .html;
    assert!(before.contains("<strong>24 hours</strong>"), "{before}");
    assert!(after.contains("<strong>48 hours</strong>"), "{after}");
    assert!(!after.contains("24 hours"));
    // The negative target stays as configured.
    assert!(after.contains("<strong>12 hours</strong>"));
}

#[test]
fn negative_target_falls_back_to_the_general_one() {
    let text = "---\ntitle: T\n---\n{{ targets.negative_respond_within_hours }} and {{targets.respond_within_hours}}\n";
    let without = CONFIG.replace("  negative_respond_within_hours: 12\n", "");
    let c = Config::parse(&without, "reputable.yaml").expect("valid");
    let doc = policy(text, "content/policy.md", &c).expect("policy");
    assert_eq!(doc.html, "<p>24 and 24</p>\n");
    let c = Config::parse(&CONFIG.replace(": 24\n", ": 1.5\n"), "reputable.yaml").expect("valid");
    let doc = policy(text, "content/policy.md", &c).expect("policy");
    assert_eq!(doc.html, "<p>12 and 1.5</p>\n");
}

#[test]
fn a_training_page_renders() {
    let file = "content/training/long-wait.md";
    let (weight, page) = training(&repo_file(file), file, "long-wait", &config())
        .unwrap_or_else(|e| panic!("{}", shown(&e)));
    assert_eq!(weight, 10);
    insta::assert_json_snapshot!("long_wait_document", page.doc);
    let samples: Vec<_> = page
        .samples
        .iter()
        .map(|s| {
            serde_json::json!({
                "good": s.good,
                "reply": s.reply,
                "line": s.place.as_ref().map(|p| p.line),
                "findings": s.findings.iter().map(|f| format!("{} «{}»", f.rule, f.excerpt)).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("long_wait_samples", samples);
}

#[test]
fn practice_reviews_come_from_the_front_matter_else_from_the_samples() {
    let file = "content/training/long-wait.md";
    let (_, page) = training(&repo_file(file), file, "long-wait", &config()).expect("parses");
    assert_eq!(page.practice.len(), 1);
    let p = &page.practice[0];
    assert_eq!(p.reviewer.as_deref(), Some("Dana Morales"));
    assert_eq!(p.rating, Some(1));
    assert!(p.negative);
    assert!(p.review.starts_with("Sat in the waiting room"));
    let first_do = page
        .samples
        .iter()
        .find(|s| s.good)
        .map(|s| s.reply.clone());
    assert_eq!(p.model_answer, first_do);

    // No `practice:`: each review a sample answers, once; model answers in turn.
    let text = "---\ntitle: Wait\nsamples:\n  - kind: do\n    review: Slow.\n    reviewer: Ann Lee\n    rating: 4\n    reply: Thank you. Please call 555-0100.\n  - kind: dont\n    review: Slow.\n    reply: You were late.\n  - kind: do\n    review: Rude.\n    reply: We are sorry. Please call 555-0100.\n---\n";
    let (_, page) = training(text, "content/training/x.md", "x", &config()).expect("parses");
    let got: Vec<_> = page
        .practice
        .iter()
        .map(|p| {
            (
                p.review.as_str(),
                p.reviewer.as_deref(),
                p.negative,
                p.model_answer.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Slow.",
                Some("Ann Lee"),
                false,
                Some("Thank you. Please call 555-0100.")
            ),
            (
                "Rude.",
                None,
                true,
                Some("We are sorry. Please call 555-0100.")
            ),
        ]
    );
}

#[test]
fn a_practice_review_with_a_bad_rating_is_an_error_at_its_list() {
    let text = "---\ntitle: Wait\npractice:\n  - review: Slow.\n    rating: 9\n---\n";
    let shown = training_error(text);
    assert!(
        shown.contains("practice review 1: rating 9 is not between 1 and 5")
            && shown.contains("content/training/x.md:3:1"),
        "{shown}"
    );
}

// ---------------------------------------------------------------- front matter errors

fn policy_error(text: &str) -> String {
    shown(&policy(text, "content/policy.md", &config()).expect_err("an error"))
}

fn training_error(text: &str) -> String {
    shown(&training(text, "content/training/x.md", "x", &config()).expect_err("an error"))
}

#[test]
fn unknown_front_matter_key_names_the_line_in_the_file() {
    let text = "---\ntitle: Policy\nsumary: typo\n---\n# Body\n";
    insta::assert_snapshot!("error_unknown_key", policy_error(text));
}

#[test]
fn unknown_sample_key_names_the_line_in_the_file() {
    let text = "---\ntitle: Wait\nsamples:\n  - kind: do\n    reply: Thank you. Please call 555-0100.\n    rating: 2\n    tone: warm\n---\n";
    insta::assert_snapshot!("error_unknown_sample_key", training_error(text));
}

#[test]
fn bad_value_names_the_line_in_the_file() {
    let text = "---\ntitle: Wait\nkeywords: [wait]\nsamples:\n  - kind: maybe\n    reply: Thank you.\n---\n";
    insta::assert_snapshot!("error_bad_kind", training_error(text));
    let text = "---\ntitle: Wait\nsamples:\n  - kind: do\n    rating: 9\n    reply: Thank you. Call 555-0100.\n---\n";
    insta::assert_snapshot!("error_bad_rating", training_error(text));
}

#[test]
fn missing_and_unclosed_front_matter_are_errors() {
    insta::assert_snapshot!("error_no_front_matter", policy_error("# Policy\n"));
    insta::assert_snapshot!(
        "error_unclosed_front_matter",
        policy_error("---\ntitle: x\n")
    );
    insta::assert_snapshot!(
        "error_missing_title",
        policy_error("---\nsummary: x\n---\n")
    );
}

#[test]
fn odd_front_matter_shapes() {
    // Windows line ends and a byte-order mark are fine.
    let doc = policy(
        "\u{feff}---\r\ntitle: P\r\n---\r\n# Hi\r\n",
        "p.md",
        &config(),
    )
    .expect("CRLF");
    assert_eq!((doc.title.as_str(), doc.toc[0].id.as_str()), ("P", "hi"));
    // A file that is only the opening line is unclosed, not a panic.
    assert!(policy_error("---").contains("never closed"));
    // An empty front matter lacks its title.
    assert!(policy_error("---\n---\nBody\n").contains("has no `title`"));
    // A YAML syntax error is placed in the file too.
    let err = policy_error("---\ntitle: [unclosed\n---\n");
    assert!(err.contains("--> content/policy.md:"), "{err}");
}

#[test]
fn placeholder_errors_name_line_and_column() {
    let text = "---\ntitle: Policy\n---\nWe answer within {{ targets.respond_within_hour }} hours.\n\nCall {{ contact.phone }} or {{ nope\n";
    insta::assert_snapshot!("error_placeholders", policy_error(text));
    let unset = CONFIG.replace("  email: feedback@riverside.example\n", "");
    let c = Config::parse(&unset, "reputable.yaml").expect("valid");
    let err = policy(
        "---\ntitle: P\n---\nWrite to {{ contact.email }}.\n",
        "content/policy.md",
        &c,
    )
    .expect_err("unset e-mail");
    insta::assert_snapshot!("error_placeholder_unset", shown(&err));
}

#[test]
fn escaped_braces_stay_literal() {
    let doc = policy(
        "---\ntitle: P\n---\nWrite `\\{{ contact.phone }}` for the number: {{ contact.phone }}.\n",
        "p.md",
        &config(),
    )
    .expect("policy");
    assert_eq!(
        doc.html,
        "<p>Write <code>{{ contact.phone }}</code> for the number: (555) 010-0100.</p>\n"
    );
}

#[test]
fn a_do_sample_breaking_a_high_rule_is_an_error_at_its_reply() {
    let text = "\
---
title: Wait
samples:
  - kind: dont
    reply: We look forward to your next appointment.
  - kind: do
    rating: 5
    reviewer: Alex Archer
    reply: >-
      Thank you for the kind words, Alex.
      We look forward to your next
      appointment.
---
";
    let (_, page) = training(text, "content/training/x.md", "x", &config()).expect("parses");
    let content = Content {
        policy: None,
        training: vec![page],
    };
    let errors = training_errors(&content);
    insta::assert_snapshot!("error_do_sample", shown(&errors));
    assert_eq!(errors.len(), 2, "confirms-patient and names-reviewer");
    let places: Vec<_> = errors.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(
        places,
        [(Some(11), Some(26)), (Some(10), Some(37))],
        "at the words themselves"
    );
}

#[test]
fn load_fails_on_a_bad_do_sample_and_an_unknown_scenario_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = format!("{CONFIG}scenarios:\n  - scenario: parking\n    keywords: [parking]\n");
    std::fs::write(dir.path().join("reputable.yaml"), &cfg).expect("write");
    std::fs::create_dir_all(dir.path().join("content/training")).expect("mkdir");
    std::fs::write(
        dir.path().join("content/training/long-wait.md"),
        "---\ntitle: Wait\nsamples:\n  - kind: do\n    reply: Sorry about your visit. Call 555-0100.\n---\n",
    )
    .expect("write");
    let config = Config::parse(&cfg, "reputable.yaml").expect("valid");
    let errors = load(dir.path(), &config).expect_err("errors");
    insta::assert_snapshot!("error_load", shown(&errors));
}

#[test]
fn bad_training_file_names_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("content/training")).expect("mkdir");
    std::fs::write(
        dir.path().join("content/training/Long Wait.md"),
        "---\ntitle: x\n---\n",
    )
    .expect("write");
    let errors = load(dir.path(), &config()).expect_err("errors");
    assert!(shown(&errors).contains("`Long Wait` cannot be a training page name"));
}

#[test]
fn a_project_without_content_has_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = load(dir.path(), &config()).expect("nothing to read is fine");
    assert!(content.policy.is_none() && content.training.is_empty());
}

// ---------------------------------------------------------------- Markdown

#[test]
fn headings_get_unique_linkable_ids_and_a_toc() {
    let md = "# Who answers?\n\n## Who answers?\n\n## Custom {#mine}\n\n### `code` & more\n\n## Mine\n\n## ?!\n";
    let (html, toc) = markdown::render(md);
    let ids: Vec<&str> = toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "who-answers",
            "who-answers-1",
            "mine",
            "code-more",
            "mine-1",
            "section"
        ]
    );
    assert_eq!(toc[3].text, "code & more");
    assert_eq!(toc[3].level, 3);
    insta::assert_snapshot!("markdown_headings", html);
}

#[test]
fn tables_and_footnotes_render() {
    let md = "| a | b |\n| --- | --- |\n| 1 | 2 |\n\nA claim.[^1]\n\n[^1]: The source.\n";
    let (html, _) = markdown::render(md);
    assert!(
        html.contains("<table>") && html.contains("<td>2</td>"),
        "{html}"
    );
    assert!(
        html.contains("footnote-reference") && html.contains("footnote-definition"),
        "{html}"
    );
}

#[test]
fn slugs() {
    for (text, slug) in [
        ("Who answers, and how fast", "who-answers-and-how-fast"),
        ("  Privacy -- first  ", "privacy-first"),
        ("Über uns", "über-uns"),
        ("16 CFR 465", "16-cfr-465"),
        ("", "section"),
    ] {
        assert_eq!(markdown::slugify(text), slug, "{text:?}");
    }
}

// ---------------------------------------------------------------- scenarios

fn repo_content() -> Content {
    let dir = repo_project();
    load(dir.path(), &config()).unwrap_or_else(|e| panic!("{}", shown(&e)))
}

#[test]
fn reviews_are_sorted_into_scenarios() {
    let content = repo_content();
    let c = config();
    let rows: &[(&str, Option<f64>, Option<&str>)] = &[
        (
            "Waited 90 minutes past my slot.",
            Some(1.0),
            Some("long-wait"),
        ),
        (
            "They billed me twice and refused a refund.",
            Some(1.0),
            Some("billing-dispute"),
        ),
        (
            "The receptionist was rude and dismissive.",
            Some(2.0),
            Some("rude-staff"),
        ),
        (
            "Still in pain a week later, probably an infection.",
            Some(1.0),
            Some("clinical-outcome"),
        ),
        (
            "They discussed my results where others overheard. No privacy.",
            Some(1.0),
            Some("privacy-complaint"),
        ),
        (
            "These idiots should be shut down.",
            Some(1.0),
            Some("suspected-troll"),
        ),
        (
            "Never been a patient but heard bad things.",
            Some(1.0),
            Some("suspected-troll"),
        ),
        (
            "Wonderful team, thank you!",
            Some(5.0),
            Some("glowing-review"),
        ),
        ("", Some(5.0), Some("glowing-review")),
        (
            "Great dentist but I waited an hour.",
            Some(4.0),
            Some("mixed-review"),
        ),
        ("It was fine.", Some(3.0), Some("mixed-review")),
        ("Not good.", Some(1.0), None),
        ("Waited ages.", None, Some("long-wait")),
        ("Nothing to say.", None, None),
        // Tie-break: one keyword each, the earliest in the text wins.
        ("Rude, and I waited an hour.", Some(1.0), Some("rude-staff")),
        (
            "I waited an hour and they were rude.",
            Some(1.0),
            Some("long-wait"),
        ),
        // More keywords win over an earlier one.
        (
            "Rude. Waited an hour, kept waiting, delayed again.",
            Some(1.0),
            Some("long-wait"),
        ),
        // Negated keywords do not count.
        (
            "Lovely team, no waiting at all.",
            Some(5.0),
            Some("glowing-review"),
        ),
        (
            "Never had to wait, never rude.",
            Some(5.0),
            Some("glowing-review"),
        ),
    ];
    for (text, rating, want) in rows {
        assert_eq!(
            scenario_of(text, *rating, &content, &c).as_deref(),
            *want,
            "{text:?} ({rating:?})"
        );
    }
}

#[test]
fn configured_rules_add_keywords() {
    let content = repo_content();
    let yaml = format!("{CONFIG}scenarios:\n  - scenario: long-wait\n    keywords: [parking]\n");
    let c = Config::parse(&yaml, "reputable.yaml").expect("valid");
    assert_eq!(
        scenario_of("Parking is impossible.", Some(1.0), &content, &config()),
        None
    );
    assert_eq!(
        scenario_of("Parking is impossible.", Some(1.0), &content, &c).as_deref(),
        Some("long-wait")
    );
}

// ---------------------------------------------------------------- exemplars

mod exemplar_data {
    use super::*;
    use crate::ingest::Dataset;
    use crate::model::ActionKind;
    use crate::testkit::{action, review};

    pub fn data(c: &Config) -> Dataset {
        use ActionKind::*;
        let mut reviews = vec![
            // Good, fast reply: an exemplar, with the name and number removed from the review.
            review(
                "a",
                "Priya Raman",
                1.0,
                "2026-03-02T10:00:00Z",
                "Priya here: billed twice! Call me on 555-0199.",
                c,
            ),
            // Good reply, but too slow for the 12-hour negative target.
            review(
                "b",
                "Tom Becker",
                1.0,
                "2026-03-03T10:00:00Z",
                "Billed twice.",
                c,
            ),
            // Fast reply that names the reviewer: not an exemplar.
            review(
                "c",
                "Alex Archer",
                5.0,
                "2026-03-04T10:00:00Z",
                "Lovely team.",
                c,
            ),
            // Fast, clean reply to a glowing review.
            review(
                "d",
                "Sam Okafor",
                5.0,
                "2026-03-05T10:00:00Z",
                "Lovely team, thanks Sam's dentist!",
                c,
            ),
            // First answer is a phone call, the reply came later: not the first answer.
            review(
                "e",
                "Lena Hoffmann",
                1.0,
                "2026-03-06T10:00:00Z",
                "Rude receptionist.",
                c,
            ),
        ];
        // Six clean glowing replies: only five are kept, newest first.
        for i in 0..6 {
            reviews.push(review(
                &format!("g{i}"),
                "Kim Lo",
                5.0,
                &format!("2026-03-1{i}T10:00:00Z"),
                "Great.",
                c,
            ));
        }
        let mut actions = vec![
            action(
                "a",
                Reply,
                "2026-03-02T12:00:00Z",
                "Thank you for raising this; we're sorry. Please call us at 555-0100 or write to office@riverside.example.",
                c,
            ),
            action(
                "b",
                Reply,
                "2026-03-04T10:00:00Z",
                "Thank you for raising this; we're sorry. Please call us at 555-0100.",
                c,
            ),
            action("c", Reply, "2026-03-04T11:00:00Z", "Thank you Alex!", c),
            action(
                "d",
                Reply,
                "2026-03-05T11:00:00Z",
                "Thank you so much for these kind words!",
                c,
            ),
            action("e", Contact, "2026-03-06T11:00:00Z", "", c),
            action(
                "e",
                Reply,
                "2026-03-06T12:00:00Z",
                "Thank you for telling us; we're sorry. Please call 555-0100.",
                c,
            ),
        ];
        for i in 0..6 {
            actions.push(action(
                &format!("g{i}"),
                Reply,
                &format!("2026-03-1{i}T11:00:00Z"),
                "Thank you, we'll pass this on to the team!",
                c,
            ));
        }
        let mut data = Dataset {
            files: vec!["x".into()],
            reviews,
            actions,
            ..Dataset::default()
        };
        crate::ingest::link(&mut data, c.tz());
        data
    }
}

#[test]
fn exemplars_are_fast_clean_first_replies_without_names() {
    let c = config();
    let content = repo_content();
    let data = exemplar_data::data(&c);
    let analysis = crate::figures::analyse(&data, &c, None);
    let replies = crate::lint::lint_replies(&data, &analysis);
    let trolls = crate::lint::find_trolls(&data, &analysis);
    let picked = exemplars(&data, &analysis, &content, &replies, &trolls, &c);
    let summary: Vec<String> = picked
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | {} | {}h",
                e.scenario,
                data.reviews[e.review].id,
                e.review_text,
                e.reply_text,
                e.response_hours
            )
        })
        .collect();
    insta::assert_snapshot!("exemplars", summary.join("\n"));
    assert_eq!(
        picked
            .iter()
            .filter(|e| e.scenario == "glowing-review")
            .count(),
        EXEMPLARS_PER_SCENARIO
    );
}

#[test]
fn redaction() {
    assert_eq!(
        redact(
            "Thanks Priya! Priya's number is +1 555 010 0199, mail p.r@x.org",
            Some("Priya Raman")
        ),
        "Thanks [name]! [name] number is [phone], mail [e-mail]"
    );
    assert_eq!(
        redact("Thank you, Gray.", Some("gray grant")),
        "Thank you, [name]."
    );
    assert_eq!(redact("Gray walls.", None), "Gray walls.");
}
