//! Themes: Tera templates, static files and a chart palette, in three
//! layers. A project's own `templates/` wins over the configured theme
//! (`themes/<name>/` under the project root), which wins over the default
//! theme compiled into the binary, template by template and file by file.
//!
//! Tera 2's fallback prefixes do the layering: project templates keep their
//! plain name, the theme's are added as `theme/<name>` and the built-in ones
//! as `builtin/<name>`, so `{% extends "base.html" %}` finds the first layer
//! that has it.

use crate::charts::Palette;
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;

/// One template as the theme holds it.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The name Tera knows it by (`report.html`, `theme/report.html`, …).
    pub key: String,
    /// The file a user would open to fix it, relative to the project root.
    pub display: String,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub templates: Vec<TemplateFile>,
    /// Output path under `static/` → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    pub palette: Palette,
}

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled in so an installed binary needs no repository.
const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin![
    "base.html",
    "index.html",
    "report.html",
    "location.html",
    "policy.html",
    "training_index.html",
    "training.html",
    "data_quality.html",
    "figures.html",
    "table.html",
    "chart.html",
];

const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "reply-lint.js",
        include_bytes!("../../themes/default/static/reply-lint.js"),
    ),
    (
        "practice.js",
        include_bytes!("../../themes/default/static/practice.js"),
    ),
    (
        "practice.css",
        include_bytes!("../../themes/default/static/practice.css"),
    ),
];

/// Where built-in templates say they live, for error messages.
const BUILTIN_DISPLAY: &str = "themes/default/templates (built into reputable)";

impl Theme {
    /// The default theme as compiled into the binary.
    pub fn builtin() -> Theme {
        Theme {
            name: "default".into(),
            templates: BUILTIN_TEMPLATES
                .iter()
                .map(|(name, source)| TemplateFile {
                    key: format!("builtin/{name}"),
                    display: format!("{BUILTIN_DISPLAY}/{name}"),
                    source: (*source).to_string(),
                })
                .collect(),
            statics: BUILTIN_STATIC
                .iter()
                .map(|(name, bytes)| ((*name).to_string(), bytes.to_vec()))
                .collect(),
            palette: Palette::default(),
        }
    }

    /// The theme a project asks for (`theme:` in the configuration), on top
    /// of the built-in default, with the project's `templates/` on top of both.
    pub fn load(root: &Path, theme: &str) -> Result<Theme, Diagnostic> {
        if !crate::config::is_theme_name(theme) {
            return Err(Diagnostic::new(
                crate::config::FILE_NAME,
                format!(
                    "`theme` must be the name of a folder under the project's `themes/`, not `{theme}`"
                ),
            ));
        }
        let mut t = Theme::builtin();
        t.name = theme.to_string();
        let dir = root.join("themes").join(theme);
        if dir.is_dir() {
            let rel = format!("themes/{theme}");
            for (name, display, source) in
                read_dir_texts(&dir.join("templates"), &rel, "templates")?
            {
                t.templates.push(TemplateFile {
                    key: format!("theme/{name}"),
                    display,
                    source,
                });
            }
            for (name, bytes) in read_dir_bytes(&dir.join("static"))? {
                t.statics.insert(name, bytes);
            }
            let palette = dir.join("palette.json");
            if palette.is_file() {
                let display = format!("{rel}/palette.json");
                let text = std::fs::read_to_string(&palette).map_err(|e| {
                    Diagnostic::new(&display, format!("cannot read the palette: {e}"))
                })?;
                t.palette = serde_json::from_str(&text).map_err(|e| {
                    Diagnostic::new(&display, format!("the palette is not valid: {e}"))
                        .at(&text, e.line(), e.column())
                        .help("write an object with any of the keys text, axis, grid, series (a list), target, font; colours as \"#rrggbb\"")
                })?;
            }
        } else if theme != "default" {
            return Err(Diagnostic::new(
                crate::config::FILE_NAME,
                format!("the theme `{theme}` was not found"),
            )
            .help(format!(
                "create themes/{theme}/templates/ under the project root, or write `theme: default`"
            )));
        }
        for (name, display, source) in read_dir_texts(&root.join("templates"), "", "templates")? {
            t.templates.push(TemplateFile {
                key: name,
                display,
                source,
            });
        }
        Ok(t)
    }

