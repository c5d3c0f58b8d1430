//! The reply lint of SPEC §4.4 and troll suspicion: advisory checks of reply
//! and review text. They never change the figures of §4.3.
//!
//! Architecture invariant: pure functions of text (and the reviewer's name);
//! no I/O, no knowledge of pages.

pub mod data;
pub mod text;
pub mod words;

use crate::figures::Class;
use crate::model::ActionKind;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;
use text::{PatternGroups, PatternSet, Token};

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

/// The rules of SPEC §4.4, most severe first. README's rule table is this list.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

static RULES: &[Rule] = &[
    Rule {
        id: "confirms-patient",
        severity: LintSeverity::High,
        title: "Confirms that the reviewer is a patient",
        advice: "Speak about the practice, never about the person's visit or care: \"We're sorry to hear this\" or \"Thank you for your kind words about our team\", not \"your visit\", \"your appointment\" or \"we look forward to seeing you again\".",
    },
    Rule {
        id: "clinical-detail",
        severity: LintSeverity::High,
        title: "Mentions clinical, insurance or billing details",
        advice: "Keep treatment, diagnosis, medication, results, insurance and billing off the public page, even when the reviewer raised them: \"We'd like to look into this with you; please call our office\" and discuss it privately.",
    },
    Rule {
        id: "names-reviewer",
        severity: LintSeverity::High,
        title: "Uses the reviewer's name",
        advice: "Leave the name out: a clinic greeting someone by name confirms they are a patient. Open with \"Thank you for taking the time to share this\" instead.",
    },
    Rule {
        id: "defensive",
        severity: LintSeverity::Medium,
        title: "Argues with or blames the reviewer",
        advice: "Don't correct or blame in public: acknowledge (\"We're sorry this was the experience\"), state the standard you hold everyone to (\"Our team aims to …\"), and offer to talk privately.",
    },
    Rule {
        id: "no-offline-path",
        severity: LintSeverity::Medium,
        title: "Offers no way to talk privately",
        advice: "Invite the reviewer to call or write, with the number or address: \"Please call our practice manager at 555-0100 or e-mail feedback@example.org so we can look into this.\"",
    },
    Rule {
        id: "not-gracious",
        severity: LintSeverity::Low,
        title: "Neither thanks nor expresses regret",
        advice: "Open with thanks or regret: \"Thank you for telling us about this; we're sorry it fell short of what we aim for.\"",
    },
];

struct Compiled {
    confirms: PatternSet,
    clinical: PatternSet,
    defensive: PatternSet,
    offline: PatternSet,
    gracious: PatternSet,
    troll: PatternGroups,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled {
    confirms: PatternSet::new(words::CONFIRMS_PATIENT),
    clinical: PatternSet::new(words::CLINICAL_DETAIL),
    defensive: PatternSet::new(words::DEFENSIVE),
    offline: PatternSet::new(words::OFFLINE_PATH),
    gracious: PatternSet::new(&[words::THANKS, words::REGRET].concat()),
    troll: PatternGroups::new(words::TROLL),
});

/// Checks one reply against every rule. At most one finding per rule, in the
/// order of `rules()`, quoting the first words that broke it.
pub fn lint_reply(text: &str, ctx: &ReplyContext) -> Vec<Finding> {
    lint_reply_spans(text, ctx)
        .into_iter()
        .map(|(f, _)| f)
        .collect()
}

/// As `lint_reply`, with the byte range of the words each finding quotes
/// (`None` for the rules that find something missing and quote the
/// opening). The training page's matcher is held to this by
/// `tests/practice_lint.rs`.
pub fn lint_reply_spans(text: &str, ctx: &ReplyContext) -> Vec<(Finding, Option<Range<usize>>)> {
    let mut hits = text_hits(text, ctx.negative);
    add_name_hit(&mut hits, text, ctx.reviewer);
    hits.into_iter()
        .filter_map(|(id, span)| Some((finding(id, text, span.clone())?, span)))
        .collect()
}

/// The finding of rule `id` quoting `span` of the text, or the opening.
fn finding(id: &str, text: &str, span: Option<Range<usize>>) -> Option<Finding> {
    let rule = rule(id)?;
    Some(Finding {
        rule: rule.id,
        severity: rule.severity,
        excerpt: span.map_or_else(|| opening(text), |r| text[r].to_string()),
        advice: rule.advice,
    })
}

/// The one rule that depends on who wrote the review: adds its finding, if
/// any, in its place among the others (the order of `rules()`).
fn add_name_finding(findings: &mut Vec<Finding>, text: &str, reviewer: Option<&str>) {
    let mut hits: Vec<(&str, Option<Range<usize>>)> = Vec::new();
    add_name_hit(&mut hits, text, reviewer);
    if let Some((id, span)) = hits.pop()
        && let Some(f) = finding(id, text, span)
    {
        let at = findings
            .iter()
            .take_while(|f| rank(f.rule) < rank(NAMES_REVIEWER))
            .count();
        findings.insert(at, f);
    }
}

fn rank(id: &str) -> Option<usize> {
    RULES.iter().position(|r| r.id == id)
}

/// Adds the `names-reviewer` hit, if any, in its place (the order of `rules()`).
fn add_name_hit(hits: &mut Vec<(&str, Option<Range<usize>>)>, text: &str, reviewer: Option<&str>) {
    let Some(r) =
        reviewer.and_then(|name| text::name_mentions(text, name, true).into_iter().next())
    else {
        return;
    };
    let at = hits
        .iter()
        .take_while(|(id, _)| rank(id) < rank(NAMES_REVIEWER))
        .count();
    hits.insert(at, (NAMES_REVIEWER, Some(r)));
}

