//! Sorting a review into a training scenario, so real replies can be shown
//! beside the samples of the same kind of review.
//!
//! In order:
//! 1. a review that reads like a troll's (`lint::troll_suspicion`, or a
//!    `suspected-troll` keyword) is `suspected-troll`;
//! 2. the complaint scenarios (every page but `suspected-troll`,
//!    `glowing-review` and `mixed-review`) score one point per keyword or
//!    phrase found (page `keywords` plus `scenarios:` rules in
//!    reputable.yaml); a keyword right after "no", "not", "never",
//!    "without" … does not count ("no waiting"); the best score wins, a tie
//!    goes to the keyword found earliest in the text, then to the page that
//!    comes first;
//! 3. by rating class: a positive review is `mixed-review` when a complaint
//!    scenario matched and `glowing-review` when none did; a neutral review
//!    is `mixed-review`; a negative or unrated review takes the best
//!    complaint scenario, or none.
//!
//! A scenario is only returned when its page exists.

use super::Content;
use super::load::{GLOWING, MIXED, SUSPECTED_TROLL};
use crate::config::Config;
use crate::figures::Class;
use crate::lint::text::{Pattern, Token, tokenize};

/// Keyword patterns of every scenario, compiled once.
pub struct Classifier<'a> {
    config: &'a Config,
    /// (slug, patterns), in `Content::training` order.
    scenarios: Vec<(&'a str, Vec<Pattern>)>,
}

impl<'a> Classifier<'a> {
    pub fn new(content: &'a Content, config: &'a Config) -> Classifier<'a> {
        let scenarios = content
            .training
            .iter()
            .map(|s| {
                let extra = config
                    .scenarios
                    .iter()
                    .filter(|r| r.scenario == s.slug)
                    .flat_map(|r| r.keywords.iter());
                let patterns = s
                    .keywords
                    .iter()
                    .chain(extra)
                    .map(|k| k.trim().to_lowercase())
                    .filter(|k| !k.is_empty())
                    .map(|k| Pattern::new(&k))
                    .collect();
                (s.slug.as_str(), patterns)
            })
            .collect();
        Classifier { config, scenarios }
    }

    fn has(&self, slug: &str) -> bool {
        self.scenarios.iter().any(|(s, _)| *s == slug)
    }

    fn patterns(&self, slug: &str) -> &[Pattern] {
        self.scenarios
            .iter()
            .find(|(s, _)| *s == slug)
            .map_or(&[], |(_, p)| p.as_slice())
    }

    /// Score and earliest position of a scenario's keywords in the text.
    fn score(patterns: &[Pattern], tokens: &[Token]) -> Option<(usize, usize)> {
        let starts: Vec<usize> = patterns
            .iter()
            .filter_map(|p| p.find_unnegated(tokens))
            .map(|r| r.start)
            .collect();
        let first = starts.iter().min()?;
        Some((starts.len(), *first))
    }

    /// The scenario of a review (see the module documentation).
    pub fn classify(&self, review_text: &str, rating: Option<f64>) -> Option<&'a str> {
        let tokens = tokenize(review_text);
        let pick = |slug: &'static str| self.has(slug).then_some(slug);
        let troll = crate::lint::troll_suspicion(review_text).is_some()
            || Self::score(self.patterns(SUSPECTED_TROLL), &tokens).is_some();
        if troll && let Some(s) = pick(SUSPECTED_TROLL) {
            return Some(s);
        }
        let best = self
            .scenarios
            .iter()
            .enumerate()
            .filter(|(_, (slug, _))| ![SUSPECTED_TROLL, GLOWING, MIXED].contains(slug))
            .filter_map(|(i, (slug, patterns))| {
                Self::score(patterns, &tokens).map(|(score, first)| (score, first, i, *slug))
            })
            // Highest score, then earliest keyword, then page order.
            .min_by_key(|&(score, first, i, _)| (std::cmp::Reverse(score), first, i))
            .map(|(_, _, _, slug)| slug);
        match Class::of(rating, self.config) {
            Class::Positive if best.is_some() => pick(MIXED).or(best),
            Class::Positive => pick(GLOWING),
            Class::Neutral => pick(MIXED).or(best),
            Class::Negative | Class::Unrated => best,
        }
    }
}
