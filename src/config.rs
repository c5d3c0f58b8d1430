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

/// The largest configuration read: a real one is a few kilobytes.
const MAX_BYTES: usize = 1 << 20;

/// The deepest nesting read, of lists and maps in brackets or by
/// indentation: a real configuration nests four deep.
const MAX_DEPTH: usize = 32;

/// Refuses, before the YAML parser sees it, a file so large or so deeply
/// nested that parsing it would take minutes (libyaml's work per token
/// grows with the nesting depth, so ten thousand `[` cost a hundred million
/// steps, a million of them hours).
fn shape_guard(text: &str, file: &str) -> Result<(), Diagnostic> {
    if text.len() > MAX_BYTES {
        return Err(Diagnostic::new(
            file,
            format!(
                "the configuration is {} KiB; one is a few KiB, so this is not read",
                text.len() / 1024
            ),
        )
        .help("check that this is the project's reputable.yaml; data belongs under content/"));
    }
    match nesting_over_limit(text) {
        Some((line, col)) => Err(too_deep(text, file, line, col)),
        None => Ok(()),
    }
}

/// Where (1-based line, column) lists and maps first nest more than
/// `MAX_DEPTH` deep, in brackets or by indentation; `None` when they never
/// do. Linear in the text, so safe to run before the YAML parser (front
/// matter uses it too).
pub fn nesting_over_limit(text: &str) -> Option<(usize, usize)> {
    let mut indents: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    for (i, l) in text.lines().enumerate() {
        let body = l.trim_start_matches([' ', '-']);
        if body.trim().is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = l.len() - body.len();
        while indents.last().is_some_and(|&k| k >= indent) {
            indents.pop();
        }
        indents.push(indent);
        // A top-level key ends any list or map in brackets before it (so a
        // stray `[` in a plain text cannot add up over the file).
        if indent == 0 && body.starts_with(|c: char| c.is_alphanumeric()) {
            depth = 0;
        }
        let mut quote: Option<char> = None;
        let mut chars = l.char_indices();
        while let Some((k, c)) = chars.next() {
            match (c, quote) {
                ('#', None) if k == 0 || l[..k].ends_with([' ', '\t']) => break,
                ('\\', Some('"')) => {
                    chars.next();
                }
                ('"' | '\'', None)
                    if k == 0 || l[..k].ends_with([' ', '[', '{', ',', ':', '-']) =>
                {
                    quote = Some(c);
                }
                (c, Some(q)) if c == q => quote = None,
                ('[' | '{', None) => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i + 1, l[..k].chars().count() + 1));
                    }
                }
                (']' | '}', None) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if indents.len() + depth > MAX_DEPTH {
            return Some((i + 1, l.len() - body.len() + 1));
        }
    }
    None
}

fn too_deep(text: &str, file: &str, line: usize, col: usize) -> Diagnostic {
    Diagnostic::new(
        file,
        format!("lists and maps nest more than {MAX_DEPTH} deep here; the configuration is not read further"),
    )
    .at(text, line, col)
    .help("a configuration nests a few levels deep; see the example in README.md under Configuration")
}

/// `v` as the user wrote it, in words when it is not a plain number.
fn show_number(v: f64) -> String {
    if v.is_nan() {
        "`.nan` (not a number)".into()
    } else if v.is_infinite() {
        "infinity".into()
    } else {
        v.to_string()
    }
}

