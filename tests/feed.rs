//! `feed.xml`: valid Atom with RFC 4287's required elements, one entry per
//! review open past its target (negative ones first), matching the
//! `open_overdue` figures, with ids and times that survive a rebuild.

mod site_support;

use atom_syndication::Feed;
use reputable::project::Project;
use reputable::site::{self, Theme};
use std::collections::BTreeMap;
use std::path::Path;

fn feed_bytes(project: &Project) -> Vec<u8> {
    let files = site::render(project, &Theme::builtin()).expect("the site renders");
    files
        .into_iter()
        .find(|f| f.path == "feed.xml")
        .expect("every build writes feed.xml")
        .into_bytes()
}

fn demo(as_of: Option<&str>) -> Project {
    Project::load(Path::new(env!("CARGO_MANIFEST_DIR")), as_of).expect("the demo loads")
}

fn parse(bytes: &[u8]) -> Feed {
    Feed::read_from(bytes).expect("feed.xml parses as Atom")
}

/// The children each `<feed>` and `<entry>` holds, by local name, read with
/// a plain XML reader (the Atom reader fills in defaults for missing ones).
fn children(bytes: &[u8]) -> (BTreeMap<String, usize>, Vec<BTreeMap<String, usize>>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut feed = BTreeMap::new();
    let mut entries: Vec<BTreeMap<String, usize>> = Vec::new();
    loop {
        let ev = reader.read_event_into(&mut buf).expect("well-formed XML");
        let (name, empty) = match &ev {
            Event::Start(e) => (
                String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                false,
            ),
            Event::Empty(e) => (
                String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                true,
            ),
            Event::End(_) => {
                path.pop();
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match path
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["feed"] if name == "entry" => entries.push(BTreeMap::new()),
            ["feed"] => *feed.entry(name.clone()).or_insert(0) += 1,
            ["feed", "entry"] => {
                *entries.last_mut().unwrap().entry(name.clone()).or_insert(0) += 1;
            }
            _ => {}
        }
        if !empty {
            path.push(name);
        }
        buf.clear();
    }
    (feed, entries)
}

#[test]
fn the_demo_feed_is_atom_with_every_required_element() {
    let bytes = feed_bytes(&demo(None));
    let feed = parse(&bytes);
    assert_eq!(
        feed.title.as_str(),
        "Riverside Family Health: reviews waiting for an answer"
    );
    assert!(feed.id.starts_with("urn:reputable:feed:"), "{}", feed.id);
    let (top, entries) = children(&bytes);
    // RFC 4287 §4.1.1: exactly one id, title and updated; an author (the
    // entries carry none).
    for name in ["id", "title", "updated", "author"] {
        assert_eq!(top.get(name), Some(&1), "feed/{name}: {top:?}");
    }
    assert_eq!(entries.len(), feed.entries.len());
    // §4.1.2: each entry exactly one id, title, updated; a link (no content).
    for (i, e) in entries.iter().enumerate() {
        for name in ["id", "title", "updated", "link"] {
            assert_eq!(e.get(name), Some(&1), "entry {i}/{name}: {e:?}");
        }
    }
    // The feed's time is its newest entry's.
    assert_eq!(
        Some(feed.updated),
        feed.entries.iter().map(|e| e.updated).max()
    );
    // Discoverable from the pages.
    let files = site::render(&demo(None), &Theme::builtin()).unwrap();
    let index = files.iter().find(|f| f.path == "index.html").unwrap();
    assert!(String::from_utf8_lossy(&index.bytes()).contains(
        r#"<link rel="alternate" type="application/atom+xml" title="Reviews waiting for an answer" href="feed.xml">"#
    ));
}

/// Entries per month (the month of the report an entry links to) are the
/// `open_overdue` figure of that month in `data/metrics.json`, for every
/// month; the negative ones come first, each group oldest first.
#[test]
fn the_demo_feed_lists_exactly_the_open_overdue_reviews() {
    let project = demo(None);
    let feed = parse(&feed_bytes(&project));
    let mut per_month: BTreeMap<String, u64> = BTreeMap::new();
    for e in &feed.entries {
        let href = &e.links[0].href;
        let month = href
            .split("/reports/")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("entry link {href} names a report"));
        *per_month.entry(month.to_string()).or_insert(0) += 1;
    }
    let months = &project.analysis.metrics.months;
    for m in months {
        assert_eq!(
            per_month.get(&m.month.to_string()).copied().unwrap_or(0),
            m.overall.open_overdue,
            "{}",
            m.month
        );
    }
    // The latest month, as the overview shows it: 9 open past target.
    let latest = months.last().unwrap();
    assert_eq!(latest.month.to_string(), "2026-10");
    assert_eq!(latest.overall.open_overdue, 9);
    assert_eq!(per_month["2026-10"], 9);
    assert_eq!(feed.entries.len(), 566);

    let negative = |e: &atom_syndication::Entry| e.categories[0].term == "negative";
    let first_other = feed.entries.iter().position(|e| !negative(e)).unwrap();
    assert!(feed.entries[first_other..].iter().all(|e| !negative(e)));
    assert!(first_other > 0);
    for group in [&feed.entries[..first_other], &feed.entries[first_other..]] {
        let posted: Vec<_> = group.iter().map(|e| e.published.unwrap()).collect();
        assert!(posted.is_sorted(), "oldest first");
    }
    let first = &feed.entries[0];
    assert_eq!(
        first.title.as_str(),
        "Negative review open 720 days: Google, Downtown Clinic, 2 ★"
    );
    assert_eq!(
        first.links[0].href,
        "https://reviews.riversidefamilyhealth.example/reports/2024-11/index.html#open"
    );
}

