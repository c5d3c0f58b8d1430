//! A user-facing error about a file the user wrote, rendered the way rustc and
//! Tera 2 do: message, `--> file:line:col`, the line itself, a caret, advice.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The text of the offending line, shown under the place with a caret.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            file: file.into(),
            line: None,
            column: None,
            source_line: None,
            help: None,
        }
    }

    /// Places the diagnostic at a 1-based line and column of `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(str::to_owned);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => writeln!(f, "  --> {}:{l}:{c}", self.file)?,
            (Some(l), None) => writeln!(f, "  --> {}:{l}", self.file)?,
            _ => writeln!(f, "  --> {}", self.file)?,
        }
        // A line too long to read (a minified file, a pasted blob) is shown
        // as a window around the column (`window`), never whole.
        if let (Some(l), Some(src)) = (self.line, &self.source_line) {
            let width = l.to_string().len();
            let (src, col) = window(src, self.column.unwrap_or(1));
            let src = src.as_str();
            let pad: String = src
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:width$} |", "")?;
            writeln!(f, "{l} | {src}")?;
            writeln!(f, "{:width$} | {pad}^", "")?;
        }
        if let Some(h) = &self.help {
            let width = self
                .line
                .filter(|_| self.source_line.is_some())
                .map_or(1, |l| l.to_string().len());
            writeln!(f, "{:width$} = help: {h}", "")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Characters of a source line shown at most, so that a line of thousands
/// (a minified file, ten thousand `[`) stays one readable line.
const SHOWN: usize = 100;

/// The part of `line` shown around 1-based column `col`, with `…` where it
/// was cut, and the column within it.
fn window(line: &str, col: usize) -> (String, usize) {
    let n = line.chars().count();
    if n <= SHOWN {
        return (line.to_string(), col);
    }
    let start = col
        .saturating_sub(1)
        .saturating_sub(SHOWN / 2)
        .min(n - SHOWN);
    let mut out: String = if start > 0 {
        "…".into()
    } else {
        String::new()
    };
    out.extend(line.chars().skip(start).take(SHOWN));
    if start + SHOWN < n {
        out.push('…');
    }
    (out, col - start + usize::from(start > 0))
}

/// The closest of `candidates` to `word` when it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