/// The regional zone a user most likely meant by an abbreviation or a
/// fixed-offset name (`EST` → `America/New_York`), for a zone name that is
/// one. Names are compared without regard to case.
fn zone_meant(name: &str) -> Option<&'static str> {
    let upper = name.trim().to_ascii_uppercase();
    let base = upper.strip_prefix("ETC/").unwrap_or(&upper);
    Some(match base {
        "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "GREENWICH" | "BST" => "Europe/London",
        "WET" | "WEST" => "Europe/Lisbon",
        "CET" | "MET" | "CEST" | "MEST" => "Europe/Paris",
        "EET" | "EEST" => "Europe/Athens",
        "EST" | "EDT" | "EST5EDT" | "ET" => "America/New_York",
        "CST" | "CDT" | "CST6CDT" | "CT" => "America/Chicago",
        "MST" | "MDT" | "MST7MDT" | "MT" => "America/Denver",
        "PST" | "PDT" | "PST8PDT" | "PT" => "America/Los_Angeles",
        "AKST" | "AKDT" => "America/Anchorage",
        "HST" => "Pacific/Honolulu",
        "AEST" | "AEDT" => "Australia/Sydney",
        "NZST" | "NZDT" => "Pacific/Auckland",
        "IST" => "Asia/Kolkata",
        // `Etc/GMT+5` is five hours *behind* UTC: the sign is reversed.
        "GMT+3" => "America/Sao_Paulo",
        "GMT+4" => "America/Halifax",
        "GMT+5" => "America/New_York",
        "GMT+6" => "America/Chicago",
        "GMT+7" => "America/Denver",
        "GMT+8" => "America/Los_Angeles",
        "GMT+9" => "America/Anchorage",
        "GMT+10" => "Pacific/Honolulu",
        "GMT-1" => "Europe/Paris",
        "GMT-2" => "Europe/Athens",
        "GMT-3" => "Europe/Moscow",
        "GMT-8" => "Asia/Singapore",
        "GMT-9" => "Asia/Tokyo",
        "GMT-10" => "Australia/Sydney",
        "GMT-12" => "Pacific/Auckland",
        _ => return None,
    })
}

/// For a zone name that is a fixed offset or an abbreviation (`GMT`, `UTC`,
/// `EST`, `CET`, `Etc/GMT+5` …), advice naming the regional zone the user
/// probably meant; `None` for a regional zone (`Europe/London`).
fn fixed_zone(name: &str) -> Option<String> {
    let upper = name.trim().to_ascii_uppercase();
    let etc = upper.starts_with("ETC/");
    let abbreviation = !upper.contains('/')
        && matches!(
            upper.as_str(),
            "GMT"
                | "GMT0"
                | "GMT+0"
                | "GMT-0"
                | "GREENWICH"
                | "UTC"
                | "UCT"
                | "UNIVERSAL"
                | "ZULU"
                | "EST"
                | "MST"
                | "HST"
                | "EST5EDT"
                | "CST6CDT"
                | "MST7MDT"
                | "PST8PDT"
                | "CET"
                | "MET"
                | "EET"
                | "WET"
        );
    if !etc && !abbreviation {
        return None;
    }
    let reversed = if etc && (upper.contains("GMT+") || upper.contains("GMT-")) {
        format!(" (`{name}` is UTC with the sign reversed: `Etc/GMT+5` is five hours behind UTC)")
    } else {
        String::new()
    };
    Some(match zone_meant(name) {
        Some(zone) => format!(
            "did you mean `{zone}`{reversed}? Write `timezone: {zone}`, or the IANA name of the region your locations are in"
        ),
        None => format!(
            "write the IANA name of the region your locations are in, such as `Europe/London` or `America/New_York`{reversed}"
        ),
    })
}

