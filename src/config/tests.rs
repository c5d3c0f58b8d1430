use super::*;

const SPEC_EXAMPLE: &str = r#"organization: Riverside Family Health
timezone: America/New_York
theme: default
targets:
  respond_within_hours: 24
  negative_respond_within_hours: 12   # optional; negative reviews use it when set
  positive_min: 4
  negative_max: 2
  positive_to_negative: 5             # the ratio leadership aims for
locations:
  - id: downtown
    name: Downtown Clinic
    sources: ["accounts/1029/locations/5531", "yelp-biz-8Hq2", "Downtown"]
"#;

#[test]
fn the_spec_example_parses_as_written() {
    let c = Config::parse(SPEC_EXAMPLE, "reputable.yaml").unwrap();
    assert_eq!(c.organization, "Riverside Family Health");
    assert_eq!(c.tz().iana_name(), Some("America/New_York"));
    assert_eq!(c.targets.hours_for(true), 12.0);
    assert_eq!(c.targets.hours_for(false), 24.0);
    assert_eq!(c.locations[0].sources.len(), 3);
    assert_eq!(c.location_index().get("yelp-biz-8Hq2"), Some(&"downtown"));
}

#[test]
fn defaults_apply_when_targets_are_left_out() {
    let c = Config::parse(
        "organization: X\ntimezone: Europe/London\n",
        "reputable.yaml",
    )
    .unwrap();
    assert_eq!(
        (
            c.targets.respond_within_hours,
            c.targets.positive_min,
            c.targets.negative_max
        ),
        (24.0, 4.0, 2.0)
    );
    assert_eq!(
        c.targets.hours_for(true),
        24.0,
        "without a negative target, negative reviews use the general one"
    );
    assert_eq!(c.theme, "default");
}

fn error(text: &str) -> String {
    Config::parse(text, "reputable.yaml")
        .unwrap_err()
        .to_string()
}

