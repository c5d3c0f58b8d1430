//! The site: from a loaded `Project` and a `Theme` to the files of the
//! built site (`render`), and from those files to a folder on disk
//! (`output::write`).
//!
//! Rendering is pure: every page is produced in memory, in a fixed order,
//! from the project alone (no wall clock, no random ids), so the same inputs
//! give a byte-identical site and a template error stops the build before
//! anything is written. All links are relative, so the site works from
//! `file://` as well as from a web server.

pub mod feed;
pub mod output;
pub mod pages;
pub mod theme;
pub mod words;

use crate::diagnostic::Diagnostic;
use crate::project::Project;
use serde_json::{Value, json};
pub use theme::Theme;

/// The marker file that says a folder is a site `reputable build` wrote.
pub const MARKER: &str = ".reputable-output";

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated path relative to the output folder.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Renders every page, the data files, the sitemap and the theme's static
/// files, sorted by path.
/// `path` relative to `dir`, `/`-separated on every system: how the site
/// names its files (in the marker, the theme's static files, the pages).
pub fn slash_path(dir: &std::path::Path, path: &std::path::Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether an output path is a page of the site, as the summary lines count
/// them: every `…/index.html`, not the e-mail copies of the reports.
pub fn is_page(path: &str) -> bool {
    path.ends_with("index.html")
}

pub fn render(project: &Project, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    let tera = theme.engine()?;
    let lookup = pages::Lookup::new(project, &theme.palette);
    let site = pages::site_context(project);
    let chart_error =
        |e: String| Diagnostic::new("charts", format!("a chart could not be drawn: {e}"));
    let mut files = Vec::new();
    // The stylesheet a standalone page (the e-mail copy of a report) carries inside.
    let inline_css = theme
        .statics
        .iter()
        .find(|(name, _)| *name == "style.css")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let mut page = |path: String,
                    template: &str,
                    title: String,
                    section: &str,
                    ctx: Value,
                    standalone: bool|
     -> Result<(), Diagnostic> {
        let depth = path.matches('/').count();
        let mut context = tera::Context::new();
        context.insert("site", &site);
        let mut page = json!({ "title": title, "root": "../".repeat(depth), "path": path, "section": section });
        if standalone {
            page["standalone"] = json!(true);
            page["inline_css"] = json!(inline_css);
        }
        context.insert("page", &page);
        context.insert("data", &ctx);
        let html = tera
            .render(template, &context)
            .map_err(|e| theme.diagnose(&e))?;
        files.push(OutputFile {
            path,
            bytes: html.into_bytes(),
        });
        Ok(())
    };

    page(
        "index.html".into(),
        "index.html",
        "Overview".into(),
        "home",
        pages::index(&lookup).map_err(chart_error)?,
        false,
    )?;
    for (i, m) in project.analysis.metrics.months.iter().enumerate() {
        let report = pages::report(&lookup, i).map_err(chart_error)?;
        page(
            format!("reports/{}/index.html", m.month),
            "report.html",
            format!("Report for {}", words::month_name(m.month)),
            "reports",
            report.clone(),
            false,
        )?;
        // The same report as one file with its styles inside, to attach to an e-mail.
        page(
            format!("reports/{}/report-{}.html", m.month, m.month),
            "report.html",
            format!("Report for {}", words::month_name(m.month)),
            "reports",
            report,
            true,
        )?;
    }
    for (i, id) in project.analysis.locations.iter().enumerate() {
        page(
            format!("locations/{}/index.html", pages::slug(id)),
            "location.html",
            project.config.location_name(id).to_string(),
            "locations",
            pages::location(&lookup, i).map_err(chart_error)?,
            false,
        )?;
    }
    let policy_title = project
        .content
        .policy
        .as_ref()
        .map_or("Response policy".to_string(), |d| d.title.clone());
    page(
        "policy/index.html".into(),
        "policy.html",
        policy_title,
        "policy",
        pages::policy(project),
        false,
    )?;
    page(
        "training/index.html".into(),
        "training_index.html",
        "Training".into(),
        "training",
        pages::training_index(&lookup),
        false,
    )?;
    for (i, s) in project.content.training.iter().enumerate() {
        page(
            format!("training/{}/index.html", pages::slug(&s.slug)),
            "training.html",
            s.doc.title.clone(),
            "training",
            pages::training(&lookup, i),
            false,
        )?;
    }
    page(
        "data-quality/index.html".into(),
        "data_quality.html",
        "Data quality".into(),
        "data-quality",
        pages::data_quality(project),
        false,
    )?;

    let json_file = |v: &dyn erased::Json| -> Result<Vec<u8>, Diagnostic> {
        v.pretty()
            .map(|s| (s + "\n").into_bytes())
            .map_err(|e| Diagnostic::new("data", format!("cannot write JSON: {e}")))
    };
    files.push(OutputFile {
        path: "data/metrics.json".into(),
        bytes: json_file(&project.analysis.metrics)?,
    });
    files.push(OutputFile {
        path: "data/problems.json".into(),
        bytes: json_file(&project.data.problems)?,
    });
    for (name, bytes) in &theme.statics {
        if name == crate::lint::data::SCRIPT_NAME {
            continue;
        }
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        });
    }
    // The practice box's rules come from the lint itself, never a theme.
    files.push(OutputFile {
        path: format!("static/{}", crate::lint::data::SCRIPT_NAME),
        bytes: crate::lint::data::script().into_bytes(),
    });
    let sitemap = sitemap(project.config.base_url.as_deref(), &files);
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: sitemap.into_bytes(),
    });
    files.push(OutputFile {
        path: feed::FILE.into(),
        bytes: feed::render(project)?,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(w) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(Diagnostic::new(
            w[0].path.clone(),
            "two pages would be written to the same file",
        )
        .help("give each training scenario and location its own slug or id (letters, digits, `-` and `_`)"));
    }
    Ok(files)
}

mod erased {
    /// Pretty JSON of anything serializable, behind one object-safe call.
    pub trait Json {
        fn pretty(&self) -> serde_json::Result<String>;
    }
    impl<T: serde::Serialize> Json for T {
        fn pretty(&self) -> serde_json::Result<String> {
            serde_json::to_string_pretty(self)
        }
    }
}

/// `sitemap.xml` of every page. With `base_url` the locations are absolute,
/// as search engines want; without one they are relative to the site root.
pub fn sitemap(base_url: Option<&str>, files: &[OutputFile]) -> String {
    let base = base_url.map(|b| format!("{}/", b.trim_end_matches('/')));
    let mut paths: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        // Pages only: the e-mail copies (report-YYYY-MM.html) repeat their report.
        .filter(|p| p.ends_with("index.html"))
        .collect();
    paths.sort_unstable();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        let url = p.strip_suffix("index.html").unwrap_or(p);
        let loc = match &base {
            Some(b) => format!("{b}{url}"),
            None if url.is_empty() => "./".to_string(),
            None => url.to_string(),
        };
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::charts::xml_escape(&loc)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: Vec::new(),
        }
    }

    #[test]
    fn a_sitemap_without_base_url_lists_relative_locations() {
        let files = [
            page("index.html"),
            page("reports/2026-10/index.html"),
            page("data/metrics.json"),
        ];
        assert_eq!(
            sitemap(None, &files),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>./</loc></url>\n  <url><loc>reports/2026-10/</loc></url>\n</urlset>\n"
        );
        assert!(
            sitemap(Some("https://x.org/a"), &files)
                .contains("<loc>https://x.org/a/reports/2026-10/</loc>")
        );
    }
}
