//! Reading the policy and the training pages: front matter, placeholders,
//! Markdown, and the lint of every sample reply.

use super::{
    Content, Document, Place, Practice, Sample, Scenario, frontmatter, markdown, placeholders,
};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::figures::Class;
use crate::lint::{self, ReplyContext};
use crate::problems::Problem;
use serde::Deserialize;
use std::path::Path;

pub const POLICY: &str = "content/policy.md";
pub const TRAINING: &str = "content/training";

/// The slugs with a meaning of their own in classification (`scenario.rs`).
pub const SUSPECTED_TROLL: &str = "suspected-troll";
pub const GLOWING: &str = "glowing-review";
pub const MIXED: &str = "mixed-review";

/// Front matter of `content/policy.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFront {
    title: String,
    #[serde(default)]
    summary: Option<String>,
}

const POLICY_KEYS: &str = "title (text, required), summary (text)";
const POLICY_EXAMPLE: &str = "---\ntitle: How we answer online reviews\nsummary: Who answers, how fast, and what we never write.\n---";

/// Front matter of `content/training/<slug>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrainingFront {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    /// Words and phrases that sort a review into this scenario.
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    samples: Vec<SampleFront>,
    /// Position among the training pages (lower first; then by slug).
    #[serde(default)]
    weight: Option<i64>,
    /// Reviews to practise on in the page's practice box.
    #[serde(default)]
    practice: Vec<PracticeFront>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PracticeFront {
    review: String,
    #[serde(default)]
    reviewer: Option<String>,
    #[serde(default)]
    rating: Option<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleFront {
    kind: Kind,
    #[serde(default)]
    review: Option<String>,
    #[serde(default)]
    reviewer: Option<String>,
    #[serde(default)]
    rating: Option<u8>,
    reply: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
enum Kind {
    #[serde(rename = "do")]
    Do,
    #[serde(rename = "dont", alias = "don't")]
    Dont,
}

const TRAINING_KEYS: &str = "title (text, required), summary (text), keywords (list of words or phrases), weight (whole number, orders the pages), samples (list of: kind (do or dont, required), reply (text, required), review (text), reviewer (display name), rating (1 to 5), note (text)), practice (list of: review (text, required), reviewer (display name), rating (1 to 5))";
const TRAINING_EXAMPLE: &str = "---\ntitle: A long wait\nsummary: The reviewer waited longer than they should have.\nkeywords: [waited, wait time, late]\nsamples:\n  - kind: do\n    rating: 2\n    reply: Thank you for telling us. Please call our office manager at 555-0100.\n    note: Thanks, regret, an offline path, nothing about the visit.\n---";

pub fn load(root: &Path, config: &Config) -> Result<Content, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut content = Content::default();

    let policy_path = root.join(POLICY);
    if policy_path.is_file() {
        match read(&policy_path, POLICY).and_then(|text| policy(&text, POLICY, config)) {
            Ok(doc) => content.policy = Some(doc),
            Err(mut e) => errors.append(&mut e),
        }
    }

    let mut pages: Vec<(i64, Scenario)> = Vec::new();
    for (path, display, slug) in training_files(root) {
        let result = check_slug(&slug, &display)
            .and_then(|()| read(&path, &display))
            .and_then(|text| training(&text, &display, &slug, config));
        match result {
            Ok(page) => pages.push(page),
            Err(mut e) => errors.append(&mut e),
        }
    }
    pages.sort_by(|a, b| (a.0, &a.1.slug).cmp(&(b.0, &b.1.slug)));
    content.training = pages.into_iter().map(|(_, s)| s).collect();

    errors.extend(super::training_errors(&content));
    errors.extend(scenario_rule_errors(root, config, &content));
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(errors)
    }
}

fn read(path: &Path, display: &str) -> Result<String, Vec<Diagnostic>> {
    std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::new(
            display,
            format!("cannot read the file: {e}"),
        )]
    })
}

/// `content/training/*.md`, sorted by name; `(path, display, slug)`.
fn training_files(root: &Path) -> Vec<(std::path::PathBuf, String, String)> {
    let Ok(entries) = std::fs::read_dir(root.join(TRAINING)) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md"))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            let slug = name.strip_suffix(".md")?.to_string();
            (!name.starts_with('.')).then(|| (p, format!("{TRAINING}/{name}"), slug))
        })
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

fn check_slug(slug: &str, display: &str) -> Result<(), Vec<Diagnostic>> {
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(vec![
            Diagnostic::new(display, format!("`{slug}` cannot be a training page name"))
                .help("the file name becomes the page's address: use lower-case letters, digits and `-`, e.g. `long-wait.md`"),
        ])
    }
}

