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
    error: targets.respond_within_hours: invalid type: string "a day", expected f64
      --> reputable.yaml:5:25
      |
    5 |   respond_within_hours: a day
      |                         ^
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
      = help: add the missing key; see the example in README.md under Configuration
    ");
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