#[test]
fn unknown_key_names_the_line_and_suggests_the_right_one() {
    let text = SPEC_EXAMPLE.replace("  positive_min: 4", "  positive_minimum: 4");
    insta::assert_snapshot!(error(&text), @r"
    error: unknown key `positive_minimum`
      --> reputable.yaml:7:3
      |
    7 |   positive_minimum: 4
      |   ^
      = help: did you mean `positive_min`? Keys allowed here: respond_within_hours, negative_respond_within_hours, positive_min, negative_max, positive_to_negative
    ");
}

#[test]
fn unknown_top_level_key() {
    insta::assert_snapshot!(error("organization: X\ntimezone: Europe/London\ntimzone: x\n"), @r"
    error: unknown key `timzone`
      --> reputable.yaml:3:1
      |
    3 | timzone: x
      | ^
      = help: did you mean `timezone`? Keys allowed here: organization, timezone, theme, base_url, targets, locations, campaigns, scenarios, contact, date_order
    ");
}

#[test]
fn bad_time_zone_name() {
    let text = SPEC_EXAMPLE.replace("America/New_York", "Eastern Time");
    insta::assert_snapshot!(error(&text), @r"
    error: `Eastern Time` is not a time zone name
      --> reputable.yaml:2:11
      |
    2 | timezone: Eastern Time
      |           ^
      = help: write an IANA name such as America/New_York, Europe/London or Australia/Sydney
    ");
}

#[test]
fn location_id_used_twice() {
    let text = format!(
        "{SPEC_EXAMPLE}  - id: downtown\n    name: Downtown Annex\n    sources: [\"Annex\"]\n"
    );
    insta::assert_snapshot!(error(&text), @r"
    error: the location id `downtown` is used twice
      --> reputable.yaml:14:9
       |
    14 |   - id: downtown
       |         ^
       = help: give each location its own id; `downtown` is already the id of location 1 (Downtown Clinic)
    ");
}

#[test]
fn source_claimed_by_two_locations() {
    let text = format!(
        "{SPEC_EXAMPLE}  - id: annex\n    name: Annex\n    sources: [\"Annex\", \"yelp-biz-8Hq2\"]\n"
    );
    insta::assert_snapshot!(error(&text), @r#"
    error: the source `yelp-biz-8Hq2` is claimed by two locations, `downtown` and `annex`
      --> reputable.yaml:16:24
       |
    16 |     sources: ["Annex", "yelp-biz-8Hq2"]
       |                        ^
       = help: keep `yelp-biz-8Hq2` under the one location its reviews belong to
    "#);
}

#[test]
fn a_value_of_the_wrong_type() {
    let text = SPEC_EXAMPLE.replace("respond_within_hours: 24", "respond_within_hours: a day");
    insta::assert_snapshot!(error(&text), @r#"
    error: `respond_within_hours` must be a number, not `a day`
      --> reputable.yaml:5:25
      |
    5 |   respond_within_hours: a day
      |                         ^
      = help: write a number, for instance `respond_within_hours: 24`
    "#);
}

#[test]
fn missing_required_key() {
    insta::assert_snapshot!(error("timezone: Europe/London\n"), @r"
    error: missing field `organization`
      --> reputable.yaml:1:1
      |
    1 | timezone: Europe/London
      | ^
      = help: add `organization: …`; see the example in README.md under Configuration
    ");
}

/// Everyday slips in `reputable.yaml`, each with the message a user sees:
/// placed on its line, in words, with what to write instead.
#[test]
fn everyday_yaml_slips_are_placed_and_explained() {
    let cases = [
        (
            "unit_after_number",
            SPEC_EXAMPLE.replace("respond_within_hours: 24", "respond_within_hours: 48 hours"),
        ),
        (
            "tab_indent",
            SPEC_EXAMPLE.replace("  positive_min: 4", "\tpositive_min: 4"),
        ),
        (
            "unquoted_colon",
            SPEC_EXAMPLE.replace("name: Downtown Clinic", "name: Downtown: Walk-in Clinic"),
        ),
        (
            "unclosed_quote",
            SPEC_EXAMPLE.replace("organization: Riverside", "organization: \"Riverside"),
        ),
        (
            "unclosed_bracket",
            SPEC_EXAMPLE.replace("\"Downtown\"]", "\"Downtown\""),
        ),
        (
            "key_given_twice",
            SPEC_EXAMPLE.replace("  negative_max: 2", "  negative_max: 2\n  positive_min: 5"),
        ),
        (
            "sources_not_a_list",
            SPEC_EXAMPLE.replace(
                "sources: [\"accounts/1029/locations/5531\", \"yelp-biz-8Hq2\", \"Downtown\"]",
                "sources:\n      id: Downtown",
            ),
        ),
        (
            "bad_campaign_date",
            format!("{SPEC_EXAMPLE}campaigns:\n  - name: Ask\n    start: 2026-13-01\n"),
        ),
        ("a_list_not_a_configuration", "- a\n- b\n".to_string()),
    ];
    for (name, text) in cases {
        let e = Config::parse(&text, "reputable.yaml").unwrap_err();
        assert!(
            e.line.is_some() && e.help.is_some(),
            "{name}: placed and with advice:\n{e}"
        );
        insta::assert_snapshot!(format!("slip_{name}"), e.to_string());
    }
}

#[test]
fn targets_that_are_not_numbers_of_the_right_sign_are_errors() {
    let cases = [
        ("positive_min: 4", "positive_min: .nan"),
        ("negative_max: 2", "negative_max: -1"),
        ("positive_to_negative: 5 ", "positive_to_negative: .inf "),
        ("positive_to_negative: 5 ", "positive_to_negative: -5 "),
        ("positive_to_negative: 5 ", "positive_to_negative: 0 "),
        ("respond_within_hours: 24", "respond_within_hours: -24"),
        (
            "negative_respond_within_hours: 12",
            "negative_respond_within_hours: .NaN",
        ),
    ];
    let messages: Vec<String> = cases
        .iter()
        .map(|(from, to)| {
            let e = Config::parse(&SPEC_EXAMPLE.replace(from, to), "reputable.yaml").unwrap_err();
            format!("{}:{} {}", e.line.unwrap(), e.column.unwrap(), e.message)
        })
        .collect();
    insta::assert_snapshot!("bad_targets", messages.join("\n"));
}

#[test]
fn pathological_yaml_fails_fast_with_a_clear_error() {
    // Ten thousand levels of nesting, in flow and block style.
    let flow = format!(
        "organization: X\ntimezone: Europe/London\nscenarios: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = Config::parse(&flow, "reputable.yaml").unwrap_err();
    insta::assert_snapshot!("pathological_deep_flow", e.to_string());
    let mut block = String::from("organization: X\ntimezone: Europe/London\ncontact:\n");
    for depth in 1..300 {
        block += &format!("{}a:\n", " ".repeat(depth));
    }
    let e = Config::parse(&block, "reputable.yaml").unwrap_err();
    insta::assert_snapshot!("pathological_deep_block", e.to_string());
    // 400,000 levels: libyaml's work per token grows with the depth, so
    // this is refused before it parses (it would take hours).
    let million = format!(
        "organization: X\ntimezone: Europe/London\nscenarios: {}{}\n",
        "[".repeat(400_000),
        "]".repeat(400_000)
    );
    let e = Config::parse(&million, "reputable.yaml").unwrap_err();
    assert_eq!(
        (e.line, e.column),
        (Some(3), Some(44)),
        "at the 33rd `[`: {e}"
    );
    // A file of megabytes is no configuration.
    let huge = format!(
        "organization: X\ntimezone: Europe/London\n{}",
        "# x\n".repeat(300_000)
    );
    assert!(
        Config::parse(&huge, "reputable.yaml")
            .unwrap_err()
            .message
            .contains("KiB")
    );
    // Real configurations are far from the limits: the demo's reads.
    let demo =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/reputable.yaml")).unwrap();
    assert!(Config::parse(&demo, "reputable.yaml").is_ok());
    // A billion laughs: nine anchors, each nine times the one before.
    let mut bomb = String::from(
        "organization: X\ntimezone: Europe/London\nscenarios:\n  - scenario: a\n    keywords: &a0 [x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..9 {
        bomb += &format!(
            "  - scenario: a{i}\n    keywords: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
            p = i - 1
        );
    }
    let e = Config::parse(&bomb, "reputable.yaml").unwrap_err();
    insta::assert_snapshot!("pathological_alias_bomb", e.to_string());
    // Aliases that expand to well-typed values: linear, so read in full, or
    // refused when they repeat past the parser's limit.
    let mut many = String::from(
        "organization: X\ntimezone: Europe/London\nscenarios:\n  - scenario: a\n    keywords: &k [x]\n",
    );
    for i in 0..200 {
        many += &format!("  - scenario: s{i}\n    keywords: *k\n");
    }
    let c = Config::parse(&many, "reputable.yaml").unwrap();
    assert_eq!(c.scenarios.len(), 201);
}

#[test]
fn a_fixed_offset_zone_is_a_warning_naming_the_regional_zone() {
    let cases = [
        ("GMT", "Europe/London"),
        ("UTC", "IANA name of the region"),
        ("EST", "America/New_York"),
        ("CET", "Europe/Paris"),
        ("Etc/GMT+5", "America/New_York"),
        ("EST5EDT", "America/New_York"),
    ];
    for (zone, meant) in cases {
        let c = Config::parse(
            &SPEC_EXAMPLE.replace("America/New_York", zone),
            "reputable.yaml",
        )
        .unwrap();
        assert_eq!(c.warnings.len(), 1, "{zone}");
        let w = &c.warnings[0];
        assert_eq!(
            (w.code, w.line, w.column),
            ("fixed-time-zone", Some(2), Some(11))
        );
        assert!(w.message.contains(meant), "{zone}: {}", w.message);
    }
    let w = &Config::parse(
        &SPEC_EXAMPLE.replace("America/New_York", "GMT"),
        "reputable.yaml",
    )
    .unwrap()
    .warnings[0];
    insta::assert_snapshot!("fixed_zone_warning", w.to_string());
    // A regional zone, and an organisation without locations, are quiet.
    assert!(
        Config::parse(SPEC_EXAMPLE, "reputable.yaml")
            .unwrap()
            .warnings
            .is_empty()
    );
    assert!(
        Config::parse("organization: X\ntimezone: UTC\n", "reputable.yaml")
            .unwrap()
            .warnings
            .is_empty()
    );
    // An abbreviation that is not a zone at all says which one to write.
    let e = error(&SPEC_EXAMPLE.replace("America/New_York", "PST"));
    assert!(e.contains("write `timezone: America/Los_Angeles`"), "{e}");
}

#[test]
fn each_source_knows_where_it_is_written() {
    let c = Config::parse(SPEC_EXAMPLE, "reputable.yaml").unwrap();
    // "Downtown" is also a word of the name, one line above: the list's is meant.
    assert_eq!(
        c.locations[0].source_places,
        vec![Some((13, 15)), Some((13, 47)), Some((13, 64))]
    );
}

#[test]
fn date_order_says_how_slashed_dates_are_read() {
    let parse = |extra: &str| {
        Config::parse(
            &format!("organization: X\ntimezone: Europe/London\n{extra}"),
            "reputable.yaml",
        )
    };
    assert_eq!(parse("").unwrap().date_order, DateOrder::Unknown);
    assert_eq!(
        parse("date_order: day-first\n").unwrap().date_order,
        DateOrder::DayFirst
    );
    assert_eq!(
        parse("date_order: month-first\n").unwrap().date_order,
        DateOrder::MonthFirst
    );
    let e = parse("date_order: us\n").unwrap_err().to_string();
    assert!(
        e.contains("month-first") && e.contains("day-first") && e.contains("reputable.yaml:3"),
        "{e}"
    );
}

#[test]
fn sources_are_placed_in_a_configuration_of_many_locations() {
    // Searched forward from location to location: linear in the text.
    let mut text = String::from("organization: X\ntimezone: America/New_York\nlocations:\n");
    for i in 0..5_000 {
        text += &format!(
            "  - id: loc-{i}\n    name: loc-{i}\n    sources:\n      - \"loc-{i}\"\n      - g-{i}\n"
        );
    }
    let c = Config::parse(&text, "reputable.yaml").unwrap();
    let last = &c.locations[4_999];
    // Line 3 + 5 per location: the last one's id is on line 4 + 5 × 4999.
    let id_line = 4 + 5 * 4_999;
    assert_eq!(
        last.source_places,
        vec![Some((id_line + 3, 9)), Some((id_line + 4, 9))]
    );
}
