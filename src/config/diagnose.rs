//! Where a broken configuration goes wrong, in words: the size and nesting
//! guards read before YAML, serde_yaml's errors placed at the key or value
//! at fault with what was meant, and the text searches that find them.

use super::*;

/// The largest configuration read: a real one is a few kilobytes.
pub(super) const MAX_BYTES: usize = 1 << 20;

/// The deepest nesting read, of lists and maps in brackets or by
/// indentation: a real configuration nests four deep.
pub(super) const MAX_DEPTH: usize = 32;

/// Refuses, before the YAML parser sees it, a file so large or so deeply
/// nested that parsing it would take minutes (libyaml's work per token
/// grows with the nesting depth, so ten thousand `[` cost a hundred million
/// steps, a million of them hours).
pub(super) fn shape_guard(text: &str, file: &str) -> Result<(), Diagnostic> {
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

pub(super) fn too_deep(text: &str, file: &str, line: usize, col: usize) -> Diagnostic {
    Diagnostic::new(
        file,
        format!("lists and maps nest more than {MAX_DEPTH} deep here; the configuration is not read further"),
    )
    .at(text, line, col)
    .help("a configuration nests a few levels deep; see the example in README.md under Configuration")
}

/// `v` as the user wrote it, in words when it is not a plain number.
pub(super) fn show_number(v: f64) -> String {
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
pub(super) fn zone_meant(name: &str) -> Option<&'static str> {
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
pub(super) fn fixed_zone(name: &str) -> Option<String> {
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
pub(super) fn yaml_error(text: &str, file: &str, e: &serde_yaml::Error) -> Diagnostic {
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
pub(super) fn wrong_type(
    mut d: Diagnostic,
    key: &str,
    item: bool,
    found: &str,
    expected: &str,
) -> Diagnostic {
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
pub(super) fn unclosed(text: &str) -> Option<(usize, usize, &'static str)> {
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
pub(super) fn scalar_in_line(line: &str, value: &str) -> Option<usize> {
    let code = line.split(" #").next().unwrap_or(line);
    let edge = |c: Option<char>| c.is_none_or(|c| matches!(c, '"' | '\'' | ' ' | ',' | '[' | ']'));
    code.match_indices(value).find_map(|(start, _)| {
        let before = code[..start].chars().next_back();
        (edge(before) && edge(code[start + value.len()..].chars().next()))
            .then(|| start + 1 - usize::from(matches!(before, Some('"' | '\''))))
    })
}

/// 1-based (line, column) of the `n`-th line whose key is `key`.
pub(super) fn find_key(text: &str, key: &str, n: usize) -> Option<(usize, usize)> {
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

pub(super) fn find_value(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    find_value_nth(text, key, value, 0)
}

/// The `n`-th `key: value` line, pointing at the value.
pub(super) fn find_value_nth(
    text: &str,
    key: &str,
    value: &str,
    n: usize,
) -> Option<(usize, usize)> {
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
pub(super) fn find_quoted_nth(text: &str, value: &str, n: usize) -> Option<(usize, usize)> {
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
