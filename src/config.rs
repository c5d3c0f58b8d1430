//! `reputable.yaml`: the organisation, its zone, locations, targets and
//! campaigns (SPEC §3.1). Parsing is strict: an unknown key, a bad zone, a
//! location id used twice or a source claimed twice is a `Diagnostic` naming
//! the file, the line and what to write instead.
//!
//! Architecture invariant: `Config::parse` is pure; `Config::load` only reads
//! the one file.

use crate::diagnostic::{Diagnostic, did_you_mean};
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
    /// Resolved from `timezone` after parsing.
    #[serde(skip)]
    pub tz: Option<TimeZone>,
}

fn default_theme() -> String {
    "default".into()
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
        let mut config: Config =
            serde_yaml::from_str(text).map_err(|e| yaml_error(text, file, &e))?;
        let tz = TimeZone::get(&config.timezone).map_err(|_| {
            let (line, col) = find_value(text, "timezone", &config.timezone).unwrap_or((1, 1));
            Diagnostic::new(
                file,
                format!("`{}` is not a time zone name", config.timezone),
            )
            .at(text, line, col)
            .help("write an IANA name such as America/New_York, Europe/London or Australia/Sydney")
        })?;
        config.tz = Some(tz);
        config.check(text, file)?;
        limits::check(&config, text, file)?;
        Ok(config)
    }

    fn check(&self, text: &str, file: &str) -> Result<(), Diagnostic> {
        let t = &self.targets;
        let hours = [
            ("respond_within_hours", Some(t.respond_within_hours)),
            (
                "negative_respond_within_hours",
                t.negative_respond_within_hours,
            ),
        ];
        for (key, value) in hours {
            if let Some(v) = value
                && !(v.is_finite() && v > 0.0)
            {
                let (line, col) = find_key(text, key, 0).unwrap_or((1, 1));
                return Err(Diagnostic::new(
                    file,
                    format!("`{key}` must be a positive number of hours, not {v}"),
                )
                .at(text, line, col)
                .help(format!("write for instance `{key}: 24`")));
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

/// Turns a YAML or serde error into a diagnostic with place and advice.
fn yaml_error(text: &str, file: &str, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    // serde's message ends with " at line L column C"; keep only the sentence.
    let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let mut d = Diagnostic::new(file, message.clone()).at(text, line, col);
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|s| {
                s.split(['`', ',', ' '])
                    .filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or")
                    .collect()
            })
            .unwrap_or_default();
        d.message = format!("unknown key `{key}`");
        d = match did_you_mean(key, &expected) {
            Some(good) => d.help(format!(
                "did you mean `{good}`? Keys allowed here: {}",
                expected.join(", ")
            )),
            None => d.help(format!("keys allowed here: {}", expected.join(", "))),
        };
    } else if message.starts_with("missing field") {
        d = d.help("add the missing key; see the example in README.md under Configuration");
    }
    d
}

/// 1-based (line, column) of the `n`-th line whose key is `key`.
fn find_key(text: &str, key: &str, n: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            let col = l.len() - t.len() + 1;
            (t.starts_with(key) && t[key.len()..].trim_start().starts_with(':'))
                .then_some((i + 1, col))
        })
        .nth(n)
}

fn find_value(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    find_value_nth(text, key, value, 0)
}

/// The `n`-th `key: value` line, pointing at the value.
fn find_value_nth(text: &str, key: &str, value: &str, n: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            let rest = t.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let v = rest.split(" #").next()?.trim().trim_matches(['"', '\'']);
            (v == value).then(|| (i + 1, l.find(rest.trim_start()).map_or(1, |c| c + 1)))
        })
        .nth(n)
}

/// The `n`-th occurrence of `value` as a whole YAML scalar (quoted or not).
fn find_quoted_nth(text: &str, value: &str, n: usize) -> Option<(usize, usize)> {
    // An empty value is found everywhere and never moves the search on.
    if value.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let code = l.split(" #").next().unwrap_or(l);
        let mut from = 0;
        while let Some(pos) = code[from..].find(value) {
            let start = from + pos;
            let end = start + value.len();
            let before = code[..start].chars().next_back();
            let after = code[end..].chars().next();
            let edge =
                |c: Option<char>| c.is_none_or(|c| matches!(c, '"' | '\'' | ' ' | ',' | '[' | ']'));
            if edge(before) && edge(after) {
                found.push((
                    i + 1,
                    start + 1 - usize::from(matches!(before, Some('"' | '\''))),
                ));
            }
            from = end;
        }
    }
    found.get(n).copied()
}

mod limits;

#[cfg(test)]
mod tests;
