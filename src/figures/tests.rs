//! One row per rule of SPEC §4.3, each awkward case its own row.

use super::*;
use crate::config::Config;
use crate::ingest::time::parse_when;
use crate::ingest::{Dataset, link};
use crate::model::{Action, ActionKind, EmbeddedReply, Moment, Origin, Review};

const CONFIG: &str = "\
organization: Test Clinic
timezone: America/New_York
targets:
  respond_within_hours: 24
  negative_respond_within_hours: 12
locations:
  - id: downtown
    name: Downtown Clinic
    sources: [\"Downtown\"]
  - id: north
    name: North Clinic
    sources: [\"North\"]
";

fn config() -> Config {
    Config::parse(CONFIG, "reputable.yaml").unwrap()
}

fn at(s: &str) -> Moment {
    Moment::resolve(parse_when(s).unwrap(), config().tz()).unwrap()
}

/// A review on `google` at `Downtown` unless the id says `platform/id@Location`.
fn review(id: &str, rating: Option<f64>, posted: &str) -> Review {
    let (platform, rest) = id.split_once('/').unwrap_or(("google", id));
    let (id, loc) = rest.split_once('@').unwrap_or((rest, "Downtown"));
    Review {
        platform: platform.into(),
        id: id.into(),
        source_location: loc.into(),
        author: Some("Pat Doe".into()),
        rating,
        posted: at(posted),
        updated: None,
        text: Some("text".into()),
        embedded_reply: None,
        origin: Origin::default(),
    }
}

fn action(id: &str, kind: ActionKind, when: &str) -> Action {
    let (platform, id) = id.split_once('/').unwrap_or(("google", id));
    Action {
        platform: platform.into(),
        review_id: id.into(),
        at: at(when),
        kind,
        channel: None,
        responder: None,
        text: Some("Thank you.".into()),
        embedded: false,
        origin: Origin::default(),
    }
}

use ActionKind::*;

fn run(reviews: Vec<Review>, actions: Vec<Action>, as_of: Option<&str>) -> Analysis {
    let mut data = Dataset {
        files: vec!["test".into()],
        reviews,
        actions,
        ..Dataset::default()
    };
    link(&mut data, config().tz());
    analyse(&data, &config(), as_of.map(|s| at(s).instant))
}

/// The overall figures of the one month `m`.
fn month(a: &Analysis, m: &str) -> Figures {
    a.month(Month::parse(m).unwrap())
        .unwrap_or_else(|| panic!("no month {m}"))
        .overall
        .clone()
}

struct Row {
    name: &'static str,
    reviews: Vec<Review>,
    actions: Vec<Action>,
    as_of: Option<&'static str>,
    month: &'static str,
    check: fn(&Figures),
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "a reply across the spring daylight-saving change is one real hour",
            // 01:30 EST (06:30Z) to 03:30 EDT (07:30Z): the wall clock says 2 h.
            reviews: vec![review("a", Some(5.0), "2026-03-08T01:30:00")],
            actions: vec![action("a", Reply, "2026-03-08T03:30:00")],
            as_of: None,
            month: "2026-03",
            check: |f| {
                assert_eq!(f.answered, 1);
                assert_eq!(f.response_hours.median, Some(1.0));
            },
        },
        Row {
            name: "a local time in the skipped hour moves forward by the gap",
            // 02:30 does not exist on 2026-03-08 in New York: it becomes 03:30 EDT = 07:30Z.
            reviews: vec![review("a", Some(5.0), "2026-03-08T02:30:00")],
            actions: vec![action("a", Reply, "2026-03-08T08:30:00Z")],
            as_of: None,
            month: "2026-03",
            check: |f| assert_eq!(f.response_hours.median, Some(1.0)),
        },
        Row {
            name: "a local time in the repeated hour takes the earlier instant",
            // 01:30 happens twice on 2026-11-01; the earlier is EDT, 05:30Z.
            reviews: vec![review("a", Some(5.0), "2026-11-01T01:30:00")],
            actions: vec![action("a", Reply, "2026-11-01T06:30:00Z")],
            as_of: None,
            month: "2026-11",
            check: |f| assert_eq!(f.response_hours.median, Some(1.0)),
        },
        Row {
            name: "a date-only review is answered by date and left out of response hours",
            reviews: vec![
                review("a", Some(5.0), "2026-03-10"),
                review("b", Some(5.0), "2026-03-10T20:00:00-04:00"),
            ],
            // b's reply is date-only, the same day: answered (compared as dates).
            actions: vec![
                action("a", Reply, "2026-03-10T15:00:00Z"),
                action("b", Reply, "2026-03-10"),
            ],
            as_of: Some("2026-03-31T00:00:00Z"),
            month: "2026-03",
            check: |f| {
                assert_eq!(f.answered, 2);
                assert_eq!(f.date_only, 2);
                assert_eq!(f.response_hours.count, 0);
                assert_eq!(f.response_hours.median, None);
                assert_eq!(f.within_target_rate, None);
            },
        },
        Row {
            name: "a reply dated before its review counts as no action",
            reviews: vec![review("a", Some(1.0), "2026-03-10T12:00:00Z")],
            actions: vec![action("a", Reply, "2026-03-10T11:00:00Z")],
            as_of: Some("2026-03-12T12:00:00Z"),
            month: "2026-03",
            check: |f| {
                assert_eq!(f.answered, 0);
                assert_eq!(f.response_rate, Some(0.0));
                assert_eq!(
                    f.open_overdue, 1,
                    "no valid action, 48 h old, negative target 12 h"
                );
            },
        },
        Row {
            name: "a reply after as-of is not counted, and the review is open",
            reviews: vec![review("a", Some(5.0), "2026-03-10T12:00:00Z")],
            actions: vec![action("a", Reply, "2026-03-13T12:00:00Z")],
            as_of: Some("2026-03-12T12:00:00Z"),
            month: "2026-03",
            check: |f| {
                assert_eq!(f.answered, 0);
                assert_eq!(f.open_overdue, 1, "48 h old against the 24 h target");
            },
        },
        Row {
            name: "with several replies the first counts",
            reviews: vec![review("a", Some(5.0), "2026-03-10T12:00:00Z")],
            actions: vec![
                action("a", Reply, "2026-03-11T12:00:00Z"),
                action("a", Contact, "2026-03-10T15:00:00Z"),
                action("a", Reply, "2026-03-10T18:00:00Z"),
            ],
            as_of: None,
            month: "2026-03",
            check: |f| {
                assert_eq!(f.answered, 1);
                assert_eq!(f.response_hours.count, 1);
                assert_eq!(f.response_hours.mean, Some(3.0));
            },
        },
        Row {
            name: "flag and ignore stop open_overdue without counting as answered",
            reviews: vec![
                review("a", Some(1.0), "2026-03-05T12:00:00Z"),
                review("b", Some(1.0), "2026-03-05T12:00:00Z"),
                review("c", Some(1.0), "2026-03-05T12:00:00Z"),
                review("d", Some(1.0), "2026-03-05T12:00:00Z"),
            ],
            actions: vec![
                action("a", Flag, "2026-03-05T13:00:00Z"),
                action("b", Ignore, "2026-03-05T13:00:00Z"),
                action("c", Remove, "2026-03-06T13:00:00Z"),
            ],
            as_of: Some("2026-03-20T00:00:00Z"),
            month: "2026-03",
            check: |f| {
                assert_eq!(f.answered, 0);
                assert_eq!(f.negative_answered, 0);
                assert_eq!(f.negative_response_rate, Some(0.0));
                assert_eq!(f.open_overdue, 1, "only d had no action at all");
            },
        },
        Row {
            name: "negative reviews use the negative target",
            reviews: vec![
                review("neg", Some(2.0), "2026-03-05T00:00:00Z"),
                review("pos", Some(4.0), "2026-03-05T00:00:00Z"),
            ],
            actions: vec![
                action("neg", Reply, "2026-03-05T18:00:00Z"),
                action("pos", Reply, "2026-03-05T18:00:00Z"),
            ],
            as_of: None,
            month: "2026-03",
            check: |f| {
                assert_eq!(
                    f.within_target, 1,
                    "18 h is within 24 h but not within 12 h"
                );
                assert_eq!(f.within_target_rate, Some(0.5));
                assert_eq!(f.negative_answered, 1);
            },
        },
        Row {
            name: "open past target: 13 h old is overdue when negative, not when positive",
            reviews: vec![
                review("neg", Some(1.0), "2026-03-05T00:00:00Z"),
                review("pos", Some(5.0), "2026-03-05T00:00:00Z"),
                review("neu", Some(3.0), "2026-03-05T00:00:00Z"),
            ],
            actions: vec![],
            as_of: Some("2026-03-05T13:00:00Z"),
            month: "2026-03",
            check: |f| assert_eq!(f.open_overdue, 1),
        },
        Row {
            name: "nearest-rank percentiles on an odd count",
            reviews: (1..=5)
                .map(|i| review(&format!("r{i}"), Some(5.0), "2026-03-05T00:00:00Z"))
                .collect(),
            actions: (1..=5)
                .map(|i| {
                    action(
                        &format!("r{i}"),
                        Reply,
                        &format!("2026-03-05T{i:02}:00:00Z"),
                    )
                })
                .collect(),
            as_of: None,
            month: "2026-03",
            check: |f| {
                assert_eq!(f.response_hours.count, 5);
                assert_eq!(f.response_hours.median, Some(3.0));
                assert_eq!(f.response_hours.p90, Some(5.0));
                assert_eq!(f.response_hours.mean, Some(3.0));
            },
        },
        Row {
            name: "nearest-rank percentiles on an even count: the median is the lower middle",
            reviews: (1..=4)
                .map(|i| review(&format!("r{i}"), Some(5.0), "2026-03-05T00:00:00Z"))
                .collect(),
            actions: (1..=4)
                .map(|i| {
                    action(
                        &format!("r{i}"),
                        Reply,
                        &format!("2026-03-05T{i:02}:00:00Z"),
                    )
                })
                .collect(),
            as_of: None,
            month: "2026-03",
            check: |f| {
                assert_eq!(f.response_hours.median, Some(2.0));
                assert_eq!(f.response_hours.p90, Some(4.0));
                assert_eq!(f.response_hours.mean, Some(2.5));
            },
        },
        Row {
            name: "empty months are present, with nulls where nothing can be divided",
            reviews: vec![
                review("jan", Some(5.0), "2026-01-15T12:00:00Z"),
                review("mar", Some(5.0), "2026-03-15T12:00:00Z"),
            ],
            actions: vec![],
            as_of: None,
            month: "2026-02",
            check: |f| {
                assert_eq!(*f, Figures::default());
                assert_eq!(f.response_rate, None);
                assert_eq!(f.average_rating, None);
            },
        },
        Row {
            name: "the same review in two exports counts once",
            reviews: vec![
                review("a", Some(5.0), "2026-03-05T00:00:00Z"),
                review("a", Some(5.0), "2026-03-05T00:00:00Z"),
                review("yelp/a", Some(5.0), "2026-03-05T00:00:00Z"),
            ],
            actions: vec![],
            as_of: None,
            month: "2026-03",
            check: |f| assert_eq!(f.reviews, 2, "google/a once, and yelp/a is another review"),
        },
        Row {
            name: "a Google reply that predates a later edit of the review still answers it",
            reviews: vec![{
                let mut r = review("a", Some(5.0), "2025-03-20T21:21:38.917980Z");
                r.updated = Some(at("2025-09-20T06:12:00.021527Z"));
                r.embedded_reply = Some(Box::new(EmbeddedReply {
                    at: at("2025-03-21T21:21:38.917980Z"),
                    text: "Thank you for your kind words.".into(),
                }));
                r
            }],
            actions: vec![],
            as_of: None,
            month: "2025-03",
            check: |f| {
                assert_eq!(f.answered, 1);
                assert_eq!(f.response_hours.median, Some(24.0));
            },
        },
        Row {
            name: "counts by class, average of rated reviews, ratio",
            reviews: vec![
                review("a", Some(5.0), "2026-03-05T00:00:00Z"),
                review("b", Some(4.0), "2026-03-05T00:00:00Z"),
                review("c", Some(3.0), "2026-03-05T00:00:00Z"),
                review("d", Some(1.0), "2026-03-05T00:00:00Z"),
                review("e", None, "2026-03-05T00:00:00Z"),
                review("f", Some(4.5), "2026-03-05T00:00:00Z"),
            ],
            actions: vec![],
            as_of: None,
            month: "2026-03",
            check: |f| {
                assert_eq!(
                    (f.reviews, f.positive, f.neutral, f.negative, f.unrated),
                    (6, 3, 1, 1, 1)
                );
                assert_eq!(f.average_rating, Some(17.5 / 5.0));
                assert_eq!(f.positive_to_negative, Some(3.0));
            },
        },
        Row {
            name: "no negative reviews: the ratio is null, not infinite",
            reviews: vec![review("a", Some(5.0), "2026-03-05T00:00:00Z")],
            actions: vec![],
            as_of: None,
            month: "2026-03",
            check: |f| assert_eq!(f.positive_to_negative, None),
        },
        Row {
            name: "a review belongs to the month of its posting time in the configured zone",
            // 2026-04-01T02:00Z is still March 31st in New York.
            reviews: vec![review("a", Some(5.0), "2026-04-01T02:00:00Z")],
            actions: vec![],
            as_of: Some("2026-04-02T00:00:00Z"),
            month: "2026-03",
            check: |f| assert_eq!(f.reviews, 1),
        },
        Row {
            name: "a reviews posted after as-of is left out",
            reviews: vec![
                review("a", Some(5.0), "2026-03-05T00:00:00Z"),
                review("b", Some(5.0), "2026-03-20T00:00:00Z"),
            ],
            actions: vec![],
            as_of: Some("2026-03-10T00:00:00Z"),
            month: "2026-03",
            check: |f| assert_eq!(f.reviews, 1),
        },
        Row {
            name: "a reply to a review no archive holds changes nothing",
            reviews: vec![review("a", Some(5.0), "2026-03-05T00:00:00Z")],
            actions: vec![action("zzz", Reply, "2026-03-05T01:00:00Z")],
            as_of: None,
            month: "2026-03",
            check: |f| assert_eq!((f.reviews, f.answered), (1, 0)),
        },
    ]
}

