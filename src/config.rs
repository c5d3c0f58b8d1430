//! `reputable.yaml`: the organisation, its zone, locations, targets and
//! campaigns (SPEC §3.1). Parsing is strict: an unknown key, a bad zone, a
//! location id used twice or a source claimed twice is a `Diagnostic` naming
//! the file, the line and what to write instead, and so are the everyday
//! YAML slips (`yaml_error`). A file too large or too deeply nested to parse
//! quickly is refused before parsing (`shape_guard`). A fixed-offset zone is
//! accepted with a warning (`Config::warnings`).
//!
//! Architecture invariant: `Config::parse` is pure; `Config::load` only reads
//! the one file.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::DateOrder;
use crate::problems::Problem;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

pub const FILE_NAME: &str = "reputable.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub organization: String,
    /// IANA time zone name, e.g. `America/New_York`.
    pub timezone: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where the site will be published; used in `sitemap.xml`.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub targets: Targets,
    #[serde(default)]
    pub locations: Vec<Location>,
    /// Review-request campaigns, shown on the reports of the months they span.
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    /// Extra keyword rules that sort reviews into training scenarios.
    #[serde(default)]
    pub scenarios: Vec<ScenarioRule>,
    /// How to reach the office, used by policy text (`{{ contact.phone }}`).
    #[serde(default)]
    pub contact: Contact,
    /// How dates written with slashes (`03/10/2025`) are read where the
    /// file does not say: `month-first` or `day-first`. Without it only
    /// dates that one order alone can mean are read.
    #[serde(default)]
    pub date_order: DateOrder,
    /// Resolved from `timezone` after parsing.
    #[serde(skip)]
    pub tz: Option<TimeZone>,
    /// Doubtful but accepted settings (a fixed-offset zone), placed on their
    /// line; the project adds them to the data problems.
    #[serde(skip)]
    pub warnings: Vec<Problem>,
}

fn default_theme() -> String {
    "default".into()
}

/// Whether `theme:` is one folder name (so it stays under `themes/`): no
/// separator, no `..`, not absolute.
pub fn is_theme_name(name: &str) -> bool {
    let mut parts = std::path::Path::new(name).components();
    !name.contains(['/', '\\'])
        && matches!(parts.next(), Some(std::path::Component::Normal(n)) if n == name)
        && parts.next().is_none()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    #[serde(default = "default_respond")]
    pub respond_within_hours: f64,
    /// Negative reviews use this target when set.
    #[serde(default)]
    pub negative_respond_within_hours: Option<f64>,
    #[serde(default = "default_positive_min")]
    pub positive_min: f64,
    #[serde(default = "default_negative_max")]
    pub negative_max: f64,
    /// The positive-to-negative ratio leadership aims for.
    #[serde(default = "default_ratio")]
    pub positive_to_negative: f64,
}

fn default_respond() -> f64 {
    24.0
}
fn default_positive_min() -> f64 {
    4.0
}
fn default_negative_max() -> f64 {
    2.0
}
fn default_ratio() -> f64 {
    5.0
}

impl Default for Targets {
    fn default() -> Targets {
        Targets {
            respond_within_hours: default_respond(),
            negative_respond_within_hours: None,
            positive_min: default_positive_min(),
            negative_max: default_negative_max(),
            positive_to_negative: default_ratio(),
        }
    }
}