/// Renders the policy.
pub fn policy(text: &str, file: &str, config: &Config) -> Result<Document, Vec<Diagnostic>> {
    let split = frontmatter::split(text, file, POLICY_EXAMPLE).map_err(|d| vec![*d])?;
    let front: PolicyFront =
        frontmatter::parse(&split, text, file, POLICY_KEYS).map_err(|d| vec![*d])?;
    let problems = placeholders::check(text, file, config);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(document(
        file,
        &front.title,
        front.summary.as_deref(),
        (split.body, split.body_line),
        config,
    ))
}

/// Renders the body (starting at file line `body.1`); configuration values
/// go in as text, and what the sanitiser removes becomes a warning at its
/// line.
fn document(
    file: &str,
    title: &str,
    summary: Option<&str>,
    body: (&str, usize),
    config: &Config,
) -> Document {
    let marked = placeholders::mark(body.0, config);
    let rendered = markdown::render_with(&marked.text, Some(&marked));
    let warnings = rendered
        .removed
        .iter()
        .map(|(offset, what)| {
            let line = body.1 + markdown::line_of(&marked.text, *offset) - 1;
            Problem::warning(
                "unsafe-html",
                file,
                format!(
                    "{what} removed from the page: staff pages may use simple HTML, but no scripts, frames, objects, event handlers or `javascript:` links"
                ),
            )
            .at(u32::try_from(line).unwrap_or(u32::MAX), None)
        })
        .collect();
    Document {
        source: file.to_string(),
        title: placeholders::substitute(title, config),
        summary: summary.map(|s| placeholders::substitute(s.trim(), config)),
        html: rendered.html,
        toc: rendered.toc,
        warnings,
    }
}

/// Renders one training page and lints its samples; returns its weight too.
pub fn training(
    text: &str,
    file: &str,
    slug: &str,
    config: &Config,
) -> Result<(i64, Scenario), Vec<Diagnostic>> {
    let split = frontmatter::split(text, file, TRAINING_EXAMPLE).map_err(|d| vec![*d])?;
    let front: TrainingFront =
        frontmatter::parse(&split, text, file, TRAINING_KEYS).map_err(|d| vec![*d])?;
    let mut problems = placeholders::check(text, file, config);
    for (n, s) in front.samples.iter().enumerate() {
        if let Some(r) = s.rating
            && !(1..=5).contains(&r)
        {
            let (line, col) = frontmatter::key_place(&split, "rating", n_rating(&front, n))
                .unwrap_or((split.yaml_line, 1));
            problems.push(
                Diagnostic::new(
                    file,
                    format!("sample {}: rating {r} is not between 1 and 5", n + 1),
                )
                .at(text, line, col)
                .help("write the example review's stars, `rating: 1` to `rating: 5`"),
            );
        }
        if s.reply.trim().is_empty() {
            let (line, col) =
                frontmatter::key_place(&split, "reply", n).unwrap_or((split.yaml_line, 1));
            problems.push(
                Diagnostic::new(file, format!("sample {} has an empty reply", n + 1))
                    .at(text, line, col)
                    .help("write the reply staff should (or should not) post"),
            );
        }
    }
    for (n, p) in front.practice.iter().enumerate() {
        let bad_rating = p.rating.filter(|r| !(1..=5).contains(r));
        if bad_rating.is_none() && !p.review.trim().is_empty() {
            continue;
        }
        let (line, col) =
            frontmatter::key_place(&split, "practice", 0).unwrap_or((split.yaml_line, 1));
        let (what, help) = match bad_rating {
            Some(r) => (
                format!(
                    "practice review {}: rating {r} is not between 1 and 5",
                    n + 1
                ),
                "write the practice review's stars, `rating: 1` to `rating: 5`",
            ),
            None => (
                format!("practice review {} has an empty review", n + 1),
                "write the review staff should practise answering",
            ),
        };
        problems.push(Diagnostic::new(file, what).at(text, line, col).help(help));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let sub = |s: &str| placeholders::substitute(s.trim(), config);
    let samples: Vec<Sample> = front
        .samples
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let reply = sub(&s.reply);
            let negative = s
                .rating
                .is_none_or(|r| Class::of(Some(f64::from(r)), config) == Class::Negative);
            let findings = lint::lint_reply(
                &reply,
                &ReplyContext {
                    reviewer: s.reviewer.as_deref(),
                    negative,
                },
            );
            let place = frontmatter::key_place(&split, "reply", n).map(|(line, column)| Place {
                line,
                column,
                source_line: text.lines().nth(line - 1).unwrap_or("").to_string(),
                block: value_block(text, line, column),
            });
            Sample {
                good: matches!(s.kind, Kind::Do),
                review: s.review.as_deref().map(sub),
                reply,
                note: s.note.as_deref().map(sub),
                findings,
                reviewer: s.reviewer.clone(),
                rating: s.rating,
                place,
            }
        })
        .collect();
    let practice = practice(&front, &samples, config);
    let doc = document(
        file,
        &front.title,
        front.summary.as_deref(),
        (split.body, split.body_line),
        config,
    );
    Ok((
        front.weight.unwrap_or(0),
        Scenario {
            slug: slug.to_string(),
            doc,
            keywords: front
                .keywords
                .iter()
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .collect(),
            samples,
            practice,
        },
    ))
}

