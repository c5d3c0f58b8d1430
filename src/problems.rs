//! Data problems: everything wrong with the inputs, with its place, counted
//! and shown, never hidden (SPEC §4.3, last paragraph).
//!
//! Architecture invariant: no I/O here; the commands decide how to print.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing, changes nothing (a review seen in two overlapping exports).
    Notice,
    /// A record was read but something about it is doubtful and it may count
    /// differently than its author meant (a reply before its review).
    Warning,
    /// A file or row could not be read, or a training sample breaks a
    /// high-severity lint rule: the build cannot be fully trusted.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem, with its file (relative to the project root), line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// A short stable code: `unreadable-file`, `bad-row`, `response-before-review`,
    /// `unknown-review`, `duplicate-review`, `duplicate-action`, `unknown-action`,
    /// `unknown-channel`, `unmapped-location`, `unmatched-source`,
    /// `fixed-time-zone`, `implausible-time`, `review-id-part`, `lint-training` …
    pub code: &'static str,
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    /// For a file that matches no format: the rows it may hold, and why
    /// none was read (`build` and `check` print a line for each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread: Option<Unread>,
}

/// The rows of a file that were not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unread {
    pub rows: usize,
    pub reason: String,
}

impl Problem {
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity,
            code,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            unread: None,
        }
    }
    pub fn error(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem::new(Severity::Error, code, file, message)
    }
    pub fn warning(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem::new(Severity::Warning, code, file, message)
    }
    pub fn notice(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem::new(Severity::Notice, code, file, message)
    }
    pub fn at(mut self, line: u32, column: Option<u32>) -> Problem {
        self.line = Some(line).filter(|l| *l > 0);
        self.column = column.filter(|c| *c > 0);
        self
    }
    /// Marks a file's rows as not read, for `unread_line`.
    pub fn with_unread(mut self, rows: usize, reason: impl Into<String>) -> Problem {
        self.unread = Some(Unread {
            rows,
            reason: reason.into(),
        });
        self
    }
    /// `content/reviews/x.csv: 228 rows not read: no date column`, for a
    /// file none of whose rows were read.
    pub fn unread_line(&self) -> Option<String> {
        self.unread.as_ref().filter(|u| u.rows > 0).map(|u| {
            let rows = if u.rows == 1 { "row" } else { "rows" };
            format!("{}: {} {rows} not read: {}", self.file, u.rows, u.reason)
        })
    }
    /// `file:line:col`, as editors and terminals link it.
    pub fn place(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}[{}]: {}\n  --> {}",
            self.severity.as_str(),
            self.code,
            self.message,
            self.place()
        )
    }
}

/// Counts by severity, for the one-line summary of `build`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
}

impl Tally {
    pub fn of(problems: &[Problem]) -> Tally {
        let mut t = Tally::default();
        for p in problems {
            match p.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Notice => t.notices += 1,
            }
        }
        t
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn n(count: usize, one: &str) -> String {
            if count == 1 {
                format!("1 {one}")
            } else {
                format!("{count} {one}s")
            }
        }
        write!(
            f,
            "{}, {}, {}",
            n(self.errors, "error"),
            n(self.warnings, "warning"),
            n(self.notices, "notice")
        )
    }
}

/// Orders problems for reading: by file, line, column, then code.
pub fn sort(problems: &mut [Problem]) {
    problems.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}
