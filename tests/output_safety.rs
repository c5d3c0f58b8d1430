//! Issue 10, parts 3-5: the output folder always holds a whole site (old or
//! new) whatever happens to a build, a marker file cannot be forged into a
//! deletion, and the output and theme guards look at resolved paths.

#![cfg(unix)]

mod project_copy;
use project_copy::{names, workspace};
mod site_support;

use site_support::tree;
use std::path::Path;

const MARKER: &str = ".reputable-output";

fn command(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("reputable"));
    c.current_dir(dir).arg("build").args(args);
    c
}

/// Exit code and standard error of `reputable build` in `dir`.
fn build(dir: &Path, args: &[&str]) -> (i32, String) {
    let (code, _, err) = project_copy::reputable_in(Some(dir), &[&["build"], args].concat());
    (code, err)
}

const SITE: &[&str] = &["--root", "proj", "--output", "site"];

/// Asserts that `site` is a whole site: its marker has the current format,
/// every file it lists is there and nothing else is, and the home page and
/// metrics are present and readable.
fn assert_complete(site: &Path) {
    let marker = std::fs::read_to_string(site.join(MARKER)).expect("the marker is there");
    let mut lines = marker.lines();
    assert_eq!(lines.next(), Some("reputable-output/2"));
    let listed: Vec<&str> = lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let files = tree(site);
    let present: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| *p != MARKER)
        .collect();
    assert_eq!(present, listed, "the files present are those listed");
    assert!(listed.contains(&"index.html"));
    let metrics: serde_json::Value = serde_json::from_slice(&files["data/metrics.json"]).unwrap();
    assert_eq!(metrics["schema"], "reputable.metrics/1");
}

// --- part 3: the swap into place --------------------------------------------

/// Older versions moved the old site aside, then the new one in; a kill
/// between the two left no output folder, the previous site under a hidden
/// name and the new one under another. The next build restores a whole site
/// and removes both.
#[test]
fn a_build_killed_between_two_renames_leaves_nothing_behind_after_the_next_build() {
    let (tmp, _) = workspace();
    assert_eq!(build(tmp.path(), SITE).0, 0);
    assert_eq!(
        build(tmp.path(), &["--root", "proj", "--output", "next"]).0,
        0
    );
    let old = tmp.path().join(".site.reputable-old-4242-0");
    let new = tmp.path().join(".site.reputable-new-4242-0");
    std::fs::rename(tmp.path().join("site"), &old).unwrap();
    std::fs::rename(tmp.path().join("next"), &new).unwrap();

    let (code, err) = build(tmp.path(), SITE);
    assert_eq!(code, 0, "{err}");
    assert_complete(&tmp.path().join("site"));
    assert_eq!(names(tmp.path()), ["proj", "site"]);
}

/// The test itself holds the build lock of `site`, as a running build
/// would, with `pid` in the lock file.
fn hold_lock(parent: &Path, pid: &str) -> std::fs::File {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(parent.join(".site.reputable-lock"))
        .unwrap();
    f.try_lock().unwrap();
    f.set_len(0).unwrap();
    writeln!(f, "{pid}").unwrap();
    f
}

#[test]
fn a_second_build_of_the_same_output_is_refused_naming_the_first() {
    let (tmp, _) = workspace();
    assert_eq!(build(tmp.path(), SITE).0, 0);
    let before = tree(&tmp.path().join("site"));
    let lock = hold_lock(tmp.path(), "4242");
    let (code, err) = build(tmp.path(), SITE);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "error: another `reputable build` (process 4242) is writing this output folder\n  --> site\n  = help: wait for it to finish and build again; it holds the lock file `.site.reputable-lock` beside the output folder\n"
    );
    assert_eq!(before, tree(&tmp.path().join("site")), "the site changed");
    drop(lock);
    assert_eq!(build(tmp.path(), SITE).0, 0, "the lock is free again");
}

#[test]
fn racing_builds_leave_one_whole_site_and_no_temporary_folder() {
    let (tmp, _) = workspace();
    for round in 0..3 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                command(tmp.path(), SITE)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut built = 0;
        for c in children {
            let out = c.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => built += 1,
                Some(2) => assert!(
                    err.starts_with("error: another `reputable build` (process "),
                    "round {round}: {err}"
                ),
                other => panic!("round {round}: exit {other:?}: {err}"),
            }
        }
        assert!(built >= 1, "round {round}: no build finished");
        assert_complete(&tmp.path().join("site"));
        assert_eq!(names(tmp.path()), ["proj", "site"]);
    }
}

