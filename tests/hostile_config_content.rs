//! Hostile configuration and content files: input that once crashed or hung
//! `reputable`. Each case is a regression test named after what went wrong;
//! the rule is a placed error (or a clean result), never a panic or a hang.

use reputable::config::Config;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `f` on another thread; a hang fails the test instead of stalling it.
fn within_seconds<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .expect("finished in time (a hang is a bug)")
}

#[test]
fn an_empty_source_claimed_twice_is_an_error_not_a_hang() {
    let text = "organization: X\ntimezone: America/New_York\nlocations:\n  - id: a\n    name: A\n    sources: [\"\", \"\"]\n";
    let err = within_seconds(10, move || {
        Config::parse(text, "reputable.yaml").unwrap_err()
    });
    assert_eq!(
        err.message,
        "the source `` is claimed by two locations, `a` and `a`"
    );
}

#[test]
fn an_empty_campaign_location_is_an_error_not_a_hang() {
    let text = "organization: X\ntimezone: America/New_York\nlocations:\n  - id: a\n    name: A\ncampaigns:\n  - name: C\n    start: 2026-03-01\n    locations: [\"\"]\n";
    let err = within_seconds(10, move || {
        Config::parse(text, "reputable.yaml").unwrap_err()
    });
    assert_eq!(err.message, "campaign `C` names an unknown location ``");
}

#[test]
fn an_organisation_name_of_megabytes_is_an_error_at_its_line_not_a_huge_site() {
    // A name of 100 KB: under the file's size limit, over the name's.
    let name = "Riverside ".repeat(10_000);
    let text = format!("timezone: America/New_York\norganization: {name}\n");
    let err = Config::parse(&text, "reputable.yaml").unwrap_err();
    assert_eq!(
        err.message,
        "`organization` is 99999 characters long; at most 200 are allowed"
    );
    assert_eq!((err.line, err.column), (Some(2), Some(15)));
    // The error never prints the whole line.
    let shown = err.to_string();
    assert!(shown.len() < 600, "{shown}");
    assert!(shown.contains("--> reputable.yaml:2:15"), "{shown}");
    // Ten megabytes: the file itself is refused before it is parsed.
    let name = "Riverside ".repeat(1_000_000);
    let text = format!("timezone: America/New_York\norganization: {name}\n");
    let err = Config::parse(&text, "reputable.yaml").unwrap_err();
    assert_eq!(
        err.message,
        "the configuration is 9765 KiB; one is a few KiB, so this is not read"
    );
}

#[test]
fn a_location_name_over_the_limit_is_an_error_at_its_line() {
    let long = "N".repeat(201);
    let text = format!(
        "organization: X\ntimezone: America/New_York\nlocations:\n  - id: a\n    name: A\n  - id: b\n    name: {long}\n"
    );
    let err = Config::parse(&text, "reputable.yaml").unwrap_err();
    assert_eq!(
        err.message,
        "`name` is 201 characters long; at most 200 are allowed"
    );
    assert_eq!(err.line, Some(7));
    // 200 is fine.
    let ok = text.replace(&long, &"N".repeat(200));
    assert!(Config::parse(&ok, "reputable.yaml").is_ok());
}
