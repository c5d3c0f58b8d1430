//! Staff-written content: the response policy and the training scenarios,
//! Markdown with YAML front matter (SPEC §3.5).
//!
//! Architecture invariant: only staff-written Markdown is rendered as HTML
//! here; review and reply text never passes through this module's renderer.

mod exemplars;
pub mod frontmatter;
mod load;
pub mod markdown;
pub mod placeholders;
pub mod scenario;

use crate::diagnostic::Diagnostic;
use crate::lint::LintSeverity;
use serde::Serialize;

/// A rendered Markdown document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Display path of the source file, relative to the project root.
    pub source: String,
    pub title: String,
    pub summary: Option<String>,
    /// The rendered body: staff wrote it, the sanitiser checked it.
    pub html: String,
    pub toc: Vec<Heading>,
    /// What the sanitiser removed from staff HTML, placed in the file.
    #[serde(skip)]
    pub warnings: Vec<crate::problems::Problem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    /// Unique within the document; the anchor users link to.
    pub id: String,
    pub text: String,
}

/// One training scenario (`content/training/<slug>.md`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scenario {
    pub slug: String,
    pub doc: Document,
    /// Keywords that sort a review into this scenario.
    pub keywords: Vec<String>,
    pub samples: Vec<Sample>,
    /// Reviews for the page's practice box.
    pub practice: Vec<Practice>,
}

/// A review to practise on: staff write a reply to it in the training
/// page's practice box, and the page's copy of the lint reads it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Practice {
    pub review: String,
    /// The reviewer's display name, which the `names-reviewer` rule looks for.
    pub reviewer: Option<String>,
    pub rating: Option<u8>,
    /// The rules for replies to negative reviews apply (no rating counts as
    /// negative, the stricter case, as for samples).
    pub negative: bool,
    /// One of the page's "do" samples, shown on request.
    pub model_answer: Option<String>,
}

/// A sample reply with its do / don't note.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sample {
    /// `true` for a reply to copy, `false` for one to avoid.
    pub good: bool,
    /// The review it answers, when the page gives one.
    pub review: Option<String>,
    pub reply: String,
    pub note: Option<String>,
    pub findings: Vec<crate::lint::Finding>,
    /// The reviewer's display name in the example, when the page gives one
    /// (the `names-reviewer` rule looks for it).
    pub reviewer: Option<String>,
    /// The example review's rating (1–5); without one the reply is linted as
    /// an answer to a negative review, the stricter case.
    pub rating: Option<u8>,
    /// Where the sample's `reply:` is in its file, for errors.
    #[serde(skip)]
    pub place: Option<Place>,
}

/// A line and column in a content file, with that line's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub source_line: String,
    /// The file lines (1-based number, text) the value spans, from the key's
    /// line on, so an error can point at the words themselves.
    pub block: Vec<(usize, String)>,
}

impl Place {
    /// The place of `words` inside the value (YAML may have folded them
    /// over several lines), else the key's place.
    pub fn of_words(&self, words: &str) -> (usize, usize, &str) {
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let want = squash(words);
        let first = want.split(' ').next().unwrap_or("");
        // The value's text after the key's colon, line by line.
        let mut joined = String::new();
        let mut starts = Vec::new();
        for (i, (_, text)) in self.block.iter().enumerate() {
            let from = if i == 0 {
                text.char_indices()
                    .nth(self.column - 1)
                    .and_then(|(b, _)| text[b..].find(':').map(|c| b + c + 1))
                    .unwrap_or(text.len())
            } else {
                0
            };
            starts.push((joined.len(), i, from));
            joined.push_str(&text[from..]);
            joined.push('\n');
        }
        if !first.is_empty() {
            for (pos, _) in joined.match_indices(first) {
                if squash(&joined[pos..]).starts_with(&want) {
                    let &(start, i, from) = starts
                        .iter()
                        .rev()
                        .find(|(s, _, _)| *s <= pos)
                        .unwrap_or(&(0, 0, 0));
                    let (line, text) = &self.block[i];
                    let col = text[..from + pos - start].chars().count() + 1;
                    return (*line, col, text);
                }
            }
        }
        (self.line, self.column, &self.source_line)
    }
}

/// Everything staff wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Content {
    pub policy: Option<Document>,
    pub training: Vec<Scenario>,
}

impl Content {
    /// The training page with this slug.
    pub fn scenario(&self, slug: &str) -> Option<&Scenario> {
        self.training.iter().find(|s| s.slug == slug)
    }
}

