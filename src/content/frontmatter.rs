//! YAML front matter: splitting it from the Markdown body and parsing it into
//! a typed, strict struct. Errors name the line in the file, not in the YAML.

use crate::diagnostic::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;

/// A file cut in two: the YAML between the `---` lines and the body after.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`. The closing line may also be `...`.
/// Errors are boxed: a `Diagnostic` is large and the happy path is the common one.
pub fn split<'a>(text: &'a str, file: &str, example: &str) -> Result<Split<'a>, Box<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Box::new(
            Diagnostic::new(file, "the file does not start with front matter")
                .at(text, 1, 1)
                .help(format!(
                    "start the file with a YAML block between two `---` lines, for example:\n{example}"
                )),
        ));
    }
    let yaml_start =
        (first.len() + usize::from(text[first.len()..].starts_with("\r\n")) + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let bare = l.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Box::new(
        Diagnostic::new(file, "the front matter is never closed")
            .at(text, 1, 1)
            .help("end the front matter with a line holding only `---`"),
    ))
}

/// Parses front matter YAML into `T`. `keys` describes the allowed keys for
/// the help text (`title (text), summary (text)…`).
pub fn parse<T: DeserializeOwned>(
    split: &Split,
    text: &str,
    file: &str,
    keys: &str,
) -> Result<T, Box<Diagnostic>> {
    // An empty block is an empty mapping, so a missing `title` says so.
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    // Refused before parsing: libyaml's work grows with the nesting depth.
    if let Some((line, column)) = crate::config::nesting_over_limit(yaml) {
        return Err(Box::new(
            Diagnostic::new(
                file,
                "front matter: lists and maps nest too deep to be read",
            )
            .at(text, line + split.yaml_line - 1, column)
            .help("front matter holds a few keys, a level or two deep"),
        ));
    }
    serde_yaml::from_str(yaml).map_err(|e| Box::new(error(&e, split, text, file, keys)))
}

fn error(e: &serde_yaml::Error, split: &Split, text: &str, file: &str, keys: &str) -> Diagnostic {
    let raw = e.to_string();
    let sentence = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    // yaml_serde puts the path first ("samples[0]: unknown field …").
    let (path, message) = match sentence.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (Some(p.to_string()), m.to_string()),
        _ => (None, sentence.clone()),
    };
    let (line, column) = e.location().map_or((split.yaml_line, 1), |l| {
        (l.line() + split.yaml_line - 1, l.column())
    });
    // Say what serde calls `u8` and `i64` in the user's words.
    let message = message
        .replace("expected u8", "expected a whole number from 1 to 5")
        .replace("expected i64", "expected a whole number");
    let place = path
        .as_deref()
        .map_or(String::new(), |p| format!(" in `{p}`"));
    let mut d =
        Diagnostic::new(file, format!("front matter{place}: {message}")).at(text, line, column);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|s| {
                s.split(['`', ',', ' '])
                    .filter(|w| !w.is_empty() && !matches!(*w, "one" | "of" | "or"))
                    .collect()
            })
            .unwrap_or_default();
        d.message = format!("unknown front matter key `{key}`{place}");
        let allowed = format!("keys allowed here: {}", expected.join(", "));
        d = match did_you_mean(key, &expected) {
            Some(good) => d.help(format!("did you mean `{good}`? {allowed}")),
            None => d.help(allowed),
        };
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        d.message = format!("the front matter{place} has no `{key}`");
        d = d.help(format!("add `{key}: …`; front matter keys: {keys}"));
    } else if path.as_deref().is_some_and(|p| p.ends_with(".rating")) {
        d = d.help("write the example review's stars, `rating: 1` to `rating: 5`");
    } else if path.as_deref().is_some_and(|p| p.ends_with(".kind")) {
        d = d.help("write `kind: do` for a reply to copy or `kind: dont` for one to avoid");
    } else {
        d = d.help(format!("front matter keys: {keys}"));
    }
    d
}

/// 1-based (line, column) in the file of the `n`-th front matter line whose
/// key is `key` (a list item's `- key:` counts), searching `split.yaml`.
pub fn key_place(split: &Split, key: &str, n: usize) -> Option<(usize, usize)> {
    split
        .yaml
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            let col = l.len() - t.len() + 1;
            (t.strip_prefix(key)?.trim_start().starts_with(':'))
                .then_some((i + split.yaml_line, col))
        })
        .nth(n)
}
