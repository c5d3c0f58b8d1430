//! The rendered site, from a project built in code: pages, links, escaping,
//! determinism, metrics and template errors.

mod site_support;

use reputable::site::{self, Theme};
use site_support::{HOSTILE, broken_links, file, parse_html, project, without_theme_scripts};

#[test]
fn every_page_parses_as_html_without_errors() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let mut pages = 0;
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let p = parse_html(std::str::from_utf8(&f.bytes()).unwrap());
        assert!(p.errors.is_empty(), "{}: {:?}", f.path, p.errors);
        pages += 1;
    }
    // index, 2 reports (+ their e-mail copies), 3 locations, policy,
    // training index + 1, data quality
    assert_eq!(pages, 12);
}

#[test]
fn the_site_has_the_pages_of_the_spec() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "data-quality/index.html",
            "data/metrics.json",
            "data/problems.json",
            "feed.xml",
            "index.html",
            "locations/downtown/index.html",
            "locations/north/index.html",
            "locations/unassigned/index.html",
            "policy/index.html",
            "reports/2026-09/index.html",
            "reports/2026-09/report-2026-09.html",
            "reports/2026-10/index.html",
            "reports/2026-10/report-2026-10.html",
            "sitemap.xml",
            "static/practice.css",
            "static/practice.js",
            "static/reply-lint-data.js",
            "static/reply-lint.js",
            "static/style.css",
            "training/index.html",
            "training/long-wait/index.html",
        ]
    );
}

#[test]
fn every_internal_link_resolves_to_a_file_and_anchor() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    assert_eq!(broken_links(&files), Vec::<String>::new());
}

#[test]
fn metrics_json_is_the_analysis_metrics_exactly() {
    let p = project(false);
    let files = site::render(&p, &Theme::builtin()).unwrap();
    let expected = serde_json::to_string_pretty(&p.analysis.metrics).unwrap() + "\n";
    assert_eq!(file(&files, "data/metrics.json"), expected);
}

#[test]
fn the_sitemap_uses_the_base_url() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let sitemap = file(&files, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://reviews.example.org/</loc>"));
    assert!(sitemap.contains("<loc>https://reviews.example.org/reports/2026-10/</loc>"));
    assert_eq!(sitemap.matches("<url>").count(), 10);
}

#[test]
fn two_renders_are_byte_identical() {
    let a = site::render(&project(false), &Theme::builtin()).unwrap();
    let b = site::render(&project(false), &Theme::builtin()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn hostile_review_and_reply_text_comes_out_as_inert_text() {
    let files = site::render(&project(true), &Theme::builtin()).unwrap();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let bytes = f.bytes();
        let html = std::str::from_utf8(&bytes).unwrap();
        let p = parse_html(&without_theme_scripts(html));
        assert!(p.errors.is_empty(), "{}: {:?}", f.path, p.errors);
        assert!(!p.tags.contains("script"), "{}: a script element", f.path);
        assert!(!p.tags.contains("img"), "{}: an img element", f.path);
        assert!(
            !p.attributes.iter().any(|a| a.starts_with("on")),
            "{}: an event handler attribute",
            f.path
        );
        assert!(
            !p.links.iter().any(|(_, v)| v
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("javascript:")),
            "{}: a javascript: link",
            f.path
        );
        assert!(
            !html.contains("TEMPLATE-RAN "),
            "{}: template syntax in data ran",
            f.path
        );
    }
    let report = file(&files, "reports/2026-10/index.html");
    // The text is there, escaped, and template syntax is shown as written.
    assert!(
        report.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;&#x2F;script&gt;")
            || report.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "escaped script missing"
    );
    assert!(report.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(report.contains("{{ site.organization }} {% if true %}TEMPLATE-RAN{% endif %}"));
    assert_eq!(broken_links(&files), Vec::<String>::new());
    let _ = HOSTILE;
}

#[test]
fn the_monthly_report_reads_like_a_briefing() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    // Charts have their own tests; here each stands as its title.
    let page = file(&files, "reports/2026-10/index.html");
    let mut shown = String::new();
    let mut rest = page;
    while let Some(start) = rest.find("<svg") {
        shown.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</svg>")
            .map_or(rest.len(), |e| start + e + 6);
        let title = rest[start..end]
            .split_once("-title\">")
            .and_then(|(_, t)| t.split_once("</title>"))
            .map_or("", |(t, _)| t);
        shown.push_str(&format!("[chart: {title}]"));
        rest = &rest[end..];
    }
    shown.push_str(rest);
    insta::assert_snapshot!("report_2026_10", shown);
}

#[test]
fn each_report_has_an_e_mail_copy_that_needs_no_other_file() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let page = file(&files, "reports/2026-10/index.html");
    assert!(
        page.contains("<a href=\"report-2026-10.html\" download>Download for e-mail</a>"),
        "{page}"
    );
    let mail = file(&files, "reports/2026-10/report-2026-10.html");
    let css = file(&files, "static/style.css");
    // The theme's whole stylesheet is inside, and nothing is linked to.
    assert!(mail.contains(&format!("<style>\n{css}\n</style>")));
    assert!(!mail.contains("<link"), "{mail}");
    assert!(!mail.contains(" src="), "{mail}");
    let hrefs: Vec<&str> = mail
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(hrefs, Vec::<&str>::new());
    // The same report: the summary and all four charts.
    let headline = page
        .split("id=\"summary\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert!(mail.contains(headline));
    assert_eq!(mail.matches("<svg class=\"chart\"").count(), 4);
}

#[test]
fn the_index_shows_the_latest_month_and_links_everything() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let index = file(&files, "index.html");
    for href in [
        "reports/2026-10/index.html",
        "reports/2026-09/index.html",
        "policy/index.html",
        "training/index.html",
        "data-quality/index.html",
        "locations/downtown/index.html",
    ] {
        assert!(
            index.contains(&format!("href=\"{href}\"")),
            "index lacks {href}"
        );
    }
    assert!(index.contains("In October 2026,"));
}

