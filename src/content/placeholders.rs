//! `{{ targets.respond_within_hours }}` and friends: configuration values in
//! staff-written text, so the written policy and the measured target never
//! disagree. Deliberately strict and small: a fixed set of names, no
//! expressions; `\{{` writes a literal `{{`.
//!
//! `check` finds every problem with its place in the file; `substitute` then
//! fills in values and is only called on text that passed `check`.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, did_you_mean};

/// The placeholder names, in the order the help lists them.
pub const NAMES: &[&str] = &[
    "organization",
    "targets.respond_within_hours",
    "targets.negative_respond_within_hours",
    "targets.positive_min",
    "targets.negative_max",
    "targets.positive_to_negative",
    "contact.phone",
    "contact.email",
    "contact.responder",
];

/// The value of a placeholder: `None` for an unknown name, `Some(None)` for
/// a known one that is not configured.
pub fn value(name: &str, config: &Config) -> Option<Option<String>> {
    let t = &config.targets;
    Some(match name {
        "organization" => Some(config.organization.clone()),
        "targets.respond_within_hours" => Some(number(t.respond_within_hours)),
        "targets.negative_respond_within_hours" => Some(number(t.hours_for(true))),
        "targets.positive_min" => Some(number(t.positive_min)),
        "targets.negative_max" => Some(number(t.negative_max)),
        "targets.positive_to_negative" => Some(number(t.positive_to_negative)),
        "contact.phone" => config.contact.phone.clone(),
        "contact.email" => config.contact.email.clone(),
        "contact.responder" => config.contact.responder.clone(),
        _ => return None,
    })
}

/// Whole numbers as people write them (`24`, not `24.0`).
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// One `{{ … }}` in a text: byte range and the name inside.
struct Found<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    escaped: bool,
}

fn scan(text: &str) -> Vec<Result<Found<'_>, usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("{{") {
        let start = from + pos;
        if start > 0 && text.as_bytes()[start - 1] == b'\\' {
            out.push(Ok(Found {
                start: start - 1,
                end: start + 2,
                name: "",
                escaped: true,
            }));
            from = start + 2;
            continue;
        }
        match text[start + 2..].find("}}") {
            Some(len) if !text[start + 2..start + 2 + len].contains('\n') => {
                let end = start + 2 + len + 2;
                out.push(Ok(Found {
                    start,
                    end,
                    name: text[start + 2..end - 2].trim(),
                    escaped: false,
                }));
                from = end;
            }
            _ => {
                out.push(Err(start));
                from = start + 2;
            }
        }
    }
    out
}

/// Every placeholder problem of a whole file, each at its line and column.
pub fn check(text: &str, file: &str, config: &Config) -> Vec<Diagnostic> {
    let at = |offset: usize| {
        let line = text[..offset].matches('\n').count() + 1;
        let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
        (line, text[line_start..offset].chars().count() + 1)
    };
    let mut out = Vec::new();
    for found in scan(text) {
        match found {
            Err(start) => {
                let (l, c) = at(start);
                out.push(
                    Diagnostic::new(file, "`{{` opens a placeholder that is never closed")
                        .at(text, l, c)
                        .help("close it with `}}` on the same line, or write `\\{{` for a literal `{{`"),
                );
            }
            Ok(f) if f.escaped => {}
            Ok(f) => {
                let (l, c) = at(f.start);
                match value(f.name, config) {
                    Some(Some(_)) => {}
                    Some(None) => out.push(
                        Diagnostic::new(
                            file,
                            format!(
                                "`{{{{ {} }}}}` is used but `{}` is not set in reputable.yaml",
                                f.name, f.name
                            ),
                        )
                        .at(text, l, c)
                        .help(format!(
                            "add it to reputable.yaml, e.g.\ncontact:\n  {}: …",
                            f.name.trim_start_matches("contact.")
                        )),
                    ),
                    None => {
                        let list = NAMES.join(", ");
                        let help = match did_you_mean(f.name, NAMES) {
                            Some(good) => format!("did you mean `{good}`? Placeholders: {list}"),
                            None => format!("placeholders: {list}"),
                        };
                        out.push(
                            Diagnostic::new(file, format!("unknown placeholder `{}`", f.name))
                                .at(text, l, c)
                                .help(help),
                        );
                    }
                }
            }
        }
    }
    out
}

/// Values to fill into Markdown after it is parsed: the text with each
/// placeholder replaced by a token, and the values by token number. A value
/// then lands as text (escaped by the renderer, never read as Markdown or
/// HTML) wherever its placeholder stood; see `markdown::render_with`.
pub struct Marked {
    pub text: String,
    /// The token's stem: `<stem><n>z` stands for `values[n]`.
    pub stem: String,
    pub values: Vec<String>,
}

impl Marked {
    /// `text` with every token replaced by `fill(value)`.
    pub fn fill(&self, text: &str, fill: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(pos) = rest.find(&self.stem) {
            let after = &rest[pos + self.stem.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let value = after[..digits]
                .parse::<usize>()
                .ok()
                .filter(|_| after.as_bytes().get(digits) == Some(&b'z'))
                .and_then(|n| self.values.get(n));
            out.push_str(&rest[..pos]);
            match value {
                Some(v) => {
                    out.push_str(&fill(v));
                    rest = &after[digits + 1..];
                }
                None => {
                    out.push_str(&self.stem);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    pub fn has_tokens(&self, text: &str) -> bool {
        !self.values.is_empty() && text.contains(&self.stem)
    }
}

/// Replaces each placeholder by a token that Markdown reads as one plain
/// word: letters and digits, starting with a digit so that `<token>` is no
/// HTML tag, and a stem the text does not contain. Lines stay where they
/// were (placeholders never span lines). Text must have passed `check`.
pub fn mark(text: &str, config: &Config) -> Marked {
    let mut stem = String::from("0rptph");
    while text.contains(&stem) {
        stem.push('q');
    }
    let mut values = Vec::new();
    let text = rewrite(text, config, |out, v| {
        out.push_str(&format!("{stem}{}z", values.len()));
        values.push(v);
    });
    Marked { text, stem, values }
}

/// Fills in values. Text must have passed `check`; anything unknown is kept.
pub fn substitute(text: &str, config: &Config) -> String {
    rewrite(text, config, |out, v| out.push_str(&v))
}

/// `text` with each escaped `\{{` written as `{{` and each placeholder that has a value
/// handed to `put`; the others are kept as written.
fn rewrite(text: &str, config: &Config, mut put: impl FnMut(&mut String, String)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for found in scan(text).into_iter().flatten() {
        out.push_str(&text[at..found.start]);
        if found.escaped {
            out.push_str("{{");
        } else {
            match value(found.name, config) {
                Some(Some(v)) => put(&mut out, v),
                _ => out.push_str(&text[found.start..found.end]),
            }
        }
        at = found.end;
    }
    out.push_str(&text[at..]);
    out
}