#[test]
fn every_rule_of_section_4_3() {
    for row in rows() {
        let a = run(row.reviews, row.actions, row.as_of);
        let f = month(&a, row.month);
        let result = std::panic::catch_unwind(|| (row.check)(&f));
        assert!(result.is_ok(), "rule failed: {}\nfigures: {f:#?}", row.name);
    }
}

/// Lint, pages and tests hand `analyse` datasets that never went through
/// `link`; it works out links and early actions itself and must count them
/// exactly as a linked dataset does.
#[test]
fn a_dataset_assembled_by_hand_counts_as_a_linked_one() {
    let mut compared = 0;
    for row in rows() {
        let mut ids: Vec<&str> = row.reviews.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        // Only `link` drops duplicates and turns archive replies into actions.
        if ids.len() < row.reviews.len() || row.reviews.iter().any(|r| r.embedded_reply.is_some()) {
            continue;
        }
        let linked = month(
            &run(row.reviews.clone(), row.actions.clone(), row.as_of),
            row.month,
        );
        let by_hand = Dataset {
            files: vec!["test".into()],
            reviews: row.reviews,
            actions: row.actions,
            ..Dataset::default()
        };
        let a = analyse(&by_hand, &config(), row.as_of.map(|s| at(s).instant));
        assert_eq!(month(&a, row.month), linked, "{}", row.name);
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} rows compared");
}

