//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and
//! heading attributes. Every heading gets an id (its `{#custom}` id, or a
//! slug of its text made unique with `-1`, `-2` …) and an anchor link, and
//! goes into the table of contents.
//!
//! Staff may write simple inline HTML. A document that holds any (or a link
//! to an unsafe scheme, or a heading attribute `on…`) passes through
//! ammonia, which removes scripts, frames, objects, event handlers and
//! `javascript:` URLs; each raw HTML fragment it had to change is reported
//! with its place, so the author can fix the source. A document without raw
//! HTML is left as pulldown-cmark wrote it (already safe: every text is
//! escaped).

use super::Heading;
use super::placeholders::Marked;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;
use std::sync::LazyLock;

/// A rendered Markdown body: its HTML, its headings, and what the sanitiser
/// removed (byte offset in the Markdown given, and what it was).
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    pub removed: Vec<(usize, String)>,
}

/// URL schemes a link or image may use (relative URLs are always fine).
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The sanitiser's policy: ammonia's safe defaults (no scripts, styles,
/// frames, objects, forms, event handlers), plus what pulldown-cmark itself
/// writes (heading ids, classes, the anchor's label, table alignment), and
/// links left as written (no `rel` added).
fn policy() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.link_rel(None)
        .url_schemes(SCHEMES.iter().copied().collect())
        .add_generic_attributes(["id", "class", "aria-label", "aria-hidden", "dir"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect());
    b
}

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(policy);

/// The same policy that lets the dangerous things through: a fragment that
/// the two clean differently held something the sanitiser removes.
static PERMISSIVE: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = policy();
    b.rm_clean_content_tags(["script", "style"])
        // Not `style`: ammonia filters style attributes only when no
        // `<style>` element may pass; dropped with its content left as
        // text, it still cleans differently.
        .add_tags(DANGEROUS_TAGS.iter().copied().filter(|t| *t != "style"))
        .add_generic_attribute_prefixes(["on"])
        .add_url_schemes(["javascript", "vbscript", "data"]);
    b
});

/// Tags named in the warning when a fragment holds them.
const DANGEROUS_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "input", "button", "textarea", "select", "meta", "link", "svg", "math",
];

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a staff-written body; returns the HTML and the headings.
pub fn render(markdown: &str) -> (String, Vec<Heading>) {
    let r = render_with(markdown, None);
    (r.html, r.toc)
}

/// Renders a body whose placeholders were replaced by tokens
/// (`placeholders::mark`): each value goes in as text, so it is escaped like
/// any text and never read as Markdown or HTML. Raw HTML is sanitised.
pub fn render_with(markdown: &str, marked: Option<&Marked>) -> Rendered {
    let mut removed = Vec::new();
    let mut sanitise = false;
    let mut events: Vec<Event> = Vec::new();
    // The lines of the HTML block being read: (offset, text) each. A tag may
    // span lines, so a block is checked whole.
    let mut block: Vec<(usize, String)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let event = match (event, marked) {
            (Event::Html(h), m) => {
                sanitise = true;
                let h = fill_raw(h, m);
                block.push((range.start, h.to_string()));
                Event::Html(h)
            }
            (Event::End(TagEnd::HtmlBlock), _) => {
                check_block(&std::mem::take(&mut block), &mut removed);
                Event::End(TagEnd::HtmlBlock)
            }
            (Event::InlineHtml(h), m) => {
                sanitise = true;
                let h = fill_raw(h, m);
                if let Some(what) = unsafe_fragment(&h) {
                    removed.push((range.start, what));
                }
                Event::InlineHtml(h)
            }
            (Event::Text(t), Some(m)) if m.has_tokens(&t) => {
                Event::Text(m.fill(&t, str::to_string).into())
            }
            (Event::Code(t), Some(m)) if m.has_tokens(&t) => {
                Event::Code(m.fill(&t, str::to_string).into())
            }
            (
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
                m,
            ) => {
                let (dest_url, title, bad) =
                    target(dest_url, title, m, "the link to", range.start, &mut removed);
                sanitise |= bad;
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            (
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
                m,
            ) => {
                let (dest_url, title, bad) = target(
                    dest_url,
                    title,
                    m,
                    "the image from",
                    range.start,
                    &mut removed,
                );
                sanitise |= bad;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            (
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }),
                _,
            ) => {
                let (handlers, attrs): (Vec<_>, Vec<_>) = attrs
                    .into_iter()
                    .partition(|(k, _)| k.to_ascii_lowercase().starts_with("on"));
                for (k, _) in handlers {
                    removed.push((range.start, format!("the event handler `{k}`")));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            (e, _) => e,
        };
        events.push(event);
    }
    let toc = headings(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());
    if sanitise {
        html = SANITISER.clean(&html).to_string();
    }
    Rendered { html, toc, removed }
}

/// Staff's raw HTML, with values filled in escaped.
fn fill_raw<'a>(h: CowStr<'a>, marked: Option<&Marked>) -> CowStr<'a> {
    match marked {
        Some(m) if m.has_tokens(&h) => CowStr::from(m.fill(&h, escape)),
        _ => h,
    }
}

/// Notes what the sanitiser will remove from an HTML block, at the first
/// line by which the block holds it (at the block's start for a block too
/// long to search line by line).
fn check_block(lines: &[(usize, String)], removed: &mut Vec<(usize, String)>) {
    let Some(&(start, _)) = lines.first() else {
        return;
    };
    let whole: String = lines.iter().map(|(_, l)| l.as_str()).collect();
    let Some(what) = unsafe_fragment(&whole) else {
        return;
    };
    let mut prefix = String::new();
    let at = lines
        .iter()
        .take(100)
        .find(|(_, l)| {
            prefix.push_str(l);
            unsafe_fragment(&prefix).is_some()
        })
        .map_or(start, |(at, _)| *at);
    removed.push((at, what));
}

