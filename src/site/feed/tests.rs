use super::reference::*;
use super::*;

/// The same head and entries written through `atom_syndication`'s
/// object model and writer: what `write` must equal byte for byte.
fn via_crate(head: &Head, items: &[Item]) -> String {
    use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig};
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
    written_as_the_crate_writes(&project);
}

/// Renders `project`'s feed, checks it is what the crate writes from
/// `item`'s entries (with more than ten of them), and returns it.
fn written_as_the_crate_writes(project: &crate::project::Project) -> String {
    let list = alerts::overdue(project);
    assert!(list.len() > 10, "the demo has reviews open past target");
    let head = head(project, list.iter().map(Alert::overdue_since).max());
    let as_of = as_of_shown(project);
    let href = |path: &str| href(project, path);
    let names = Names::of(project);
    let items: Vec<Item> = list
        .iter()
        .map(|a| item(project, &names, a, &as_of, &href))
        .collect();
    let written = String::from_utf8(render(project).concat()).unwrap();
    assert_eq!(written, via_crate(&head, &items));
    // Streamed as `build` writes it, in windows of every size down to one
    // entry: the same bytes.
    let feed = Feed::new(project);
    for (run, window_runs) in [(1, 1), (3, 2), (4, 5), (list.len(), 1), (RUN, WINDOW_RUNS)] {
        let mut streamed = Vec::new();
        feed.write_in(&mut streamed, run, window_runs).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            written,
            "runs of {run}, {window_runs} at a time"
        );
    }
    written
}

/// The demo with hostile names and texts everywhere the entries show
/// them, date-only and half-star reviews, long texts of multi-byte
/// words, in a zone with daylight saving: `render` writes what the crate
/// writes from `item`'s entries.
#[test]
fn hostile_names_and_texts_are_written_as_the_crate_writes_them() {
    let mut project =
        crate::project::Project::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None)
            .unwrap();
    let hostile = "go&<o>\"gle' \u{1}x";
    let old = project.analysis.platforms[0].clone();
    project.analysis.platforms[0] = hostile.to_string();
    project.config.organization = "Org \"A&B\" <Health> 'x'".into();
    project.config.base_url = Some("https://x.org/a&b<c>/".into());
    for (k, l) in project.config.locations.iter_mut().enumerate() {
        if k % 2 == 0 {
            l.name = format!("Main & <Co> 'St' \"{k}\"\u{b}");
        }
    }
    let long = "héllo wörld 😀 <b>&amp;</b> ".repeat(80);
    for (k, r) in project.data.reviews.iter_mut().enumerate() {
        if r.platform == old {
            r.platform = hostile.into();
        }
        match k % 7 {
            0 => r.text = Some("Rude \"staff\" <script>x</script> & 'more'\u{1}\n\nbye".into()),
            1 => r.text = Some(long.clone()),
            2 => r.text = None,
            3 => r.posted.precision = crate::model::Precision::Date,
            4 => r.rating = Some(2.5),
            5 => r.rating = None,
            _ => r.text = Some(format!("{}!", "ü".repeat(k % 300))),
        }
    }
    assert!(
        alerts::overdue(&project)
            .iter()
            .any(|a| a.review.platform == hostile)
    );
    let written = written_as_the_crate_writes(&project);
    assert!(
        written.contains("go&amp;&lt;o&gt;&quot;gle&apos; x"),
        "{}",
        &written[..2000]
    );
}

#[test]
fn times_are_written_as_the_general_path_writes_them() {
    let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
    // Every 7,919.5 seconds over four years, and the ends of the range.
    let start = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let mut instants: Vec<jiff::Timestamp> = (0..16_000i64)
        .map(|k| start + jiff::SignedDuration::from_millis(k * 7_919_500))
        .collect();
    instants.extend([
        jiff::Timestamp::MIN,
        jiff::Timestamp::MAX,
        jiff::Timestamp::UNIX_EPOCH,
        jiff::Timestamp::from_millisecond(-1_500).unwrap(),
        jiff::Timestamp::from_second(-62_167_219_200).unwrap(),
        jiff::Timestamp::from_second(-62_167_219_201).unwrap(),
        jiff::Timestamp::from_second(253_402_207_200).unwrap(),
        jiff::Timestamp::from_second(-377_705_023_201).unwrap(),
        jiff::Timestamp::from_second(253_402_189_199).unwrap(),
    ]);
    for t in instants {
        let mut out = Vec::new();
        push_rfc3339(&mut out, t);
        assert_eq!(String::from_utf8(out).unwrap(), rfc3339(t), "{t}");
        for precision in [
            crate::model::Precision::Instant,
            crate::model::Precision::Local,
            crate::model::Precision::Date,
        ] {
            let m = crate::model::Moment {
                instant: t,
                date: tz.to_datetime(t).date(),
                precision,
            };
            let mut out = Vec::new();
            push_moment(&mut out, &m, &tz);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                crate::model::show_moment(&m, &tz),
                "{t}"
            );
        }
    }
}

#[test]
fn ages_and_ratings_are_written_as_words_writes_them() {
    for h in [
        0.0,
        0.5,
        1.0,
        1.9,
        2.0,
        47.99,
        48.0,
        71.0,
        1e6,
        f64::NAN,
        f64::INFINITY,
    ] {
        let mut out = Vec::new();
        write_age(&mut out, h);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            crate::site::words::age(h),
            "{h}"
        );
    }
    for r in [
        None,
        Some(1.0),
        Some(5.0),
        Some(0.0),
        Some(-0.0),
        Some(2.5),
        Some(9.0),
        Some(10.0),
        Some(4.25),
    ] {
        let mut out = Vec::new();
        write_rating(&mut out, r);
        let out = String::from_utf8(out).unwrap();
        let expected = r.map_or_else(
            || "unrated".to_string(),
            |x| format!("{} ★", crate::site::words::plain_number(x)),
        );
        assert_eq!(out, expected, "{r:?}");
    }
    let mut out = Vec::new();
    push_int(&mut out, i64::MIN);
    assert_eq!(String::from_utf8(out).unwrap(), i64::MIN.to_string());
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