/// Temporary folders that carry our name and our marker are removed by the
/// next build (so are empty ones); look-alikes without a marker, or with
/// files their marker does not list, are left alone with a warning.
#[test]
fn leftover_temporary_folders_are_removed_and_look_alikes_kept() {
    let (tmp, _) = workspace();
    let t = tmp.path();
    let ours = t.join(".site.reputable-new-4242-0");
    std::fs::create_dir_all(ours.join("reports")).unwrap();
    std::fs::write(
        ours.join(MARKER),
        "reputable-output/2\nindex.html\nreports/a.html\nreports/b.html\n",
    )
    .unwrap();
    std::fs::write(ours.join("index.html"), "half").unwrap();
    std::fs::write(ours.join("reports/a.html"), "half").unwrap();
    std::fs::create_dir(t.join(".site.reputable-old-4242-1")).unwrap();
    let unmarked = t.join(".site.reputable-new-4243-0");
    std::fs::create_dir(&unmarked).unwrap();
    std::fs::write(unmarked.join("mine.txt"), "mine").unwrap();
    let extra = t.join(".site.reputable-old-4244-0");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(extra.join(MARKER), "reputable-output/2\nindex.html\n").unwrap();
    std::fs::write(extra.join("index.html"), "x").unwrap();
    std::fs::write(extra.join("notes.txt"), "mine").unwrap();
    let other_name = t.join(".photos.reputable-new-1-0");
    std::fs::create_dir(&other_name).unwrap();
    let before = tree(t);

    let (code, err) = build(t, SITE);
    assert_eq!(code, 0, "{err}");
    assert_complete(&t.join("site"));
    assert_eq!(
        names(t),
        [
            ".photos.reputable-new-1-0",
            ".site.reputable-new-4243-0",
            ".site.reputable-old-4244-0",
            "proj",
            "site"
        ]
    );
    for (path, bytes) in &before {
        if path.starts_with(".site.reputable-new-4243-0/")
            || path.starts_with(".site.reputable-old-4244-0/")
        {
            assert_eq!(std::fs::read(t.join(path)).unwrap(), *bytes, "{path}");
        }
    }
    assert!(
        err.contains(
            "warning: left `.site.reputable-new-4243-0` alone: it has no `.reputable-output` file"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning: left `.site.reputable-old-4244-0` alone: it holds `notes.txt`, which its `.reputable-output` does not list"),
        "{err}"
    );
}

// --- part 4: the marker -------------------------------------------------------

/// `photos/` with a holiday picture and whatever `plant` adds: the build
/// must refuse it and leave every file as it was. Returns the error.
fn refused_photos(plant: impl FnOnce(&Path)) -> String {
    let (tmp, _) = workspace();
    let photos = tmp.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    std::fs::write(photos.join("holiday.jpg"), b"not a site").unwrap();
    plant(&photos);
    let before = tree(tmp.path());
    let links_before = names(&photos);
    let (code, err) = build(tmp.path(), &["--root", "proj", "--output", "photos"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(before, tree(tmp.path()), "a refused build changed files");
    assert_eq!(links_before, names(&photos));
    err
}

#[test]
fn a_planted_empty_marker_does_not_make_a_folder_replaceable() {
    let err = refused_photos(|p| std::fs::write(p.join(MARKER), "").unwrap());
    assert_eq!(
        err,
        "error: refusing to write the site here: its `.reputable-output` file was not written by reputable (its first line is not `reputable-output/2`)\n  --> photos\n  = help: choose an empty or new folder; reputable only replaces folders it wrote itself\n"
    );
}

#[test]
fn a_marker_that_is_a_symbolic_link_does_not_make_a_folder_replaceable() {
    let err = refused_photos(|p| {
        let real = p.parent().unwrap().join("real-marker");
        std::fs::write(&real, "reputable-output/2\nholiday.jpg\n").unwrap();
        std::os::unix::fs::symlink(&real, p.join(MARKER)).unwrap();
    });
    assert_eq!(
        err,
        "error: refusing to write the site here: its `.reputable-output` is not a regular file (a symbolic link or a folder proves nothing)\n  --> photos\n  = help: choose an empty or new folder; reputable only replaces folders it wrote itself\n"
    );
}

#[test]
fn a_forged_marker_protects_every_file_it_does_not_list() {
    let err = refused_photos(|p| {
        std::fs::write(p.join(MARKER), "reputable-output/2\nholiday.jpg\n").unwrap();
        std::fs::create_dir(p.join("scans")).unwrap();
        std::fs::write(p.join("scans/passport.pdf"), b"%PDF").unwrap();
    });
    assert_eq!(
        err,
        "error: refusing to write the site here: it holds `scans`, which its `.reputable-output` does not list\n  --> photos\n  = help: move `scans` out of the folder (the next build would delete it), or choose another output folder\n"
    );
}

#[test]
fn a_file_added_to_a_built_site_stops_the_next_build() {
    let (tmp, _) = workspace();
    assert_eq!(build(tmp.path(), SITE).0, 0);
    std::fs::write(tmp.path().join("site/reports/notes.txt"), "mine").unwrap();
    let before = tree(tmp.path());
    let (code, err) = build(tmp.path(), SITE);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("error: refusing to write the site here: it holds `reports/notes.txt`, which its `.reputable-output` does not list\n"),
        "{err}"
    );
    assert_eq!(before, tree(tmp.path()));
}

/// A site written by an older version has a marker that lists nothing. It is
/// replaced only when every file in it is one this build writes.
#[test]
fn an_older_versions_marker_is_trusted_only_for_files_this_build_writes() {
    const OLD: &str = "This folder is a site written by `reputable build`.\nThe next build replaces the whole folder: keep no other files here.\n";
    let (tmp, _) = workspace();
    assert_eq!(build(tmp.path(), SITE).0, 0);
    let site = tmp.path().join("site");
    std::fs::write(site.join(MARKER), OLD).unwrap();
    std::fs::write(site.join("index.html"), "an older page").unwrap();
    assert_eq!(build(tmp.path(), SITE).0, 0);
    assert_complete(&site);

    std::fs::write(site.join(MARKER), OLD).unwrap();
    std::fs::write(site.join("budget.xlsx"), "mine").unwrap();
    let before = tree(&site);
    let (code, err) = build(tmp.path(), SITE);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "error: refusing to write the site here: an older version of reputable wrote it, and it holds `budget.xlsx`, which this build does not write\n  --> site\n  = help: an older marker lists no files, so reputable cannot tell that `budget.xlsx` is its own: move it out, or delete the folder by hand if it holds nothing you need\n"
    );
    assert_eq!(before, tree(&site));
    assert_eq!(names(tmp.path()), ["proj", "site"]);
}

// --- part 5: resolved paths ---------------------------------------------------

#[test]
fn an_output_inside_content_through_a_symbolic_link_is_refused() {
    let (tmp, proj) = workspace();
    let drive = tmp.path().join("drive");
    std::fs::create_dir(&drive).unwrap();
    std::fs::rename(proj.join("content"), drive.join("content")).unwrap();
    std::os::unix::fs::symlink(drive.join("content"), proj.join("content")).unwrap();
    let before = tree(tmp.path());
    let (code, err) = build(
        tmp.path(),
        &["--root", "proj", "--output", "drive/content/site"],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "error: refusing to write the site here: it is inside the project's `content/` folder\n  --> drive/content/site\n  = help: pass `--output` a folder of its own, such as `output/` under the project root\n"
    );
    // A folder that holds the linked content would delete it with the old site.
    let (code, err) = build(tmp.path(), &["--root", "proj", "--output", "drive"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(
            "error: refusing to write the site here: it holds the project's `content/` folder\n"
        ),
        "{err}"
    );
    assert_eq!(before, tree(tmp.path()));
}

#[test]
fn an_output_that_reaches_content_through_dot_dot_is_refused() {
    let (tmp, proj) = workspace();
    // `reviews` leads into proj/content/reviews, so `reviews/../site` is
    // proj/content/site, not ./site as the spelling suggests.
    std::os::unix::fs::symlink(proj.join("content/reviews"), tmp.path().join("reviews")).unwrap();
    let before = tree(tmp.path());
    let (code, err) = build(
        tmp.path(),
        &["--root", "proj", "--output", "reviews/../site"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(
            "error: refusing to write the site here: it is inside the project's `content/` folder\n"
        ),
        "{err}"
    );
    assert_eq!(before, tree(tmp.path()));
    assert!(!proj.join("content/site").exists());
}

/// Sets `theme:` to `value` and builds: the configuration error, with the
/// temp dir masked. A folder with a `static/` file is waiting at the place
/// the value names, so accepting it would copy that file into the site.
fn theme_error(value: impl FnOnce(&Path) -> String) -> String {
    let (tmp, proj) = workspace();
    let evil = tmp.path().join("evil");
    std::fs::create_dir_all(evil.join("static")).unwrap();
    std::fs::write(evil.join("static/secret.txt"), "secret").unwrap();
    let theme = value(tmp.path());
    let config = std::fs::read_to_string(proj.join("reputable.yaml")).unwrap();
    std::fs::write(
        proj.join("reputable.yaml"),
        config.replace("theme: default", &format!("theme: {theme}")),
    )
    .unwrap();
    let (code, err) = build(tmp.path(), SITE);
    assert_eq!(code, 2, "{err}");
    assert!(!tmp.path().join("site").exists());
    err.replace(&tmp.path().display().to_string(), "[TMP]")
}

#[test]
fn a_theme_given_as_an_absolute_path_is_an_error_at_its_line() {
    let err = theme_error(|t| t.join("evil").display().to_string());
    insta::assert_snapshot!("theme_absolute", err);
}

#[test]
fn a_theme_that_climbs_out_of_themes_is_an_error_at_its_line() {
    let err = theme_error(|_| "../../evil".into());
    insta::assert_snapshot!("theme_dot_dot", err);
}
