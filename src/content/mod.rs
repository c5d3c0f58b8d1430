//! Staff-written content: the response policy and the training scenarios,
//! Markdown with YAML front matter (SPEC §3.5).
//!
//! Architecture invariant: only staff-written Markdown is rendered as HTML
//! here; review and reply text never passes through this module's renderer.

use serde::Serialize;

/// A rendered Markdown document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Display path of the source file, relative to the project root.
    pub source: String,
    pub title: String,
    pub summary: Option<String>,
    /// The rendered body. Trusted: staff wrote it.
    pub html: String,
    pub toc: Vec<Heading>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    /// Unique within the document; the anchor users link to.
    pub id: String,
    pub text: String,
}

/// One training scenario (`content/training/<slug>.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub slug: String,
    pub doc: Document,
    /// Keywords that sort a review into this scenario.
    pub keywords: Vec<String>,
    pub samples: Vec<Sample>,
}

/// A sample reply with its do / don't note.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// `true` for a reply to copy, `false` for one to avoid.
    pub good: bool,
    /// The review it answers, when the page gives one.
    pub review: Option<String>,
    pub reply: String,
    pub note: Option<String>,
    pub findings: Vec<crate::lint::Finding>,
}

/// Everything staff wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Content {
    pub policy: Option<Document>,
    pub training: Vec<Scenario>,
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
/// file and the line in that file.
pub fn load(
    root: &std::path::Path,
    config: &crate::config::Config,
) -> Result<Content, Vec<crate::diagnostic::Diagnostic>> {
    let _ = (root, config);
    Ok(Content::default())
}

/// Picks exemplary replies for each scenario.
pub fn exemplars(
    data: &crate::ingest::Dataset,
    analysis: &crate::figures::Analysis,
    content: &Content,
    replies: &[crate::lint::ReplyFindings],
    config: &crate::config::Config,
) -> Vec<Exemplar> {
    let _ = (data, analysis, content, replies, config);
    Vec::new()
}
