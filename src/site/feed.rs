//! `feed.xml`: an Atom feed (RFC 4287) of the reviews that need an answer at
//! as-of (`alerts::overdue`: negative ones first, then any other past its
//! target), so a feed reader tells the person on duty without a report.
//!
//! Stable for readers: an entry's id comes from the review's identity
//! (platform and id) and its `updated` time is the moment the review went
//! past its target, so rebuilding with more data or a later as-of shows a
//! reader only the reviews that are new to the list. The summary (with the
//! age at as-of) may change; readers do not show an entry again for that.
//!
//! Links: the export formats read do not keep a public URL of a review, so
//! an entry links to its month's report (`reports/YYYY-MM/index.html#open`),
//! absolute under `base_url` when configured, else relative to the feed,
//! which sits at the site root so a reader resolves it against the feed's
//! own address.

use crate::alerts::{self, Alert};
use crate::diagnostic::Diagnostic;
use crate::project::Project;
use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig};

/// The feed's file name at the site root.
pub const FILE: &str = "feed.xml";

/// Characters of review text an entry quotes.
const EXCERPT_CHARS: usize = 240;

/// The feed's bytes.
pub fn render(project: &Project) -> Result<Vec<u8>, Diagnostic> {
    let fail = |e: String| Diagnostic::new(FILE, format!("cannot write the feed: {e}"));
    let config = &project.config;
    let base = config
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')));
    let href = |path: &str| match &base {
        Some(b) => format!("{b}{path}"),
        None => path.to_string(),
    };
    let org = xml_safe(&config.organization);
    let list = alerts::overdue(project);
    let mut entries = Vec::with_capacity(list.len());
    for a in &list {
        entries.push(entry(project, a, &href).map_err(fail)?);
    }
    // The newest entry's time; with no entry, as-of (RFC 4287 wants one).
    let updated = match list.iter().map(Alert::overdue_since).max() {
        Some(t) => t,
        None => project
            .analysis
            .as_of
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    };
    let mut links = vec![Link {
        href: href("index.html"),
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Default::default()
    }];
    if base.is_some() {
        links.push(Link {
            href: href(FILE),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Default::default()
        });
    }
    let feed = Feed {
        title: Text::plain(format!("{org}: reviews waiting for an answer")),
        id: feed_id(project),
        updated: timestamp(updated).map_err(fail)?,
        authors: vec![Person {
            name: org.clone(),
            ..Default::default()
        }],
        subtitle: Some(Text::plain(
            "Reviews with no reply, contact, flag, removal or decision to ignore, past their response target: negative reviews first, oldest first.",
        )),
        links,
        entries,
        lang: Some("en".into()),
        ..Default::default()
    };
    let mut out = feed
        .write_with_config(
            Vec::new(),
            WriteConfig {
                write_document_declaration: true,
                indent_size: Some(2),
            },
        )
        .map_err(|e| fail(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}

fn entry(project: &Project, a: &Alert, href: &dyn Fn(&str) -> String) -> Result<Entry, String> {
    let config = &project.config;
    let tz = config.tz();
    let r = a.review;
    let o = a.outcome;
    let platform = xml_safe(&super::pages::platform_name(&r.platform));
    let location = xml_safe(config.location_name(&project.analysis.locations[o.location]));
    let rating = r.rating.map_or_else(
        || "unrated".to_string(),
        |x| format!("{} ★", super::words::plain_number(x)),
    );
    let kind = if a.negative() {
        "Negative review"
    } else {
        "Review"
    };
    let age = super::words::age(o.age_hours);
    let title = format!("{kind} open {age}: {platform}, {location}, {rating}");
    let excerpt = excerpt(r.text.as_deref().unwrap_or(""));
    let summary = format!(
        "{rating} on {platform} for {location}, posted {posted}; open {age} at {as_of} with no reply, contact, flag, removal or decision to ignore (target {target} hours).{quote}",
        posted = crate::model::show_moment(&r.posted, tz),
        as_of = project
            .analysis
            .as_of
            .map(|t| crate::model::show_moment(
                &crate::model::Moment {
                    instant: t,
                    date: tz.to_datetime(t).date(),
                    precision: crate::model::Precision::Instant,
                },
                tz
            ))
            .unwrap_or_default(),
        target = super::words::plain_number(o.target_hours),
        quote = if excerpt.is_empty() {
            " The review has no text.".to_string()
        } else {
            format!("\n\n“{excerpt}”")
        },
    );
    let class = if a.negative() { "negative" } else { "other" };
    Ok(Entry {
        title: Text::plain(title),
        id: entry_id(&r.platform, &r.id),
        updated: timestamp(a.overdue_since())?,
        published: Some(timestamp(r.posted.instant)?),
        summary: Some(Text::plain(summary)),
        links: vec![Link {
            href: href(&format!("reports/{}/index.html#open", o.month)),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        }],
        categories: vec![
            Category {
                term: class.into(),
                ..Default::default()
            },
            Category {
                term: xml_safe(&r.platform),
                ..Default::default()
            },
        ],
        ..Default::default()
    })
}

/// `urn:reputable:review:<platform>:<hash>`: the review's identity, hashed
/// so that any character a platform puts in its ids makes a valid URI.
pub fn entry_id(platform: &str, id: &str) -> String {
    format!(
        "urn:reputable:review:{}:{}",
        urn_part(platform),
        fnv(&[platform, id])
    )
}

/// The feed's id, from the organisation's name: the same feed after a
/// rebuild, a different one for another organisation.
fn feed_id(project: &Project) -> String {
    format!(
        "urn:reputable:feed:{}",
        fnv(&[&project.config.organization])
    )
}

fn urn_part(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if clean.is_empty() { "x".into() } else { clean }
}

/// 64-bit FNV-1a over the parts (each ended by a unit separator), 16 hex digits.
fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn timestamp(t: jiff::Timestamp) -> Result<FixedDateTime, String> {
    let text = t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    FixedDateTime::parse_from_rfc3339(&text).map_err(|e| format!("{text}: {e}"))
}

/// The first words of a review, on one line, cut at a word boundary.
/// The XML writer escapes it; characters XML 1.0 cannot carry are dropped.
fn excerpt(text: &str) -> String {
    let one_line: String = xml_safe(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if one_line.chars().count() <= EXCERPT_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT_CHARS / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{cut}…")
}

/// Drops the control characters XML 1.0 forbids (tab, newline and carriage
/// return stay), so hostile text never makes the feed unreadable.
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_one_line_cut_at_a_word_and_loses_forbidden_characters() {
        assert_eq!(excerpt("Rude\n\n  staff\u{1}!"), "Rude staff!");
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with("word…"), "{e}");
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn entry_ids_are_valid_urns_whatever_the_platform_id_holds() {
        assert_eq!(
            entry_id("google", "AbC/1?x=<y>"),
            format!(
                "urn:reputable:review:google:{}",
                fnv(&["google", "AbC/1?x=<y>"])
            )
        );
        assert_ne!(entry_id("google", "a"), entry_id("yelp", "a"));
    }
}
