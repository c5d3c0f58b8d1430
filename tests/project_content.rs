//! `Project::with_content`, which `serve` uses when the policy or a
//! training page changes: the same project as loading everything again,
//! without reading the review archives.

mod project_copy;
use project_copy::copy_dir;
use reputable::project::Project;
use std::path::Path;

fn shown(p: &Project) -> (Vec<String>, String, String) {
    (
        p.data.problems.iter().map(ToString::to_string).collect(),
        format!("{:?}", p.exemplars),
        serde_json::to_string(&p.content).unwrap(),
    )
}

#[test]
fn new_content_gives_the_project_a_full_load_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("proj");
    copy_dir(Path::new("tests/fixtures/sites/riverside"), &root);
    let policy = root.join("content/policy.md");
    // The sanitiser's warning is a data problem of the old policy …
    std::fs::write(
        &policy,
        "---\ntitle: Policy\n---\n\nBe prompt. <script>alert(1)</script>\n",
    )
    .unwrap();
    let before = Project::load(&root, None).unwrap();
    let warned = |p: &Project| {
        p.data
            .problems
            .iter()
            .filter(|x| x.file.ends_with("policy.md"))
            .count()
    };
    assert_eq!(warned(&before), 1);

    // … and goes with it; the new page's warning comes instead.
    std::fs::write(
        &policy,
        "---\ntitle: Policy\n---\n\nBe gracious. <iframe src=x></iframe>\n",
    )
    .unwrap();
    let content = reputable::content::load(&root, &before.config).unwrap();
    let updated = before.with_content(content);
    let reloaded = Project::load(&root, None).unwrap();
    assert_eq!(warned(&updated), 1);
    assert_eq!(shown(&updated), shown(&reloaded));
    assert!(shown(&updated).2.contains("Be gracious."));
}
