//! Configuration values and staff Markdown are safe in HTML (SPEC §5): a
//! value from `reputable.yaml` is text wherever it lands, and the
//! sanitiser removes scripts and event handlers from staff pages with a
//! warning at their line.

mod project_copy;
mod site_support;

use site_support::parse_html;
use std::path::Path;

/// Exit code and standard error of a run of `reputable`.
fn reputable(args: &[&str]) -> (i32, String) {
    let (code, _, err) = project_copy::reputable(args);
    (code, err)
}

fn edit(file: &Path, edits: &[(&str, &str)]) {
    let mut text = std::fs::read_to_string(file).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{} holds {from:?}", file.display());
        text = text.replace(from, to);
    }
    std::fs::write(file, text).unwrap();
}

/// Every `.html` page under `dir`: (path relative to `dir`, text).
fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "html") {
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((rel, std::fs::read_to_string(path).unwrap()));
        }
    }
    out
}

#[test]
fn a_config_value_with_html_appears_escaped_on_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("practice");
    let (code, err) = reputable(&["init", proj.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    edit(
        &proj.join("reputable.yaml"),
        &[
            (
                "organization: Example Family Practice",
                "organization: 'Example <img src=x onerror=alert(1)> Practice'",
            ),
            (
                "responder: the practice manager",
                "responder: '<img src=y onerror=alert(2)>'",
            ),
            (
                "name: Main Street Office",
                "name: 'Main <svg onload=alert(3)> Office'",
            ),
        ],
    );
    let (code, err) = reputable(&["build", "--root", proj.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let pages = pages(&proj.join("output"));
    // 16 pages and the e-mail copies of the two reports.
    assert_eq!(pages.len(), 18);
    let organisation = "Example &lt;img src=x onerror=alert(1)&gt; Practice";
    for (path, html) in &pages {
        let p = parse_html(html);
        assert!(p.errors.is_empty(), "{path}: {:?}", p.errors);
        assert!(!p.tags.contains("img"), "{path}: an img element");
        assert!(
            !p.attributes.iter().any(|a| a.starts_with("on")),
            "{path}: an event handler attribute"
        );
        assert!(
            html.contains(organisation),
            "{path}: no escaped organisation"
        );
    }
    let page = |name: &str| &pages.iter().find(|(p, _)| p == name).unwrap().1;
    // The policy names the responder five times, in its Markdown body.
    let responder = "&lt;img src=y onerror=alert(2)&gt;";
    assert_eq!(page("policy/index.html").matches(responder).count(), 5);
    // Its organisation placeholders are text too.
    assert!(page("policy/index.html").matches(organisation).count() >= 3);
    let location = "Main &lt;svg onload=alert(3)&gt; Office";
    for name in [
        "locations/main-street/index.html",
        "reports/2026-10/index.html",
    ] {
        assert!(page(name).contains(location), "{name}");
    }
}

#[test]
fn a_training_page_loses_its_script_and_event_handler_with_a_warning_at_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("practice");
    let (code, err) = reputable(&["init", proj.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let page = proj.join("content/training/long-wait.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let lines = text.lines().count();
    std::fs::write(
        &page,
        format!(
            "{text}\nKeep <b>simple</b> HTML.<script>alert('x')</script>\n\n<img src=\"wait.png\" alt=\"A clock\" onerror=\"alert(1)\">\n\n[Call us](javascript:alert(2))\n"
        ),
    )
    .unwrap();
    let (code, err) = reputable(&["build", "--root", proj.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(proj.join("output/training/long-wait/index.html")).unwrap();
    let p = parse_html(&html);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    // The only scripts left are the practice box's own, from the theme.
    let scripts: Vec<&str> = html
        .match_indices("<script")
        .map(|(i, _)| &html[i..i + html[i..].find("</script>").unwrap_or(0)])
        .collect();
    assert_eq!(
        scripts,
        [
            r#"<script src="../../static/reply-lint-data.js">"#,
            r#"<script src="../../static/reply-lint.js">"#,
            r#"<script src="../../static/practice.js">"#,
        ]
    );
    assert!(!p.attributes.iter().any(|a| a.starts_with("on")));
    assert!(!html.contains("alert("), "the script's text is gone too");
    assert!(html.contains("Keep <b>simple</b> HTML."));
    assert!(html.contains(r#"<img src="wait.png" alt="A clock">"#));
    assert!(html.contains("<a>Call us</a>"));
    // `check` names each removal at its line (the body's lines come after
    // the scaffold's text and one blank line).
    let (code, out, _) = project_copy::reputable(&[
        "check",
        "--format",
        "json",
        "--root",
        proj.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, u64, String)> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "unsafe-html")
        .map(|p| {
            (
                p["file"].as_str().unwrap().to_string(),
                p["line"].as_u64().unwrap(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let file = "content/training/long-wait.md".to_string();
    let tail = " removed from the page: staff pages may use simple HTML, but no scripts, frames, objects, event handlers or `javascript:` links";
    let n = lines as u64;
    assert_eq!(
        found,
        [
            (file.clone(), n + 2, format!("`<script>`{tail}")),
            (file.clone(), n + 4, format!("`onerror`{tail}")),
            (
                file,
                n + 6,
                format!("the link to `javascript:alert(2)`{tail}")
            ),
        ]
    );
    // Warnings, not errors: the page is still built and `check` passes.
    assert_eq!(code, 0);
}