#[test]
fn entry_ids_and_times_survive_a_rebuild_and_a_later_as_of() {
    let a = feed_bytes(&demo(None));
    assert_eq!(a, feed_bytes(&demo(None)), "same inputs, same bytes");
    let now = parse(&a);
    let earlier = parse(&feed_bytes(&demo(Some("2026-09-30"))));
    let ids = |f: &Feed| -> BTreeMap<String, String> {
        f.entries
            .iter()
            .map(|e| (e.id.clone(), e.updated.to_rfc3339()))
            .collect()
    };
    let (now, earlier) = (ids(&now), ids(&earlier));
    assert!(earlier.len() < now.len());
    // A review still waiting a month later keeps its id and time, so a
    // reader shows it once.
    let kept: Vec<_> = earlier
        .iter()
        .filter(|(id, _)| now.contains_key(*id))
        .collect();
    assert!(kept.len() > 500, "{}", kept.len());
    for (id, updated) in kept {
        assert_eq!(&now[id], updated, "{id}");
    }
}

#[test]
fn hostile_review_text_stays_text_in_the_feed() {
    let bytes = feed_bytes(&site_support::project(true));
    let text = String::from_utf8(bytes.clone()).unwrap();
    let feed = parse(&bytes);
    assert!(!feed.entries.is_empty());
    assert!(
        !text.contains("<script>") && !text.contains("<img"),
        "{text}"
    );
    assert!(text.contains("&lt;script&gt;"), "{text}");
    // Relative links need no base: the fixture has one, so links are absolute.
    assert!(
        feed.entries[0].links[0]
            .href
            .starts_with("https://reviews.example.org/reports/")
    );
}

#[test]
fn without_base_url_entries_link_relative_to_the_feed_at_the_site_root() {
    let mut project = site_support::project(false);
    project.config.base_url = None;
    let feed = parse(&feed_bytes(&project));
    assert!(!feed.entries.is_empty());
    for e in &feed.entries {
        assert!(
            e.links[0].href.starts_with("reports/20"),
            "{}",
            e.links[0].href
        );
        assert!(e.links[0].href.ends_with("/index.html#open"));
    }
    assert_eq!(feed.links[0].href, "index.html");
    // No absolute address to give, so no `self` link.
    assert!(feed.links.iter().all(|l| l.rel != "self"));
}
