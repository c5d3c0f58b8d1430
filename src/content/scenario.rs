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
use crate::lint::text::{PatternSet, Token, tokenize_into};

/// Keyword patterns of every scenario, compiled once into one index, so a
/// review's words are scanned once for all the scenarios.
pub struct Classifier<'a> {
    config: &'a Config,
    /// Slugs, in `Content::training` order.
    slugs: Vec<&'a str>,
    /// The keywords that can decide a scenario: those of the complaint
    /// scenarios and of the (first) `suspected-troll` page.
    keywords: PatternSet,
    /// For each keyword of `keywords`, the index of its scenario in `slugs`.
    scenario_of: Vec<usize>,
    /// The index of the `suspected-troll` page in `slugs`.
    troll_page: Option<usize>,
}

impl<'a> Classifier<'a> {
    pub fn new(content: &'a Content, config: &'a Config) -> Classifier<'a> {
        let slugs: Vec<&str> = content.training.iter().map(|s| s.slug.as_str()).collect();
        let troll_page = slugs.iter().position(|s| *s == SUSPECTED_TROLL);
        let mut sources: Vec<String> = Vec::new();
        let mut scenario_of = Vec::new();
        for (i, s) in content.training.iter().enumerate() {
            let complaint = ![SUSPECTED_TROLL, GLOWING, MIXED].contains(&s.slug.as_str());
            if !complaint && Some(i) != troll_page {
                continue;
            }
            let extra = config
                .scenarios
                .iter()
                .filter(|r| r.scenario == s.slug)
                .flat_map(|r| r.keywords.iter());
            for k in s.keywords.iter().chain(extra) {
                let k = k.trim().to_lowercase();
                if !k.is_empty() {
                    sources.push(k);
                    scenario_of.push(i);
                }
            }
        }
        Classifier {
            config,
            slugs,
            keywords: PatternSet::new(&sources),
            scenario_of,
            troll_page,
        }
    }

    fn has(&self, slug: &str) -> bool {
        self.slugs.contains(&slug)
    }

    /// The scenario of a review (see the module documentation).
    pub fn classify(&self, review_text: &str, rating: Option<f64>) -> Option<&'a str> {
        let troll = crate::lint::troll_suspicion(review_text).is_some();
        self.classify_known(review_text, rating, troll, &mut Vec::new())
    }

    /// As `classify`, when troll suspicion (`lint::troll_suspicion`) is
    /// already known: `words` is a buffer for the review's words, which are
    /// only cut when a keyword could decide.
    pub fn classify_known(
        &self,
        review_text: &str,
        rating: Option<f64>,
        troll: bool,
        words: &mut Vec<Token>,
    ) -> Option<&'a str> {
        let pick = |slug: &'static str| self.has(slug).then_some(slug);
        if troll && let Some(s) = pick(SUSPECTED_TROLL) {
            return Some(s);
        }
        words.clear();
        if !self.keywords.is_empty() {
            tokenize_into(review_text, words);
        }
        // (keyword index, where its first match not after a negation starts)
        let found = self.keywords.first_unnegated(words);
        let found_in = |scenario: usize| {
            found
                .iter()
                .filter(move |(k, _)| self.scenario_of[*k] == scenario)
                .map(|(_, at)| *at)
        };
        if self
            .troll_page
            .is_some_and(|p| found_in(p).next().is_some())
            && let Some(s) = pick(SUSPECTED_TROLL)
        {
            return Some(s);
        }
        // Score and earliest position of each complaint scenario's keywords.
        let best = self
            .slugs
            .iter()
            .enumerate()
            .filter(|(_, slug)| ![SUSPECTED_TROLL, GLOWING, MIXED].contains(slug))
            .filter_map(|(i, slug)| {
                let first = found_in(i).min()?;
                Some((found_in(i).count(), first, i, *slug))
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