#[test]
fn as_of_defaults_to_the_latest_posting_or_action_time() {
    let a = run(
        vec![review("a", Some(5.0), "2026-03-05T00:00:00Z")],
        vec![action("a", Reply, "2026-04-02T10:00:00Z")],
        None,
    );
    assert_eq!(
        a.metrics.as_of.as_deref(),
        Some("2026-04-02T06:00:00-04:00")
    );
    let months: Vec<String> = a
        .metrics
        .months
        .iter()
        .map(|m| m.month.to_string())
        .collect();
    assert_eq!(
        months,
        ["2026-03", "2026-04"],
        "months run to the as-of month"
    );
}

#[test]
fn locations_and_platforms_are_split_and_unmapped_sources_are_unassigned() {
    let a = run(
        vec![
            review("a@Downtown", Some(5.0), "2026-03-05T00:00:00Z"),
            review("b@North", Some(1.0), "2026-03-05T00:00:00Z"),
            review("yelp/c@Elsewhere", Some(2.0), "2026-03-05T00:00:00Z"),
        ],
        vec![action("a", Reply, "2026-03-05T02:00:00Z")],
        None,
    );
    let m = a.month(Month::parse("2026-03").unwrap()).unwrap();
    let locs: Vec<(&str, u64)> = m
        .by_location
        .iter()
        .map(|(k, v)| (k.as_str(), v.reviews))
        .collect();
    assert_eq!(locs, [("downtown", 1), ("north", 1), ("unassigned", 1)]);
    let plats: Vec<(&str, u64, u64)> = m
        .by_platform
        .iter()
        .map(|(k, v)| (k.as_str(), v.reviews, v.answered))
        .collect();
    assert_eq!(plats, [("google", 2, 1), ("yelp", 1, 0)]);
    assert_eq!(m.overall.reviews, 3);
}