    /// A Tera 2 instance with every layer added. Syntax errors name the file,
    /// line and column.
    pub fn engine(&self) -> Result<tera::Tera, Diagnostic> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
        tera.set_fallback_prefixes(["theme/", "builtin/"])
            .map_err(|e| Diagnostic::new("templates", e.to_string()))?;
        tera.add_raw_templates(
            self.templates
                .iter()
                .map(|t| (t.key.as_str(), t.source.as_str())),
        )
        .map_err(|e| self.diagnose(&e))?;
        Ok(tera)
    }

    /// Turns a Tera error into a diagnostic that points at the user's file.
    pub fn diagnose(&self, e: &tera::Error) -> Diagnostic {
        let find = |key: &str| self.templates.iter().rev().find(|t| t.key == key);
        match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                let span = r.span();
                match find(r.filename()) {
                    Some(t) => Diagnostic::new(
                        &t.display,
                        format!("template error: {}", r.message()),
                    )
                    .at(&t.source, span.start_line, span.start_col + 1),
                    None => {
                        Diagnostic::new(r.filename(), format!("template error: {}", r.message()))
                    }
                }
            }
            tera::ErrorKind::MissingParent { current, parent } => {
                let file = find(current).map_or(current.clone(), |t| t.display.clone());
                Diagnostic::new(
                    file,
                    format!(
                        "template error: `{current}` extends `{parent}`, which no theme layer has"
                    ),
                )
                .help("check the name in `{% extends %}`, or add that template to templates/")
            }
            other => {
                // Tera reports unknown filters, tests, functions and includes
                // as text in its own format: `error: …` then `--> name:line:col`.
                let text = other.to_string();
                let message = text
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("error: ")
                    .to_string();
                let place = text.lines().find_map(|l| {
                    let rest = l.trim_start().strip_prefix("--> ")?;
                    let mut parts = rest.rsplitn(3, ':');
                    let col: usize = parts.next()?.trim().parse().ok()?;
                    let line: usize = parts.next()?.trim().parse().ok()?;
                    Some((parts.next()?.to_string(), line, col))
                });
                match place.and_then(|(name, line, col)| find(&name).map(|t| (t, line, col))) {
                    Some((t, line, col)) => {
                        Diagnostic::new(&t.display, format!("template error: {message}"))
                            .at(&t.source, line, col)
                    }
                    None => {
                        let mut text = text;
                        for t in &self.templates {
                            text = text.replace(
                                &format!("--> {}:", t.key),
                                &format!("--> {}:", t.display),
                            );
                        }
                        Diagnostic::new("templates", format!("template error: {text}"))
                    }
                }
            }
        }
    }
}

/// Text files under `dir`, recursively and sorted: (name, display path, text).
fn read_dir_texts(
    dir: &Path,
    rel: &str,
    sub: &str,
) -> Result<Vec<(String, String, String)>, Diagnostic> {
    let mut out = Vec::new();
    for (name, bytes) in read_dir_bytes(dir)? {
        let display = if rel.is_empty() {
            format!("{sub}/{name}")
        } else {
            format!("{rel}/{sub}/{name}")
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| Diagnostic::new(&display, "a template must be UTF-8 text"))?;
        out.push((name, display, text));
    }
    Ok(out)
}

/// Files under `dir`, recursively and sorted, hidden ones left out:
/// (`/`-separated relative name, bytes). An absent folder is empty.
fn read_dir_bytes(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(|e| Diagnostic::new(dir.display().to_string(), e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = super::slash_path(dir, entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::new(
                entry.path().display().to_string(),
                format!("cannot read: {e}"),
            )
        })?;
        out.push((name, bytes));
    }
    Ok(out)
}
