//! `reputable build` on a fixture project: where it may write, what a
//! template error says, that two builds are byte-identical, and that a
//! failed build leaves the previous site as it was.

mod project_copy;
use project_copy::workspace;
mod site_support;

use site_support::tree;
use std::path::Path;

fn build(dir: &Path, args: &[&str]) -> (i32, String, String) {
    project_copy::reputable_in(Some(dir), &[&["build"], args].concat())
}

#[test]
fn a_build_writes_the_site_with_its_marker_and_a_summary() {
    let (tmp, _) = workspace();
    let (code, _, err) = build(tmp.path(), &["--root", "proj", "--output", "site"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("built site: "), "{err}");
    assert!(err.contains("data problems: "), "{err}");
    let site = tmp.path().join("site");
    for f in [
        ".reputable-output",
        "index.html",
        "data/metrics.json",
        "sitemap.xml",
        "static/style.css",
        "policy/index.html",
        "training/index.html",
        "data-quality/index.html",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    // Nothing is left beside it.
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(names, ["proj", "site"]);
}

#[test]
fn quiet_builds_print_nothing() {
    let (tmp, _) = workspace();
    let (code, out, err) = build(
        tmp.path(),
        &["--root", "proj", "--output", "site", "--quiet"],
    );
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let (tmp, _) = workspace();
    assert_eq!(build(tmp.path(), &["--root", "proj", "--output", "a"]).0, 0);
    assert_eq!(build(tmp.path(), &["--root", "proj", "--output", "b"]).0, 0);
    let a = tree(&tmp.path().join("a"));
    assert!(a.len() > 5);
    assert_eq!(a, tree(&tmp.path().join("b")));
    // Rebuilding over a previous build replaces it, identically.
    assert_eq!(build(tmp.path(), &["--root", "proj", "--output", "a"]).0, 0);
    assert_eq!(a, tree(&tmp.path().join("a")));
}

#[test]
fn the_default_output_is_output_under_the_root() {
    let (tmp, proj) = workspace();
    assert_eq!(build(tmp.path(), &["--root", "proj"]).0, 0);
    assert!(proj.join("output/index.html").is_file());
}

/// The error for each refused `--output`, with the temp dir's path masked.
fn refused(args: &[&str], setup: impl FnOnce(&Path)) -> String {
    let (tmp, proj) = workspace();
    setup(&proj);
    let before = tree(tmp.path());
    let (code, _, err) = build(tmp.path(), args);
    assert_eq!(code, 2, "{err}");
    assert_eq!(before, tree(tmp.path()), "a refused build changed files");
    err.replace(&tmp.path().display().to_string(), "[TMP]")
}

#[test]
fn dangerous_output_folders_are_refused_with_a_clear_message() {
    let cases = [
        (
            "project_root",
            refused(&["--root", "proj", "--output", "proj"], |_| {}),
        ),
        (
            "content",
            refused(&["--root", "proj", "--output", "proj/content"], |_| {}),
        ),
        (
            "inside_content",
            refused(&["--root", "proj", "--output", "proj/content/site"], |_| {}),
        ),
        (
            "parent_of_project",
            refused(&["--root", "proj", "--output", "."], |_| {}),
        ),
        (
            "file_system_root",
            refused(&["--root", "proj", "--output", "/"], |_| {}),
        ),
        (
            "foreign_folder",
            refused(&["--root", "proj", "--output", "photos"], |proj| {
                let photos = proj.parent().unwrap().join("photos");
                std::fs::create_dir_all(&photos).unwrap();
                std::fs::write(photos.join("holiday.jpg"), b"not a site").unwrap();
            }),
        ),
    ];
    for (name, err) in cases {
        insta::assert_snapshot!(format!("refused_{name}"), err);
    }
}

#[test]
fn an_empty_folder_may_be_the_output() {
    let (tmp, _) = workspace();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    assert_eq!(
        build(tmp.path(), &["--root", "proj", "--output", "empty"]).0,
        0
    );
    assert!(tmp.path().join("empty/index.html").is_file());
}

/// Builds once, then adds `templates/<name>` with `text` and builds again:
/// the second build must fail with exit code 2 and leave the first site
/// exactly as it was. Returns the workspace and what the build printed.
fn bad_template_keeps_the_old_site(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let (tmp, proj) = workspace();
    assert_eq!(
        build(tmp.path(), &["--root", "proj", "--output", "site"]).0,
        0
    );
    let before = tree(&tmp.path().join("site"));
    std::fs::create_dir_all(proj.join("templates")).unwrap();
    std::fs::write(proj.join("templates").join(name), text).unwrap();
    let (code, _, err) = build(tmp.path(), &["--root", "proj", "--output", "site"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        before,
        tree(&tmp.path().join("site")),
        "the old site changed"
    );
    (tmp, err)
}

#[test]
fn a_template_error_names_file_line_and_column_and_keeps_the_old_site() {
    let (tmp, err) = bad_template_keeps_the_old_site(
        "index.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ site.organization | nonsense }}</p>\n{% endblock content %}\n",
    );
    insta::assert_snapshot!("template_syntax_error", err);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_that_fails_while_rendering_keeps_the_old_site() {
    // Parses, but fails on the data-quality page, after other pages rendered.
    let (_tmp, err) = bad_template_keeps_the_old_site(
        "data_quality.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ data.no_such_thing.at_all }}</p>\n{% endblock content %}\n",
    );
    assert!(err.contains("--> templates/data_quality.html:3:"), "{err}");
}

#[test]
fn project_templates_override_the_theme() {
    let (tmp, proj) = workspace();
    std::fs::create_dir_all(proj.join("templates")).unwrap();
    std::fs::write(
        proj.join("templates/policy.html"),
        "{% extends \"base.html\" %}\n{% block content %}<h1>Our own policy page</h1>{% endblock content %}\n",
    )
    .unwrap();
    assert_eq!(
        build(tmp.path(), &["--root", "proj", "--output", "site"]).0,
        0
    );
    let page = std::fs::read_to_string(tmp.path().join("site/policy/index.html")).unwrap();
    assert!(page.contains("<h1>Our own policy page</h1>"));
    assert!(
        page.contains("static/style.css"),
        "the theme's base.html still wraps it"
    );
}

#[test]
fn a_theme_folder_under_the_root_is_used_and_an_unknown_theme_is_an_error() {
    let (tmp, proj) = workspace();
    let theme = proj.join("themes/plain");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(theme.join("static/style.css"), "body { color: black; }\n").unwrap();
    std::fs::write(theme.join("static/extra.txt"), "extra\n").unwrap();
    std::fs::write(
        theme.join("palette.json"),
        r##"{ "series": ["#123456"], "classes": ["#123456", "#654321"] }"##,
    )
    .unwrap();
    let config = std::fs::read_to_string(proj.join("reputable.yaml")).unwrap();
    std::fs::write(
        proj.join("reputable.yaml"),
        config.replace("theme: default", "theme: plain"),
    )
    .unwrap();
    assert_eq!(
        build(tmp.path(), &["--root", "proj", "--output", "site"]).0,
        0
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("site/static/style.css")).unwrap(),
        "body { color: black; }\n"
    );
    assert!(tmp.path().join("site/static/extra.txt").is_file());
    let mut svg = String::new();
    for f in tree(&tmp.path().join("site")).values() {
        svg.push_str(&String::from_utf8_lossy(f));
    }
    if svg.contains("<svg") {
        assert!(svg.contains("#123456"), "the theme's palette is used");
    }

    std::fs::write(theme.join("palette.json"), "{ \"serie\": [] }").unwrap();
    let (code, _, err) = build(tmp.path(), &["--root", "proj", "--output", "site"]);
    assert_eq!(code, 2);
    assert!(err.contains("--> themes/plain/palette.json:1:"), "{err}");
    std::fs::remove_file(theme.join("palette.json")).unwrap();

    std::fs::write(
        proj.join("reputable.yaml"),
        config.replace("theme: default", "theme: missing"),
    )
    .unwrap();
    let (code, _, err) = build(tmp.path(), &["--root", "proj", "--output", "site"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("unknown_theme", err);
}

/// The fixture's archives hold hostile text (`<script>`, `"><img onerror>`,
/// `javascript:`, template syntax); whatever the readers make of them, the
/// built pages parse, run nothing and link only to what exists.
#[test]
fn the_built_fixture_site_is_valid_inert_and_fully_linked() {
    let (tmp, _) = workspace();
    assert_eq!(
        build(tmp.path(), &["--root", "proj", "--output", "site"]).0,
        0
    );
    let files: Vec<reputable::site::OutputFile> = tree(&tmp.path().join("site"))
        .into_iter()
        .map(|(path, bytes)| reputable::site::OutputFile::new(path, bytes))
        .collect();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let p = site_support::parse_html(std::str::from_utf8(&f.bytes()).unwrap());
        assert!(p.errors.is_empty(), "{}: {:?}", f.path, p.errors);
        assert!(
            !p.tags.contains("script") && !p.tags.contains("img"),
            "{}",
            f.path
        );
        assert!(
            !p.attributes.iter().any(|a| a.starts_with("on")),
            "{}",
            f.path
        );
    }
    assert_eq!(site_support::broken_links(&files), Vec::<String>::new());
}
