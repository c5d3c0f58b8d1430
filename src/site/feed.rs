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
use crate::project::Project;
use rayon::prelude::*;

/// The feed's file name at the site root.
pub const FILE: &str = "feed.xml";

/// Characters of review text an entry quotes.
const EXCERPT_CHARS: usize = 240;

/// What the feed says about itself, before its entries.
struct Head {
    title: String,
    id: String,
    updated: jiff::Timestamp,
    author: String,
    /// `(href, rel, type)` of each link.
    links: Vec<(String, &'static str, &'static str)>,
    subtitle: &'static str,
}

/// One entry: a review open past its target.
struct Item {
    title: String,
    id: String,
    updated: jiff::Timestamp,
    published: jiff::Timestamp,
    /// `negative` or `other`, then the platform.
    categories: [String; 2],
    href: String,
    summary: String,
}

/// The feed's bytes, in parts to write one after the other: the head, runs
/// of entries, the end.
///
/// Written by hand rather than through `atom_syndication`'s writer: an
/// archive with 150,000 open reviews made a 96 MB feed that the crate's
/// object model and writer took 2.8 s to produce on two cores. The bytes
/// are the same as the crate's (a test writes both from the same entries
/// and compares them), and tests read the feed back with the crate. The
/// parts are never copied into one buffer: at that size the copy and its
/// fresh pages cost a third of the feed.
pub fn render(project: &Project) -> Vec<Vec<u8>> {
    let list = alerts::overdue(project);
    let (head, as_of) = head(project, &list);
    let names = Names::of(project);
    let href = |path: &str| href(project, path);
    // Entries are independent: written on every core in runs of a few
    // thousand (one buffer each), kept in the list's order.
    let runs = list.par_chunks(2048).map(|run| {
        let mut out = String::with_capacity(run.len() * 700);
        for a in run {
            write_entry(&mut out, &item(project, &names, a, &as_of, &href));
        }
        out.into_bytes()
    });
    let mut parts = vec![write_head(&head).into_bytes()];
    parts.par_extend(runs);
    parts.push(FEED_END.as_bytes().to_vec());
    parts
}

/// The names an entry shows, made once rather than per entry.
struct Names {
    /// By `Analysis::locations` index.
    locations: Vec<String>,
    /// By `Analysis::platforms` index.
    platforms: Vec<String>,
}

impl Names {
    fn of(project: &Project) -> Names {
        let a = &project.analysis;
        Names {
            locations: a
                .locations
                .iter()
                .map(|id| xml_safe(project.config.location_name(id)).into_owned())
                .collect(),
            platforms: a
                .platforms
                .iter()
                .map(|p| xml_safe(&super::pages::platform_name(p)).into_owned())
                .collect(),
        }
    }
}

/// A path of the site as the feed links it: absolute under `base_url`,
/// else relative to the feed at the site root.
fn href(project: &Project, path: &str) -> String {
    match project.config.base_url.as_deref() {
        Some(b) => format!("{}/{path}", b.trim_end_matches('/')),
        None => path.to_string(),
    }
}

/// The feed's own elements, and as-of as the summaries show it.
fn head(project: &Project, list: &[Alert]) -> (Head, String) {
    let config = &project.config;
    let org = xml_safe(&config.organization).into_owned();
    let tz = config.tz();
    let as_of = project
        .analysis
        .as_of
        .map(|t| {
            crate::model::show_moment(
                &crate::model::Moment {
                    instant: t,
                    date: tz.to_datetime(t).date(),
                    precision: crate::model::Precision::Instant,
                },
                tz,
            )
        })
        .unwrap_or_default();
    // The newest entry's time; with no entry, as-of (RFC 4287 wants one).
    let updated = match list.iter().map(Alert::overdue_since).max() {
        Some(t) => t,
        None => project
            .analysis
            .as_of
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    };
    let mut links = vec![(href(project, "index.html"), "alternate", "text/html")];
    if config.base_url.is_some() {
        links.push((href(project, FILE), "self", "application/atom+xml"));
    }
    let head = Head {
        title: format!("{org}: reviews waiting for an answer"),
        id: feed_id(project),
        updated,
        author: org,
        links,
        subtitle: "Reviews with no reply, contact, flag, removal or decision to ignore, past their response target: negative reviews first, oldest first.",
    };
    (head, as_of)
}