#[test]
fn the_log_is_the_source_of_truth_for_reply_times() {
    // The archive's reply was last edited a week later; the log has the first reply.
    let mut r = review("a", Some(5.0), "2026-03-05T00:00:00Z");
    r.embedded_reply = Some(Box::new(EmbeddedReply {
        at: at("2026-03-08T00:00:00Z"),
        text: "Thanks again!".into(),
    }));
    let a = run(
        vec![r],
        vec![action("a", Reply, "2026-03-05T05:00:00Z")],
        None,
    );
    assert_eq!(month(&a, "2026-03").response_hours.median, Some(5.0));
}

#[test]
fn metrics_json_has_the_schema_of_section_5() {
    let a = run(
        vec![review("a", Some(5.0), "2026-03-05T00:00:00Z")],
        vec![action("a", Reply, "2026-03-05T06:00:00Z")],
        None,
    );
    let json = serde_json::to_value(&a.metrics).unwrap();
    assert_eq!(json["schema"], "reputable.metrics/1");
    assert_eq!(json["timezone"], "America/New_York");
    assert_eq!(json["targets"]["respond_within_hours"], 24);
    assert_eq!(json["targets"]["negative_respond_within_hours"], 12);
    let m = &json["months"][0];
    assert_eq!(m["month"], "2026-03");
    let mut names: Vec<&str> = m["overall"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    let mut want = [
        "reviews",
        "positive",
        "neutral",
        "negative",
        "unrated",
        "average_rating",
        "positive_to_negative",
        "answered",
        "response_rate",
        "negative_answered",
        "negative_response_rate",
        "response_hours",
        "within_target",
        "within_target_rate",
        "open_overdue",
        "date_only",
    ];
    want.sort_unstable();
    assert_eq!(
        names, want,
        "every name of the §4.3 table, and nothing else"
    );
    assert_eq!(
        m["overall"]["response_hours"],
        serde_json::json!({"count": 1, "mean": 6.0, "median": 6.0, "p90": 6.0})
    );
    assert_eq!(m["by_location"]["downtown"]["reviews"], 1);
    assert_eq!(m["by_platform"]["google"]["response_rate"], 1.0);
}

#[test]
fn percentile_ranks_are_computed_without_float_error() {
    let v: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(percentile(&v, 90), Some(9.0));
    assert_eq!(percentile(&v, 50), Some(5.0));
    assert_eq!(percentile(&[7.0], 90), Some(7.0));
    assert_eq!(percentile(&[], 50), None);
}

#[test]
fn selection_gives_the_same_percentiles_as_sorting() {
    // Scrambled values with repeats, every count from 1 to 60.
    for n in 1..=60usize {
        let mut values: Vec<f64> = (0..n).map(|i| ((i * 7919) % 23) as f64 * 1.5).collect();
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let stats = HoursStats::of(&mut values);
        assert_eq!(stats.median, percentile(&sorted, 50), "median of {n}");
        assert_eq!(stats.p90, percentile(&sorted, 90), "p90 of {n}");
        assert_eq!(stats.count, n as u64);
    }
}

#[test]
fn actions_find_their_review_after_duplicates_are_dropped() {
    // The older copy of `a` comes first and is dropped, shifting `b` and the new `a`.
    let mut old = review("a", Some(1.0), "2026-03-05T12:00:00Z");
    old.text = Some("old text".into());
    let mut new = review("a", Some(2.0), "2026-03-05T12:00:00Z");
    new.updated = Some(at("2026-03-09T12:00:00Z"));
    new.embedded_reply = Some(Box::new(EmbeddedReply {
        at: at("2026-03-05T13:00:00Z"),
        text: "Sorry to hear this; please call 555-0100.".into(),
    }));
    let b = review("b", Some(5.0), "2026-03-05T12:00:00Z");
    let a = run(
        vec![old, b, new],
        vec![action("b", Reply, "2026-03-05T14:00:00Z")],
        None,
    );
    let f = month(&a, "2026-03");
    assert_eq!(
        (f.reviews, f.answered, f.negative),
        (2, 2, 1),
        "the newer copy (2 stars) counts"
    );
    assert_eq!(
        f.response_hours.mean,
        Some(1.5),
        "a answered in 1 h by the archive, b in 2 h by the log"
    );
}

#[test]
fn figures_do_not_depend_on_how_many_cores_share_the_work() {
    // Enough reviews that the first-answer pass, the month grouping and the
    // outcome index each split them into several ranges; the actions come
    // in reverse review order, with ties between two answers at the same
    // instant (the earlier action in the log wins) and archive replies that
    // a logged reply overrides.
    let c = config();
    let tz = c.tz();
    let base: jiff::Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
    let moment = |secs: i64| {
        let t = base + jiff::SignedDuration::from_secs(secs);
        Moment::resolve(crate::model::When::Instant(t), tz).unwrap()
    };
    let n = 200_000i64;
    let mut reviews = Vec::new();
    let mut actions = Vec::new();
    for i in (0..n).rev() {
        let posted = i * 157;
        reviews.push(Review {
            platform: "google".into(),
            id: format!("r{i}").into(),
            source_location: if i % 3 == 0 { "North" } else { "Downtown" }.into(),
            author: None,
            rating: Some((i % 5 + 1) as f64),
            posted: moment(posted),
            updated: None,
            text: None,
            embedded_reply: (i % 4 == 0).then(|| {
                Box::new(EmbeddedReply {
                    at: moment(posted + 600),
                    text: "Thanks!".into(),
                })
            }),
            origin: Origin::default(),
        });
        for (k, kind) in [ActionKind::Contact, ActionKind::Reply, ActionKind::Flag]
            .into_iter()
            .enumerate()
        {
            if i % (k as i64 + 2) == 0 {
                actions.push(Action {
                    platform: "google".into(),
                    review_id: format!("r{i}").into(),
                    at: moment(posted + 7200),
                    kind,
                    channel: None,
                    responder: None,
                    text: None,
                    embedded: false,
                    origin: Origin::default(),
                });
            }
        }
    }
    reviews.reverse();
    let mut data = Dataset {
        files: vec!["t".into()],
        reviews,
        actions,
        ..Dataset::default()
    };
    link(&mut data, tz);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| analyse(&data, &c, None))
    };
    let (one, four) = (on(1), on(4));
    assert_eq!(
        serde_json::to_string(&one.metrics).unwrap(),
        serde_json::to_string(&four.metrics).unwrap()
    );
    let first =
        |a: &Analysis| -> Vec<Option<u32>> { a.outcomes.iter().map(|o| o.first_answer).collect() };
    assert_eq!(first(&one), first(&four));
    // The tie goes to the contact, logged first for its review.
    let r0 = &four.outcomes[four.outcome_of_review[0].unwrap()];
    assert_eq!(
        data.actions[r0.first_answer.unwrap() as usize].kind,
        ActionKind::Contact
    );
    for a in [&one, &four] {
        assert_eq!(a.outcomes.len(), n as usize);
        for (i, k) in a.outcome_of_review.iter().enumerate() {
            assert_eq!(a.outcomes[k.unwrap()].review as usize, i);
        }
    }
}