/// A link's URL or title with tokens filled in (the renderer escapes it).
fn fill_in<'a>(s: CowStr<'a>, marked: Option<&Marked>) -> CowStr<'a> {
    match marked {
        Some(m) if m.has_tokens(&s) => m.fill(&s, str::to_string).into(),
        _ => s,
    }
}

/// A link's or image's address and title with placeholders filled in; an
/// address that is not safe is noted in `removed` at `at` (and `true` says
/// the page must go through the sanitiser).
fn target<'a>(
    dest: CowStr<'a>,
    title: CowStr<'a>,
    marked: Option<&Marked>,
    what: &str,
    at: usize,
    removed: &mut Vec<(usize, String)>,
) -> (CowStr<'a>, CowStr<'a>, bool) {
    let dest = fill_in(dest, marked);
    let bad = !safe_url(&dest);
    if bad {
        removed.push((at, format!("{what} `{dest}`")));
    }
    (dest, fill_in(title, marked), bad)
}

/// Whether a Markdown link may point there: relative, or one of `SCHEMES`.
fn safe_url(url: &str) -> bool {
    // Browsers ignore control characters and white space inside a scheme.
    let squashed: String = url
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .take(32)
        .collect();
    match squashed.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
        }
        _ => true,
    }
}

/// What the sanitiser removes from a fragment of raw HTML, in words; `None`
/// when it removes nothing dangerous.
fn unsafe_fragment(fragment: &str) -> Option<String> {
    if SANITISER.clean(fragment).to_string() == PERMISSIVE.clean(fragment).to_string() {
        return None;
    }
    let lower = fragment.to_ascii_lowercase();
    let mut what: Vec<String> = Vec::new();
    for tag in DANGEROUS_TAGS {
        if lower.contains(&format!("<{tag}")) {
            what.push(format!("`<{tag}>`"));
        }
    }
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        if !before.is_some_and(|b| b.is_ascii_whitespace() || b == b'/' || b == b'"' || b == b'\'')
        {
            continue;
        }
        let name: String = lower[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.len() > 2 && lower[i + name.len()..].trim_start().starts_with('=') {
            let shown = format!("`{name}`");
            if !what.contains(&shown) {
                what.push(shown);
            }
        }
    }
    if lower.contains("javascript:") {
        what.push("a `javascript:` URL".into());
    }
    Some(if what.is_empty() {
        "HTML that is not allowed".into()
    } else {
        what.join(", ")
    })
}

/// Gives every heading an id and an anchor link; returns the headings.
fn headings(events: &mut Vec<Event>) -> Vec<Heading> {
    // Custom ids are the author's promise; generated ones step around them.
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            i += 1;
            continue;
        };
        let (level, custom) = (*level, id.as_ref().map(|s| s.to_string()));
        let end = (i + 1..events.len())
            .find(|&j| matches!(events[j], Event::End(TagEnd::Heading(_))))
            .unwrap_or(events.len());
        let text: String = events[i + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let text = text.trim().to_string();
        let id = custom.unwrap_or_else(|| unique(&slugify(&text), &mut used));
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
            *slot = Some(CowStr::from(id.clone()));
        }
        // The link's own name is short: inside the heading, a screen reader
        // reads the heading's text and then this, so repeating the text
        // here would read it twice.
        let anchor = format!(
            r##" <a class="anchor" href="#{0}" aria-label="Section link">#</a>"##,
            escape(&id)
        );
        events.insert(end, Event::InlineHtml(CowStr::from(anchor)));
        toc.push(Heading {
            level: level_number(level),
            id,
            text,
        });
        i = end + 1;
    }
    toc
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `Who answers, and how fast?` → `who-answers-and-how-fast`. Letters of any
/// script are kept (lower-cased); spaces, `-` and `_` become one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

fn unique(slug: &str, used: &mut HashSet<String>) -> String {
    let mut id = slug.to_string();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{slug}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::render_with;

    /// (line, what) of each removal.
    fn removed(md: &str) -> Vec<(usize, String)> {
        render_with(md, None)
            .removed
            .into_iter()
            .map(|(at, what)| (super::line_of(md, at), what))
            .collect()
    }

    #[test]
    fn a_tag_spanning_lines_of_an_html_block_is_found_at_its_line() {
        let md = "Intro.\n\n<div class=\"note\">\n<img src=\"a.png\"\n     onerror=\"alert(1)\">\n</div>\n";
        let r = render_with(md, None);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(r.html.contains(r#"<img src="a.png">"#), "{}", r.html);
        assert_eq!(removed(md), [(5, "`onerror`".to_string())]);
    }

    #[test]
    fn simple_html_passes_without_a_warning() {
        let md = "A <b>bold</b> <abbr title=\"Health Insurance\">HI</abbr> word.<br>\n\n<p align=\"center\">x</p>\n";
        let r = render_with(md, None);
        assert_eq!(removed(md), []);
        assert!(r.html.contains("<b>bold</b>"), "{}", r.html);
        assert!(
            r.html
                .contains("<abbr title=\"Health Insurance\">HI</abbr>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn heading_event_handlers_and_unsafe_link_schemes_are_removed() {
        let md = "# Title {onclick=alert(1)}\n\n[call](javascript:alert(2)) [ok](tel:555-0100)\n";
        let r = render_with(md, None);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("javascript"), "{}", r.html);
        assert!(
            r.html.contains(r#"<a href="tel:555-0100">ok</a>"#),
            "{}",
            r.html
        );
        assert_eq!(
            removed(md),
            [
                (1, "the event handler `onclick`".to_string()),
                (3, "the link to `javascript:alert(2)`".to_string()),
            ]
        );
    }
}
