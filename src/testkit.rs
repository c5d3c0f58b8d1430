//! Builders for unit tests that need a review or an action in a dataset.

use crate::config::Config;
use crate::model::{Action, ActionKind, Moment, Origin, Review, When};

/// An RFC 3339 instant, resolved in the configured zone.
pub fn at(s: &str, c: &Config) -> Moment {
    Moment::resolve(When::Instant(s.parse().expect("a timestamp")), c.tz()).expect("resolves")
}

/// A Google review at `Downtown`.
pub fn review(id: &str, author: &str, rating: f64, posted: &str, text: &str, c: &Config) -> Review {
    Review {
        platform: "google".into(),
        id: id.into(),
        source_location: "Downtown".into(),
        author: Some(author.into()),
        rating: Some(rating),
        posted: at(posted, c),
        updated: None,
        text: Some(text.into()),
        embedded_reply: None,
        origin: Origin::default(),
    }
}

/// A logged action on a Google review; an empty `text` is no text.
pub fn action(id: &str, kind: ActionKind, when: &str, text: &str, c: &Config) -> Action {
    Action {
        platform: "google".into(),
        review_id: id.into(),
        at: at(when, c),
        kind,
        channel: None,
        responder: None,
        text: (!text.is_empty()).then(|| text.into()),
        embedded: false,
        origin: Origin::default(),
    }
}

/// A seeded xorshift generator for property tests: each call gives a number
/// below `n`, the same sequence on every machine.
pub fn below(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