#[test]
fn the_data_quality_page_lists_every_problem_with_its_place() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let page = file(&files, "data-quality/index.html");
    assert!(page.contains("<code>content/responses/log.csv:7:12</code>"));
    assert!(page.contains("<code>content/reviews/google.csv:5</code>"));
}

#[test]
fn empty_content_still_gives_policy_and_training_pages() {
    let mut p = project(false);
    p.content = Default::default();
    p.exemplars.clear();
    let files = site::render(&p, &Theme::builtin()).unwrap();
    assert!(file(&files, "policy/index.html").contains("No policy yet"));
    assert!(file(&files, "training/index.html").contains("No training scenarios yet"));
    assert_eq!(broken_links(&files), Vec::<String>::new());
}

#[test]
fn a_project_without_reviews_still_builds_a_linked_site() {
    let mut p = project(false);
    p.data = Default::default();
    p.replies.clear();
    p.trolls.clear();
    p.exemplars.clear();
    p.analysis = reputable::figures::analyse(&p.data, &p.config, None);
    let files = site::render(&p, &Theme::builtin()).unwrap();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let parsed = parse_html(&without_theme_scripts(
            std::str::from_utf8(&f.bytes()).unwrap(),
        ));
        assert!(parsed.errors.is_empty(), "{}: {:?}", f.path, parsed.errors);
    }
    assert_eq!(broken_links(&files), Vec::<String>::new());
}

#[test]
fn charts_have_titles_for_screen_readers() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let report = file(&files, "reports/2026-10/index.html");
    for id in [
        "chart-response-hours",
        "chart-ratings",
        "chart-daily",
        "chart-locations",
    ] {
        assert!(
            report.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")),
            "{id}"
        );
        assert!(
            report.contains(&format!("<title id=\"{id}-title\">")),
            "{id}"
        );
    }
}

#[test]
fn no_page_loads_anything_from_outside() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    for f in &files {
        let bytes = f.bytes();
        let text = String::from_utf8_lossy(&bytes);
        if f.path.ends_with(".html") || f.path.ends_with(".css") {
            assert!(!text.contains("@import"), "{}", f.path);
            let p = parse_html(&text);
            assert!(
                !p.links.iter().any(|(_, v)| v.contains("//")),
                "{}: {:?}",
                f.path,
                p.links
            );
        }
    }
}

fn with_template(name: &str, source: &str) -> Theme {
    let mut theme = Theme::builtin();
    theme.templates.push(reputable::site::theme::TemplateFile {
        key: name.into(),
        display: format!("templates/{name}"),
        source: source.into(),
    });
    theme
}

#[test]
fn a_template_syntax_error_names_file_line_and_column() {
    let theme = with_template(
        "report.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ data.month.name }</h1>\n{% endblock content %}\n",
    );
    let err = site::render(&project(false), &theme).unwrap_err();
    insta::assert_snapshot!("template_syntax_error", err.to_string());
}

#[test]
fn a_template_error_while_rendering_names_file_line_and_column() {
    let theme = with_template(
        "report.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ data.month.nickname }}</h1>\n{% endblock content %}\n",
    );
    let err = site::render(&project(false), &theme).unwrap_err();
    insta::assert_snapshot!("template_render_error", err.to_string());
}

