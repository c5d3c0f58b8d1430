//! Real replies that show the policy done well, for the training pages.

use super::{Content, Exemplar, scenario::Classifier};
use crate::config::Config;
use crate::figures::Analysis;
use crate::ingest::Dataset;
use crate::lint::{ReplyFindings, text};
use crate::model::ActionKind;
use std::collections::HashSet;

/// At most this many exemplars per scenario.
pub const EXEMPLARS_PER_SCENARIO: usize = 5;

pub fn pick(
    data: &Dataset,
    analysis: &Analysis,
    content: &Content,
    replies: &[ReplyFindings],
    config: &Config,
) -> Vec<Exemplar> {
    let flagged: HashSet<usize> = replies.iter().map(|r| r.action).collect();
    let classifier = Classifier::new(content, config);
    let mut found: Vec<(usize, jiff::Timestamp, Exemplar)> = Vec::new();
    for o in &analysis.outcomes {
        let (Some(ai), Some(true), Some(hours)) =
            (o.first_answer, o.within_target(), o.response_hours)
        else {
            continue;
        };
        let (Some(action), Some(review)) = (data.actions.get(ai), data.reviews.get(o.review))
        else {
            continue;
        };
        let Some(reply) = action.text.as_deref().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        // `replies` holds every reply the lint found fault with; a first
        // answer within as-of is always among those it checked.
        if action.kind != ActionKind::Reply || flagged.contains(&ai) {
            continue;
        }
        let review_text = review.text.as_deref().unwrap_or("");
        let Some(slug) = classifier.classify(review_text, review.rating) else {
            continue;
        };
        let order = content
            .training
            .iter()
            .position(|s| s.slug == slug)
            .unwrap_or(usize::MAX);
        found.push((
            order,
            review.posted.instant,
            Exemplar {
                scenario: slug.to_string(),
                review: o.review,
                action: ai,
                review_text: redact(review_text, review.author.as_deref()),
                reply_text: redact(reply, review.author.as_deref()),
                response_hours: hours,
            },
        ));
    }
    // Scenario order, newest review first, then the log's order.
    found.sort_by(|a, b| (a.0, b.1, a.2.action).cmp(&(b.0, a.1, b.2.action)));
    let mut out: Vec<Exemplar> = Vec::new();
    for (_, _, e) in found {
        let taken = out.iter().filter(|x| x.scenario == e.scenario).count();
        if taken < EXEMPLARS_PER_SCENARIO {
            out.push(e);
        }
    }
    out
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
