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
pub fn overdue(project: &Project) -> Vec<Alert<'_>> {
    let reviews = &project.data.reviews;
    let mut out: Vec<Alert> = project
        .analysis
        .outcomes
        .iter()
        .filter(|o| o.open_overdue())
        .map(|o| Alert {
            outcome: o,
            review: &reviews[o.review],
        })
        .collect();
    out.sort_by(|a, b| {
        b.negative()
            .cmp(&a.negative())
            .then_with(|| a.review.posted.instant.cmp(&b.review.posted.instant))
            .then_with(|| a.review.platform.cmp(&b.review.platform))
            .then_with(|| a.review.id.cmp(&b.review.id))
    });
    out
}

/// Only the negative reviews open past target, oldest first: what
/// `check --fail-on overdue` fails on.
pub fn overdue_negative(project: &Project) -> Vec<Alert<'_>> {
    overdue(project)
        .into_iter()
        .filter(Alert::negative)
        .collect()
}