/// A review whose archive carries the owner's reply at `reply_at`.
fn with_archive_reply(id: &str, rating: Option<f64>, posted: &str, reply_at: &str) -> Review {
    let mut r = review(id, rating, posted);
    r.embedded_reply = Some(Box::new(EmbeddedReply {
        at: at(reply_at),
        text: "Thank you for the feedback.".into(),
    }));
    r
}

/// SPEC §3.3 "Archive replies": one row per rule, with the notices ingest
/// gives for them.
#[test]
fn archive_replies_follow_section_3_3() {
    struct Case {
        name: &'static str,
        reviews: Vec<Review>,
        actions: Vec<Action>,
        /// answered, response_hours.count, median, within_target, date_only, open_overdue
        want: (u64, u64, Option<f64>, u64, u64, u64),
        /// Problem codes ingest reports, sorted.
        codes: &'static [&'static str],
    }
    let cases = [
        Case {
            name: "an archive reply dated before its review (edited after the reply) answers it, without a response time",
            reviews: vec![with_archive_reply(
                "a",
                Some(1.0),
                "2026-03-10T12:00:00Z",
                "2026-03-09T08:00:00Z",
            )],
            actions: vec![],
            want: (1, 0, None, 0, 1, 0),
            codes: &["review-edited-after-reply"],
        },
        Case {
            name: "an edited review's archive reply yields to a logged contact, which has a time",
            reviews: vec![with_archive_reply(
                "a",
                Some(5.0),
                "2026-03-10T12:00:00Z",
                "2026-03-09T08:00:00Z",
            )],
            actions: vec![action("a", Contact, "2026-03-10T14:00:00Z")],
            want: (1, 1, Some(2.0), 1, 0, 0),
            codes: &["review-edited-after-reply"],
        },
        Case {
            name: "with a logged reply the log's time counts (a notice says so), and the edited review needs no notice of its own",
            reviews: vec![with_archive_reply(
                "a",
                Some(5.0),
                "2026-03-10T12:00:00Z",
                "2026-03-09T08:00:00Z",
            )],
            actions: vec![action("a", Reply, "2026-03-10T15:00:00Z")],
            want: (1, 1, Some(3.0), 1, 0, 0),
            codes: &["archive-reply-before-log"],
        },
        Case {
            name: "an archive reply earlier than the first logged reply: the log wins, with a notice",
            reviews: vec![with_archive_reply(
                "a",
                Some(5.0),
                "2026-03-10T12:00:00Z",
                "2026-03-10T13:00:00Z",
            )],
            actions: vec![
                action("a", Reply, "2026-03-11T18:00:00Z"),
                action("a", Reply, "2026-03-10T18:00:00Z"),
            ],
            want: (1, 1, Some(6.0), 1, 0, 0),
            codes: &["archive-reply-before-log"],
        },
        Case {
            name: "an archive reply later than the logged reply (its last edit) is normal and quiet",
            reviews: vec![with_archive_reply(
                "a",
                Some(5.0),
                "2026-03-10T12:00:00Z",
                "2026-03-12T09:00:00Z",
            )],
            actions: vec![action("a", Reply, "2026-03-10T16:00:00Z")],
            want: (1, 1, Some(4.0), 1, 0, 0),
            codes: &[],
        },
        Case {
            name: "a logged reply before its review stays a warning and counts as no action",
            reviews: vec![review("a", Some(1.0), "2026-03-10T12:00:00Z")],
            actions: vec![action("a", Reply, "2026-03-09T12:00:00Z")],
            want: (0, 0, None, 0, 0, 1),
            codes: &["response-before-review"],
        },
        Case {
            name: "an archive reply on the same day as a date-only review is an ordinary date-only answer",
            reviews: vec![with_archive_reply(
                "a",
                Some(5.0),
                "2026-03-10",
                "2026-03-10T08:00:00Z",
            )],
            actions: vec![],
            want: (1, 0, None, 0, 1, 0),
            codes: &[],
        },
    ];
    for c in cases {
        let mut data = Dataset {
            files: vec!["content/reviews/archive.json".into()],
            reviews: c.reviews,
            actions: c.actions,
            ..Dataset::default()
        };
        link(&mut data, config().tz());
        let mut codes: Vec<&str> = data.problems.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        assert_eq!(codes, c.codes, "{}: {:#?}", c.name, data.problems);
        let a = analyse(&data, &config(), Some(at("2026-03-31T00:00:00Z").instant));
        let f = month(&a, "2026-03");
        assert_eq!(
            (
                f.answered,
                f.response_hours.count,
                f.response_hours.median,
                f.within_target,
                f.date_only,
                f.open_overdue
            ),
            c.want,
            "{}",
            c.name
        );
    }
}

