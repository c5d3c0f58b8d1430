//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and
//! heading attributes. Every heading gets an id (its `{#custom}` id, or a
//! slug of its text made unique with `-1`, `-2` …) and an anchor link, and
//! goes into the table of contents.

use super::Heading;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a staff-written body; returns the HTML and the headings.
pub fn render(markdown: &str) -> (String, Vec<Heading>) {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
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
        let anchor = format!(
            r##" <a class="anchor" href="#{0}" aria-label="Link to this section: {1}">#</a>"##,
            escape(&id),
            escape(&text)
        );
        events.insert(end, Event::InlineHtml(CowStr::from(anchor)));
        toc.push(Heading {
            level: level_number(level),
            id,
            text,
        });
        i = end + 1;
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    (out, toc)
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