const NAMES_REVIEWER: &str = "names-reviewer";

/// Every rule but `names-reviewer`: what the text alone breaks, given
/// whether it answers a negative review.
fn text_findings(text: &str, negative: bool) -> Vec<Finding> {
    text_hits(text, negative)
        .into_iter()
        .filter_map(|(id, span)| finding(id, text, span))
        .collect()
}

/// The rules the text alone breaks, each with the range of the words that
/// broke it (`None` when the rule finds something missing).
fn text_hits(text: &str, negative: bool) -> Vec<(&'static str, Option<Range<usize>>)> {
    let c = &*COMPILED;
    let tokens = text::tokenize(text);
    let mut hits: Vec<(&str, Option<Range<usize>>)> = Vec::new();

    if let Some(r) = c.confirms.first_match(&tokens) {
        hits.push(("confirms-patient", Some(r)));
    }
    let money = money_amount(text, &tokens);
    let clinical = c.clinical.first_match(&tokens);
    if let Some(r) = [clinical, money]
        .into_iter()
        .flatten()
        .min_by_key(|r| r.start)
    {
        hits.push(("clinical-detail", Some(r)));
    }
    if let Some(r) = c.defensive.first_match(&tokens) {
        hits.push(("defensive", Some(r)));
    }
    if negative {
        let offline = !text::phone_numbers(text).is_empty()
            || !text::emails(text).is_empty()
            || c.offline.first_match(&tokens).is_some();
        if !offline {
            hits.push(("no-offline-path", None));
        }
        if c.gracious.first_match(&tokens).is_none() {
            hits.push(("not-gracious", None));
        }
    }
    hits
}

/// A sum of money (`$120`, `£80.50`, `€ 40`, `120 USD`): a billing detail.
fn money_amount(text: &str, tokens: &[Token]) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '$' | '£' | '€') {
            let mut j = i + c.len_utf8();
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            let digits_from = j;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || matches!(bytes[j], b',' | b'.'))
            {
                j += 1;
            }
            while j > digits_from && matches!(bytes[j - 1], b',' | b'.') {
                j -= 1;
            }
            if j > digits_from {
                return Some(i..j);
            }
        }
    }
    tokens.windows(2).find_map(|w| {
        (w[0].norm.chars().all(|c| c.is_ascii_digit())
            && words::CURRENCIES.contains(&w[1].norm.as_str()))
        .then(|| w[0].span.start..w[1].span.end)
    })
}

/// What an absence rule quotes: the reply's opening words.
fn opening(text: &str) -> String {
    let text = text.trim();
    let cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        format!("{}…", cut.trim_end())
    } else {
        cut
    }
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

/// The first troll category whose words the review uses, tried in the order
/// of `words::TROLL` (hate speech, harassment, profanity, personal
/// information, conflict of interest, spam, off-topic).
pub fn troll_suspicion(review_text: &str) -> Option<TrollSuspicion> {
    troll_suspicion_in(review_text, &text::tokenize(review_text))
}

/// As `troll_suspicion`, given the words of the review (`text::tokenize`).
pub fn troll_suspicion_in(review_text: &str, tokens: &[Token]) -> Option<TrollSuspicion> {
    COMPILED
        .troll
        .first_match(tokens)
        .map(|(category, r)| TrollSuspicion {
            category,
            excerpt: review_text[r].to_string(),
        })
}

/// The findings of one logged or embedded reply.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyFindings {
    /// Index into `Dataset::actions`.
    pub action: usize,
    pub findings: Vec<Finding>,
}

/// Lints every reply in the data (logged and embedded), reviews up to as-of.
///
/// A reply counts when it answers a review in `analysis.outcomes` and is not
/// dated after as-of; the context is the reviewer's name and whether the
/// review is negative. Only replies with findings are returned, in the order
/// of `Dataset::actions`.
pub fn lint_replies(
    data: &crate::ingest::Dataset,
    analysis: &crate::figures::Analysis,
) -> Vec<ReplyFindings> {
    let links = data.review_of_actions();
    // Years of replies, linted on every core in one pass, keeping the log's
    // order. Replies written from a template repeat word for word over the
    // years: each piece of the work checks a text once for each kind of
    // review it answers, whatever the number of replies that use it.
    data.actions
        .par_iter()
        .enumerate()
        .map_init(FxHashMap::default, |checked, (i, a)| {
            if a.kind != ActionKind::Reply
                || !analysis.as_of.is_none_or(|limit| a.at.not_after(limit))
            {
                return None;
            }
            let text = a.text.as_deref().filter(|t| !t.trim().is_empty())?;
            let outcome = analysis.outcome(links[i]? as usize)?;
            let review = &data.reviews[outcome.review as usize];
            let negative = outcome.class == Class::Negative;
            let mut findings: Vec<Finding> = checked
                .entry((text, negative))
                .or_insert_with(|| text_findings(text, negative))
                .clone();
            add_name_finding(&mut findings, text, review.author.as_deref());
            (!findings.is_empty()).then_some(ReplyFindings {
                action: i,
                findings,
            })
        })
        .flatten()
        .collect()
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
    // One buffer of words per thread, not one per review.
    analysis
        .outcomes
        .par_iter()
        .map_init(Vec::new, |tokens, o| {
            let text = data.reviews.get(o.review as usize)?.text.as_deref()?;
            text::tokenize_into(text, tokens);
            Some(Troll {
                review: o.review as usize,
                suspicion: troll_suspicion_in(text, tokens)?,
            })
        })
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests;
