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
    // Without training pages no review has a scenario.
    if content.training.is_empty() {
        return Vec::new();
    }
    let flagged: FxHashSet<usize> = replies.iter().map(|r| r.action).collect();
    // The lint has judged every review that counts: its verdict is looked
    // up, not found again.
    let suspected: FxHashSet<usize> = trolls.iter().map(|t| t.review).collect();
    let classifier = Classifier::new(content, config);
    let pages = content.training.len();
    let groups = || -> Vec<Vec<Candidate>> { (0..pages).map(|_| Vec::new()).collect() };
    // Every candidate is classified, on every core, with one buffer of
    // words per thread; each piece of the work keeps only the best few of
    // each scenario, and only those finally kept are redacted.
    let kept: Vec<Vec<Candidate>> = analysis
        .outcomes
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |words, (outcome, o)| {
            let (Some(ai), Some(true), Some(hours)) = (
                o.first_answer.map(|ai| ai as usize),
                o.within_target(),
                o.response_hours,
            ) else {
                return None;
            };
            let (action, review) = (data.actions.get(ai)?, data.reviews.get(o.review as usize)?);
            // `replies` holds every reply the lint found fault with; a first
            // answer within as-of is always among those it checked.
            if action.kind != ActionKind::Reply || flagged.contains(&ai) {
                return None;
            }
            action.text.as_deref().filter(|t| !t.trim().is_empty())?;
            let review_text = review.text.as_deref().unwrap_or("");
            let troll = suspected.contains(&(o.review as usize));
            let slug = classifier.classify_known(review_text, review.rating, troll, words)?;
            // The classifier names training pages only.
            let order = content.training.iter().position(|s| s.slug == slug)?;
            Some(Candidate {
                order,
                posted: review.posted.instant,
                review: o.review as usize,
                action: ai,
                outcome,
                scenario: slug,
                hours,
            })
        })
        .flatten()
        .fold(groups, |mut kept, c| {
            keep(&mut kept, c);
            kept
        })
        .reduce(groups, |mut kept, more| {
            more.into_iter().flatten().for_each(|c| keep(&mut kept, c));
            kept
        });
    let mut found: Vec<Candidate> = kept.into_iter().flatten().collect();
    found.sort_by_key(Candidate::rank);
    found
        .into_iter()
        .map(|c| {
            let review = &data.reviews[c.review];
            let reply = data.actions[c.action].text.as_deref().unwrap_or("");
            Exemplar {
                scenario: c.scenario.to_string(),
                review: c.review,
                action: c.action,
                review_text: redact(
                    review.text.as_deref().unwrap_or(""),
                    review.author.as_deref(),
                ),
                reply_text: redact(reply, review.author.as_deref()),
                response_hours: c.hours,
            }
        })
        .collect()
}

/// Adds a candidate to its scenario's group (`groups[order]`) if it ranks
/// among the first `EXEMPLARS_PER_SCENARIO` of the group.
fn keep<'a>(groups: &mut [Vec<Candidate<'a>>], c: Candidate<'a>) {
    let Some(group) = groups.get_mut(c.order) else {
        return;
    };
    if group.len() < EXEMPLARS_PER_SCENARIO {
        group.push(c);
    } else if let Some(last) = group.iter_mut().max_by_key(|x| x.rank())
        && c.rank() < last.rank()
    {
        *last = c;
    }
}

/// A reply that may be shown, before it is chosen and redacted.
struct Candidate<'a> {
    /// Position of its scenario among the training pages.
    order: usize,
    posted: jiff::Timestamp,
    review: usize,
    action: usize,
    /// Index into `Analysis::outcomes`.
    outcome: usize,
    scenario: &'a str,
    hours: f64,
}

impl Candidate<'_> {
    /// Scenario order, newest review first, then the log's order (then the
    /// order of the outcomes, so the rank is total).
    fn rank(&self) -> (usize, std::cmp::Reverse<jiff::Timestamp>, usize, usize) {
        (
            self.order,
            std::cmp::Reverse(self.posted),
            self.action,
            self.outcome,
        )
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Kept in pieces and merged, as the pass does on several cores, the
    /// groups hold what sorting every candidate and taking the first five
    /// of each scenario gives, ties of time and action included.
    #[test]
    fn keeping_the_best_five_in_pieces_is_sorting_everything() {
        let mut next = crate::testkit::below(0xD1B5_4A32_D192_ED03);
        let times: Vec<jiff::Timestamp> = ["2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        for round in 0..200 {
            let n = 1 + next(60);
            let candidates: Vec<Candidate> = (0..n)
                .map(|outcome| Candidate {
                    order: next(4),
                    posted: times[next(2)],
                    review: outcome,
                    action: next(5),
                    outcome,
                    scenario: "any",
                    hours: 1.0,
                })
                .collect();
            let mut want: Vec<(usize, usize)> = Vec::new();
            let mut sorted: Vec<&Candidate> = candidates.iter().collect();
            sorted
                .sort_by(|a, b| (a.order, b.posted, a.action).cmp(&(b.order, a.posted, b.action)));
            for c in sorted {
                if want.iter().filter(|(o, _)| *o == c.order).count() < EXEMPLARS_PER_SCENARIO {
                    want.push((c.order, c.outcome));
                }
            }
            let fresh = || -> Vec<Vec<Candidate>> { (0..4).map(|_| Vec::new()).collect() };
            let mut merged = fresh();
            let mut piece = fresh();
            for c in candidates {
                keep(&mut piece, c);
                if next(7) == 0 {
                    std::mem::replace(&mut piece, fresh())
                        .into_iter()
                        .flatten()
                        .for_each(|c| keep(&mut merged, c));
                }
            }
            piece
                .into_iter()
                .flatten()
                .for_each(|c| keep(&mut merged, c));
            let mut got: Vec<Candidate> = merged.into_iter().flatten().collect();
            got.sort_by_key(Candidate::rank);
            let got: Vec<(usize, usize)> = got.iter().map(|c| (c.order, c.outcome)).collect();
            assert_eq!(got, want, "round {round}");
        }
    }
}
