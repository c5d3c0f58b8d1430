//! The feed as `atom_syndication`'s object model holds it: the entries
//! the hand-written feed is tested against, built the plain way.

use super::*;

/// One entry: a review open past its target, as the crate's object model
/// holds it (the reference `write` is tested against).
pub(super) struct Item {
    pub(super) title: String,
    pub(super) id: String,
    pub(super) updated: jiff::Timestamp,
    pub(super) published: jiff::Timestamp,
    /// `negative` or `other`, then the platform.
    pub(super) categories: [String; 2],
    pub(super) href: String,
    pub(super) summary: String,
}

pub(super) fn item(
    project: &Project,
    names: &Names,
    a: &Alert,
    as_of: &str,
    href: &(dyn Fn(&str) -> String + Sync),
) -> Item {
    let config = &project.config;
    let r = a.review;
    let o = a.outcome;
    let platform = &names.platforms[o.platform as usize];
    let location = &names.locations[o.location as usize];
    let rating = r.rating.map_or_else(
        || "unrated".to_string(),
        |x| format!("{} ★", crate::site::words::plain_number(x)),
    );
    let kind = if a.negative() {
        "Negative review"
    } else {
        "Review"
    };
    let age = crate::site::words::age(o.age_hours);
    let title = format!("{kind} open {age}: {platform}, {location}, {rating}");
    let excerpt = excerpt(r.text.as_deref().unwrap_or(""));
    let summary = format!(
        "{rating} on {platform} for {location}, posted {posted}; open {age} at {as_of} with no reply, contact, flag, removal or decision to ignore (target {target} hours).{quote}",
        posted = crate::model::show_moment(&r.posted, config.tz()),
        target = crate::site::words::plain_number(o.target_hours),
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

pub(super) fn write_entry(out: &mut String, e: &Item) {
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

/// The first words of a review, on one line, cut at a word boundary.
/// The XML writer escapes it; characters XML 1.0 cannot carry are dropped.
pub(super) fn excerpt(text: &str) -> String {
    let mut out = String::new();
    excerpt_into(&mut out, text);
    out
}

/// The names an entry shows, made once rather than per entry.
pub(super) struct Names {
    /// By `Analysis::locations` index.
    locations: Vec<String>,
    /// By `Analysis::platforms` index.
    platforms: Vec<String>,
}

impl Names {
    pub(super) fn of(project: &Project) -> Names {
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
                .map(|p| xml_safe(&crate::site::pages::platform_name(p)).into_owned())
                .collect(),
        }
    }
}

/// `urn:reputable:review:<platform>:<hash>`: the review's identity, hashed
/// (what `Platform`'s `urn` and `fnv` write piece by piece)
/// so that any character a platform puts in its ids makes a valid URI.
pub(super) fn entry_id(platform: &str, id: &str) -> String {
    format!(
        "urn:reputable:review:{}:{}",
        urn_part(platform),
        fnv(&[platform, id])
    )
}
