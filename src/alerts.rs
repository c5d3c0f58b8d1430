//! Who must answer which review, now: the reviews open past their target at
//! as-of, in the order a person on duty takes them. `site::feed` writes them
//! as `feed.xml`, `check --fail-on overdue` prints them.
//!
//! Architecture invariant: pure; it only reads `Analysis::outcomes`, so the
//! list always agrees with the `open_overdue` figure of §4.3.

use crate::figures::{Class, Outcome};
use crate::project::Project;

/// One review that needs an answer: open (no action of any kind) and older
/// than its target at as-of.
#[derive(Debug, Clone, Copy)]
pub struct Alert<'a> {
    pub outcome: &'a Outcome,
    pub review: &'a crate::model::Review,
}

impl Alert<'_> {
    pub fn negative(&self) -> bool {
        self.outcome.class == Class::Negative
    }

    /// The instant the review went past its target: posting (a date-only
    /// posting from the start of its day) plus the target. Independent of
    /// as-of, so a feed entry keeps its `updated` time from build to build.
    pub fn overdue_since(&self) -> jiff::Timestamp {
        let secs = (self.outcome.target_hours * 3600.0).round() as i64;
        self.review
            .posted
            .instant
            .saturating_add(jiff::SignedDuration::from_secs(secs))
            .unwrap_or(self.review.posted.instant)
    }
}

/// Every review open past its target at as-of: negative ones first, then the
/// rest; in each group the oldest first (ties by platform and id, so the
/// order never depends on how the archives were listed).
///
/// Sorted by compact keys gathered in one pass in review order (group,
/// posting instant, position), not by comparing records: an archive with
/// 150,000 open reviews made a comparator that reads each review a cache
/// miss per comparison. Only reviews posted at the very same instant in
/// the same group are then compared by platform and id, and the position
/// last keeps two equal identities in the outcomes' order, as a stable
/// sort would.
pub fn overdue(project: &Project) -> Vec<Alert<'_>> {
    use rayon::prelude::*;
    let reviews = &project.data.reviews;
    let outcomes = &project.analysis.outcomes;
    // The group and the instant in one number (bit 100: not negative; below
    // it the instant in nanoseconds, shifted to be positive: every timestamp
    // fits in 70 bits), then the outcome's position.
    const SHIFT: i128 = 1 << 80;
    let key = |i: usize, o: &Outcome| -> (u128, usize) {
        let ns = (reviews[o.review as usize].posted.instant.as_nanosecond() + SHIFT) as u128;
        ((u128::from(o.class != Class::Negative) << 100) | ns, i)
    };
    let mut keys: Vec<(u128, usize)> = outcomes
        .par_iter()
        .enumerate()
        .filter(|(_, o)| o.open_overdue())
        .map(|(i, o)| key(i, o))
        .collect();
    keys.par_sort_unstable();
    let mut out: Vec<Alert> = keys
        .iter()
        .map(|&(_, i)| alert(project, &outcomes[i]))
        .collect();
    // Runs of the same group and instant: by platform and id.
    let mut start = 0;
    for run in keys.chunk_by(|a, b| a.0 == b.0) {
        let end = start + run.len();
        if run.len() > 1 {
            out[start..end].sort_by(compare);
        }
        start = end;
    }
    out
}

fn alert<'a>(project: &'a Project, o: &'a Outcome) -> Alert<'a> {
    Alert {
        outcome: o,
        review: &project.data.reviews[o.review as usize],
    }
}

/// The order of `overdue`, compared record by record.
fn compare(a: &Alert, b: &Alert) -> std::cmp::Ordering {
    b.negative()
        .cmp(&a.negative())
        .then_with(|| a.review.posted.instant.cmp(&b.review.posted.instant))
        .then_with(|| a.review.platform.cmp(&b.review.platform))
        .then_with(|| a.review.id.cmp(&b.review.id))
}

/// Only the negative reviews open past target, oldest first: what
/// `check --fail-on overdue` fails on.
pub fn overdue_negative(project: &Project) -> Vec<Alert<'_>> {
    overdue(project)
        .into_iter()
        .filter(Alert::negative)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keyed_order_is_the_record_by_record_order_with_ties() {
        let mut project =
            Project::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
        // Reviews by position, so two copies of one identity are told apart.
        let expected = |project: &Project| -> Vec<usize> {
            let mut all: Vec<Alert> = project
                .analysis
                .outcomes
                .iter()
                .filter(|o| o.open_overdue())
                .map(|o| alert(project, o))
                .collect();
            all.sort_by(compare);
            all.iter().map(|a| a.outcome.review as usize).collect()
        };
        let got = |project: &Project| -> Vec<usize> {
            overdue(project)
                .iter()
                .map(|a| a.outcome.review as usize)
                .collect()
        };
        assert!(
            got(&project).len() > 10,
            "the demo has reviews open past target"
        );
        assert_eq!(got(&project), expected(&project));
        // Many reviews posted at the same few instants: ties by platform
        // and id, including two copies of one identity.
        let open: Vec<usize> = project
            .analysis
            .outcomes
            .iter()
            .filter(|o| o.open_overdue())
            .map(|o| o.review as usize)
            .collect();
        let first = project.data.reviews[open[0]].clone();
        for (k, &r) in open.iter().enumerate() {
            let review = &mut project.data.reviews[r];
            review.posted.instant =
                first.posted.instant + jiff::SignedDuration::from_secs(3600 * (k as i64 % 3));
            if k % 5 == 0 {
                review.platform = "yelp".into();
            }
            if k % 7 == 0 {
                review.id = first.id.clone();
            }
        }
        assert_eq!(got(&project), expected(&project));
        // The keys alone would have put the copies by position only.
        let same_identity = open
            .iter()
            .filter(|&&r| project.data.reviews[r].id == first.id)
            .count();
        assert!(same_identity > 2, "{same_identity} copies of one identity");
    }
}