/// The practice box's reviews: the page's `practice:` list, else the
/// reviews its samples answer (each once). Each gets one of the "do"
/// samples as its model answer, in turn.
fn practice(front: &TrainingFront, samples: &[Sample], config: &Config) -> Vec<Practice> {
    let negative = |rating: Option<u8>| {
        rating.is_none_or(|r| Class::of(Some(f64::from(r)), config) == Class::Negative)
    };
    let mut reviews: Vec<(String, Option<String>, Option<u8>)> = front
        .practice
        .iter()
        .map(|p| {
            (
                placeholders::substitute(p.review.trim(), config),
                p.reviewer.clone(),
                p.rating,
            )
        })
        .filter(|(review, _, _)| !review.is_empty())
        .collect();
    if front.practice.is_empty() {
        for s in samples {
            if let Some(review) = &s.review
                && !reviews.iter().any(|(r, _, _)| r == review)
            {
                reviews.push((review.clone(), s.reviewer.clone(), s.rating));
            }
        }
    }
    let models: Vec<&str> = samples
        .iter()
        .filter(|s| s.good)
        .map(|s| s.reply.as_str())
        .collect();
    reviews
        .into_iter()
        .enumerate()
        .map(|(i, (review, reviewer, rating))| Practice {
            negative: negative(rating),
            review,
            reviewer,
            rating,
            model_answer: (!models.is_empty()).then(|| models[i % models.len()].to_string()),
        })
        .collect()
}

/// The lines of a YAML value whose key sits at `line`, `column`: the key's
/// line and the lines after it indented deeper than the key (a block or a
/// continued scalar).
fn value_block(text: &str, line: usize, column: usize) -> Vec<(usize, String)> {
    let mut block = Vec::new();
    for (i, l) in text.lines().enumerate().skip(line - 1) {
        let indent = l.len() - l.trim_start().len();
        if i + 1 > line && !l.trim().is_empty() && indent < column {
            break;
        }
        block.push((i + 1, l.to_string()));
    }
    block
}

/// Which `rating:` line belongs to sample `n` (samples may leave it out).
fn n_rating(front: &TrainingFront, n: usize) -> usize {
    front.samples[..n]
        .iter()
        .filter(|s| s.rating.is_some())
        .count()
}

/// A `scenarios:` rule in reputable.yaml must name a training page.
fn scenario_rule_errors(root: &Path, config: &Config, content: &Content) -> Vec<Diagnostic> {
    let file = crate::config::FILE_NAME;
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let slugs: Vec<&str> = content.training.iter().map(|s| s.slug.as_str()).collect();
    config
        .scenarios
        .iter()
        .filter(|r| !slugs.contains(&r.scenario.as_str()))
        .map(|r| {
            let mut d = Diagnostic::new(
                file,
                format!(
                    "the scenario rule names `{}`, which has no training page",
                    r.scenario
                ),
            )
            .help(format!(
                "use the name of a file in content/training/ (without `.md`): {}",
                if slugs.is_empty() {
                    "there are none yet".to_string()
                } else {
                    slugs.join(", ")
                }
            ));
            let found = text.lines().enumerate().find_map(|(i, l)| {
                let t = l.trim_start().trim_start_matches("- ").trim_start();
                let v = t.strip_prefix("scenario")?.trim_start().strip_prefix(':')?;
                (v.split(" #").next()?.trim().trim_matches(['"', '\'']) == r.scenario)
                    .then(|| (i + 1, l.len() - t.len() + 1))
            });
            if let Some((line, col)) = found {
                d = d.at(&text, line, col);
            }
            d
        })
        .collect()
}
