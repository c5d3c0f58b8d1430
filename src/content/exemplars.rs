//! Real replies that show the policy done well, for the training pages.

use super::{Content, Exemplar, scenario::Classifier};
use crate::config::Config;
use crate::figures::Analysis;
use crate::ingest::Dataset;
use crate::lint::{ReplyFindings, Troll, text};
use crate::model::ActionKind;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// At most this many exemplars per scenario.
pub const EXEMPLARS_PER_SCENARIO: usize = 5;

pub fn pick(
    data: &Dataset,
    analysis: &Analysis,
    content: &Content,
    replies: &[ReplyFindings],
    trolls: &[Troll],
    config: &Config,
) -> Vec<Exemplar> {
    let flagged: FxHashSet<usize> = replies.iter().map(|r| r.action).collect();
    // The lint has judged every review that counts: its verdict is looked
    // up, not found again.
    let suspected: FxHashSet<usize> = trolls.iter().map(|t| t.review).collect();
    let classifier = Classifier::new(content, config);
    // Every candidate is classified, on every core, with one buffer of
    // words per thread; only the few kept are redacted.
    let mut found: Vec<Candidate> = analysis
        .outcomes
        .par_iter()
        .map_init(Vec::new, |words, o| {
            let (Some(ai), Some(true), Some(hours)) =
                (o.first_answer, o.within_target(), o.response_hours)
            else {
                return None;
            };
            let (action, review) = (data.actions.get(ai)?, data.reviews.get(o.review)?);
            action.text.as_deref().filter(|t| !t.trim().is_empty())?;
            // `replies` holds every reply the lint found fault with; a first
            // answer within as-of is always among those it checked.
            if action.kind != ActionKind::Reply || flagged.contains(&ai) {
                return None;
            }
            let review_text = review.text.as_deref().unwrap_or("");
            let troll = suspected.contains(&o.review);
            let slug = classifier.classify_known(review_text, review.rating, troll, words)?;
            let order = content
                .training
                .iter()
                .position(|s| s.slug == slug)
                .unwrap_or(usize::MAX);
            Some(Candidate {
                order,
                posted: review.posted.instant,
                review: o.review,
                action: ai,
                scenario: slug,
                hours,
            })
        })
        .flatten()
        .collect();
    // Scenario order, newest review first, then the log's order.
    found.sort_by(|a, b| (a.order, b.posted, a.action).cmp(&(b.order, a.posted, b.action)));
    let mut out: Vec<Exemplar> = Vec::new();
    for c in found {
        let taken = out.iter().filter(|x| x.scenario == c.scenario).count();
        if taken < EXEMPLARS_PER_SCENARIO {
            let review = &data.reviews[c.review];
            let reply = data.actions[c.action].text.as_deref().unwrap_or("");
            out.push(Exemplar {
                scenario: c.scenario.to_string(),
                review: c.review,
                action: c.action,
                review_text: redact(
                    review.text.as_deref().unwrap_or(""),
                    review.author.as_deref(),
                ),
                reply_text: redact(reply, review.author.as_deref()),
                response_hours: c.hours,
            });
        }
    }
    out
}

/// A reply that may be shown, before it is chosen and redacted.
struct Candidate<'a> {
    /// Position of its scenario among the training pages.
    order: usize,
    posted: jiff::Timestamp,
    review: usize,
    action: usize,
    scenario: &'a str,
    hours: f64,
}

/// Removes the reviewer's name (`[name]`), phone numbers (`[phone]`) and
/// e-mail addresses (`[e-mail]`) from review or reply text.
pub fn redact(text: &str, reviewer: Option<&str>) -> String {
    let mut ranges: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
    ranges.extend(text::emails(text).into_iter().map(|r| (r, "[e-mail]")));
    ranges.extend(
        text::phone_numbers(text)
            .into_iter()
            .map(|r| (r, "[phone]")),
    );
    if let Some(name) = reviewer {
        ranges.extend(
            text::name_mentions(text, name, false)
                .into_iter()
                .map(|r| (r, "[name]")),
        );
    }
    text::replace_ranges(text, ranges)
}