fn item(
    project: &Project,
    names: &Names,
    a: &Alert,
    as_of: &str,
    href: &(dyn Fn(&str) -> String + Sync),
) -> Item {
    let config = &project.config;
    let r = a.review;
    let o = a.outcome;
    let platform = &names.platforms[o.platform];
    let location = &names.locations[o.location];
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
        posted = crate::model::show_moment(&r.posted, config.tz()),
        target = super::words::plain_number(o.target_hours),
        quote = if excerpt.is_empty() {
            " The review has no text.".to_string()
        } else {
            format!("\n\n“{excerpt}”")
        },
    );
    let class = if a.negative() { "negative" } else { "other" };
    Item {
        title,
        id: entry_id(&r.platform, &r.id),
        updated: a.overdue_since(),
        published: r.posted.instant,
        categories: [class.into(), xml_safe(&r.platform).into_owned()],
        href: href(&format!("reports/{}/index.html#open", o.month)),
        summary,
    }
}

/// The document's start, up to its first entry, indented by two spaces as
/// `atom_syndication` writes it.
fn write_head(head: &Head) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str(
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">",
    );
    text_element(&mut out, 1, "title", &head.title);
    text_element(&mut out, 1, "id", &head.id);
    text_element(&mut out, 1, "updated", &rfc3339(head.updated));
    out.push_str("\n  <author>");
    text_element(&mut out, 2, "name", &head.author);
    out.push_str("\n  </author>");
    for (href, rel, mime) in &head.links {
        link(&mut out, 1, href, rel, mime);
    }
    text_element(&mut out, 1, "subtitle", head.subtitle);
    out
}

/// The document's end, after its last entry.
const FEED_END: &str = "\n</feed>\n";

fn write_entry(out: &mut String, e: &Item) {
    out.push_str("\n  <entry>");
    text_element(out, 2, "title", &e.title);
    text_element(out, 2, "id", &e.id);
    text_element(out, 2, "updated", &rfc3339(e.updated));
    for term in &e.categories {
        out.push_str("\n    <category term=\"");
        escape_into(out, term);
        out.push_str("\"/>");
    }
    link(out, 2, &e.href, "alternate", "text/html");
    text_element(out, 2, "published", &rfc3339(e.published));
    text_element(out, 2, "summary", &e.summary);
    out.push_str("\n  </entry>");
}