#[test]
fn reviews_edited_after_their_reply_are_one_notice_per_file() {
    let mut reviews: Vec<Review> = (0..3)
        .map(|i| {
            with_archive_reply(
                &format!("r{i}"),
                Some(5.0),
                "2026-03-10T12:00:00Z",
                "2026-03-01T12:00:00Z",
            )
        })
        .collect();
    reviews[2].origin.file = 1;
    let mut data = Dataset {
        files: vec![
            "content/reviews/a.json".into(),
            "content/reviews/b.json".into(),
        ],
        reviews,
        ..Dataset::default()
    };
    link(&mut data, config().tz());
    let notices: Vec<(&str, &str, &str)> = data
        .problems
        .iter()
        .map(|p| (p.code, p.file.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        notices,
        [
            (
                "review-edited-after-reply",
                "content/reviews/a.json",
                "2 replies in this archive are dated before their reviews' posting time: the review was edited after the reply, and the platform shows the edit time. Each counts as answered, but not in response times or within target (like a date-only answer, counted in date_only)"
            ),
            (
                "review-edited-after-reply",
                "content/reviews/b.json",
                "1 reply in this archive is dated before its review's posting time: the review was edited after the reply, and the platform shows the edit time. Each counts as answered, but not in response times or within target (like a date-only answer, counted in date_only)"
            ),
        ]
    );
    assert!(
        data.problems
            .iter()
            .all(|p| p.severity == crate::problems::Severity::Notice)
    );
}

#[test]
fn an_archive_reply_before_the_logged_one_is_named_with_both_times() {
    let mut data = Dataset {
        files: vec![
            "content/reviews/archive.json".into(),
            "content/responses/log.csv".into(),
        ],
        reviews: vec![with_archive_reply(
            "a",
            Some(5.0),
            "2026-03-10T12:00:00Z",
            "2026-03-10T13:00:00Z",
        )],
        actions: vec![{
            let mut a = action("a", Reply, "2026-03-10T18:00:00Z");
            a.origin = Origin { file: 1, line: 7 };
            a
        }],
        ..Dataset::default()
    };
    data.reviews[0].origin.line = 3;
    link(&mut data, config().tz());
    let p = &data.problems[0];
    assert_eq!(
        (p.code, p.place(), p.message.as_str()),
        (
            "archive-reply-before-log",
            "content/reviews/archive.json:3".to_owned(),
            "the archive's reply to review google/a is dated 2026-03-10 09:00, before the first reply the log records (2026-03-10 14:00, content/responses/log.csv line 7); the log's time counts, as the log is the record of when replies were made"
        )
    );
}

/// SPEC §3.2: a scraper's place is one location whatever alias a record
/// carries, and `sources` may list any of its names.
#[test]
fn a_place_is_matched_by_any_of_its_names() {
    let config = |downtown: &str, north: &str| {
        Config::parse(
            &format!(
                "organization: X\ntimezone: America/New_York\nlocations:\n  - id: downtown\n    name: D\n    sources: [{downtown}]\n  - id: north\n    name: N\n    sources: [{north}]\n"
            ),
            "reputable.yaml",
        )
        .unwrap()
    };
    let data = Dataset {
        files: vec!["content/reviews/outscraper.json".into()],
        reviews: vec![
            review("a@ChIJplace", Some(5.0), "2026-03-05T00:00:00Z"),
            review("b@ChIJother", Some(5.0), "2026-03-05T00:00:00Z"),
        ],
        aliases: vec![
            ("ChIJplace".into(), "0x1:0x2".into()),
            ("ChIJplace".into(), "Main Street Clinic".into()),
        ],
        ..Dataset::default()
    };
    let location_of = |c: &Config| -> Vec<String> {
        let a = analyse(&data, c, None);
        a.outcomes
            .iter()
            .map(|o| a.locations[o.location as usize].clone())
            .collect()
    };
    let cases = [
        // (downtown's sources, north's sources, where a and b land, warnings)
        ("\"ChIJplace\"", "\"x\"", ["downtown", "unassigned"], 0),
        ("\"0x1:0x2\"", "\"x\"", ["downtown", "unassigned"], 0),
        (
            "\"Main Street Clinic\"",
            "\"x\"",
            ["downtown", "unassigned"],
            0,
        ),
        // The place's own id wins over an alias listed elsewhere.
        (
            "\"ChIJplace\"",
            "\"0x1:0x2\"",
            ["downtown", "unassigned"],
            1,
        ),
        // Of two aliases, the more specific (the Google id) wins.
        (
            "\"Main Street Clinic\"",
            "\"0x1:0x2\"",
            ["north", "unassigned"],
            1,
        ),
    ];
    for (downtown, north, want, warnings) in cases {
        let c = config(downtown, north);
        assert_eq!(location_of(&c), want, "{downtown} / {north}");
        let problems = alias_conflicts(&c, &data);
        assert_eq!(problems.len(), warnings, "{downtown} / {north}");
    }
    let c = config("\"Main Street Clinic\"", "\"0x1:0x2\"");
    assert_eq!(
        alias_conflicts(&c, &data)[0].to_string(),
        "warning[place-in-two-locations]: the names of one place are listed under different locations (`0x1:0x2` under `north`, `Main Street Clinic` under `downtown`); its reviews count under `north`. Keep the place's names under the one location it is\n  --> reputable.yaml"
    );
}

#[test]
fn months_are_cut_into_ranges_of_about_equal_work() {
    // Every month in exactly one range, in order, none empty.
    let covers = |ranges: &[std::ops::Range<usize>], n: usize| {
        ranges.iter().all(|r| !r.is_empty())
            && ranges.first().map_or(0, |r| r.start) == 0
            && ranges.last().map_or(0, |r| r.end) == n
            && ranges.windows(2).all(|w| w[0].end == w[1].start)
    };
    let even = month_ranges(&[10, 10, 10, 10], 2);
    assert_eq!(even, vec![0..2, 2..4]);
    // The busy last months get a range of their own.
    let growing = month_ranges(&[1, 1, 1, 1, 1, 1, 30, 30], 2);
    assert_eq!(growing, vec![0..7, 7..8]);
    for counts in [
        vec![],
        vec![0, 0, 0],
        vec![5],
        vec![0, 0, 7],
        vec![3, 0, 0, 0],
    ] {
        for parts in 1..5 {
            let r = month_ranges(&counts, parts);
            assert!(r.len() <= parts.max(1), "{counts:?} in {parts}: {r:?}");
            assert!(
                covers(&r, counts.len()) || counts.is_empty(),
                "{counts:?} in {parts}: {r:?}"
            );
        }
    }
}

#[test]
fn month_tallies_join_in_any_order_to_the_same_counts() {
    let m = |year, month| Month { year, month };
    let months = [m(2024, 3), m(2023, 12), m(2024, 1), m(2023, 12), m(2019, 7)];
    let one = months.iter().fold(MonthTally::default(), |mut t, &mo| {
        t.add(mo, false);
        t
    });
    // Pieces seen out of order and joined, one of them with an unassigned review.
    let mut a = MonthTally::default();
    a.add(m(2024, 3), false);
    a.add(m(2024, 1), true);
    let mut b = MonthTally::default();
    b.add(m(2023, 12), false);
    b.add(m(2023, 12), false);
    b.add(m(2019, 7), false);
    let joined = MonthTally::default().join(a).join(b);
    for t in [&one, &joined] {
        assert_eq!(t.first(), Some(m(2019, 7)));
        assert_eq!(t.count(m(2023, 12)), 2);
        assert_eq!(t.count(m(2024, 1)), 1);
        assert_eq!(t.count(m(2024, 2)), 0);
        assert_eq!(t.count(m(2024, 3)), 1);
        assert_eq!(t.count(m(2025, 1)), 0);
        assert_eq!(t.count(m(2010, 1)), 0);
    }
    assert!(!one.unassigned && joined.unassigned);
    assert_eq!(MonthTally::default().first(), None);
}
