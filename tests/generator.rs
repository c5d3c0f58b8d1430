//! The demo generator (`examples/generate`): deterministic, in sync with the
//! committed `content/`, and consistent with `reputable.yaml`.

#[allow(dead_code)]
#[path = "../examples/generate/bulk.rs"]
mod bulk;
#[allow(dead_code)]
#[path = "../examples/generate/clock.rs"]
mod clock;
#[allow(dead_code)]
#[path = "../examples/generate/demo.rs"]
mod demo;
#[allow(dead_code)]
#[path = "../examples/generate/formats.rs"]
mod formats;
#[allow(dead_code)]
#[path = "../examples/generate/rng.rs"]
mod rng;
#[allow(dead_code)]
#[path = "../examples/generate/words.rs"]
mod words;

use reputable::config::Config;
use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for owned in formats::OWNED {
        let base = dir.join(owned);
        for e in walkdir::WalkDir::new(&base).sort_by_file_name() {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_demo_configuration_loads() {
    let config = Config::load(root()).expect("reputable.yaml parses");
    assert_eq!(config.organization, "Riverside Family Health");
    assert_eq!(config.timezone, demo::ZONE);
    let ids: Vec<&str> = config.locations.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        ["downtown", "northside", "lakeview", "westfield-pediatrics"]
    );
    assert_eq!(config.targets.negative_respond_within_hours, Some(12.0));
    assert_eq!(config.campaigns.len(), 1);
}

#[test]
fn every_generated_location_identifier_is_mapped_except_the_annex() {
    let config = Config::load(root()).unwrap();
    let index = config.location_index();
    for loc in demo::LOCATIONS {
        let mut sources = vec![loc.label.to_string()];
        if let demo::GoogleSource::Account { location } = loc.google {
            sources.push(format!(
                "accounts/{}/locations/{location}",
                demo::GOOGLE_ACCOUNT
            ));
            // The Takeout files carry the API name too, so the folder's
            // `location-<id>` is not listed (it would match no record).
        }
        if let demo::GoogleSource::Scrapers { place_id } = loc.google {
            sources.push(place_id.to_string());
        }
        sources.extend(loc.yelp.map(String::from));
        sources.extend(loc.facebook.map(String::from));
        for s in sources {
            assert_eq!(index.get(s.as_str()), Some(&loc.id), "source {s}");
        }
    }
    assert_eq!(index.get(demo::ANNEX_YELP), None);
}

#[test]
fn the_same_seed_writes_the_same_bytes_as_the_committed_demo() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    formats::write_all(&demo::generate(7), 7, a.path()).unwrap();
    formats::write_all(&demo::generate(7), 7, b.path()).unwrap();
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert_eq!(ta, tb, "two runs with seed 7 differ");
    let committed = tree(&root().join("content"));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "content/ is out of date: run `cargo run --release --example generate -- --seed 7 --out content`"
    );
    for (name, bytes) in &ta {
        assert!(
            committed[name] == *bytes,
            "content/{name} is out of date: run `cargo run --release --example generate -- --seed 7 --out content`"
        );
    }
}

#[test]
fn another_seed_tells_the_same_story_with_other_data() {
    let d7 = demo::generate(7);
    let d8 = demo::generate(8);
    assert_ne!(d7.reviews[0].id, d8.reviews[0].id);
    for d in [&d7, &d8] {
        let n = d.reviews.len();
        assert!((2_000..=4_000).contains(&n), "{n} reviews");
        let trolls = d
            .reviews
            .iter()
            .filter(|r| r.scenario == words::Scenario::Troll)
            .count();
        assert!(trolls >= 26, "the troll wave is there");
    }
}

#[test]
fn bulk_data_has_the_requested_rows_in_the_requested_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = bulk::write_bulk(1, 1_000, 3, dir.path()).unwrap();
    assert_eq!(files.reviews.len(), 3);
    let lines: usize = files
        .reviews
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().lines().count())
        .sum();
    assert_eq!(lines, 1_000);
    let rows: usize = files
        .log
        .iter()
        .map(|p| csv::Reader::from_path(p).unwrap().records().count())
        .sum();
    assert_eq!(rows, 1_000);
    Config::parse(&bulk::bulk_config(), "bench.yaml").expect("the bench configuration parses");
}
