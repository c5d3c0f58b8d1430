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
    /// The bytes, in parts written one after the other: a large file built
    /// on several threads (`feed.xml`) is never copied into one buffer.
    parts: Vec<Vec<u8>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile::from_parts(path, vec![bytes])
    }

    pub fn from_parts(path: impl Into<String>, parts: Vec<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            parts,
        }
    }

    /// The parts, to write in order.
    pub fn parts(&self) -> &[Vec<u8>] {
        &self.parts
    }

    /// The whole file (joined only when it is in several parts).
    pub fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self.parts.as_slice() {
            [] => std::borrow::Cow::Borrowed(&[]),
            [one] => std::borrow::Cow::Borrowed(one),
            many => std::borrow::Cow::Owned(many.concat()),
        }
    }

    /// The whole file, owned.
    pub fn into_bytes(mut self) -> Vec<u8> {
        match self.parts.len() {
            1 => self.parts.pop().unwrap_or_default(),
            _ => self.parts.concat(),
        }
    }
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

/// One page to render: where it goes, with which template, and how its
/// data is made (run on a worker, since the monthly reports' data is the
/// costly part on years of reviews).
struct PageJob<'a> {
    path: String,
    template: &'static str,
    title: String,
    section: &'static str,
    data: Box<dyn Fn() -> Result<tera::Value, Diagnostic> + Send + Sync + 'a>,
    /// Also write the page as one standalone file (its styles inside) here:
    /// the e-mail copy of a report.
    standalone: Option<String>,
}

pub fn render(project: &Project, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    let (mut files, feed) = render_streamed(project, theme)?;
    // In its place among the sorted files (`render_streamed` checked that
    // no other file has its path).
    let at = files.partition_point(|f| f.path.as_str() < feed::FILE);
    files.insert(at, OutputFile::from_parts(feed::FILE, feed.parts()));
    Ok(files)
}

/// As `render`, with the feed left to write (`feed::Feed::write_to`, by
/// `output::write_streamed`) rather than rendered into memory: what
/// `build` does, so that a large archive's feed is written while it is
/// rendered.
pub fn render_streamed<'a>(
    project: &'a Project,
    theme: &Theme,
) -> Result<(Vec<OutputFile>, feed::Feed<'a>), Diagnostic> {
    let json_file = |v: &dyn erased::Json| -> Result<Vec<u8>, Diagnostic> {
        v.pretty()
            .map(|s| {
                let mut bytes = s.into_bytes();
                bytes.push(b'\n');
                bytes
            })
            .map_err(|e| Diagnostic::new("data", format!("cannot write JSON: {e}")))
    };
    // The pages (with all they look up first) on every core, and the feed
    // and the data files beside them.
    let ((pages, feed), (metrics, problems)) = rayon::join(
        || rayon::join(|| pages(project, theme), || feed::Feed::new(project)),
        || {
            (
                json_file(&project.analysis.metrics),
                json_file(&project.data.problems),
            )
        },
    );
    let mut files = pages?;
    files.push(OutputFile::new("data/metrics.json", metrics?));
    files.push(OutputFile::new("data/problems.json", problems?));
    for (name, bytes) in &theme.statics {
        if name == crate::lint::data::SCRIPT_NAME {
            continue;
        }
        files.push(OutputFile::new(format!("static/{name}"), bytes.clone()));
    }
    // The practice box's rules come from the lint itself, never a theme.
    files.push(OutputFile::new(
        format!("static/{}", crate::lint::data::SCRIPT_NAME),
        crate::lint::data::script().into_bytes(),
    ));
    let sitemap = sitemap(project.config.base_url.as_deref(), &files);
    files.push(OutputFile::new("sitemap.xml", sitemap.into_bytes()));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // The feed's path is taken too, though it is not in `files`.
    let twice = files
        .windows(2)
        .find(|w| w[0].path == w[1].path)
        .map(|w| w[0].path.clone())
        .or_else(|| {
            files
                .iter()
                .any(|f| f.path == feed::FILE)
                .then(|| feed::FILE.to_string())
        });
    if let Some(path) = twice {
        return Err(Diagnostic::new(
            path,
            "two pages would be written to the same file",
        )
        .help("give each training scenario and location its own slug or id (letters, digits, `-` and `_`)"));
    }
    Ok((files, feed))
}

/// A page's data as Tera's values.
fn tera_value(data: Value) -> tera::Value {
    tera::Value::from_serializable(&data)
}

