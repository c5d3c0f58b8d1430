//! The reply lint of SPEC §4.4 and troll suspicion: advisory checks of reply
//! and review text. They never change the figures of §4.3.
//!
//! Architecture invariant: pure functions of text (and the reviewer's name);
//! no I/O, no knowledge of pages.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LintSeverity {
    Low,
    Medium,
    High,
}

/// A rule: id, severity, what it catches and what to write instead.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub severity: LintSeverity,
    pub title: &'static str,
    /// What to write instead.
    pub advice: &'static str,
}

/// One rule broken by one reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: LintSeverity,
    /// The words that triggered the rule, as written in the reply.
    pub excerpt: String,
    pub advice: &'static str,
}

/// What a rule needs to know besides the reply text.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplyContext<'a> {
    /// The reviewer's display name, when the platform shows one.
    pub reviewer: Option<&'a str>,
    /// Rules for replies to negative reviews apply.
    pub negative: bool,
}

/// Checks one reply against every rule.
pub fn lint_reply(text: &str, ctx: &ReplyContext) -> Vec<Finding> {
    let _ = (text, ctx);
    Vec::new()
}

/// A review that reads like a troll's: suggest flagging, not replying.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrollSuspicion {
    /// Google's flag category to use: `profanity`, `harassment`,
    /// `hate speech`, `personal information`, `off-topic`, `spam`,
    /// `conflict of interest`.
    pub category: &'static str,
    /// The words that raised the suspicion.
    pub excerpt: String,
}

pub fn troll_suspicion(review_text: &str) -> Option<TrollSuspicion> {
    let _ = review_text;
    None
}

/// The findings of one logged or embedded reply.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyFindings {
    /// Index into `Dataset::actions`.
    pub action: usize,
    pub findings: Vec<Finding>,
}

/// Lints every reply in the data (logged and embedded), reviews up to as-of.
pub fn lint_replies(
    data: &crate::ingest::Dataset,
    analysis: &crate::figures::Analysis,
) -> Vec<ReplyFindings> {
    let _ = (data, analysis);
    Vec::new()
}

/// A review suspected to be a troll's.
#[derive(Debug, Clone, Serialize)]
pub struct Troll {
    /// Index into `Dataset::reviews`.
    pub review: usize,
    pub suspicion: TrollSuspicion,
}

/// Troll suspicion over the reviews that count (those in `analysis.outcomes`).
pub fn find_trolls(
    data: &crate::ingest::Dataset,
    analysis: &crate::figures::Analysis,
) -> Vec<Troll> {
    let _ = (data, analysis);
    Vec::new()
}