#[test]
fn names_from_the_configuration_are_escaped_too() {
    let mut p = project(false);
    p.config.organization = "<b>Evil</b> & \"Co\"".into();
    p.config.locations[0].name = "<script>x</script>".into();
    let files = site::render(&p, &Theme::builtin()).unwrap();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let parsed = parse_html(&without_theme_scripts(
            std::str::from_utf8(&f.bytes()).unwrap(),
        ));
        assert!(parsed.errors.is_empty(), "{}: {:?}", f.path, parsed.errors);
        assert!(
            !parsed.tags.contains("script") && !parsed.tags.contains("b"),
            "{}",
            f.path
        );
    }
    assert!(
        file(&files, "index.html").contains("&lt;b&gt;Evil&lt;&#x2F;b&gt; &amp; &quot;Co&quot;")
            || file(&files, "index.html").contains("&lt;b&gt;Evil&lt;/b&gt; &amp; &quot;Co&quot;")
    );
}

#[test]
fn charts_take_the_theme_palette() {
    let mut theme = Theme::builtin();
    theme.palette.series = vec!["#123456".into()];
    theme.palette.classes = vec!["#abcdef".into()];
    let files = site::render(&project(false), &theme).unwrap();
    let report = file(&files, "reports/2026-10/index.html");
    assert!(report.contains("fill=\"#123456\""));
    assert!(report.contains("fill=\"#ABCDEF\"") || report.contains("fill=\"#abcdef\""));
}

#[test]
fn empty_months_up_to_as_of_get_reports_too() {
    let mut p = project(false);
    let as_of: jiff::Timestamp = "2026-12-15T12:00:00Z".parse().unwrap();
    p.analysis = reputable::figures::analyse(&p.data, &p.config, Some(as_of));
    let files = site::render(&p, &Theme::builtin()).unwrap();
    let december = file(&files, "reports/2026-12/index.html");
    assert!(december.contains("No reviews were posted in December 2026."));
    assert!(
        file(&files, "reports/2026-11/index.html")
            .contains("No reviews were posted in November 2026.")
    );
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let parsed = parse_html(std::str::from_utf8(&f.bytes()).unwrap());
        assert!(parsed.errors.is_empty(), "{}: {:?}", f.path, parsed.errors);
    }
    assert_eq!(broken_links(&files), Vec::<String>::new());
}

#[test]
fn an_empty_month_says_so_instead_of_drawing_empty_charts_and_tables() {
    let mut p = project(false);
    let as_of: jiff::Timestamp = "2026-12-15T12:00:00Z".parse().unwrap();
    p.analysis = reputable::figures::analyse(&p.data, &p.config, Some(as_of));
    let files = site::render(&p, &Theme::builtin()).unwrap();
    let december = file(&files, "reports/2026-12/index.html");
    assert!(
        december.contains("No reviews were posted in December 2026: there is nothing to chart.")
    );
    assert!(!december.contains("<svg"), "no empty axes");
    assert!(december.contains("No location had a review in December 2026."));
    assert!(december.contains("No reviews on any platform this month."));
    // No "few" marks on figures that do not exist, and no false "no earlier month".
    assert!(!december.contains("title=\"Based on "));
    assert!(december.contains("nothing to compare with November"));
    assert!(!december.contains("no earlier month to compare"));
}

#[test]
fn unassigned_has_a_row_only_in_months_where_reviews_fell_to_it() {
    let mut p = project(false);
    // In October every review names a configured place; September keeps some
    // that match none.
    for r in p.data.reviews.iter_mut() {
        if r.posted.date.month() == 10 && r.source_location == "Elsewhere" {
            r.source_location = "Downtown".into();
        }
    }
    p.analysis = reputable::figures::analyse(&p.data, &p.config, None);
    let files = site::render(&p, &Theme::builtin()).unwrap();
    let rows = |page: &str| {
        page.matches("<th scope=\"row\"><a href=\"../../locations/unassigned/index.html\"")
            .count()
    };
    assert_eq!(rows(file(&files, "reports/2026-10/index.html")), 0);
    assert_eq!(rows(file(&files, "reports/2026-09/index.html")), 1);
    // Its own page still exists, for the months it had reviews.
    assert!(
        files
            .iter()
            .any(|f| f.path == "locations/unassigned/index.html")
    );
}

#[test]
fn the_locations_chart_names_each_location_on_its_own_line() {
    let files = site::render(&project(false), &Theme::builtin()).unwrap();
    let report = file(&files, "reports/2026-10/index.html");
    let start = report.find("id=\"chart-locations-title\"").unwrap();
    let svg = &report[start..start + report[start..].find("</svg>").unwrap()];
    // Names end at the axis (right-aligned beside their bars), not centred
    // under bars where long ones collide.
    for name in ["Downtown Clinic", "Unassigned"] {
        let at = svg
            .find(&format!(">\n{name}\n</text>"))
            .unwrap_or_else(|| panic!("{name} in {svg}"));
        let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
        assert!(tag.contains("text-anchor=\"end\""), "{tag}");
    }
    // Each bar carries its value.
    assert!(svg.contains("%\n</text>"));
}