/// Every page of the site (with the e-mail copies of the reports), in
/// page order.
fn pages(project: &Project, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    use rayon::prelude::*;
    let tera = theme.engine()?;
    let lookup = pages::Lookup::new(project, &theme.palette);
    let site = pages::site_context(project);
    let chart_error =
        |e: String| Diagnostic::new("charts", format!("a chart could not be drawn: {e}"));
    // The stylesheet a standalone page (the e-mail copy of a report) carries inside.
    let inline_css = theme
        .statics
        .iter()
        .find(|(name, _)| *name == "style.css")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let lookup = &lookup;
    let mut jobs: Vec<PageJob> = Vec::new();
    jobs.push(PageJob {
        path: "index.html".into(),
        template: "index.html",
        title: "Overview".into(),
        section: "home",
        data: Box::new(move || pages::index(lookup).map(tera_value).map_err(chart_error)),
        standalone: None,
    });
    for (i, m) in project.analysis.metrics.months.iter().enumerate() {
        jobs.push(PageJob {
            path: format!("reports/{}/index.html", m.month),
            template: "report.html",
            title: format!("Report for {}", words::month_name(m.month)),
            section: "reports",
            data: Box::new(move || pages::report(lookup, i).map_err(chart_error)),
            // The same report as one file with its styles inside, to attach to an e-mail.
            standalone: Some(format!("reports/{}/report-{}.html", m.month, m.month)),
        });
    }
    for (i, id) in project.analysis.locations.iter().enumerate() {
        jobs.push(PageJob {
            path: format!("locations/{}/index.html", pages::slug(id)),
            template: "location.html",
            title: project.config.location_name(id).to_string(),
            section: "locations",
            data: Box::new(move || {
                pages::location(lookup, i)
                    .map(tera_value)
                    .map_err(chart_error)
            }),
            standalone: None,
        });
    }
    let policy_title = project
        .content
        .policy
        .as_ref()
        .map_or("Response policy".to_string(), |d| d.title.clone());
    jobs.push(PageJob {
        path: "policy/index.html".into(),
        template: "policy.html",
        title: policy_title,
        section: "policy",
        data: Box::new(move || Ok(tera_value(pages::policy(project)))),
        standalone: None,
    });
    jobs.push(PageJob {
        path: "training/index.html".into(),
        template: "training_index.html",
        title: "Training".into(),
        section: "training",
        data: Box::new(move || Ok(tera_value(pages::training_index(lookup)))),
        standalone: None,
    });
    for (i, s) in project.content.training.iter().enumerate() {
        jobs.push(PageJob {
            path: format!("training/{}/index.html", pages::slug(&s.slug)),
            template: "training.html",
            title: s.doc.title.clone(),
            section: "training",
            data: Box::new(move || Ok(tera_value(pages::training(lookup, i)))),
            standalone: None,
        });
    }
    jobs.push(PageJob {
        path: "data-quality/index.html".into(),
        template: "data_quality.html",
        title: "Data quality".into(),
        section: "data-quality",
        data: Box::new(move || Ok(tera_value(pages::data_quality(project)))),
        standalone: None,
    });

    // Every page's context holds the same site part, and a report's e-mail
    // copy the same data as its page: each is turned into Tera's values
    // once (they share their contents when cloned).
    let site = tera::Value::from_serializable(&site);
    let render_page = |path: &str,
                       job: &PageJob,
                       data: &tera::Value,
                       standalone: bool|
     -> Result<OutputFile, Diagnostic> {
        let depth = path.matches('/').count();
        let mut context = tera::Context::new();
        context.insert_value("site", site.clone());
        let mut page = json!({ "title": job.title, "root": "../".repeat(depth), "path": path, "section": job.section });
        if standalone {
            page["standalone"] = json!(true);
            page["inline_css"] = json!(inline_css);
        }
        context.insert("page", &page);
        context.insert_value("data", data.clone());
        let html = tera
            .render(job.template, &context)
            .map_err(|e| theme.diagnose(&e))?;
        Ok(OutputFile::new(path.to_string(), html.into_bytes()))
    };
    // Pages on every core. The first error in page order is the one
    // reported, as when they were rendered in turn.
    let rendered = jobs
        .par_iter()
        .map(|job| -> Result<Vec<OutputFile>, Diagnostic> {
            let data = (job.data)()?;
            let mut out = vec![render_page(&job.path, job, &data, false)?];
            if let Some(copy) = &job.standalone {
                out.push(render_page(copy, job, &data, true)?);
            }
            Ok(out)
        })
        .collect::<Vec<_>>();
    let mut files = Vec::new();
    for r in rendered {
        files.extend(r?);
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
        OutputFile::new(path, Vec::new())
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