impl Targets {
    /// The response target for a review of this class, in hours.
    pub fn hours_for(&self, negative: bool) -> f64 {
        match (negative, self.negative_respond_within_hours) {
            (true, Some(h)) => h,
            _ => self.respond_within_hours,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub sources: Vec<String>,
    /// Where each of `sources` is written in the configuration (1-based
    /// line and column), so a warning about one can point at it.
    #[serde(skip)]
    pub source_places: Vec<Option<(u32, u32)>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub name: String,
    pub start: jiff::civil::Date,
    #[serde(default)]
    pub end: Option<jiff::civil::Date>,
    /// Location ids; empty means every location.
    #[serde(default)]
    pub locations: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRule {
    /// A training scenario's slug, e.g. `long-wait`.
    pub scenario: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Who answers reviews, e.g. "the practice manager".
    #[serde(default)]
    pub responder: Option<String>,
}

/// The location id reviews count under when no configured source matches.
pub const UNASSIGNED: &str = "unassigned";

impl Config {
    /// Reads and checks `root/reputable.yaml`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::new(FILE_NAME, format!("cannot read the configuration: {e}")).help(
                "run `reputable init DIR` to create a project, or pass `--root` to point at one",
            )
        })?;
        Config::parse(&text, FILE_NAME)
    }

    /// Parses and checks configuration text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Config, Diagnostic> {
        shape_guard(text, file)?;
        let mut config: Config =
            serde_yaml::from_str(text).map_err(|e| yaml_error(text, file, &e))?;
        let tz = TimeZone::get(&config.timezone).map_err(|_| {
            let (line, col) = find_value(text, "timezone", &config.timezone).unwrap_or((1, 1));
            let help = match zone_meant(&config.timezone) {
                Some(zone) => format!(
                    "`{}` is an abbreviation, not a zone name: write `timezone: {zone}`, or the IANA name of your region",
                    config.timezone
                ),
                None => "write an IANA name such as America/New_York, Europe/London or Australia/Sydney".into(),
            };
            Diagnostic::new(
                file,
                format!("`{}` is not a time zone name", config.timezone),
            )
            .at(text, line, col)
            .help(help)
        })?;
        config.tz = Some(tz);
        config.check(text, file)?;
        limits::check(&config, text, file)?;
        config.place_sources(text);
        if !config.locations.is_empty()
            && let Some(meant) = fixed_zone(&config.timezone)
        {
            let (line, col) = find_value(text, "timezone", &config.timezone).unwrap_or((1, 1));
            config.warnings.push(
                Problem::warning(
                    "fixed-time-zone",
                    file,
                    format!(
                        "the time zone `{}` keeps no summer time, so where your locations change their clocks every local time in the data and on the pages is an hour off for half the year; {meant}",
                        config.timezone
                    ),
                )
                .at(line as u32, Some(col as u32)),
            );
        }
        Ok(config)
    }

    fn check(&self, text: &str, file: &str) -> Result<(), Diagnostic> {
        if !is_theme_name(&self.theme) {
            let (line, col) = find_value(text, "theme", &self.theme).unwrap_or((1, 1));
            return Err(Diagnostic::new(
                file,
                format!("`theme` must be the name of a folder under the project's `themes/`, not `{}`", self.theme),
            )
            .at(text, line, col)
            .help("put the theme in themes/NAME/ under the project root and write `theme: NAME` (a name, not a path), or `theme: default`"));
        }
        let t = &self.targets;
        // (key, value, whether 0 is allowed, what it is)
        let numbers = [
            (
                "respond_within_hours",
                Some(t.respond_within_hours),
                false,
                "a positive number of hours",
            ),
            (
                "negative_respond_within_hours",
                t.negative_respond_within_hours,
                false,
                "a positive number of hours",
            ),
            (
                "positive_min",
                Some(t.positive_min),
                true,
                "a rating, 0 or more",
            ),
            (
                "negative_max",
                Some(t.negative_max),
                true,
                "a rating, 0 or more",
            ),
            (
                "positive_to_negative",
                Some(t.positive_to_negative),
                false,
                "a positive ratio",
            ),
        ];
        for (key, value, zero, what) in numbers {
            if let Some(v) = value
                && !(v.is_finite() && (v > 0.0 || zero && v == 0.0))
            {
                let (line, col) = find_key(text, key, 0).unwrap_or((1, 1));
                let example = match key {
                    "positive_min" => 4,
                    "negative_max" => 2,
                    "positive_to_negative" => 5,
                    _ => 24,
                };
                return Err(Diagnostic::new(
                    file,
                    format!("`{key}` must be {what}, not {}", show_number(v)),
                )
                .at(text, line, col)
                .help(format!("write for instance `{key}: {example}`")));
            }
        }
        if t.negative_max >= t.positive_min {
            let (line, col) = find_key(text, "negative_max", 0).unwrap_or((1, 1));
            return Err(Diagnostic::new(
                file,
                format!(
                    "`negative_max` ({}) must be below `positive_min` ({})",
                    t.negative_max, t.positive_min
                ),
            )
            .at(text, line, col)
            .help(
                "on a 5-point scale the usual cut-offs are `positive_min: 4` and `negative_max: 2`",
            ));
        }
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, loc) in self.locations.iter().enumerate() {
            if loc.id == UNASSIGNED
                || loc.id.is_empty()
                || !loc
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                let (line, col) = find_value_nth(text, "id", &loc.id, 0).unwrap_or((1, 1));
                return Err(Diagnostic::new(file, format!("`{}` cannot be a location id", loc.id))
                    .at(text, line, col)
                    .help("use letters, digits, `-` and `_` only (it becomes a folder name), and not `unassigned`, which counts reviews no location claims"));
            }
            if let Some(first) = ids.insert(&loc.id, i) {
                let (line, col) = find_value_nth(text, "id", &loc.id, 1).unwrap_or((1, 1));
                return Err(Diagnostic::new(
                    file,
                    format!("the location id `{}` is used twice", loc.id),
                )
                .at(text, line, col)
                .help(format!(
                    "give each location its own id; `{}` is already the id of location {} ({})",
                    loc.id,
                    first + 1,
                    self.locations[first].name
                )));
            }
        }
        let mut claimed: HashMap<&str, &str> = HashMap::new();
        for loc in &self.locations {
            for src in &loc.sources {
                if let Some(other) = claimed.insert(src, &loc.id) {
                    let (line, col) = find_quoted_nth(text, src, 1).unwrap_or((1, 1));
                    return Err(Diagnostic::new(
                        file,
                        format!(
                            "the source `{src}` is claimed by two locations, `{other}` and `{}`",
                            loc.id
                        ),
                    )
                    .at(text, line, col)
                    .help(format!(
                        "keep `{src}` under the one location its reviews belong to"
                    )));
                }
            }
        }
        for c in &self.campaigns {
            for id in &c.locations {
                if !ids.contains_key(id.as_str()) {
                    let (line, col) = find_quoted_nth(text, id, 0).unwrap_or((1, 1));
                    let known: Vec<&str> = self.locations.iter().map(|l| l.id.as_str()).collect();
                    return Err(Diagnostic::new(
                        file,
                        format!("campaign `{}` names an unknown location `{id}`", c.name),
                    )
                    .at(text, line, col)
                    .help(format!(
                        "use one of the configured location ids: {}",
                        known.join(", ")
                    )));
                }
            }
        }
        Ok(())
    }

    /// Notes where each source is written: the first time it appears as a
    /// whole scalar after its location's `id:` line.
    fn place_sources(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        fn key_of(l: &str) -> Option<(&str, &str)> {
            let t = l.trim_start().trim_start_matches("- ");
            t.split_once(':').map(|(k, v)| (k.trim_end(), v.trim()))
        }
        // Locations are written in order: each search starts where the
        // previous location's ended, so the work is linear in the text.
        let mut from = 0;
        for loc in &mut self.locations {
            if let Some(k) = lines[from..].iter().position(|l| {
                key_of(l).is_some_and(|(k, v)| {
                    k == "id"
                        && v.split(" #")
                            .next()
                            .unwrap_or("")
                            .trim()
                            .trim_matches(['"', '\''])
                            == loc.id
                })
            }) {
                from += k;
            }
            // From the location's `sources:` key on, so that a source that is
            // also a word of its `name` is found in the list.
            if let Some(k) = lines[from..]
                .iter()
                .position(|l| key_of(l).is_some_and(|(k, _)| k == "sources"))
            {
                from += k;
            }
            loc.source_places = loc
                .sources
                .iter()
                .map(|src| {
                    lines[from..].iter().enumerate().find_map(|(k, l)| {
                        scalar_in_line(l, src).map(|c| ((from + k + 1) as u32, c as u32))
                    })
                })
                .collect();
        }
    }

    pub fn tz(&self) -> &TimeZone {
        self.tz
            .as_ref()
            .expect("Config::parse always resolves the time zone")
    }

    /// Maps a record's location identifier to a location id, or `unassigned`.
    pub fn location_index(&self) -> HashMap<&str, &str> {
        let mut map = HashMap::new();
        for loc in &self.locations {
            for src in &loc.sources {
                map.insert(src.as_str(), loc.id.as_str());
            }
        }
        map
    }

    pub fn location_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.locations
            .iter()
            .find(|l| l.id == id)
            .map_or(if id == UNASSIGNED { "Unassigned" } else { id }, |l| {
                l.name.as_str()
            })
    }
}

mod diagnose;
mod limits;

pub use diagnose::nesting_over_limit;
use diagnose::*;

#[cfg(test)]
mod tests;
