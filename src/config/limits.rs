//! Lengths of the configuration's display values. The organisation's name
//! is on every page, a location's name on many: a name of megabytes would
//! make every page that size, so a value over its limit is an error at its
//! line, before any work is done.

use super::Config;
use crate::diagnostic::Diagnostic;

/// Names shown on the pages: the organisation, locations, contact details,
/// campaign names, location sources.
pub const NAME_LIMIT: usize = 200;
/// A campaign's note, a sentence or two on the reports.
pub const NOTE_LIMIT: usize = 2_000;

/// The first value over its limit, as an error at its key's line.
pub fn check(config: &Config, text: &str, file: &str) -> Result<(), Diagnostic> {
    let c = &config.contact;
    let mut values: Vec<(&str, usize, &str, usize)> = vec![
        ("organization", 0, config.organization.as_str(), NAME_LIMIT),
        ("theme", 0, config.theme.as_str(), NAME_LIMIT),
    ];
    for (key, v) in [
        ("phone", &c.phone),
        ("email", &c.email),
        ("responder", &c.responder),
    ] {
        if let Some(v) = v {
            values.push((key, 0, v, NAME_LIMIT));
        }
    }
    if let Some(url) = &config.base_url {
        values.push(("base_url", 0, url, NOTE_LIMIT));
    }
    for (n, l) in config.locations.iter().enumerate() {
        values.push(("name", n, &l.name, NAME_LIMIT));
        values.extend(
            l.sources
                .iter()
                .map(|s| ("sources", n, s.as_str(), NAME_LIMIT)),
        );
    }
    let mut notes = 0;
    for (n, camp) in config.campaigns.iter().enumerate() {
        // Campaigns have `name:` keys too, after the locations' ones.
        values.push(("name", config.locations.len() + n, &camp.name, NAME_LIMIT));
        if let Some(note) = &camp.note {
            values.push(("note", notes, note, NOTE_LIMIT));
            notes += 1;
        }
    }
    for (key, n, value, limit) in values {
        let chars = value.chars().count();
        if chars > limit {
            let (line, column) = super::find_value(text, key, value)
                .or_else(|| super::find_key(text, key, n))
                .unwrap_or((1, 1));
            // No source line: it holds the long value itself.
            let mut d = Diagnostic::new(
                file,
                format!("`{key}` is {chars} characters long; at most {limit} are allowed"),
            )
            .help(format!(
                "shorten it: `{key}` is shown on the pages as it is written"
            ));
            d.line = Some(line);
            d.column = Some(column);
            return Err(d);
        }
    }
    Ok(())
}