/// Turns a YAML or serde error into a diagnostic with place and advice: the
/// everyday slips (a unit after a number, a tab, a second colon, an
/// unclosed quote or bracket, a key given twice) in words, not the parser's.
fn yaml_error(text: &str, file: &str, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    // serde's message ends with " at line L column C"; keep only the sentence.
    let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let mut d = Diagnostic::new(file, message.clone()).at(text, line, col);
    let here = d.source_line.clone().unwrap_or_default();
    // `targets.respond_within_hours: invalid type: …` → the path and the rest.
    let (path, what) = match message.split_once(": ") {
        Some((p, w)) if !p.contains(' ') => (p, w),
        _ => ("", message.as_str()),
    };
    // The key itself: `respond_within_hours` of `targets.respond_within_hours`;
    // `keywords[0]` is an item of `keywords`.
    let item = path.ends_with(']');
    let key = path
        .rsplit('.')
        .next()
        .unwrap_or("")
        .split('[')
        .next()
        .unwrap_or("");
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
    } else if let Some(rest) = what.strip_prefix("missing field `") {
        let missing = rest.split('`').next().unwrap_or("");
        d = d.help(format!(
            "add `{missing}: …`; see the example in README.md under Configuration"
        ));
    } else if let Some(rest) = what.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        d = wrong_type(d, key, item, found, expected);
    } else if let Some(rest) = what.strip_prefix("duplicate field `") {
        let twice = rest.split('`').next().unwrap_or("");
        // The mapping starts at the error's place; its second `twice:` key
        // at the same column is the one to show.
        let second = text
            .lines()
            .enumerate()
            .skip(line.saturating_sub(1))
            .filter(|(_, l)| {
                let t = l.trim_start().trim_start_matches("- ");
                l.len() - t.len() + 1 == col
                    && t.strip_prefix(twice)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .nth(1);
        d.message = format!("the key `{twice}` is given twice");
        if let Some((i, _)) = second {
            d = d.at(text, i + 1, col);
        }
        d = d.help(format!(
            "keep one `{twice}:`; a key can be given once in each place"
        ));
    } else if message.contains("mapping values are not allowed") {
        d.message = "a second `: ` on this line: YAML reads the text after it as a new key".into();
        let quoted = here.split_once(": ").map(|(k, v)| {
            let v = v.trim();
            let v = v.strip_suffix(|c| c == '"' || c == '\'').unwrap_or(v);
            let v = v.strip_prefix(['"', '\'']).unwrap_or(v);
            format!("{}: \"{}\"", k.trim(), v.replace('"', "\\\""))
        });
        d = d.help(match quoted {
            Some(q) => format!("put the value in double quotes: `{q}`"),
            None => "put a value that holds `: ` in double quotes".into(),
        });
    } else if message.contains("cannot start any token")
        && here.chars().nth(col.saturating_sub(1)) == Some('\t')
    {
        d.message = "a tab indents this line; YAML indents with spaces only".into();
        d = d.help("replace the tab with spaces, lined up with the keys above it");
    } else if message.contains("cannot start any token") {
        d = d.help(
            "a value that starts with `@`, `` ` ``, `%` or another sign must be in double quotes",
        );
    } else if message == "recursion limit exceeded" {
        d.message = "the configuration nests lists or maps more than 128 deep".into();
        d = d.help("the configuration is a few levels deep; see the example in README.md under Configuration");
    } else if message == "repetition limit exceeded" {
        d.message = "the configuration repeats its anchors (`*name`) too often to be read".into();
        d = d.help("write the values out instead of referring to anchors");
    } else if path.is_empty() && e.location().is_some() && !what.contains("invalid type") {
        // A parser error: an unclosed quote or bracket is the usual cause,
        // found by the parser only lines later.
        if let Some((l, c, sign)) = unclosed(text).filter(|(l, _, _)| *l <= line) {
            d.message = format!("this {sign} is never closed");
            d = d.at(text, l, c).help(if sign == "quote" {
                "end the text with the same quote it starts with, on the same line"
            } else {
                "close the list with `]` (a map with `}`) after its last item"
            });
        } else if message.starts_with("did not find expected")
            || message.contains("end of stream")
            || message.contains("not allowed in this context")
        {
            d = d.help(
                "check the brackets and quotes on this line and the lines above: every `[` needs its `]`, every `{` its `}`, every quote its closing quote",
            );
        }
    } else if what.starts_with("failed to parse ") && (key == "start" || key == "end") {
        d.message = format!("`{key}` is not a date: {what}");
        d = d.help(format!(
            "write a date as YYYY-MM-DD, for instance `{key}: 2026-03-01`"
        ));
    }
    d
}

/// `key` holds a value of the wrong kind: say what it must be, in words.
fn wrong_type(mut d: Diagnostic, key: &str, item: bool, found: &str, expected: &str) -> Diagnostic {
    let expected_words = match expected {
        "f64" | "f32" | "i64" | "u64" | "u32" | "i32" => "a number",
        "a string" => "a text",
        "a sequence" => "a list",
        "a boolean" => "true or false",
        e if e.starts_with("struct ") || e == "a map" => "keys and values (`key: value` lines)",
        e => e,
    };
    let found_words = if let Some(s) = found.strip_prefix("string ") {
        format!("`{}`", s.trim_matches('"'))
    } else {
        match found.split(' ').next().unwrap_or(found) {
            "sequence" => "a list".into(),
            "map" => "keys and values".into(),
            "unit" => "empty".into(),
            _ => found.replace('`', "").to_string(),
        }
    };
    if key.is_empty() {
        d.message = format!("the configuration must be {expected_words}, not {found_words}");
        return d.help("start with `organization: …` and `timezone: …`; see the example in README.md under Configuration");
    }
    d.message = if item {
        format!("each item of `{key}` must be {expected_words}, not {found_words}")
    } else {
        format!("`{key}` must be {expected_words}, not {found_words}")
    };
    if item {
        return d.help(match expected_words {
            "a text" => format!("write the items as texts, `{key}: [\"a\", \"b\"]`"),
            _ => "see the example in README.md under Configuration".into(),
        });
    }
    if expected_words == "a number" {
        let number: String = found
            .strip_prefix("string ")
            .unwrap_or("")
            .trim_matches('"')
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        return d.help(if number.is_empty() {
            format!("write a number, for instance `{key}: 24`")
        } else {
            format!("write the number alone, `{key}: {number}`: the key already says the unit")
        });
    }
    match expected_words {
        "a list" => d.help(format!(
            "write a list, `{key}: [\"a\", \"b\"]`, or one `- item` per line under `{key}:`"
        )),
        "a text" if found_words == "keys and values" => {
            d.help("a text that holds `: ` must be in double quotes")
        }
        "a text" => d.help("put the text in double quotes"),
        _ => d.help("see the example in README.md under Configuration"),
    }
}

/// The first quote that no quote closes on its line, or else the first
/// `[` or `{` that is never closed: (1-based line, column, which sign).
fn unclosed(text: &str) -> Option<(usize, usize, &'static str)> {
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let mut quote: Option<(char, usize)> = None;
        let mut chars = l.char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            let col = l[..k].chars().count() + 1;
            match (c, quote) {
                ('#', None) if k == 0 || l[..k].ends_with([' ', '\t']) => break,
                ('\\', Some(('"', _))) => {
                    chars.next();
                }
                ('"' | '\'', None)
                    if k == 0 || l[..k].ends_with([' ', '[', '{', ',', ':', '-']) =>
                {
                    quote = Some((c, col));
                }
                (c, Some((q, _))) if c == q => quote = None,
                ('[' | '{', None) => open.push((i + 1, col)),
                (']' | '}', None) => {
                    open.pop();
                }
                _ => {}
            }
        }
        if let Some((_, col)) = quote {
            return Some((i + 1, col, "quote"));
        }
    }
    open.first().map(|&(l, c)| {
        (
            l,
            c,
            if text.lines().nth(l - 1).and_then(|s| s.chars().nth(c - 1)) == Some('{') {
                "`{`"
            } else {
                "`[`"
            },
        )
    })
}

/// The 1-based column of the first place in `line` (outside a comment)
/// where `value` stands as a whole scalar, quoted or not.
fn scalar_in_line(line: &str, value: &str) -> Option<usize> {
    let code = line.split(" #").next().unwrap_or(line);
    let edge = |c: Option<char>| c.is_none_or(|c| matches!(c, '"' | '\'' | ' ' | ',' | '[' | ']'));
    code.match_indices(value).find_map(|(start, _)| {
        let before = code[..start].chars().next_back();
        (edge(before) && edge(code[start + value.len()..].chars().next()))
            .then(|| start + 1 - usize::from(matches!(before, Some('"' | '\''))))
    })
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