fn indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn text_element(out: &mut String, depth: usize, name: &str, text: &str) {
    indent(out, depth);
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape_into(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn link(out: &mut String, depth: usize, href: &str, rel: &str, mime: &str) {
    indent(out, depth);
    out.push_str("<link href=\"");
    escape_into(out, href);
    out.push_str("\" rel=\"");
    escape_into(out, rel);
    out.push_str("\" type=\"");
    escape_into(out, mime);
    out.push_str("\"/>");
}

/// XML escaping of text and attribute values, as quick-xml's `escape`:
/// the five predefined entities.
fn escape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['<', '>', '&', '\'', '"']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&apos;",
            _ => "&quot;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// RFC 3339 in UTC to the second, as `chrono`'s `to_rfc3339` writes it for
/// a zero offset (`2026-10-01T04:00:00+00:00`).
fn rfc3339(t: jiff::Timestamp) -> String {
    let d =
        jiff::tz::Offset::UTC.to_datetime(jiff::Timestamp::from_second(t.as_second()).unwrap_or(t));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        d.year(),
        d.month(),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    )
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

/// The first words of a review, on one line, cut at a word boundary.
/// The XML writer escapes it; characters XML 1.0 cannot carry are dropped.
fn excerpt(text: &str) -> String {
    let mut one_line = String::with_capacity(text.len());
    for word in xml_safe(text).split_whitespace() {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(word);
    }
    // No more bytes than the limit: no more characters either.
    if one_line.len() <= EXCERPT_CHARS {
        return one_line;
    }
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
fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    // By bytes first: C0 controls are single bytes, and U+FFFE and U+FFFF
    // both start with 0xEF, which most texts never hold.
    let suspect = s
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if !suspect || !s.contains(forbidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().filter(|&c| !forbidden(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same head and entries written through `atom_syndication`'s
    /// object model and writer: what `write` must equal byte for byte.
    fn via_crate(head: &Head, items: &[Item]) -> String {
        use atom_syndication::{
            Category, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig,
        };
        let time = |t: jiff::Timestamp| FixedDateTime::parse_from_rfc3339(&rfc3339(t)).unwrap();
        let link = |href: &str, rel: &str, mime: &str| Link {
            href: href.into(),
            rel: rel.into(),
            mime_type: Some(mime.into()),
            ..Default::default()
        };
        let entries = items
            .iter()
            .map(|e| Entry {
                title: Text::plain(e.title.clone()),
                id: e.id.clone(),
                updated: time(e.updated),
                published: Some(time(e.published)),
                summary: Some(Text::plain(e.summary.clone())),
                links: vec![link(&e.href, "alternate", "text/html")],
                categories: e
                    .categories
                    .iter()
                    .map(|term| Category {
                        term: term.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        let feed = Feed {
            title: Text::plain(head.title.clone()),
            id: head.id.clone(),
            updated: time(head.updated),
            authors: vec![Person {
                name: head.author.clone(),
                ..Default::default()
            }],
            subtitle: Some(Text::plain(head.subtitle)),
            links: head.links.iter().map(|(h, r, m)| link(h, r, m)).collect(),
            entries,
            lang: Some("en".into()),
            ..Default::default()
        };
        let config = WriteConfig {
            write_document_declaration: true,
            indent_size: Some(2),
        };
        let bytes = feed.write_with_config(Vec::new(), config).unwrap();
        String::from_utf8(bytes).unwrap() + "\n"
    }

    fn by_hand(head: &Head, items: &[Item]) -> String {
        let mut out = write_head(head);
        for e in items {
            write_entry(&mut out, e);
        }
        out + FEED_END
    }

    #[test]
    fn the_hand_written_feed_is_the_crates_byte_for_byte() {
        // Hostile and ordinary text in every field the feed writes.
        let texts = [
            "Plain words",
            "Quotes \" and ' and <b>tags</b> & ampersands &amp; already",
            "Two lines\n\nand a tab\there, emoji 😀, ’curly’ “quotes”",
            "]]> <![CDATA[ x ]]> <!-- comment --> <?pi?>",
            "",
        ];
        let t = |s: i64| jiff::Timestamp::from_second(s).unwrap();
        let items: Vec<Item> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Item {
                title: format!("Negative review open 3 days: {text}"),
                id: entry_id("google", text),
                updated: t(1_700_000_000 + i as i64 * 86_399),
                published: t(946_684_800 + i as i64),
                categories: ["negative".into(), text.to_string()],
                href: format!("https://x.org/a?b=1&c={text}#open"),
                summary: format!("1 ★ on Google{text}\n\n“{text}”"),
            })
            .collect();
        for links in [
            vec![("index.html".to_string(), "alternate", "text/html")],
            vec![
                (
                    "https://x.org/&<>/index.html".to_string(),
                    "alternate",
                    "text/html",
                ),
                (
                    "https://x.org/feed.xml".to_string(),
                    "self",
                    "application/atom+xml",
                ),
            ],
        ] {
            let head = Head {
                title: "Org \"A&B\" <Health>: reviews waiting for an answer".into(),
                id: "urn:reputable:feed:0123456789abcdef".into(),
                updated: t(1_764_547_200),
                author: "Org 'A&B'".into(),
                links,
                subtitle: "Negative reviews first, oldest first.",
            };
            for n in [0, 1, items.len()] {
                assert_eq!(by_hand(&head, &items[..n]), via_crate(&head, &items[..n]));
            }
        }
    }

    #[test]
    fn the_demo_feed_is_the_crates_byte_for_byte() {
        let project =
            crate::project::Project::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None)
                .unwrap();
        let list = alerts::overdue(&project);
        assert!(list.len() > 10, "the demo has reviews open past target");
        let (head, as_of) = head(&project, &list);
        let href = |path: &str| href(&project, path);
        let names = Names::of(&project);
        let items: Vec<Item> = list
            .iter()
            .map(|a| item(&project, &names, a, &as_of, &href))
            .collect();
        let written = String::from_utf8(render(&project).concat()).unwrap();
        assert_eq!(written, via_crate(&head, &items));
    }

    #[test]
    fn an_excerpt_is_one_line_cut_at_a_word_and_loses_forbidden_characters() {
        assert_eq!(excerpt("Rude\n\n  staff\u{1}!"), "Rude staff!");
        assert_eq!(excerpt("a\u{fffe}b\u{ffff}c \u{feff}d"), "abc \u{feff}d");
        assert_eq!(xml_safe("\t\r\n ok"), "\t\r\n ok");
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