/// A real reply from the log that met its target and broke no lint rule,
/// shown on the training page of its review's scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Exemplar {
    pub scenario: String,
    /// Index into `Dataset::reviews`.
    pub review: usize,
    /// Index into `Dataset::actions`.
    pub action: usize,
    /// Review and reply text with reviewer names and contact details removed.
    pub review_text: String,
    pub reply_text: String,
    pub response_hours: f64,
}

/// Reads `content/policy.md` and `content/training/*.md`. Errors name the
/// file and the line in that file: bad front matter, unknown placeholders,
/// `config.scenarios` rules naming no training page, and "do" samples that
/// break a high-severity lint rule (see `training_errors`). Every error of
/// every file is returned, not only the first.
pub fn load(
    root: &std::path::Path,
    config: &crate::config::Config,
) -> Result<Content, Vec<crate::diagnostic::Diagnostic>> {
    load::load(root, config)
}

/// "Do" samples that break a high-severity lint rule: a page that teaches the
/// mistake it warns against. `load` already returns these as errors; this is
/// for callers that build `Content` themselves.
pub fn training_errors(content: &Content) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for scenario in &content.training {
        for (n, sample) in scenario.samples.iter().enumerate() {
            if !sample.good {
                continue;
            }
            for f in sample
                .findings
                .iter()
                .filter(|f| f.severity == LintSeverity::High)
            {
                let title = crate::lint::rule(f.rule).map_or("", |r| r.title);
                let mut d = Diagnostic::new(
                    &scenario.doc.source,
                    format!(
                        "sample {} is marked `kind: do` but breaks `{}` ({}): \"{}\"",
                        n + 1,
                        f.rule,
                        title.to_lowercase(),
                        f.excerpt
                    ),
                )
                .help(format!(
                    "{} If the sample shows what to avoid, mark it `kind: dont`.",
                    f.advice
                ));
                if let Some(p) = &sample.place {
                    let (line, column, source) = p.of_words(&f.excerpt);
                    d.line = Some(line);
                    d.column = Some(column);
                    d.source_line = Some(source.to_string());
                }
                out.push(d);
            }
        }
    }
    out
}

/// The training scenario a review belongs to (see `scenario::Classifier`).
pub fn scenario_of(
    review_text: &str,
    rating: Option<f64>,
    content: &Content,
    config: &crate::config::Config,
) -> Option<String> {
    scenario::Classifier::new(content, config)
        .classify(review_text, rating)
        .map(str::to_string)
}

/// Picks exemplary replies for each scenario: the first answer to a review,
/// a public reply with text, within its target, breaking no lint rule at all;
/// names, phone numbers and e-mail addresses removed. `replies` and `trolls`
/// are the lint's verdicts (`lint::lint_replies`, `lint::find_trolls`). At most
/// `EXEMPLARS_PER_SCENARIO` per scenario, newest review first, scenarios in
/// the order of `Content::training`.
pub fn exemplars(
    data: &crate::ingest::Dataset,
    analysis: &crate::figures::Analysis,
    content: &Content,
    replies: &[crate::lint::ReplyFindings],
    trolls: &[crate::lint::Troll],
    config: &crate::config::Config,
) -> Vec<Exemplar> {
    exemplars::pick(data, analysis, content, replies, trolls, config)
}

pub use exemplars::{EXEMPLARS_PER_SCENARIO, redact};
/// One policy or training file from its text (`load` reads the files);
/// public for the fuzz targets in `fuzz/`.
pub use load::{policy, training};

/// The policy and training pages of the repository's demo, compiled in so
/// `reputable init` can write them: `(path relative to the project root,
/// text)`. They use `{{ contact.phone }}`, `{{ contact.email }}` and
/// `{{ contact.responder }}`, so the scaffolded configuration must set
/// `contact:`.
pub const SCAFFOLD: &[(&str, &str)] = &[
    ("content/policy.md", include_str!("../../content/policy.md")),
    (
        "content/training/long-wait.md",
        include_str!("../../content/training/long-wait.md"),
    ),
    (
        "content/training/billing-dispute.md",
        include_str!("../../content/training/billing-dispute.md"),
    ),
    (
        "content/training/rude-staff.md",
        include_str!("../../content/training/rude-staff.md"),
    ),
    (
        "content/training/clinical-outcome.md",
        include_str!("../../content/training/clinical-outcome.md"),
    ),
    (
        "content/training/privacy-complaint.md",
        include_str!("../../content/training/privacy-complaint.md"),
    ),
    (
        "content/training/suspected-troll.md",
        include_str!("../../content/training/suspected-troll.md"),
    ),
    (
        "content/training/glowing-review.md",
        include_str!("../../content/training/glowing-review.md"),
    ),
    (
        "content/training/mixed-review.md",
        include_str!("../../content/training/mixed-review.md"),
    ),
];

#[cfg(test)]
mod tests;
