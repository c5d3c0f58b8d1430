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
